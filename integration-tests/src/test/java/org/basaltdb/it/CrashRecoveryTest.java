package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.master.MasterProcess;
import org.basaltdb.regionserver.region.RegionSplitFiles;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.standalone.EmbeddedZooKeeper;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TPut;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crashes on a real HDFS (MiniDFSCluster, 3 datanodes) and a real ZooKeeper, with the crashing
 * servers in their own JVMs killed with SIGKILL while clients write: every acknowledged write
 * must be readable afterwards, and the regions must be serving again quickly (the time is
 * printed as MTTR; tests never fail on a time).
 */
class CrashRecoveryTest {
  private static final TableName T = TableName.valueOf("usertable");
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");
  private static final String RS_READY =
      "region server (\\S+) ready: Thrift on port (\\d+), RPC on port (\\d+), admin on port (\\d+)";

  private static File base;
  private static MiniDFSCluster dfs;

  @RegisterExtension final ScratchDir scratch = new ScratchDir("basalt-it-");
  private File dir;
  private EmbeddedZooKeeper zk;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> aborts = new ArrayList<>();

  @BeforeAll
  static void startDfs() throws Exception {
    base = Files.createTempDirectory("basalt-it-dfs").toFile();
    Configuration conf = new Configuration();
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.client.socket-timeout", 10_000);
    conf.setInt("ipc.client.connect.max.retries", 1);
    dfs = new MiniDFSCluster.Builder(conf, base).numDataNodes(3).build();
    dfs.waitActive();
  }

  @AfterAll
  static void stopDfs() {
    if (dfs != null) {
      dfs.shutdown(true);
    }
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        // already gone
      }
    }
    if (zk != null) {
      zk.close();
    }
  }

  private Configuration conf(String root, long sessionTimeoutMs) {
    Configuration c = new Configuration(false);
    c.set(ServerConfig.ROOT_DIR.name(), dfs.getURI() + root);
    c.set(ServerConfig.ZK_QUORUM.name(), zk.connectString());
    ServerConfig.ZK_SESSION_TIMEOUT.set(c, sessionTimeoutMs);
    for (String k : new String[] {"host", "bind"}) {
      c.set(k.equals("host") ? ServerConfig.HOST.name() : ServerConfig.THRIFT_BIND.name(),
          "127.0.0.1");
    }
    c.set(MasterConfig.MASTER_HOST.name(), "127.0.0.1");
    ServerConfig.THRIFT_PORT.set(c, 0);
    ServerConfig.THRIFT1_PORT.set(c, 0);
    ServerConfig.ADMIN_PORT.set(c, 0);
    ServerConfig.RPC_PORT.set(c, 0);
    ServerConfig.INFO_PORT.set(c, 0);
    MasterConfig.MASTER_PORT.set(c, 0);
    c.setInt("dfs.client.socket-timeout", 10_000);
    c.setInt("ipc.client.connect.max.retries", 1);
    return c;
  }

  private void startZooKeeper(String name) throws Exception {
    dir = scratch.create(name);
    zk = new EmbeddedZooKeeper(new File(dir, "zk"), 0);
  }

  /** A region server in its own JVM; returns it with its name and Thrift port. */
  private record ChildServer(ChildProcess process, String name, int thriftPort, int adminPort) {}

  private ChildServer childRegionServer(String name, Configuration conf) throws Exception {
    ChildProcess p = ChildProcess.start(name, "regionserver", conf, dir);
    toClose.add(p);
    Matcher m = p.awaitLine(RS_READY, 90_000); // a loaded machine starts JVMs slowly
    return new ChildServer(p, m.group(1), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(4)));
  }

  private static List<byte[]> splits() {
    List<byte[]> out = new ArrayList<>();
    for (char c = 'b'; c <= 'y'; c += 3) {
      out.add(toBytes(String.valueOf(c)));
    }
    return out;
  }

  /** Keys spread over every region: a letter, then a counter. */
  private static String key(int writer, int i) {
    return (char) ('a' + (i * 7 + writer) % 26) + String.format("-%d-%06d", writer, i);
  }

  /** Writers that record each acknowledged key; Java-client and HBase-Thrift-client ones. */
  private static final class Load implements AutoCloseable {
    final Queue<String> acked = new ConcurrentLinkedQueue<>();
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger retries = new AtomicInteger();
    final List<Thread> threads = new ArrayList<>();

    void javaWriter(int id, Table t) {
      start(id, () -> {
        for (int i = 0; !stop.get(); i++) {
          String k = key(id, i);
          try {
            t.put(new Put(toBytes(k)).addColumn(F, Q, toBytes(k)));
            acked.add(k);
          } catch (Exception e) {
            errors.add(k + ": " + e); // not acknowledged; allowed to be lost
          }
        }
      });
    }

    void thriftWriter(int id, int port) {
      start(id, () -> {
        ByteBuffer table = ByteBuffer.wrap(toBytes(T.toString()));
        TSocket socket = null;
        THBaseService.Client c = null;
        for (int i = 0; !stop.get(); ) {
          String k = key(id, i);
          try {
            if (c == null) {
              socket = new TSocket("127.0.0.1", port, 30_000);
              socket.open();
              c = new THBaseService.Client(new TBinaryProtocol(socket));
            }
            c.put(table, new TPut(ByteBuffer.wrap(toBytes(k)), List.of(new TColumnValue(
                ByteBuffer.wrap(F), ByteBuffer.wrap(Q), ByteBuffer.wrap(toBytes(k))))));
            acked.add(k);
            i++;
          } catch (TIOError e) {
            if (!e.isCanRetry()) {
              errors.add(k + ": " + e.getMessage());
              i++;
            } else {
              retries.incrementAndGet();
              pause();
            }
          } catch (TException e) {
            retries.incrementAndGet(); // the connection broke: open another, put again
            socket.close();
            c = null;
            pause();
          }
        }
        if (socket != null) {
          socket.close();
        }
      });
    }

    private static void pause() {
      try {
        Thread.sleep(100); // a client's retry back-off
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void start(int id, Runnable r) {
      Thread t = new Thread(r, "writer-" + id);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(120_000);
      }
    }
  }

  private static void checkEveryAcknowledgedKey(Table t, Load load) throws Exception {
    List<Get> gets = new ArrayList<>();
    for (String k : load.acked) {
      gets.add(new Get(toBytes(k)));
    }
    int missing = 0;
    List<String> firstMissing = new ArrayList<>();
    for (int i = 0; i < gets.size(); i += 500) {
      List<Get> batch = gets.subList(i, Math.min(gets.size(), i + 500));
      List<Result> results = t.get(batch);
      for (int j = 0; j < batch.size(); j++) {
        String k = Bytes.toString(batch.get(j).row());
        byte[] v = results.get(j).value(F, Q);
        if (v == null || !Bytes.toString(v).equals(k)) {
          missing++;
          if (firstMissing.size() < 10) {
            firstMissing.add(k);
          }
        }
      }
    }
    assertEquals(0, missing, "acknowledged writes lost (of " + gets.size() + "), e.g. "
        + firstMissing);
    System.out.printf("all %d acknowledged writes readable (%d client retries, %d failed "
        + "writes%s)%n", gets.size(), load.retries.get(), load.errors.size(),
        load.errors.isEmpty() ? "" : ", e.g. " + load.errors.peek());
  }

  /** Waits until every region of the table is open on a live server and answers a get. */
  private static long awaitServing(Table t, MasterProcess m, String dead, long t0)
      throws Exception {
    Await.until("every region serving again", 120_000, () -> {
      try {
        if (!m.master().isTableAvailable(T)) {
          return false;
        }
        for (RegionLocation l : m.master().regionLocations(T)) {
          if (l.server() == null || l.server().equals(dead)) {
            return false;
          }
          t.get(new Get(l.region().startKey().length == 0 ? toBytes("a")
              : l.region().startKey()));
        }
        return true;
      } catch (Exception e) {
        return false;
      }
    });
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void regionServerKilledUnderLoadLosesNoAcknowledgedWrite() throws Exception {
    startZooKeeper("rs-kill");
    Configuration conf = conf("/basalt-rs-kill", ServerConfig.ZK_SESSION_TIMEOUT.defaultValue());
    List<ChildServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(childRegionServer("rs" + i, conf));
    }
    MasterProcess master = MasterProcess.start(conf, new RegionSplitFiles(), aborts::add);
    toClose.add(master);
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1",
        servers.get(0).thriftPort()); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      // The victim: neither the clients' way in nor meta's host (another test kills that one).
      String metaHost = master.master().metaServer();
      ChildServer victim = servers.get(2).name().equals(metaHost) ? servers.get(1)
          : servers.get(2);
      assertTrue(master.master().clusterStatus().servers().get(victim.name()).size() > 0,
          "the victim holds regions");
      Load load = new Load();
      try (load) {
        for (int w = 0; w < 3; w++) {
          load.javaWriter(w, t);
        }
        load.thriftWriter(3, servers.get(0).thriftPort());
        Await.until("some writes", 120_000, () -> load.acked.size() > 500);
        long t0 = System.nanoTime();
        java.time.LocalTime killedAt = java.time.LocalTime.now();
        victim.process().kill();
        long mttr = awaitServing(t, master, victim.name(), t0);
        System.out.printf("MTTR: regions of the killed region server serving again %d ms "
            + "after kill -9 at %s (ZooKeeper session timeout %d ms)%n", mttr, killedAt,
            ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
        int before = load.acked.size();
        Await.until("writes after recovery", 120_000, () -> load.acked.size() > before + 200);
      }
      checkEveryAcknowledgedKey(t, load);
      assertEquals(List.of(), master.master().checkConsistency(), "consistent after the crash");
    }
  }

  @Test
  void metaServerKilledComesBackFirstThenTheRest() throws Exception {
    startZooKeeper("meta-kill");
    Configuration conf = conf("/basalt-meta-kill", 8_000);
    List<ChildServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(childRegionServer("rs" + i, conf));
    }
    MasterProcess master = MasterProcess.start(conf, new RegionSplitFiles(), aborts::add);
    toClose.add(master);
    String metaHost = master.master().metaServer();
    ChildServer victim = servers.stream().filter(s -> s.name().equals(metaHost)).findFirst()
        .orElseThrow();
    ChildServer entry = servers.stream().filter(s -> s != victim).findFirst().orElseThrow();
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      Load load = new Load();
      try (load) {
        load.javaWriter(0, t);
        load.thriftWriter(1, entry.thriftPort());
        Await.until("some writes", 120_000, () -> load.acked.size() > 300);
        long t0 = System.nanoTime();
        victim.process().kill();
        long mttr = awaitServing(t, master, victim.name(), t0);
        assertNotEquals(victim.name(), master.master().metaServer(), "meta moved");
        System.out.printf("MTTR with meta on the killed server: %d ms (session timeout %d ms)%n",
            mttr, ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
        int before = load.acked.size();
        Await.until("writes after recovery", 120_000, () -> load.acked.size() > before + 100);
      }
      checkEveryAcknowledgedKey(t, load);
      assertEquals(List.of(), master.master().checkConsistency(), "consistent after the crash");
      TableName other = TableName.valueOf("after");
      c.getAdmin().createTable(TableDescriptor.of(other, ColumnFamilyDescriptor.of("f")));
      assertTrue(c.getAdmin().isTableAvailable(other), "DDL works against the recovered meta");
    }
  }

  @Test
  void activeMasterKilledBackupTakesOverWithoutClientErrors() throws Exception {
    startZooKeeper("master-kill");
    Configuration conf = conf("/basalt-master-kill", 8_000);
    List<RegionServerProcess> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RegionServerProcess rs = RegionServerProcess.start(new Configuration(conf), aborts::add);
      toClose.add(rs);
      servers.add(rs);
    }
    ChildProcess first = ChildProcess.start("master1", "master", conf, dir);
    toClose.add(first);
    first.awaitLine("Basalt master active", 60_000);
    ChildProcess second = ChildProcess.start("master2", "master", conf, dir);
    toClose.add(second);
    second.awaitLine("waits as a backup", 60_000);
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1",
        servers.get(0).thriftPort()); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      Load load = new Load();
      try (load) {
        load.javaWriter(0, t);
        load.javaWriter(1, t);
        load.thriftWriter(2, servers.get(1).thriftPort());
        Await.until("some writes", 120_000, () -> load.acked.size() > 300);
        long t0 = System.nanoTime();
        first.kill();
        second.awaitLine("Basalt master active", 60_000);
        System.out.printf("master failover: the backup was active %d ms after kill -9 "
            + "(session timeout %d ms)%n", (System.nanoTime() - t0) / 1_000_000,
            ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
        int before = load.acked.size();
        Await.until("writes after failover", 120_000, () -> load.acked.size() > before + 200);
      }
      assertEquals(List.of(), List.copyOf(load.errors), "clients saw no error, only retries");
      checkEveryAcknowledgedKey(t, load);
      // DDL reaches the new master; every region is open on exactly one server.
      TableName other = TableName.valueOf("after");
      c.getAdmin().createTable(TableDescriptor.of(other, ColumnFamilyDescriptor.of("f")));
      Map<String, Integer> openCount = new HashMap<>();
      for (RegionServerProcess rs : servers) {
        rs.regionServer().onlineRegions().forEach(r -> openCount.merge(r.name(), 1, Integer::sum));
      }
      for (RegionLocation l : c.getAdmin().getRegions(T)) {
        assertEquals(1, openCount.getOrDefault(l.region().encodedName(), 0),
            "region " + l.region().encodedName() + " open on exactly one server");
      }
      assertEquals(List.of(), aborts, "no region server aborted");
    }
  }

  /**
   * Chaos seed 15's hole: the server holding meta and the active master die together. The
   * region servers' sessions (12 s) outlive the masters' (4 s), so the backup becomes active
   * while meta's dead server is still registered: it must wait for that session to end, split
   * the server's log, open meta elsewhere and then the rest, and never exit for want of meta.
   * The masters' probe is off, so the wait is what a vanished host would cause.
   */
  @Test
  void metaServerAndActiveMasterKilledTogetherTheBackupRecoversMetaFirst() throws Exception {
    startZooKeeper("meta-master-kill");
    Configuration serverConf = conf("/basalt-meta-master-kill", 12_000);
    Configuration masterConf = conf("/basalt-meta-master-kill", 4_000);
    // No probe: the backup must wait for the session of meta's dead server, as it would for a
    // host that vanished (a probe would find the killed process's port refused in a second).
    MasterConfig.SERVER_PROBE_PERIOD.set(masterConf, 0L);
    List<ChildServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(childRegionServer("rs" + i, serverConf));
    }
    ChildProcess first = ChildProcess.start("master1", "master", masterConf, dir);
    toClose.add(first);
    first.awaitLine("Basalt master active", 60_000);
    ChildProcess backup = ChildProcess.start("master2", "master", masterConf, dir);
    toClose.add(backup);
    backup.awaitLine("waits as a backup", 60_000);
    String metaHost;
    try (Connection probe = ConnectionFactory.createConnection(client(servers.get(0)))) {
      metaHost = probe.getAdmin().getClusterStatus().liveServers().stream()
          .filter(s -> s.regions().contains(org.basaltdb.master.Master.META_REGION))
          .findFirst().orElseThrow().serverName();
    }
    ChildServer victim = servers.stream().filter(s -> s.name().equals(metaHost)).findFirst()
        .orElseThrow();
    ChildServer entry = servers.stream().filter(s -> s != victim).findFirst().orElseThrow();
    try (Connection c = ConnectionFactory.createConnection(client(entry));
        Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      Load load = new Load();
      try (load) {
        load.javaWriter(0, t);
        load.thriftWriter(1, entry.thriftPort());
        Await.until("some writes", 120_000, () -> load.acked.size() > 300);
        long t0 = System.nanoTime();
        victim.process().kill();
        first.kill();
        backup.awaitLine("Basalt master active", 90_000); // fails if it exits instead
        long active = (System.nanoTime() - t0) / 1_000_000;
        Await.until("meta and every region serving", 120_000, () -> {
          try {
            for (RegionLocation l : c.getAdmin().getRegions(T)) {
              if (l.server() == null || l.server().equals(victim.name())) {
                return false;
              }
              t.get(new Get(l.region().startKey().length == 0 ? toBytes("a")
                  : l.region().startKey()));
            }
            return true;
          } catch (Exception e) {
            return false;
          }
        });
        System.out.printf("meta's server and the active master killed: the backup active after "
            + "%d ms (%s), every region serving after %d ms%n", active,
            backup.printed("meta is not open yet") ? "it waited for meta's server"
                : "meta's server was already gone", (System.nanoTime() - t0) / 1_000_000);
        int before = load.acked.size();
        Await.until("writes after recovery", 60_000, () -> load.acked.size() > before + 100);
      }
      checkEveryAcknowledgedKey(t, load);
      TableName other = TableName.valueOf("after");
      c.getAdmin().createTable(TableDescriptor.of(other, ColumnFamilyDescriptor.of("f")));
      assertTrue(c.getAdmin().isTableAvailable(other), "DDL works against the recovered meta");
      assertEquals(List.of(), c.getAdmin().checkConsistency(), "consistent after the crash");
    }
  }

  /**
   * Two region servers killed at once: the master splits both logs at once (as many as
   * {@code master.log.split.servers}; {@code -Dbasalt.it.log.split.servers=1} measures one
   * after another) and every region of both serves again on the server left, with every row.
   */
  @Test
  void twoRegionServersKilledAtOnceAreBothRecovered() throws Exception {
    startZooKeeper("two-kill");
    Configuration conf = conf("/basalt-two-kill", ServerConfig.ZK_SESSION_TIMEOUT.defaultValue());
    String splitters = System.getProperty("basalt.it.log.split.servers");
    if (splitters != null) {
      MasterConfig.LOG_SPLIT_SERVERS.set(conf, Integer.parseInt(splitters));
    }
    List<ChildProcess> started = new ArrayList<>();
    for (int i = 1; i <= 3; i++) { // started together: a loaded machine starts JVMs slowly
      ChildProcess p = ChildProcess.start("rs" + i, "regionserver", conf, dir);
      toClose.add(p);
      started.add(p);
    }
    List<ChildServer> servers = new ArrayList<>();
    for (ChildProcess p : started) {
      Matcher m = p.awaitLine(RS_READY, 90_000);
      servers.add(new ChildServer(p, m.group(1), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(4))));
    }
    MasterProcess master = MasterProcess.start(conf, new RegionSplitFiles(), aborts::add);
    toClose.add(master);
    String metaHost = master.master().metaServer();
    ChildServer survivor = servers.stream().filter(s -> s.name().equals(metaHost)).findFirst()
        .orElseThrow();
    List<ChildServer> victims = servers.stream().filter(s -> s != survivor).toList();
    // The wait's gets give up after 5 s, far within the wait's deadline.
    Configuration quick = client(survivor);
    org.basaltdb.client.ClientConfig.OPERATION_TIMEOUT.set(quick, 5_000L);
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", survivor.thriftPort());
        Table t = c.getTable(T); Connection qc = ConnectionFactory.createConnection(quick);
        Table probe = qc.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      for (ChildServer v : victims) {
        assertTrue(!master.master().clusterStatus().servers().get(v.name()).isEmpty(),
            v.name() + " holds regions");
      }
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        String k = key(0, i);
        puts.add(new Put(toBytes(k)).addColumn(F, Q, toBytes(k)));
      }
      t.put(puts); // acknowledged: in the victims' logs (no flush), nowhere else
      long t0 = System.nanoTime();
      for (ChildServer v : victims) {
        v.process().kill();
      }
      Await.until("every region serving on the server left", 120_000, () -> {
        try {
          if (!master.master().isTableAvailable(T)) {
            return false;
          }
          for (RegionLocation l : master.master().regionLocations(T)) {
            if (!survivor.name().equals(l.server())) {
              return false;
            }
            probe.get(new Get(l.region().startKey().length == 0 ? toBytes("a")
                : l.region().startKey()));
          }
          return true;
        } catch (Exception e) {
          return false;
        }
      });
      System.out.printf("MTTR: two region servers killed at once, every region serving again "
          + "%d ms after (master.log.split.servers %d, session timeout %d ms)%n",
          (System.nanoTime() - t0) / 1_000_000, MasterConfig.LOG_SPLIT_SERVERS.get(conf),
          ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
      Load none = new Load();
      puts.forEach(p -> none.acked.add(Bytes.toString(p.row())));
      checkEveryAcknowledgedKey(t, none);
      assertEquals(List.of(), master.master().checkConsistency(), "consistent after the crash");
    }
  }

  private static Configuration client(ChildServer entry) {
    Configuration c = new Configuration(false);
    org.basaltdb.client.ClientConfig.HOST.set(c, "127.0.0.1");
    org.basaltdb.client.ClientConfig.PORT.set(c, entry.thriftPort());
    org.basaltdb.client.ClientConfig.ADMIN_PORT.set(c, entry.adminPort());
    return c;
  }

  @Test
  void datanodeStoppedMidLoadLosesNothing() throws Exception {
    startZooKeeper("dn-stop");
    Configuration conf = conf("/basalt-dn-stop", 10_000);
    List<RegionServerProcess> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RegionServerProcess rs = RegionServerProcess.start(new Configuration(conf), aborts::add);
      toClose.add(rs);
      servers.add(rs);
    }
    MasterProcess master = MasterProcess.start(conf, new RegionSplitFiles(), aborts::add);
    toClose.add(master);
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1",
        servers.get(0).thriftPort()); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      Load load = new Load();
      MiniDFSCluster.DataNodeProperties stopped = null;
      try (load) {
        load.javaWriter(0, t);
        load.thriftWriter(1, servers.get(1).thriftPort());
        Await.until("some writes", 120_000, () -> load.acked.size() > 300);
        stopped = dfs.stopDataNode(0);
        int before = load.acked.size();
        Await.until("writes with a datanode down", 60_000,
            () -> load.acked.size() > before + 500);
      } finally {
        if (stopped != null) {
          dfs.restartDataNode(stopped, true);
          dfs.waitActive();
        }
      }
      checkEveryAcknowledgedKey(t, load);
      assertEquals(List.of(), aborts, "no server aborted");
      for (RegionServerProcess rs : servers) {
        for (var r : rs.regionServer().regions(T)) {
          r.compact(true);
        }
      }
      Consistency.checkRegions(master.master(), servers, T);
    }
  }
}
