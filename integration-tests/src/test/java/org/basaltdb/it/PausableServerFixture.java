package org.basaltdb.it;

import java.nio.file.Path;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that pause a region server: an in-JVM {@link TestCluster} and one region server in
 * a child JVM, which the test stops (SIGSTOP) and resumes (SIGCONT). Register it with
 * {@code @RegisterExtension}; after each test it resumes the child (a stopped process cannot
 * exit), stops it, then closes the cluster.
 */
final class PausableServerFixture implements AfterEachCallback {
  private static final String RS_READY = "region server (\\S+) ready: Thrift on port (\\d+), "
      + "RPC on port (\\d+), admin on port (\\d+)";

  /** A region server in a child JVM, as it announced itself. */
  record Child(ChildProcess process, String serverName, int thriftPort, int rpcPort,
      int adminPort) {
    /** SIGSTOP: the process stays, its sockets stay open, and nothing in it runs. */
    void pause() throws Exception {
      process.signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws Exception {
      process.signal("CONT");
    }
  }

  private TestCluster cluster;
  private Child child;

  /** A cluster rooted under {@code dir} whose servers have {@code sessionTimeoutMs} sessions. */
  TestCluster cluster(Path dir, long sessionTimeoutMs) throws Exception {
    cluster = new TestCluster(dir.resolve("zk").toFile(), dir.resolve("root").toUri().toString(),
        sessionTimeoutMs);
    return cluster;
  }

  /**
   * Starts {@code bin/basalt regionserver} in a child JVM named {@code name} with {@code conf}
   * (its log under {@code dir/logs}), and waits until it is serving.
   */
  Child startRegionServer(String name, Configuration conf, Path dir) throws Exception {
    ChildProcess p = ChildProcess.start(name, "regionserver", conf, dir.resolve("logs").toFile());
    child = new Child(p, null, 0, 0, 0);
    Matcher ready = p.awaitLine(RS_READY, 90_000);
    child = new Child(p, ready.group(1), Integer.parseInt(ready.group(2)),
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
      if (cluster != null) {
        cluster.close();
      }
    }
  }
}
