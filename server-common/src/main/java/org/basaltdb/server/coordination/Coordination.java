package org.basaltdb.server.coordination;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Basalt keeps in ZooKeeper, through Curator:
 *
 * <pre>
 * &lt;root&gt;/master            leader latch: the active master among any number of candidates;
 *                           each participant's id is its master endpoint, host:port
 * &lt;root&gt;/rs/&lt;server&gt;       ephemeral, one per live region server; data: its endpoints
 * &lt;root&gt;/meta-server       the server hosting basalt:meta
 * &lt;root&gt;/clusterid         the cluster id
 * </pre>
 *
 * <p>A process whose session expires has lost its place: its ephemeral node is gone and the
 * master may already be recovering its regions, so {@link #onSessionLost} lets it stop at once.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class Coordination implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordination.class);

  private final CuratorFramework client;
  private final String root;
  private volatile LeaderLatch latch;
  private CuratorCache serverCache;

  public Coordination(String quorum, int sessionTimeoutMillis, String root) throws IOException {
    this.root = root;
    // Leadership ends when the session does, not at a mere disconnection: a busy machine may
    // not hear from ZooKeeper for a few seconds, and no other master can be elected while this
    // one's session (and its latch node) lives anyway.
    client = CuratorFrameworkFactory.builder().connectString(quorum)
        .sessionTimeoutMs(sessionTimeoutMillis)
        .connectionTimeoutMs(Math.min(15_000, sessionTimeoutMillis))
        .retryPolicy(new ExponentialBackoffRetry(100, 6))
        .connectionStateErrorPolicy(
            new org.apache.curator.framework.state.SessionConnectionStateErrorPolicy())
        .build();
    client.start();
    boolean connected;
    try {
      connected = client.blockUntilConnected(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connected = false;
    }
    if (!connected) {
      client.close();
      throw new IOException("could not reach ZooKeeper at " + quorum + " in 30 s");
    }
  }

  /**
   * Runs {@code action} once if this process's ZooKeeper session expires (not on a mere
   * disconnection, which Curator rides out while the session lives).
   */
  public void onSessionLost(Runnable action) {
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.LOST) {
        action.run();
      }
    });
  }

  // ------------------------------------------------------------------ masters

  /**
   * Joins the master election as {@code endpoint} (host:port) and waits up to {@code waitMillis}
   * to win it; returns whether it did. {@code lost} runs if leadership is later lost.
   */
  public boolean electMaster(String endpoint, long waitMillis, Runnable lost) throws IOException {
    LeaderLatch l = new LeaderLatch(client, root + "/master", endpoint);
    l.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {}

      @Override
      public void notLeader() {
        lost.run();
      }
    });
    try {
      l.start();
      latch = l;
      return l.await(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting to become master");
    } catch (Exception e) {
      throw new IOException("master election failed: " + e.getMessage(), e);
    }
  }

  /** The active master's endpoint (host:port), or null when none is elected. */
  public String activeMaster() throws IOException {
    return call(() -> {
      for (String p : masterParticipants(true)) {
        return p;
      }
      return null;
    });
  }

  /** The endpoints of masters waiting to take over. */
  public List<String> backupMasters() throws IOException {
    return call(() -> masterParticipants(false));
  }

  private List<String> masterParticipants(boolean leader) throws Exception {
    List<String> out = new ArrayList<>();
    String path = root + "/master";
    if (client.checkExists().forPath(path) == null) {
      return out;
    }
    LeaderLatch reader = latch != null ? latch : new LeaderLatch(client, path);
    for (Participant p : reader.getParticipants()) {
      if (p.isLeader() == leader) {
        out.add(p.getId());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ region servers

  /** Announces a live region server: an ephemeral node holding its endpoints. */
  public void registerRegionServer(String serverName, ServerEndpoints endpoints)
      throws IOException {
    call(() -> client.create().orSetData().creatingParentsIfNeeded()
        .withMode(CreateMode.EPHEMERAL)
        .forPath(root + "/rs/" + serverName, endpoints.encode().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Ends a region server's registration before its session does (its node goes, and every
   * watcher sees the server gone): for a server known dead, as a master's probe finds one whose
   * port refuses connections. Nothing happens if it is gone already.
   */
  public void endRegistration(String serverName) throws IOException {
    call(() -> {
      try {
        client.delete().forPath(root + "/rs/" + serverName);
      } catch (KeeperException.NoNodeException gone) {
        // its session ended first
      }
      return null;
    });
  }

  /** The session timeout ZooKeeper granted (it bounds the one asked for by its tick time). */
  public long negotiatedSessionTimeout() throws IOException {
    return call(() -> (long) client.getZookeeperClient().getZooKeeper().getSessionTimeout());
  }

  /** What a {@link #confirmRegistration} learned. */
  public interface Confirmation {
    /**
     * ZooKeeper answered on the session that owns the server's node: that session was alive
     * when the request reached it. {@code sessionTimeoutMillis} is the timeout it negotiated.
     */
    void confirmed(long sessionTimeoutMillis);

    /** The node is gone or belongs to another session: this process's session has ended. */
    void gone(String why);

    /** No answer that proves either (connection lost, a ZooKeeper error): ask again later. */
    void unknown(String why);
  }

  /**
   * Asks ZooKeeper, without blocking, whether {@code serverName}'s node exists and is owned by
   * the session this request travels on, and tells {@code done} on ZooKeeper's event thread.
   * An answer proves the session was alive when the server read the request, so no later than
   * the moment this method was called plus the session timeout can it have expired.
   */
  public void confirmRegistration(String serverName, Confirmation done) {
    org.apache.zookeeper.ZooKeeper zk;
    try {
      zk = client.getZookeeperClient().getZooKeeper();
    } catch (Exception e) {
      done.unknown("no ZooKeeper handle: " + e);
      return;
    }
    zk.exists(root + "/rs/" + serverName, false, (rc, path, ctx, stat) -> {
      KeeperException.Code code = KeeperException.Code.get(rc);
      // A handle keeps one session for life, so the session the request went on is this one.
      long session = zk.getSessionId();
      if (code == KeeperException.Code.OK) {
        if (stat.getEphemeralOwner() == session) {
          done.confirmed(zk.getSessionTimeout());
        } else {
          done.gone("its node " + path + " belongs to session 0x"
              + Long.toHexString(stat.getEphemeralOwner()) + ", not to this one, 0x"
              + Long.toHexString(session));
        }
      } else if (code == KeeperException.Code.NONODE) {
        done.gone("its node " + path + " is gone");
      } else if (code == KeeperException.Code.SESSIONEXPIRED) {
        done.gone("its ZooKeeper session expired");
      } else {
        done.unknown(code.toString());
      }
    }, null);
  }

  /**
   * The endpoints of the region server named {@code serverName} if it is live (its node
   * exists), else null: one read of ZooKeeper, where {@link #liveRegionServers} takes two and
   * one per server (a call to a server asks this first, and a server's recovery makes hundreds
   * of calls).
   */
  public ServerEndpoints liveRegionServer(String serverName) throws IOException {
    return call(() -> {
      try {
        byte[] data = client.getData().forPath(root + "/rs/" + serverName);
        return ServerEndpoints.decode(new String(data, StandardCharsets.UTF_8));
      } catch (KeeperException.NoNodeException gone) {
        return null;
      }
    });
  }

  /** Live region servers and their endpoints, by server name. */
  public Map<String, ServerEndpoints> liveRegionServers() throws IOException {
    return call(() -> {
      Map<String, ServerEndpoints> out = new TreeMap<>();
      String dir = root + "/rs";
      if (client.checkExists().forPath(dir) == null) {
        return out;
      }
      for (String name : client.getChildren().forPath(dir)) {
        try {
          byte[] data = client.getData().forPath(dir + "/" + name);
          out.put(name, ServerEndpoints.decode(new String(data, StandardCharsets.UTF_8)));
        } catch (KeeperException.NoNodeException gone) {
          // died between the listing and the read
        }
      }
      return out;
    });
  }

  /**
   * Calls {@code joined} and {@code left} with a server name whenever a region server's node
   * appears or disappears (including those already present when the watch starts).
   */
  public synchronized void watchRegionServers(Consumer<String> joined, Consumer<String> left)
      throws IOException {
    call(() -> client.create().orSetData().creatingParentsIfNeeded().forPath(root + "/rs"));
    String prefix = root + "/rs/";
    serverCache = CuratorCache.build(client, root + "/rs");
    serverCache.listenable().addListener(CuratorCacheListener.builder()
        .forCreates(d -> childName(d, prefix, joined))
        .forDeletes(d -> childName(d, prefix, left))
        .build());
    serverCache.start();
  }

  private static void childName(ChildData d, String prefix, Consumer<String> to) {
    String p = d.getPath();
    if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
      try {
        to.accept(p.substring(prefix.length()));
      } catch (RuntimeException e) {
        LOG.error("handling the region server node {} failed", p, e);
      }
    }
  }

  // ------------------------------------------------------------------ small values

  public void publish(String node, String value) throws IOException {
    call(() -> client.create().orSetData().creatingParentsIfNeeded()
        .forPath(root + "/" + node, value.getBytes(StandardCharsets.UTF_8)));
  }

  /** The value of a node published with {@link #publish}, or null when it does not exist. */
  public String read(String node) throws IOException {
    return call(() -> {
      try {
        return new String(client.getData().forPath(root + "/" + node), StandardCharsets.UTF_8);
      } catch (KeeperException.NoNodeException e) {
        return null;
      }
    });
  }

  private interface ZkCall<T> {
    T run() throws Exception;
  }

  private static <T> T call(ZkCall<T> c) throws IOException {
    try {
      return c.run();
    } catch (IOException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted talking to ZooKeeper");
    } catch (Exception e) {
      throw new IOException("ZooKeeper: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (serverCache != null) {
      serverCache.close();
    }
    LeaderLatch l = latch;
    if (l != null) {
      try {
        l.close();
      } catch (IOException e) {
        // the session is going away with the client anyway
      }
    }
    client.close();
  }
}
