package org.basaltdb.standalone;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A single ZooKeeper server inside a Basalt JVM, on loopback: standalone mode's, the one
 * {@code bin/basalt zookeeper} runs for a test cluster, and the integration tests'.
 */
public final class EmbeddedZooKeeper implements Closeable {
  private final ZooKeeperServer server;
  private final ServerCnxnFactory factory;

  public EmbeddedZooKeeper(File dataDir, int port) throws IOException {
    if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
      throw new IOException("cannot create ZooKeeper data directory " + dataDir);
    }
    server = new ZooKeeperServer(dataDir, dataDir, 2000);
    factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", port), 200);
    try {
      factory.startup(server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted starting ZooKeeper", e);
    }
  }

  /**
   * Ends every session this server restored from its data directory, at once, as their
   * timeouts would have later: their ephemeral nodes (a master's latch node, a region server's
   * registration) go. Returns how many there were. Call it right after the server starts,
   * before any client connects: the close requests then go through the server's one request
   * pipeline before any client's request, so every client sees those nodes gone.
   *
   * <p>REQUIRES: every process that held those sessions is known to be dead (standalone mode
   * knows it from its data-directory lock). Never for a ZooKeeper that other processes use: a
   * live server whose session this ended would lose its registration under it.
   */
  public int closeRestoredSessions() {
    List<Long> restored = new ArrayList<>(server.getZKDatabase().getSessionWithTimeOuts()
        .keySet());
    for (long id : restored) {
      server.closeSession(id);
    }
    return restored.size();
  }

  public int port() {
    return factory.getLocalPort();
  }

  public String connectString() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    factory.shutdown();
    server.shutdown();
  }
}
