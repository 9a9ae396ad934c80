package org.basaltdb.yarn;

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
 * A distributed Basalt inside the test JVM: one ZooKeeper server, region servers and one master
 * on free loopback ports, their root directory on HDFS. (The integration-tests module's
 * TestCluster, for this module's unshaded Hadoop.) A server that must stop at once records why
 * in {@link #aborts} instead of ending the JVM.
 */
final class BasaltOnHdfs implements AutoCloseable {
  final List<RegionServerProcess> servers = new CopyOnWriteArrayList<>();
  final List<String> aborts = new CopyOnWriteArrayList<>();
  private final EmbeddedZooKeeper zk;
  private final String root;
  private MasterProcess master;

  private BasaltOnHdfs(File zkDir, String root) throws IOException {
    this.zk = new EmbeddedZooKeeper(zkDir, 0);
    this.root = root;
  }

  /** {@code servers} region servers and a master, rooted at {@code root} (an hdfs:// URI). */
  static BasaltOnHdfs start(File zkDir, String root, int servers) throws Exception {
    BasaltOnHdfs c = new BasaltOnHdfs(zkDir, root);
    try {
      for (int i = 0; i < servers; i++) {
        c.servers.add(RegionServerProcess.start(c.conf(), c.aborts::add));
      }
      c.master = MasterProcess.start(c.conf(), new RegionSplitFiles(), c.aborts::add);
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  private Configuration conf() {
    Configuration c = new Configuration(false);
    c.set(ServerConfig.ROOT_DIR.name(), root);
    c.set(ServerConfig.ZK_QUORUM.name(), zk.connectString());
    ServerConfig.ZK_SESSION_TIMEOUT.set(c, 30_000L);
    c.set(ServerConfig.HOST.name(), "127.0.0.1");
    c.set(MasterConfig.MASTER_HOST.name(), "127.0.0.1");
    c.set(ServerConfig.THRIFT_BIND.name(), "127.0.0.1");
    ServerConfig.THRIFT_PORT.set(c, 0);
    ServerConfig.THRIFT1_PORT.set(c, 0);
    ServerConfig.ADMIN_PORT.set(c, 0);
    ServerConfig.RPC_PORT.set(c, 0);
    ServerConfig.INFO_PORT.set(c, 0);
    MasterConfig.MASTER_PORT.set(c, 0);
    return c;
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>();
    if (master != null) {
      all.add(master);
    }
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
