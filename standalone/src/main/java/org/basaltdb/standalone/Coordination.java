package org.basaltdb.standalone;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;

/**
 * What Basalt keeps in ZooKeeper, through Curator:
 *
 * <pre>
 * &lt;root&gt;/master            leader latch: the active master among any number of candidates
 * &lt;root&gt;/rs/&lt;server&gt;       ephemeral: a live region server
 * &lt;root&gt;/meta-server       the server hosting basalt:meta
 * &lt;root&gt;/clusterid         the cluster id
 * </pre>
 */
final class Coordination implements Closeable {
  private final CuratorFramework client;
  private final String root;
  private LeaderLatch latch;

  Coordination(String quorum, int sessionTimeoutMillis, String root) throws Exception {
    this.root = root;
    client = CuratorFrameworkFactory.newClient(quorum, sessionTimeoutMillis, 15_000,
        new ExponentialBackoffRetry(100, 6));
    client.start();
    if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
      client.close();
      throw new IllegalStateException("could not reach ZooKeeper at " + quorum + " in 30 s");
    }
  }

  /** Waits to become the active master. */
  void electMaster(String serverName, long waitMillis) throws Exception {
    latch = new LeaderLatch(client, root + "/master", serverName);
    latch.start();
    if (!latch.await(waitMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("another master is active; " + serverName
          + " did not become master within " + waitMillis + " ms");
    }
  }

  void registerRegionServer(String serverName) throws Exception {
    client.create().orSetData().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(root + "/rs/" + serverName, new byte[0]);
  }

  void publish(String node, String value) throws Exception {
    client.create().orSetData().creatingParentsIfNeeded()
        .forPath(root + "/" + node, value.getBytes(StandardCharsets.UTF_8));
  }

  String read(String node) throws Exception {
    return new String(client.getData().forPath(root + "/" + node), StandardCharsets.UTF_8);
  }

  java.util.List<String> liveRegionServers() throws Exception {
    return client.getChildren().forPath(root + "/rs");
  }

  @Override
  public void close() {
    if (latch != null) {
      try {
        latch.close();
      } catch (java.io.IOException e) {
        // the session is going away with the client anyway
      }
    }
    client.close();
  }
}
