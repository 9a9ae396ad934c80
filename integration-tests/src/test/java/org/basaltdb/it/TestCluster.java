package org.basaltdb.it;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.master.MasterProcess;
import org.basaltdb.regionserver.region.RegionSplitFiles;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.standalone.EmbeddedZooKeeper;

/**
 * A cluster inside the test JVM: one ZooKeeper server, masters and region servers on free
 * loopback ports, all sharing one root directory (local, or an hdfs:// URI). Servers that must
 * stop at once record why in {@link #aborts} instead of ending the JVM.
 */
final class TestCluster implements AutoCloseable {
  final EmbeddedZooKeeper zk;
  final String root;
  final List<RegionServerProcess> servers = new CopyOnWriteArrayList<>();
  final List<MasterProcess> masters = new CopyOnWriteArrayList<>();
  final List<String> aborts = new CopyOnWriteArrayList<>();
  private final long sessionTimeoutMs;
  /** More settings for every server started from now on. */
  java.util.function.Consumer<Configuration> extra = c -> { };

  TestCluster(File zkDir, String root, long sessionTimeoutMs) throws IOException {
    this.zk = new EmbeddedZooKeeper(zkDir, 0);
    this.root = root;
    this.sessionTimeoutMs = sessionTimeoutMs;
  }

  /** A cluster of {@code servers} region servers and one master, rooted under {@code dir}. */
  static TestCluster started(java.nio.file.Path dir, int servers) throws Exception {
    TestCluster c = new TestCluster(dir.resolve("zk").toFile(),
        dir.resolve("root").toUri().toString(), 10_000);
    try {
      for (int i = 0; i < servers; i++) {
        c.startRegionServer();
      }
      c.startMaster();
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  Configuration conf() {
    Configuration c = new Configuration(false);
    c.set(ServerConfig.ROOT_DIR.name(), root);
    c.set(ServerConfig.ZK_QUORUM.name(), zk.connectString());
    ServerConfig.ZK_SESSION_TIMEOUT.set(c, sessionTimeoutMs);
    c.set(ServerConfig.HOST.name(), "127.0.0.1");
    c.set(MasterConfig.MASTER_HOST.name(), "127.0.0.1");
    c.set(ServerConfig.THRIFT_BIND.name(), "127.0.0.1");
    ServerConfig.THRIFT_PORT.set(c, 0);
    ServerConfig.THRIFT1_PORT.set(c, 0);
    ServerConfig.ADMIN_PORT.set(c, 0);
    ServerConfig.RPC_PORT.set(c, 0);
    ServerConfig.INFO_PORT.set(c, 0);
    MasterConfig.MASTER_PORT.set(c, 0);
    extra.accept(c);
    return c;
  }

  RegionServerProcess startRegionServer() throws Exception {
    RegionServerProcess rs = RegionServerProcess.start(conf(), aborts::add);
    servers.add(rs);
    return rs;
  }

  /** Starts a master and waits until it is active (the first one, or a backup taking over). */
  MasterProcess startMaster() throws Exception {
    MasterProcess m = MasterProcess.start(conf(), new RegionSplitFiles(), aborts::add);
    masters.add(m);
    return m;
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>();
    all.addAll(masters);
    all.addAll(servers);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // the test is over; a server already gone is fine
      }
    }
    zk.close();
  }
}
