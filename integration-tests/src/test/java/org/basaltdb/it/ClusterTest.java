package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MasterProcess;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.thrift1.BatchMutation;
import org.basaltdb.thrift.generated.thrift1.Hbase;
import org.basaltdb.thrift.generated.thrift1.Mutation;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of one master and three region servers in this JVM, over the local filesystem:
 * regions spread over the servers, every server answers HBase's Thrift API for every region,
 * and regions move, split and survive a server's abort and a master's failover.
 */
class ClusterTest {
  private static final TableName T = TableName.valueOf("usertable");
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");
  private static final int ROWS = 600;

  @TempDir
  Path dir;

  TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.started(dir, 3);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static String row(int i) {
    return String.format("%03d-row", i);
  }

  private static List<byte[]> splits() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i < 9; i++) {
      out.add(toBytes(String.format("%03d", i * ROWS / 9)));
    }
    return out;
  }

  private Connection connect(RegionServerProcess rs) throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    org.basaltdb.client.ClientConfig.HOST.set(conf, "127.0.0.1");
    org.basaltdb.client.ClientConfig.PORT.set(conf, rs.thriftPort());
    org.basaltdb.client.ClientConfig.ADMIN_PORT.set(conf, rs.adminPort());
    return ConnectionFactory.createConnection(conf);
  }

  /** A client given the first two servers: it falls back to the second when the first dies. */
  private Connection connectToFirstTwo() throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    org.basaltdb.client.ClientConfig.HOST.set(conf, "127.0.0.1:"
        + cluster.servers.get(0).thriftPort() + ",127.0.0.1:" + cluster.servers.get(1).thriftPort());
    return ConnectionFactory.createConnection(conf);
  }

  private void load(Table t, int from, int to) throws Exception {
    List<Put> puts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      puts.add(new Put(toBytes(row(i))).addColumn(F, Q, toBytes("v" + i)));
    }
    t.put(puts);
  }

  private static void checkAll(Table t, int rows) throws Exception {
    int n;
    try (ResultScanner s = t.getScanner(new Scan())) {
      n = checkRest(s, 0, "scan order");
    }
    assertEquals(rows, n, "every row once");
  }

  /**
   * Reads the rest of {@code s}, which must return rows {@code n}, {@code n + 1}, ... with their
   * values; returns the number after the last row read.
   */
  private static int checkRest(ResultScanner s, int n, String what) throws Exception {
    Result r;
    while ((r = s.next()) != null) {
      assertEquals(row(n), Bytes.toString(r.row()), what);
      assertEquals("v" + n, Bytes.toString(r.value(F, Q)));
      n++;
    }
    return n;
  }

  private ClusterStatus status() throws Exception {
    return cluster.masters.get(0).master().clusterStatus();
  }

  @Test
  void regionsSpreadAndEveryServerAnswersForEveryRegion() throws Exception {
    try (Connection c = connect(cluster.servers.get(0))) {
      Admin admin = c.getAdmin();
      admin.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      List<RegionLocation> regions = admin.getRegions(T);
      assertEquals(9, regions.size());
      Map<String, Integer> perServer = new HashMap<>();
      for (RegionLocation l : regions) {
        perServer.merge(l.server(), 1, Integer::sum);
      }
      assertEquals(3, perServer.size(), "regions on every server: " + perServer);
      perServer.values().forEach(n -> assertEquals(3, n, "an even spread: " + perServer));
      try (Table t = c.getTable(T)) {
        load(t, 0, ROWS);
        checkAll(t, ROWS);
      }
    }
    // The master asks each server for its load (its status pages' rates and heat maps): every
    // write and read of the Java client, each counted once, on the region that took it.
    // Asked at once with a short wait each time (master.status.server.timeout): a loaded machine
    // may need several askings before all three have answered.
    Map<String, ServerLoad> loads = new java.util.HashMap<>();
    Await.until("every server's load", 120_000, () -> {
      try {
        loads.clear();
        loads.putAll(cluster.masters.get(0).master().serverLoads());
        return loads.size() == 3;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    long writes = 0;
    long reads = 0;
    for (ServerLoad l : loads.values()) {
      assertTrue(l.heapUsedBytes() > 0 && l.heapMaxBytes() >= l.heapUsedBytes(), l.toString());
      for (ServerLoad.RegionLoad r : l.regions()) {
        if (!r.encodedName().equals(org.basaltdb.master.Master.META_REGION)) {
          writes += r.writeRequests();
          reads += r.readRequests();
        }
      }
    }
    assertEquals(ROWS, writes, "each put once, where it landed");
    assertEquals(ROWS, reads, "each get once");
    // An HBase Thrift client talking to any one server reads and writes every region: the
    // server forwards what it does not hold.
    for (RegionServerProcess rs : cluster.servers) {
      try (TSocket socket = new TSocket("127.0.0.1", rs.thriftPort())) {
        socket.open();
        THBaseService.Client hbase = new THBaseService.Client(new TBinaryProtocol(socket));
        ByteBuffer table = ByteBuffer.wrap(toBytes("usertable"));
        for (int i = 0; i < ROWS; i += 37) {
          TResult r = hbase.get(table, new TGet(ByteBuffer.wrap(toBytes(row(i)))));
          assertEquals("v" + i, Bytes.toString(r.getColumnValues().get(0).getValue()));
        }
        String marker = "via-" + rs.thriftPort();
        hbase.put(table, new TPut(ByteBuffer.wrap(toBytes(row(ROWS - 1))), List.of(
            new TColumnValue(ByteBuffer.wrap(F), ByteBuffer.wrap(toBytes("m")),
                ByteBuffer.wrap(toBytes(marker))))));
        int id = hbase.openScanner(table, new TScan());
        int n = 0;
        List<TResult> batch;
        byte[] last = null;
        while (!(batch = hbase.getScannerRows(id, 50)).isEmpty()) {
          for (TResult r : batch) {
            if (last != null) {
              assertTrue(Bytes.compare(last, r.getRow()) < 0, "rows in order, each once");
            }
            last = r.getRow();
            n++;
          }
        }
        hbase.closeScanner(id);
        assertEquals(ROWS, n, "a scan through " + rs.serverName() + " sees every region");
        TResult r = hbase.get(table, new TGet(ByteBuffer.wrap(toBytes(row(ROWS - 1)))));
        assertTrue(r.getColumnValues().stream().anyMatch(cv -> Bytes.toString(cv.getValue())
            .equals(marker)), "a forwarded put is readable");
      }
    }
    // The same through every server's Thrift1 port, with happybase's calls: each server
    // forwards what it does not hold exactly as for Thrift2.
    ByteBuffer table = ByteBuffer.wrap(toBytes("usertable"));
    Map<ByteBuffer, ByteBuffer> noAttrs = Map.of();
    for (RegionServerProcess rs : cluster.servers) {
      try (TSocket socket = new TSocket("127.0.0.1", rs.thrift1Port())) {
        socket.open();
        Hbase.Client hb = new Hbase.Client(new TBinaryProtocol(socket));
        List<ByteBuffer> rows = new ArrayList<>();
        List<BatchMutation> batches = new ArrayList<>();
        String marker = "t1-" + rs.thrift1Port();
        for (int i = 0; i < ROWS; i += 61) { // rows in every region
          ByteBuffer r = ByteBuffer.wrap(toBytes(row(i)));
          rows.add(r);
          batches.add(new BatchMutation(r, List.of(new Mutation()
              .setColumn(toBytes("f:t1")).setValue(toBytes(marker)).setWriteToWAL(true))));
        }
        hb.mutateRows(table, batches, noAttrs);
        List<TRowResult> got = hb.getRowsWithColumns(table, rows,
            List.of(ByteBuffer.wrap(toBytes("f"))), noAttrs);
        assertEquals(rows.size(), got.size());
        for (TRowResult r : got) {
          assertEquals(marker, Bytes.toString(r.getColumns().get(ByteBuffer.wrap(toBytes("f:t1")))
              .getValue()), "a forwarded Thrift1 write is readable through " + rs.serverName());
        }
        int id = hb.scannerOpenWithScan(table, new org.basaltdb.thrift.generated.thrift1.TScan()
            .setCaching(100), noAttrs);
        int n = 0;
        List<TRowResult> batch;
        while (!(batch = hb.scannerGetList(id, 100)).isEmpty()) {
          n += batch.size();
        }
        hb.scannerClose(id);
        assertEquals(ROWS, n, "a Thrift1 scan through " + rs.serverName() + " sees every region");
        assertTrue(hb.atomicIncrement(table, ByteBuffer.wrap(toBytes(row(ROWS - 2))),
            ByteBuffer.wrap(toBytes("f:n")), 1) >= 1);
      }
    }
  }

  @Test
  void moveBalanceAndSplitKeepEveryRow() throws Exception {
    MasterProcess m = cluster.masters.get(0);
    try (Connection c = connect(cluster.servers.get(1)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);

      // Move every region to one server, then let the balancer spread them again.
      String target = cluster.servers.get(2).serverName();
      for (RegionLocation l : c.getAdmin().getRegions(T)) {
        m.master().move(l.region().encodedName(), target);
      }
      assertTrue(c.getAdmin().getRegions(T).stream().allMatch(l -> target.equals(l.server())));
      checkAll(t, ROWS);
      assertTrue(m.master().balance());
      for (List<String> regions : status().servers().values()) {
        assertTrue(regions.size() >= 3 && regions.size() <= 4, "balanced: " + status());
      }
      checkAll(t, ROWS);

      assertThrows(IllegalArgumentException.class,
          () -> m.master().move(c.getAdmin().getRegions(T).get(0).region().encodedName(),
              "nosuchhost,1,1"));
      assertFalse(m.master().balanceSwitch(false) == false, "the balancer was on");
      assertFalse(m.master().balance(), "a switched-off balancer does nothing");

      m.master().split(T, toBytes(row(10)), null);
      assertEquals(10, c.getAdmin().getRegions(T).size());
      load(t, ROWS, ROWS + 10); // writes after the split go to the daughters
      checkAll(t, ROWS + 10);

      // Merge two adjacent regions held by different servers (neither a fresh daughter).
      List<RegionLocation> regions = c.getAdmin().getRegions(T);
      RegionLocation a = regions.get(4);
      RegionLocation b = regions.get(5);
      if (a.server().equals(b.server())) {
        String other = cluster.servers.stream().map(RegionServerProcess::serverName)
            .filter(s -> !s.equals(a.server())).findFirst().orElseThrow();
        m.master().move(b.region().encodedName(), other);
      }
      m.master().merge(b.region().encodedName(), a.region().encodedName());
      assertEquals(9, c.getAdmin().getRegions(T).size());
      load(t, ROWS + 10, ROWS + 20);
      checkAll(t, ROWS + 20);
    }
  }

  @Test
  void abortedRegionServerLosesNoAcknowledgedWrite() throws Exception {
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      RegionServerProcess victim = cluster.servers.get(2);
      String victimName = victim.serverName();
      long t0 = System.nanoTime();
      victim.abort(); // no flush: its regions' edits are only in its WAL
      cluster.servers.remove(victim);
      Await.until("the victim's regions reopened elsewhere", 60_000, () -> {
        try {
          ClusterStatus s = status();
          return !s.servers().containsKey(victimName) && s.deadServers().contains(victimName)
              && cluster.masters.get(0).master().isTableAvailable(T)
              && c.getAdmin().getRegions(T).stream()
                  .noneMatch(l -> victimName.equals(l.server()));
        } catch (Exception e) {
          return false;
        }
      });
      System.out.printf("regions of an aborted server serving again after %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      checkAll(t, ROWS);
      assertEquals(List.of(), cluster.masters.get(0).master().checkConsistency());
    }
  }

  /**
   * The master hears of a server joining, then of another's death, and acts on both only once
   * the dead server is gone from ZooKeeper (here because the test holds the master's lock; in
   * the wild because a DDL call holds it, or the events come close together). Reopening regions
   * for the joined server must not open the dead server's regions before its log is split: they
   * would open without its acknowledged edits, and reads would miss them.
   */
  @Test
  void serverJoiningWhileAnotherDiesReopensItsRegionsWithTheirEdits() throws Exception {
    org.basaltdb.master.Master master = cluster.masters.get(0).master();
    RegionServerProcess victim = cluster.servers.stream()
        .filter(rs -> !rs.serverName().equals(master.metaServer())).findFirst().orElseThrow();
    RegionServerProcess entry = cluster.servers.stream()
        .filter(rs -> rs != victim).findFirst().orElseThrow();
    String victimName = victim.serverName();
    try (Connection c = connect(entry); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      assertFalse(victim.regionServer().regions(T).isEmpty(), "the victim holds regions");
      synchronized (master) { // the master's operations wait, and so do both events
        cluster.startRegionServer();
        victim.abort(); // no flush: its regions' edits are only in its WAL
        cluster.servers.remove(victim);
        Await.until("ZooKeeper to drop " + victimName, 120_000, () -> {
          try {
            return !master.clusterStatus().servers().containsKey(victimName);
          } catch (java.io.IOException e) {
            return false;
          }
        });
      }
      Await.until("the victim's regions reopened elsewhere", 60_000, () -> {
        try {
          ClusterStatus s = status();
          return s.deadServers().contains(victimName) && master.isTableAvailable(T)
              && c.getAdmin().getRegions(T).stream()
                  .noneMatch(l -> victimName.equals(l.server()));
        } catch (Exception e) {
          return false;
        }
      });
      checkAll(t, ROWS);
    }
  }

  @Test
  void backupMasterTakesOverAndFinishesTheJob() throws Exception {
    MasterProcess first = cluster.masters.get(0);
    Thread backup = new Thread(() -> {
      try {
        cluster.startMaster();
      } catch (Exception e) {
        cluster.aborts.add("backup failed: " + e);
      }
    });
    backup.setDaemon(true);
    backup.start();
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS / 2);
      Await.until("the backup to join the election", 120_000,
          () -> {
            try {
              return !status().backupMasters().isEmpty();
            } catch (Exception e) {
              return false;
            }
          });
      first.close();
      cluster.masters.remove(first);
      backup.join(120_000); // taking charge: meta opened, every region reconciled
      assertEquals(1, cluster.masters.size(), "the backup is active: " + cluster.aborts);
      MasterProcess second = cluster.masters.get(0);
      assertNotEquals(first.master().serverName(), second.master().serverName());
      // Reads and writes never needed the master; DDL goes to the new one.
      load(t, ROWS / 2, ROWS);
      checkAll(t, ROWS);
      TableName other = TableName.valueOf("other");
      c.getAdmin().createTable(TableDescriptor.of(other, ColumnFamilyDescriptor.of("f")));
      assertTrue(c.getAdmin().isTableAvailable(other));
      assertEquals(9, second.master().regions(T).size());
      assertTrue(second.master().isTableAvailable(T), "the new master found every region open");
    }
  }

  @Test
  void cleanlyStoppedServerLeavesNoLogAndItsRegionsMove() throws Exception {
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      RegionServerProcess leaving = cluster.servers.get(1);
      String name = leaving.serverName();
      leaving.close(); // SIGTERM's path: flush every region, leave ZooKeeper
      cluster.servers.remove(leaving);
      java.io.File walDir = dir.resolve("root").resolve("WALs").resolve(name).toFile();
      assertFalse(walDir.exists(), "a clean stop leaves no log to split: " + walDir);
      Await.until("its regions reopened elsewhere", 120_000, () -> {
        try {
          return cluster.masters.get(0).master().isTableAvailable(T)
              && c.getAdmin().getRegions(T).stream().noneMatch(l -> name.equals(l.server()));
        } catch (Exception e) {
          return false;
        }
      });
      checkAll(t, ROWS);
    }
  }

  @Test
  void everyServerGoneThenANewOneServesEverything() throws Exception {
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
    }
    for (RegionServerProcess rs : List.copyOf(cluster.servers)) {
      rs.abort();
      cluster.servers.remove(rs);
    }
    Await.until("the master to see every server dead", 120_000, () -> {
      try {
        return status().servers().isEmpty() && status().deadServers().size() == 3;
      } catch (Exception e) {
        return false;
      }
    });
    RegionServerProcess fresh = cluster.startRegionServer();
    Await.until("every region open on the new server", 60_000, () -> {
      try {
        return cluster.masters.get(0).master().isTableAvailable(T);
      } catch (Exception e) {
        return false;
      }
    });
    try (Connection c = connect(fresh); Table t = c.getTable(T)) {
      checkAll(t, ROWS);
    }
    assertEquals(List.of(), cluster.masters.get(0).master().checkConsistency());
  }

  @Test
  void splitMergeMoveAndBalanceUnderLoadLoseNothing() throws Exception {
    MasterProcess m = cluster.masters.get(0);
    java.util.Queue<String> acked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.Queue<String> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int id = w;
        Thread th = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            String k = String.format("%03d-w%d-%06d", (i * 37 + id * 11) % ROWS, id, i);
            try {
              t.put(new Put(toBytes(k)).addColumn(F, Q, toBytes(k)));
              acked.add(k);
            } catch (Exception e) {
              failed.add(k + ": " + e.getMessage());
            }
          }
        });
        th.start();
        writers.add(th);
      }
      Await.until("writes under way", 120_000, () -> acked.size() > 300);
      m.master().split(T, toBytes("150"), null);
      Await.until("more writes", 120_000, () -> acked.size() > 600);
      List<RegionLocation> regions = c.getAdmin().getRegions(T);
      m.master().merge(regions.get(6).region().encodedName(),
          regions.get(7).region().encodedName());
      String target = cluster.servers.get(2).serverName();
      for (RegionLocation l : c.getAdmin().getRegions(T)) {
        m.master().move(l.region().encodedName(), target);
      }
      m.master().balance();
      int before = acked.size();
      Await.until("writes after the changes", 120_000, () -> acked.size() > before + 300);
      stop.set(true);
      for (Thread th : writers) {
        th.join(60_000);
      }
      assertEquals(List.of(), List.copyOf(failed), "clients only retried");
      for (String k : acked) {
        assertEquals(k, Bytes.toString(t.get(new Get(toBytes(k))).value(F, Q)), k);
      }
      for (RegionServerProcess rs : cluster.servers) {
        for (var r : rs.regionServer().regions(T)) {
          r.compact(true); // rewrite references, so the janitor may delete the parents
        }
      }
      Consistency.check(m.master(), cluster.servers, T,
          dir.resolve("root").resolve("data").resolve("default").resolve("usertable").toFile());
      System.out.printf("%d writes acknowledged across a split, a merge, %d moves and a "
          + "balancer run; all readable%n", acked.size(), 9);
    }
  }

  @Test
  void clientStartingFromSeveralServersSurvivesLosingOne() throws Exception {
    try (Connection c = connectToFirstTwo(); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      RegionServerProcess first = cluster.servers.get(0);
      first.abort();
      cluster.servers.remove(first);
      // Reads of the catalog are retried on the next server given; after that, DDL goes there.
      assertTrue(c.getAdmin().tableExists(T));
      TableName other = TableName.valueOf("other");
      c.getAdmin().createTable(TableDescriptor.of(other, ColumnFamilyDescriptor.of("f")));
      assertTrue(c.getAdmin().tableExists(other), "DDL goes to the next server given");
      checkAll(t, ROWS);
    }
  }

  /**
   * A scan whose server dies part-way goes on from the last row it received, on the server that
   * took the region over, and returns every row once, in order (as HBase's client scanner does).
   */
  @Test
  void aScanWhoseServerDiesGoesOnFromItsLastRow() throws Exception {
    org.basaltdb.master.Master master = cluster.masters.get(0).master();
    try (Connection c = connectToFirstTwo(); Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      // Start the scan in a region of a server that does not hold meta; that server dies.
      org.basaltdb.common.schema.RegionLocation start = c.getAdmin().getRegions(T).stream()
          .filter(l -> !l.server().equals(master.metaServer())).findFirst().orElseThrow();
      RegionServerProcess victim = cluster.servers.stream()
          .filter(rs -> rs.serverName().equals(start.server())).findFirst().orElseThrow();
      byte[] startKey = start.region().startKey();
      int n = startKey.length == 0 ? 0 : Integer.parseInt(Bytes.toString(startKey));
      try (ResultScanner s = t.getScanner(new Scan().withStartRow(startKey).setCaching(5))) {
        for (int i = 0; i < 12; i++) {
          assertEquals(row(n), Bytes.toString(s.next().row()), "scan order");
          n++;
        }
        victim.abort();
        cluster.servers.remove(victim);
        n = checkRest(s, n, "scan order after its server died");
      }
      assertEquals(ROWS, n, "every row from the start row on, once");
    }
  }

  @Test
  void regionsSplitByThemselvesPastTheSplitSize() throws Exception {
    cluster.extra = c -> {
      RegionServerConfig.REGION_SPLIT_SIZE.set(c, 16L << 10);
      RegionServerConfig.CHORE_PERIOD.set(c, 200L);
    };
    RegionServerProcess small = cluster.startRegionServer();
    TableName t2 = TableName.valueOf("grows");
    try (Connection c = connect(small); Table t = c.getTable(t2)) {
      c.getAdmin().createTable(TableDescriptor.of(t2, ColumnFamilyDescriptor.of("f")));
      // Put the table's one region on the server with the small split size.
      String region = c.getAdmin().getRegions(t2).get(0).region().encodedName();
      cluster.masters.get(0).master().move(region, small.serverName());
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        puts.add(new Put(toBytes(row(i % ROWS) + i)).addColumn(F, Q, new byte[64]));
      }
      t.put(puts);
      c.getAdmin().flush(t2);
      Await.until("an automatic split", 120_000, () -> {
        try {
          return c.getAdmin().getRegions(t2).size() > 1 && c.getAdmin().isTableAvailable(t2);
        } catch (Exception e) {
          return false;
        }
      });
      int n = 0;
      try (ResultScanner s = t.getScanner(new Scan())) {
        while (s.next() != null) {
          n++;
        }
      }
      assertEquals(2000, n, "every row once after the split");
    }
  }

  @Test
  void ddlThroughTheMasterOpensAndClosesEveryRegion() throws Exception {
    try (Connection c = connect(cluster.servers.get(2)); Table t = c.getTable(T)) {
      Admin admin = c.getAdmin();
      admin.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          splits().toArray(new byte[0][]));
      load(t, 0, ROWS);
      admin.disableTable(T);
      int open = 0;
      for (RegionServerProcess rs : cluster.servers) {
        open += rs.regionServer().regions(T).size();
      }
      assertEquals(0, open, "a disabled table has no open region");
      assertThrows(java.io.IOException.class, () -> t.get(new Get(toBytes(row(1)))));
      admin.enableTable(T);
      checkAll(t, ROWS);

      // alter: every region reopens with the new family, on whichever server holds it
      admin.addColumnFamily(T, ColumnFamilyDescriptor.of("g"));
      t.put(new Put(toBytes(row(3))).addColumn(toBytes("g"), Q, toBytes("new")));
      assertEquals("new", Bytes.toString(t.get(new Get(toBytes(row(3))))
          .value(toBytes("g"), Q)));
      for (RegionServerProcess rs : cluster.servers) {
        for (var r : rs.regionServer().regions(T)) {
          assertTrue(r.table().hasFamily(toBytes("g")), "region " + r.name() + " reopened");
        }
      }

      admin.disableTable(T);
      admin.truncateTable(T, true);
      assertEquals(9, admin.getRegions(T).size(), "splits kept");
      try (ResultScanner s = t.getScanner(new Scan())) {
        assertEquals(null, s.next(), "truncated");
      }
      admin.disableTable(T);
      admin.deleteTable(T);
      assertFalse(admin.tableExists(T));
      assertFalse(dir.resolve("root").resolve("data").resolve("default").resolve("usertable")
          .toFile().exists(), "its files are gone");
    }
  }
}
