package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.thrift1.Hbase;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thrift scans opened on one region server over regions another server holds, which is lost in
 * the middle of the scan: {@code kill -9} of that server (a child JVM), or the regions moved and
 * split. The server that owns each scan goes on after the last row it returned, wherever the
 * region is open now: every row (with a batch size, every cell) comes exactly once, in order,
 * forwards, reversed, within a stop row and a limit, through Thrift2 and Thrift1.
 */
class ScanResumeTest {
  private static final TableName T = TableName.valueOf("resume");
  private static final ByteBuffer TABLE = ByteBuffer.wrap(toBytes(T.toString()));
  private static final byte[] F = toBytes("f");
  private static final String RS_READY =
      "region server (\\S+) ready: Thrift on port (\\d+), RPC on port (\\d+)";
  /**
   * Three regions of 2,500 rows: more than the 1,000 rows the owning server fetches from another
   * at a time, so a scan 1,200 rows in still has to fetch again from the lost region.
   */
  private static final int ROWS = 7_500;
  private static final int CELLS = 3;
  /** Longer than the servers' scanner.resume.timeout (30 s): a resume answers before it. */
  private static final int SOCKET_TIMEOUT_MS = 90_000;

  @TempDir
  Path dir;
  private TestCluster cluster;
  private ChildProcess victim;

  @AfterEach
  void stop() throws Exception {
    if (victim != null) {
      victim.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String row(int i) {
    return String.format("r%05d", i);
  }

  /** One scanner, read a number of results at a time; each result as "row:q0q1...". */
  private interface Reader {
    List<String> next(int n) throws TException;
  }

  private static Reader thrift2(THBaseService.Client c, TScan scan) throws TException {
    int id = c.openScanner(TABLE, scan);
    return n -> {
      List<String> out = new ArrayList<>();
      for (TResult r : c.getScannerRows(id, n)) {
        StringBuilder b = new StringBuilder(Bytes.toString(r.getRow())).append(':');
        for (TColumnValue cv : r.getColumnValues()) {
          b.append(Bytes.toString(cv.getQualifier()));
        }
        out.add(b.toString());
      }
      return out;
    };
  }

  private static Reader thrift1(Hbase.Client c) throws TException {
    int id = c.scannerOpenWithScan(TABLE, new org.basaltdb.thrift.generated.thrift1.TScan()
        .setCaching(100), Map.of());
    return n -> {
      List<String> out = new ArrayList<>();
      for (TRowResult r : c.scannerGetList(id, n)) {
        StringBuilder b = new StringBuilder(Bytes.toString(r.getRow())).append(':');
        List<String> columns = new ArrayList<>();
        for (ByteBuffer k : r.getColumns().keySet()) {
          byte[] name = new byte[k.remaining()];
          k.duplicate().get(name);
          columns.add(Bytes.toString(name).substring(2)); // "f:q0" -> "q0"
        }
        java.util.Collections.sort(columns);
        columns.forEach(b::append);
        out.add(b.toString());
      }
      return out;
    };
  }

  /** A scan being read, what it must return in the end, and what it has returned so far. */
  private static final class Scan {
    final String name;
    final Reader reader;
    final List<String> expected;
    final List<String> got = new ArrayList<>();

    Scan(String name, Reader reader, List<String> expected) {
      this.name = name;
      this.reader = reader;
      this.expected = expected;
    }

    void read(int results) throws TException {
      while (got.size() < results) {
        List<String> part = reader.next(100);
        if (part.isEmpty()) {
          return;
        }
        got.addAll(part);
      }
    }

    void check() {
      assertEquals(expected.size(), got.size(), name + ": every result exactly once");
      assertEquals(expected, got, name + ": every result exactly once, in order");
    }
  }

  private static String whole(int i) {
    StringBuilder b = new StringBuilder(row(i)).append(':');
    for (int q = 0; q < CELLS; q++) {
      b.append('q').append(q);
    }
    return b.toString();
  }

  /** The scans checked: forwards, reversed, with a stop row and a limit, with a batch size. */
  private static List<Scan> openScans(THBaseService.Client c, Hbase.Client c1)
      throws TException {
    List<String> forwards = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      forwards.add(whole(i));
      parts.add(row(i) + ":q0q1");
      parts.add(row(i) + ":q2");
    }
    List<String> reversed = new ArrayList<>(forwards);
    java.util.Collections.reverse(reversed);
    List<String> ranged = forwards.subList(100, 100 + 5_000);
    List<Scan> scans = new ArrayList<>();
    scans.add(new Scan("forwards", thrift2(c, new TScan().setCaching(100)), forwards));
    scans.add(new Scan("reversed", thrift2(c, new TScan().setReversed(true)), reversed));
    scans.add(new Scan("stop row and limit", thrift2(c, new TScan()
        .setStartRow(toBytes(row(100))).setStopRow(toBytes(row(7_000))).setLimit(5_000)),
        ranged));
    scans.add(new Scan("batch size 2", thrift2(c, new TScan().setBatchSize(2)), parts));
    scans.add(new Scan("Thrift1", thrift1(c1), forwards));
    return scans;
  }

  private void createAndLoad(Table t, Connection conn) throws Exception {
    conn.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
        new byte[][] {toBytes(row(2_500)), toBytes(row(5_000))});
    List<Put> puts = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Put p = new Put(toBytes(row(i)));
      for (int q = 0; q < CELLS; q++) {
        p.addColumn(F, toBytes("q" + q), toBytes("v" + i));
      }
      puts.add(p);
      if (puts.size() == 500) {
        t.put(puts);
        puts = new ArrayList<>();
      }
    }
    if (!puts.isEmpty()) {
      t.put(puts);
    }
  }

  private static void moveAll(Master m, String to) throws Exception {
    for (RegionLocation l : m.regionLocations(T)) {
      if (!to.equals(l.server())) {
        m.move(l.region().encodedName(), to);
      }
    }
    assertTrue(m.regionLocations(T).stream().allMatch(l -> to.equals(l.server())),
        "every region on " + to + ": " + m.regionLocations(T));
  }

  @Test
  void aScanGoesOnAfterTheServerOfItsRegionIsKilled() throws Exception {
    cluster = new TestCluster(dir.resolve("zk").toFile(), dir.resolve("root").toUri().toString(),
        20_000);
    RegionServerProcess entry = cluster.startRegionServer();
    Master master = cluster.startMaster().master(); // meta opens on the entry server
    cluster.startRegionServer(); // where the victim's regions may go too
    victim = ChildProcess.start("victim", "regionserver", cluster.conf(),
        dir.resolve("logs").toFile());
    Matcher ready = victim.awaitLine(RS_READY, 90_000); // a loaded machine starts JVMs slowly
    String victimName = ready.group(1);
    Await.until("the victim registered", 60_000, () -> {
      try {
        return master.clusterStatus().servers().containsKey(victimName);
      } catch (java.io.IOException e) {
        return false;
      }
    });
    try (Connection conn = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = conn.getTable(T);
        TSocket s2 = new TSocket("127.0.0.1", entry.thriftPort(), SOCKET_TIMEOUT_MS);
        TSocket s1 = new TSocket("127.0.0.1", entry.thrift1Port(), SOCKET_TIMEOUT_MS)) {
      createAndLoad(t, conn);
      moveAll(master, victimName);
      s2.open();
      s1.open();
      List<Scan> scans = openScans(new THBaseService.Client(new TBinaryProtocol(s2)),
          new Hbase.Client(new TBinaryProtocol(s1)));
      for (Scan s : scans) {
        s.read(1_200);
      }
      long t0 = System.nanoTime();
      victim.kill();
      Scan first = scans.get(0);
      first.read(first.got.size() + 2_000); // past the end of the lost region's buffered rows
      System.out.printf("scan resume: the first scan went on %d ms after kill -9 of %s%n",
          (System.nanoTime() - t0) / 1_000_000, victimName);
      for (Scan s : scans) {
        s.read(Integer.MAX_VALUE);
        s.check();
      }
      assertTrue(master.regionLocations(T).stream().noneMatch(l -> victimName.equals(l.server())),
          "the victim's regions moved");
    }
  }

  @Test
  void aScanGoesOnAcrossMovesAndASplitOfItsRegions() throws Exception {
    cluster = TestCluster.started(dir, 3);
    Master master = cluster.masters.get(0).master();
    RegionServerProcess entry = cluster.servers.get(0);
    String holder = cluster.servers.get(1).serverName();
    String other = cluster.servers.get(2).serverName();
    try (Connection conn = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = conn.getTable(T);
        TSocket s2 = new TSocket("127.0.0.1", entry.thriftPort(), SOCKET_TIMEOUT_MS);
        TSocket s1 = new TSocket("127.0.0.1", entry.thrift1Port(), SOCKET_TIMEOUT_MS)) {
      createAndLoad(t, conn);
      moveAll(master, holder);
      s2.open();
      s1.open();
      List<Scan> scans = openScans(new THBaseService.Client(new TBinaryProtocol(s2)),
          new Hbase.Client(new TBinaryProtocol(s1)));
      for (Scan s : scans) {
        s.read(1_200);
      }
      moveAll(master, other);
      for (Scan s : scans) {
        s.read(2_700); // the forwards scans are in the middle region, the reversed one too
      }
      // Split the middle region, which the scans are reading, at its middle.
      master.split(T, toBytes(row(3_750)), null);
      assertEquals(4, master.regionLocations(T).size(), "split: " + master.regionLocations(T));
      moveAll(master, holder);
      for (Scan s : scans) {
        s.read(Integer.MAX_VALUE);
        s.check();
      }
    }
  }
}
