package org.basaltdb.standalone;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
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
