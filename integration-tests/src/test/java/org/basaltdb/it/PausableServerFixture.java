package org.basaltdb.it;

import java.nio.file.Path;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that pause a region server: an in-JVM {@link TestCluster} and one region server in
 * a child JVM, which the test stops (SIGSTOP) and resumes (SIGCONT). The child reaches ZooKeeper
 * through a {@link CuttableProxy}, so that a test can keep a resumed child from hearing that its
 * session ended. Register it with {@code @RegisterExtension}; after each test it resumes the
 * child (a stopped process cannot exit), stops it, then closes the proxy and the cluster.
 */
final class PausableServerFixture implements AfterEachCallback {
  private static final String RS_READY = "region server (\\S+) ready: Thrift on port (\\d+), "
      + "RPC on port (\\d+), admin on port (\\d+)";

  /** A region server in a child JVM, as it announced itself. */
  record Child(ChildProcess process, CuttableProxy zooKeeper, String serverName, int thriftPort,
      int rpcPort, int adminPort) {
    /** SIGSTOP: the process stays, its sockets stay open, and nothing in it runs. */
    void pause() throws Exception {
      process.signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws Exception {
      process.signal("CONT");
    }

    /**
     * From now on nothing passes between the child and ZooKeeper, and its connection stays
     * open: it learns that its session ended only when its own timeouts say so.
     */
    void cutZooKeeper() {
      zooKeeper.cut();
    }
  }

  private TestCluster cluster;
  private Child child;
  private CuttableProxy zkProxy;

  /** A cluster rooted under {@code dir} whose servers have {@code sessionTimeoutMs} sessions. */
  TestCluster cluster(Path dir, long sessionTimeoutMs) throws Exception {
    cluster = new TestCluster(dir.resolve("zk").toFile(), dir.resolve("root").toUri().toString(),
        sessionTimeoutMs);
    return cluster;
  }

  /**
   * Starts {@code bin/basalt regionserver} in a child JVM named {@code name} with {@code conf}
   * (its log under {@code dir/logs}; its ZooKeeper quorum replaced by the proxy to the
   * cluster's), and waits until it is serving. Call {@link #cluster} first.
   */
  Child startRegionServer(String name, Configuration conf, Path dir) throws Exception {
    CuttableProxy proxy = new CuttableProxy(cluster.zk.port());
    zkProxy = proxy;
    conf.set(ServerConfig.ZK_QUORUM.name(), "127.0.0.1:" + proxy.port());
    ChildProcess p = ChildProcess.start(name, "regionserver", conf, dir.resolve("logs").toFile());
    child = new Child(p, proxy, null, 0, 0, 0);
    Matcher ready = p.awaitLine(RS_READY, 90_000);
    child = new Child(p, proxy, ready.group(1), Integer.parseInt(ready.group(2)),
        Integer.parseInt(ready.group(3)), Integer.parseInt(ready.group(4)));
    return child;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      if (child != null) {
        try {
          child.resume();
        } catch (Exception e) {
          // already gone
        }
        child.process().close();
      }
    } finally {
      if (zkProxy != null) {
        zkProxy.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    }
  }
}
