package org.basaltdb.standalone;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** A single ZooKeeper server inside the standalone JVM, on loopback, data under the root dir. */
final class EmbeddedZooKeeper implements Closeable {
  private final ZooKeeperServer server;
  private final ServerCnxnFactory factory;

  EmbeddedZooKeeper(File dataDir, int port) throws IOException {
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

  int port() {
    return factory.getLocalPort();
  }

  String connectString() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    factory.shutdown();
    server.shutdown();
  }
}
