package org.basaltdb.standalone;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.master.Master;
import org.basaltdb.master.MasterInfo;
import org.basaltdb.regionserver.region.RegionSplitFiles;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.regionserver.server.RegionServerInfo;
import org.basaltdb.regionserver.thrift.AdminHandler;
import org.basaltdb.regionserver.thrift.RequestMetrics;
import org.basaltdb.regionserver.thrift.Thrift1Handler;
import org.basaltdb.regionserver.thrift.ThriftHandler;
import org.basaltdb.regionserver.thrift.ThriftServers;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.server.info.ThriftMeters;
import org.basaltdb.server.layout.RootDir;
import org.basaltdb.server.rpc.ThriftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode: an embedded ZooKeeper, the master, one region server and the Thrift endpoint
 * in one JVM, data under a local directory (or any Hadoop filesystem the root names).
 *
 * <p>Start-up splits the WAL a previous process left (after {@code kill -9}), opens meta, then
 * opens the other regions several at once, each replaying its edits; the endpoints serve from
 * the moment meta is open (a region not open yet answers "not serving", which clients retry),
 * and {@link #start} returns once every region is open. {@link #close()} flushes every region
 * and closes the WAL.
 */
public final class Standalone implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);

  private final DataDirectoryLock dirLock;
  private final EmbeddedZooKeeper zk;
  private final Coordination coordination;
  private final RegionServer rs;
  private final Master master;
  private final ThriftServer thrift;
  private final ThriftServer thrift1;
  private final ThriftServer admin;
  private final Path root;
  private final ThriftHandler handler;
  /** The HTTP info server; null when {@code info.port} is -1. */
  private final InfoServer info;

  private Standalone(DataDirectoryLock dirLock, EmbeddedZooKeeper zk, Coordination c,
      RegionServer rs, Master m, ThriftServer t, ThriftServer thrift1, ThriftServer admin,
      Path root, ThriftHandler handler, InfoServer info) {
    this.dirLock = dirLock;
    this.handler = handler;
    this.info = info;
    this.thrift1 = thrift1;
    this.admin = admin;
    this.zk = zk;
    this.coordination = c;
    this.rs = rs;
    this.master = m;
    this.thrift = t;
    this.root = root;
  }

  /**
   * A configuration for embedding Basalt (in tests, or in another program): data under
   * {@code dataDir}, and every port — Thrift, admin, ZooKeeper — picked free at start, so
   * several instances never collide. Callers may set more keys before {@link #start}.
   */
  public static Configuration embeddedConfiguration(java.nio.file.Path dataDir) {
    Configuration conf = new Configuration(false);
    conf.set(ServerConfig.ROOT_DIR.name(), dataDir.toUri().toString());
    ServerConfig.THRIFT_PORT.set(conf, 0);
    ServerConfig.THRIFT1_PORT.set(conf, 0);
    ServerConfig.ADMIN_PORT.set(conf, 0);
    ServerConfig.INFO_PORT.set(conf, 0);
    StandaloneConfig.ZK_PORT.set(conf, 0);
    return conf;
  }

  /** Starts everything; returns once the Thrift endpoint accepts requests. */
  public static Standalone start(Configuration conf) throws Exception {
    RootDir rootDir = RootDir.of(conf); // a local one without Hadoop's checksums and forks
    FileSystem fs = rootDir.fs();
    Path root = rootDir.path();
    // Bound first (a port in use fails the start before anything else), and so that a port
    // picked free cannot be taken before the server is built on it.
    InfoServer info = InfoServer.bind(conf, ServerConfig.INFO_PORT.defaultValue(),
        "standalone");
    ServerSocket thriftSocket;
    try {
      thriftSocket = ThriftServer.listen(conf, ServerConfig.THRIFT_PORT.get(conf));
    } catch (IOException | RuntimeException e) {
      if (info != null) {
        info.close();
      }
      throw e;
    }
    ServerSocket thrift1Socket = null;
    ServerSocket adminSocket = null;
    DataDirectoryLock dirLock = null;
    EmbeddedZooKeeper zk = null;
    Coordination c = null;
    RegionServer rs = null;
    Master master = null;
    ThriftServer t = null;
    ThriftServer t1 = null;
    ThriftServer a = null;
    try {
      thrift1Socket = ThriftServer.listen(conf, ServerConfig.THRIFT1_PORT.get(conf));
      adminSocket = ThriftServer.listen(conf, ServerConfig.ADMIN_PORT.get(conf));
      ServerConfig.THRIFT1_PORT.set(conf, thrift1Socket.getLocalPort());
      int thriftPort = thriftSocket.getLocalPort();
      ServerConfig.THRIFT_PORT.set(conf, thriftPort);
      ServerConfig.ADMIN_PORT.set(conf, adminSocket.getLocalPort());
      File zkDir = new File(new File(root.toUri().getPath()), "zookeeper");
      if (!"file".equals(root.toUri().getScheme())) {
        zkDir = new File(System.getProperty("java.io.tmpdir"), "basalt-zookeeper");
      }
      dirLock = DataDirectoryLock.take(zkDir);
      zk = new EmbeddedZooKeeper(zkDir, StandaloneConfig.ZK_PORT.get(conf));
      // The lock says every earlier process on this directory is dead: end the sessions
      // ZooKeeper kept for them now, or the election below waits out a killed predecessor's
      // master node for a whole session timeout.
      int ended = zk.closeRestoredSessions();
      if (ended > 0) {
        LOG.info("ended {} ZooKeeper session(s) of a previous standalone process on this "
            + "data directory, which is no longer running", ended);
      }
      c = new Coordination(zk.connectString(),
          (int) (long) ServerConfig.ZK_SESSION_TIMEOUT.get(conf),
          ServerConfig.ZK_ROOT.get(conf));
      String host = InetAddress.getLoopbackAddress().getHostName();
      String serverName = host + "," + thriftPort + "," + Clock.SYSTEM.currentTimeMillis();
      if (!c.electMaster(host + ":" + thriftPort, 30_000, () -> { })) {
        throw new IllegalStateException("another master is active in ZooKeeper at "
            + zk.connectString() + "; standalone mode runs the only one");
      }
      rs = new RegionServer(conf, fs, root, serverName, Clock.SYSTEM);
      // A dead WAL means no write can be made durable: stop the process; the next start
      // recovers every acknowledged edit from the WAL files.
      rs.setAbortHandler(reason -> {
        LOG.error("Basalt standalone aborts: {}", reason);
        org.apache.logging.log4j.LogManager.shutdown();
        Runtime.getRuntime().halt(1);
      });
      // Standalone runs one region server: every other log directory is a dead one's.
      rs.start(other -> true);
      master = localMaster(rs);
      ThriftHandler handler = new ThriftHandler(rs, master);
      RequestMetrics requests = RequestMetrics.OFF;
      java.util.concurrent.atomic.AtomicBoolean opening =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      if (info != null) {
        MasterInfo.register(info, master);
        RegionServerInfo.register(info, rs);
        info.addReadinessCheck("standalone", () -> opening.get()
            ? "opening regions after a restart" : null);
        requests = new RequestMetrics(info.registry());
        info.start();
      }
      t = ThriftServers.forClients(conf, handler, thriftSocket, requests);
      AdminHandler adminHandler = new AdminHandler(rs, master, Main.VERSION,
          Clock.SYSTEM.currentTimeMillis());
      a = ThriftServers.forAdmin(conf, adminHandler, adminSocket);
      t1 = ThriftServers.forThrift1(conf, new Thrift1Handler(handler, master,
          Thrift1Handler.Compactor.of(adminHandler)), thrift1Socket, requests);
      ThriftMeters.register(info, t);
      ThriftMeters.register(info, t1);
      ThriftServer[] endpoints = {t, t1, a};
      // Clients are served from the moment meta is open: regions already open answer while
      // the others open (several at once); a request for one not open yet hears "not
      // serving", which clients retry, as HBase's do during its region opens.
      master.start(() -> {
        for (ThriftServer e : endpoints) {
          e.start();
        }
        LOG.info("serving clients; regions are opening");
      });
      opening.set(false);
      c.publish("clusterid", master.clusterId());
      c.publish("meta-server", serverName + ";0");
      c.registerRegionServer(serverName, new ServerEndpoints(host, thriftPort, 0,
          ServerConfig.ADMIN_PORT.get(conf)));
      LOG.info("Basalt standalone ready: Thrift on {}:{}, Thrift1 on port {}, admin on port {},"
          + " ZooKeeper on {}, data in {}", ServerConfig.THRIFT_BIND.get(conf), t.port(),
          t1.port(), a.port(), zk.connectString(), root);
      return new Standalone(dirLock, zk, c, rs, master, t, t1, a, root, handler, info);
    } catch (Exception | Error e) {
      for (ThriftServer s : new ThriftServer[] {t, t1, a}) {
        if (s != null) {
          s.close();
        }
      }
      if (master != null) {
        master.stop();
      }
      if (info != null) {
        info.close();
      }
      if (rs != null) {
        rs.abort();
      }
      if (c != null) {
        c.close();
      }
      if (zk != null) {
        zk.close();
      }
      if (dirLock != null) {
        dirLock.close();
      }
      thriftSocket.close();
      if (thrift1Socket != null) {
        thrift1Socket.close();
      }
      if (adminSocket != null) {
        adminSocket.close();
      }
      throw e;
    }
  }

  /** The master of standalone mode: it drives {@code rs}, in this process, directly. */
  static Master localMaster(RegionServer rs) {
    return Master.standalone(rs.conf(), rs.fileSystem(), rs.rootDir(), rs.clock(),
        new LocalRegionServers(rs), new RegionSplitFiles(), rs.serverName());
  }

  /** Scanners open on the client service now; tests wait for an idle one to expire. */
  public int openScanners() {
    return handler.openScanners();
  }

  public int thriftPort() {
    return thrift.port();
  }

  /** The port of HBase's Thrift1 service ({@code Hbase}, happybase). */
  public int thrift1Port() {
    return thrift1.port();
  }

  public int adminPort() {
    return admin.port();
  }

  /** The HTTP info server's port, or -1 when it is off. */
  public int infoPort() {
    return info == null ? -1 : info.port();
  }

  public int zooKeeperPort() {
    return zk.port();
  }

  public Master master() {
    return master;
  }

  public RegionServer regionServer() {
    return rs;
  }

  public Path rootDir() {
    return root;
  }

  /** Stops serving, flushes every region, closes the WAL, then ZooKeeper. */
  @Override
  public void close() throws IOException {
    thrift.close();
    thrift1.close();
    admin.close();
    // Its chores (the janitor, probes, recovery) would otherwise run on against the closed
    // server for as long as the JVM lives, as they did in test JVMs that start many standalones.
    master.stop();
    try {
      rs.close();
    } finally {
      coordination.close();
      zk.close();
      dirLock.close();
      if (info != null) {
        info.close();
      }
    }
    LOG.info("Basalt standalone stopped");
  }
}
