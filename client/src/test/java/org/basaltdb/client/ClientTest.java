package org.basaltdb.client;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real standalone server on free ports. */
class ClientTest {
  @TempDir
  static Path dir;

  static Standalone basalt;
  static Connection conn;
  static Table table;

  static final TableName T = TableName.valueOf("ct");
  static final byte[] F = toBytes("f");
  static final byte[] G = toBytes("g");
  static final byte[] Q = toBytes("q");

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    // Small, so shortScanTooLargeForOneReplyFallsBackToAScanner can pass it with a few rows.
    RegionServerConfig.SCANNER_MAX_RESULT_SIZE.set(conf, 64L << 10);
    basalt = Standalone.start(conf);
    conn = ConnectionFactory.createConnection(clientConf());
    try (Admin admin = conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(T,
          ColumnFamilyDescriptor.builder("f").maxVersions(5).build(),
          ColumnFamilyDescriptor.of("g")), new byte[][] {toBytes("m")});
    }
    table = conn.getTable(T);
  }

  static Configuration clientConf() {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, "localhost");
    ClientConfig.PORT.set(conf, basalt.thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 10L);
    return conf;
  }

  @AfterAll
  static void stop() throws Exception {
    if (conn != null) {
      conn.close();
    }
    if (basalt != null) {
      basalt.close();
    }
  }

  static String str(byte[] b) {
    return b == null ? null : Bytes.toString(b);
  }

  static List<String> values(Result r) {
    List<String> out = new ArrayList<>();
    for (Cell c : r.cells()) {
      out.add(str(c.value()));
    }
    return out;
  }

  static List<String> rows(ResultScanner s) throws IOException {
    List<String> out = new ArrayList<>();
    for (Result r : s) {
      out.add(str(r.row()));
    }
    s.close();
    return out;
  }

  @Test
  void putGetVersionsTimeRangesAndExists() throws Exception {
    for (int ts = 1; ts <= 4; ts++) {
      table.put(new Put(toBytes("pv")).addColumn(F, Q, ts, toBytes("v" + ts)));
    }
    assertEquals(List.of("v4"), values(table.get(new Get(toBytes("pv")))));
    assertEquals(List.of("v4", "v3", "v2"),
        values(table.get(new Get(toBytes("pv")).readVersions(3))));
    assertEquals(List.of("v2"),
        values(table.get(new Get(toBytes("pv")).setTimeRange(new TimeRange(2, 3)))));
    assertEquals(List.of("v3"), values(table.get(new Get(toBytes("pv")).setTimestamp(3))));
    assertSame(Result.EMPTY, table.get(new Get(toBytes("nope"))));
    assertTrue(table.exists(new Get(toBytes("pv"))));
    assertFalse(table.exists(new Get(toBytes("nope"))));
    assertEquals(List.of(true, false, false),
        table.exists(List.of(new Get(toBytes("pv")), new Get(toBytes("nope")),
            new Get(toBytes("zz-nope")))));
  }

  @Test
  void multiGetPutDeleteAcrossRegionsKeepOrder() throws Exception {
    List<Put> puts = new ArrayList<>();
    List<Get> gets = new ArrayList<>();
    for (String r : List.of("z1", "a1", "q1", "b1", "y1")) { // both sides of the split at m
      puts.add(new Put(toBytes("mg-" + r)).addColumn(F, Q, toBytes("val-" + r)));
      gets.add(new Get(toBytes("mg-" + r)));
    }
    table.put(puts);
    List<Result> got = table.get(gets);
    assertEquals(5, got.size());
    for (int i = 0; i < 5; i++) {
      assertEquals("val-" + str(gets.get(i).row()).substring(3), str(got.get(i).value(F, Q)));
    }
    List<Delete> deletes = new ArrayList<>();
    gets.forEach(g -> deletes.add(new Delete(g.row())));
    table.delete(deletes);
    for (Result r : table.get(gets)) {
      assertTrue(r.isEmpty());
    }
  }

  @Test
  void everyDeleteKind() throws Exception {
    byte[] row = toBytes("dk");
    byte[] a = toBytes("a");
    byte[] b = toBytes("b");
    for (int ts = 1; ts <= 3; ts++) {
      table.put(new Put(row).addColumn(F, a, ts, toBytes("a" + ts))
          .addColumn(F, b, ts, toBytes("b" + ts)).addColumn(G, Q, ts, toBytes("c" + ts)));
    }
    Get all = new Get(row).readVersions(5);
    table.delete(new Delete(row).addColumn(F, a)); // the latest version only
    assertEquals(List.of("a2", "a1"), values(table.get(new Get(row).addColumn(F, a)
        .readVersions(5))));
    table.delete(new Delete(row).addColumns(F, b)); // every version
    table.delete(new Delete(row).addFamily(G, 2)); // the family at or before 2
    assertEquals(List.of("a2", "a1", "c3"), values(table.get(all)));
    table.delete(new Delete(row).addFamilyVersion(F, 2)); // exactly ts 2
    assertEquals(List.of("a1", "c3"), values(table.get(all)));
    table.delete(new Delete(row)); // the whole row
    assertTrue(table.get(all).isEmpty());
  }

  @Test
  void regionSizesAndScanMetrics() throws Exception {
    TableName t = TableName.valueOf("sized");
    try (Admin admin = conn.getAdmin(); Table st = conn.getTable(t)) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f")),
          new byte[][] {toBytes("m")});
      st.put(List.of(new Put(toBytes("a")).addColumn(F, Q, toBytes("1234")),
          new Put(toBytes("z")).addColumn(F, Q, toBytes("5678"))));
      admin.flush(t);
      List<RegionMetrics> sizes = admin.getRegionMetrics(t);
      assertEquals(2, sizes.size(), sizes.toString());
      for (RegionMetrics m : sizes) {
        assertTrue(m.storeFileBytes() > 0 && m.storeFiles() == 1, m.toString());
      }
      try (ResultScanner s = st.getScanner(new Scan().setCaching(1))) {
        while (s.next() != null) {
          // read to the end
        }
        ScanMetrics m = s.getScanMetrics();
        assertEquals(2, m.rows());
        assertEquals(2, m.cells());
        assertEquals(2 * (1 + 1 + 1 + 4), m.cellBytes());
        assertTrue(m.rpcCalls() >= 4, m.toString()); // open, fetches, close
      }
    }
  }

  @Test
  void scansForwardReversedBatchedLimitedAndFiltered() throws Exception {
    List<Put> puts = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      puts.add(new Put(toBytes("s" + c)).addColumn(F, toBytes("1"), toBytes("x"))
          .addColumn(F, toBytes("2"), toBytes("y")).addColumn(G, Q, toBytes("z")));
    }
    table.put(puts);
    // Caching 3 makes the scanner fetch many times.
    Scan range = new Scan().withStartRow(toBytes("sc")).withStopRow(toBytes("sh")).setCaching(3);
    assertEquals(List.of("sc", "sd", "se", "sf", "sg"), rows(table.getScanner(range)));
    assertEquals(26, rows(table.getScanner(new Scan().setRowPrefixFilter(toBytes("s"))
        .setCaching(4))).size());
    assertEquals(List.of("sz", "sy", "sx"), rows(table.getScanner(new Scan()
        .withStartRow(toBytes("sz")).withStopRow(toBytes("sw")).setReversed(true))));
    assertEquals(List.of("sa", "sb"), rows(table.getScanner(new Scan()
        .setRowPrefixFilter(toBytes("s")).setLimit(2))));
    assertEquals(List.of("sq"), rows(table.getScanner(new Scan()
        .setRowPrefixFilter(toBytes("s")).setFilter("RowFilter(=, 'binary:sq')"))));
    // Batch 2: each three-cell row comes as two results.
    try (ResultScanner s = table.getScanner(new Scan().withStartRow(toBytes("sa"))
        .withStopRow(toBytes("sc")).setBatch(2))) {
      List<Result> parts = s.next(10);
      assertEquals(4, parts.size());
      assertEquals(List.of(2, 1, 2, 1), parts.stream().map(Result::size).toList());
      assertNull(s.next());
    }
    // Family and column scanners.
    try (ResultScanner s = table.getScanner(new Scan().addFamily(G))) {
      Result r = s.next();
      assertEquals(1, r.size());
    }
    try (ResultScanner s = table.getScanner(new Scan().addColumn(F, toBytes("2")))) {
      assertEquals(List.of("y"), values(s.next()));
    }
  }

  /** Rows {@code prefix}00 .. {@code prefix}(n-1), with a {@code valueBytes} value each. */
  static void putRows(Table t, String prefix, int n, int valueBytes) throws IOException {
    List<Put> puts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      puts.add(new Put(toBytes(String.format("%s%02d", prefix, i)))
          .addColumn(F, Q, new byte[valueBytes]));
    }
    t.put(puts);
  }

  @Test
  void aShortScanIsOneRoundTripAndLeavesNoScannerOnTheServer() throws Exception {
    TableName t = TableName.valueOf("short");
    try (Admin admin = conn.getAdmin(); Table st = conn.getTable(t)) {
      // Two regions: the scans below start in the first and run into the second.
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f")),
          new byte[][] {toBytes("e05")});
      putRows(st, "e", 20, 10);
      // YCSB's workload E: a limit, and caching to fetch it at once.
      try (ResultScanner s = st.getScanner(new Scan().withStartRow(toBytes("e03"))
          .setLimit(4).setCaching(4))) {
        assertEquals("e03", str(s.next().row()));
        assertEquals(0, basalt.openScanners(), "the server kept no scanner for it");
        assertEquals(List.of("e04", "e05", "e06"),
            s.next(10).stream().map(r -> str(r.row())).toList());
        assertNull(s.next());
        assertEquals(1, s.getScanMetrics().rpcCalls(), s.getScanMetrics().toString());
        assertEquals(4, s.getScanMetrics().rows());
      }
      // The limit within the default caching (100); reversed from the table's end.
      try (ResultScanner s = st.getScanner(new Scan().setReversed(true).setLimit(3))) {
        assertEquals(List.of("e19", "e18", "e17"), rows(s));
        assertEquals(1, s.getScanMetrics().rpcCalls());
      }
      // Fewer rows than the limit: the end of the table ends it.
      try (ResultScanner s = st.getScanner(new Scan().withStartRow(toBytes("e18"))
          .setLimit(10))) {
        assertEquals(List.of("e18", "e19"), rows(s));
        assertEquals(1, s.getScanMetrics().rpcCalls());
      }
      // A limit past the caching: a scanner, closed once the limit is met, with no fetch of an
      // empty batch to learn the end: open, three fetches (3 + 3 + 1 rows), close.
      try (ResultScanner s = st.getScanner(new Scan().withStartRow(toBytes("e02"))
          .setLimit(7).setCaching(3))) {
        assertEquals(List.of("e02", "e03", "e04", "e05", "e06", "e07", "e08"), rows(s));
        assertEquals(5, s.getScanMetrics().rpcCalls(), s.getScanMetrics().toString());
      }
      assertEquals(0, basalt.openScanners());
    }
  }

  @Test
  void aShortScanTooLargeForOneReplyFallsBackToAScanner() throws Exception {
    TableName t = TableName.valueOf("shortbig");
    try (Admin admin = conn.getAdmin(); Table st = conn.getTable(t)) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f")));
      putRows(st, "b", 8, 20 << 10); // 8 x 20 KiB: past the server's 64 KiB for one reply
      try (ResultScanner s = st.getScanner(new Scan().setLimit(6).setCaching(6))) {
        assertEquals(List.of("b00", "b01", "b02", "b03", "b04", "b05"), rows(s));
        // The refused getScannerResults, then open, one fetch, close.
        assertEquals(4, s.getScanMetrics().rpcCalls(), s.getScanMetrics().toString());
      }
      assertEquals(0, basalt.openScanners());
    }
  }

  @Test
  void incrementAppendCheckAndMutateMutateRow() throws Exception {
    byte[] row = toBytes("atomic");
    byte[] n = toBytes("n");
    assertEquals(5, Bytes.toLong(table.increment(new Increment(row).addColumn(F, n, 5))
        .value(F, n)));
    Result r = table.increment(new Increment(row).addColumn(F, n, -2));
    assertEquals(3, Bytes.toLong(r.value(F, n)));
    byte[] s = toBytes("s");
    table.put(new Put(row).addColumn(F, s, toBytes("ab")));
    assertEquals("abcd", str(table.append(new Append(row).addColumn(F, s, toBytes("cd")))
        .value(F, s)));

    byte[] lock = toBytes("lock");
    // Put only if absent: succeeds once.
    CheckAndMutate ifAbsent = CheckAndMutate.of(row, F, lock, CompareOperator.EQUAL, null,
        new Put(row).addColumn(F, lock, toBytes("1")));
    assertTrue(table.checkAndMutate(ifAbsent));
    assertFalse(table.checkAndMutate(ifAbsent));
    // "operand OP stored": 2 > 1 holds.
    assertTrue(table.checkAndMutate(CheckAndMutate.of(row, F, lock, CompareOperator.GREATER,
        toBytes("2"), new RowMutations(row).add(new Put(row).addColumn(F, lock, toBytes("3")))
            .add(new Delete(row).addColumns(F, s)))));
    assertEquals("3", str(table.get(new Get(row)).value(F, lock)));
    assertNull(table.get(new Get(row)).value(F, s));
    assertFalse(table.checkAndMutate(CheckAndMutate.of(row, F, lock, CompareOperator.EQUAL,
        toBytes("1"), new Delete(row))));
    assertThrows(IllegalArgumentException.class, () -> table.checkAndMutate(ifAbsent
        .withTimeRange(new TimeRange(1, 2))));

    table.mutateRow(new RowMutations(row).add(new Delete(row).addColumns(F, lock))
        .add(new Put(row).addColumn(F, toBytes("m"), toBytes("mv"))));
    Result after = table.get(new Get(row));
    assertNull(after.value(F, lock));
    assertEquals("mv", str(after.value(F, toBytes("m"))));
  }

  @Test
  void batchRunsEveryKindAndReportsFailuresPerAction() throws Exception {
    byte[] row = toBytes("batch");
    table.put(new Put(row).addColumn(F, Q, toBytes("old")));
    List<Object> actions = List.of(
        new Put(toBytes("batch2")).addColumn(F, Q, toBytes("p")),
        new Get(row),
        new Increment(row).addColumn(F, toBytes("n"), 7),
        new Put(toBytes("batch3")).addColumn(toBytes("nofamily"), Q, toBytes("x")),
        new Append(row).addColumn(F, Q, toBytes("+")),
        CheckAndMutate.of(row, F, Q, CompareOperator.EQUAL, toBytes("old+"), new Delete(row)),
        new RowMutations(toBytes("batch4")).add(new Put(toBytes("batch4"))
            .addColumn(F, Q, toBytes("rm"))));
    Object[] results = new Object[actions.size()];
    IOException e = assertThrows(IOException.class, () -> table.batch(actions, results));
    assertTrue(e.getMessage().contains("of 7 batch actions failed"), e.getMessage());
    // Both puts went in one call, so both carry the unknown family's failure.
    assertInstanceOf(IOException.class, results[0]);
    assertInstanceOf(IOException.class, results[3]);
    assertEquals("old", str(((Result) results[1]).value(F, Q)));
    assertEquals(7, Bytes.toLong(((Result) results[2]).value(F, toBytes("n"))));
    assertEquals("old+", str(((Result) results[4]).value(F, Q)));
    assertEquals(Boolean.TRUE, results[5]);
    assertNull(results[6]);
    assertTrue(table.get(new Get(row)).isEmpty());
    assertEquals("rm", str(table.get(new Get(toBytes("batch4"))).value(F, Q)));

    Object[] ok = new Object[2];
    table.batch(List.of(new Get(toBytes("batch4")), new Delete(toBytes("batch4"))), ok);
    assertEquals("rm", str(((Result) ok[0]).value(F, Q)));
    assertNull(ok[1]);
  }

  @Test
  void bufferedMutatorSendsInBatchesAndKeepsOrder() throws Exception {
    Configuration small = clientConf();
    ClientConfig.WRITE_BUFFER_SIZE.set(small, 1024L);
    try (Connection c = ConnectionFactory.createConnection(small);
        BufferedMutator m = c.getBufferedMutator(T)) {
      assertEquals(1024, m.getWriteBufferSize());
      for (int i = 0; i < 500; i++) {
        m.mutate(new Put(toBytes(String.format("bm%04d", i))).addColumn(F, Q, toBytes("v" + i)));
      }
      // A put, a delete of it, a put again: the last one must win.
      byte[] row = toBytes("bm-order");
      m.mutate(new Put(row).addColumn(F, Q, 5, toBytes("first")));
      m.mutate(new Delete(row).addColumns(F, Q, 5));
      m.mutate(new Put(row).addColumn(F, Q, 6, toBytes("second")));
      m.flush();
      assertEquals("second", str(table.get(new Get(row)).value(F, Q)));
      m.mutate(new Put(toBytes("bm-last")).addColumn(F, Q, toBytes("on close")));
    }
    assertEquals(500, rows(table.getScanner(new Scan().setRowPrefixFilter(toBytes("bm0"))))
        .size());
    assertEquals("on close", str(table.get(new Get(toBytes("bm-last"))).value(F, Q)));
  }

  @Test
  void adminTablesFamiliesNamespacesAndCluster() throws Exception {
    try (Admin admin = conn.getAdmin()) {
      assertEquals(basalt.master().clusterId(), admin.getClusterId());
      assertEquals(2, admin.getRegions(T).size());
      assertTrue(admin.listTableNames().contains(T));

      admin.createNamespace(NamespaceDescriptor.of("ns1"));
      assertTrue(admin.listNamespaceDescriptors().contains(NamespaceDescriptor.of("ns1")));
      assertEquals("ns1", admin.getNamespaceDescriptor("ns1").name());
      TableName t2 = TableName.valueOf("ns1:t2");
      admin.createTable(TableDescriptor.of(t2, ColumnFamilyDescriptor.of("a")),
          new byte[][] {toBytes("k"), toBytes("t")});
      assertTrue(admin.tableExists(t2));
      assertTrue(admin.isTableAvailable(t2));
      assertEquals(3, admin.getRegions(t2).size());
      assertEquals(List.of(t2), admin.listTableNamesByNamespace("ns1"));
      assertEquals(List.of(t2), admin.listTableNames(Pattern.compile("ns1:.*"), false));
      assertEquals(List.of(t2), admin.listTableDescriptors(Pattern.compile("ns1:.*"), true)
          .stream().map(TableDescriptor::name).toList());
      assertEquals(1, admin.listTableDescriptorsByNamespace("ns1").size());

      admin.addColumnFamily(t2, ColumnFamilyDescriptor.of("b"));
      assertTrue(admin.getDescriptor(t2).hasFamily(toBytes("b")));
      admin.modifyColumnFamily(t2, ColumnFamilyDescriptor.builder("b").maxVersions(3)
          .build());
      assertEquals(3, admin.getDescriptor(t2).family(toBytes("b")).maxVersions());
      admin.deleteColumnFamily(t2, toBytes("b"));
      assertFalse(admin.getDescriptor(t2).hasFamily(toBytes("b")));

      try (Table t = conn.getTable(t2)) {
        t.put(new Put(toBytes("r")).addColumn(toBytes("a"), Q, toBytes("v")));
        assertEquals(1, admin.getDescriptor(t2).families().size());
        admin.disableTable(t2);
        assertTrue(admin.isTableDisabled(t2));
        IOException e = assertThrows(IOException.class, () -> t.get(new Get(toBytes("r"))));
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        admin.truncateTable(t2, true); // as in HBase, the table is enabled again afterwards
        assertTrue(admin.isTableEnabled(t2));
        assertEquals(3, admin.getRegions(t2).size());
        assertTrue(t.get(new Get(toBytes("r"))).isEmpty());
      }
      admin.disableTable(t2);
      admin.enableTable(t2);
      assertTrue(admin.isTableEnabled(t2));
      admin.disableTable(t2);
      admin.deleteTable(t2);
      assertFalse(admin.tableExists(t2));
      admin.deleteNamespace("ns1");
      assertFalse(admin.listNamespaceDescriptors().contains(NamespaceDescriptor.of("ns1")));
    }
  }

  @Test
  void errorsCarryTheServersMessage() throws Exception {
    try (Table missing = conn.getTable(TableName.valueOf("missing"));
        Admin admin = conn.getAdmin()) {
      TableNotFoundException e = assertThrows(TableNotFoundException.class,
          () -> missing.put(new Put(toBytes("r")).addColumn(F, Q, toBytes("v"))));
      assertTrue(e.getMessage().contains("table missing does not exist"), e.getMessage());
      assertThrows(TableNotFoundException.class, () -> missing.get(new Get(toBytes("r"))));
      assertThrows(TableNotFoundException.class,
          () -> missing.getScanner(new Scan()).next());
      assertThrows(TableNotFoundException.class,
          () -> admin.getDescriptor(TableName.valueOf("missing")));
      assertThrows(TableNotFoundException.class,
          () -> admin.getRegions(TableName.valueOf("missing")));
      assertThrows(TableNotFoundException.class,
          () -> admin.flush(TableName.valueOf("missing")));
      assertThrows(TableNotFoundException.class,
          () -> admin.listTableNamesByNamespace("nons"));
      assertThrows(DoNotRetryIOException.class, () -> admin.createTable(TableDescriptor.of(T,
          ColumnFamilyDescriptor.of("f"))));
    }
    DoNotRetryIOException e = assertThrows(DoNotRetryIOException.class,
        () -> table.put(new Put(toBytes("r")).addColumn(toBytes("nofamily"), Q, toBytes("v"))));
    assertFalse(e instanceof TableNotFoundException);
    assertTrue(e.getMessage().contains("nofamily"), e.getMessage());
    // The connection still works after errors.
    table.put(new Put(toBytes("after-errors")).addColumn(F, Q, toBytes("ok")));
    assertEquals("ok", str(table.get(new Get(toBytes("after-errors"))).value(F, Q)));
  }

  @Test
  void splitsAtAKeyAndAtTheMiddleAndTheClientFollows() throws Exception {
    TableName s = TableName.valueOf("splitme");
    try (Admin admin = conn.getAdmin(); Table t = conn.getTable(s)) {
      admin.createTable(TableDescriptor.of(s, ColumnFamilyDescriptor.of("f")));
      for (int i = 0; i < 40; i++) {
        t.put(new Put(toBytes(String.format("k%02d", i))).addColumn(F, Q, toBytes("v" + i)));
      }
      assertEquals("v5", str(t.get(new Get(toBytes("k05"))).value(F, Q)), "caches a location");
      admin.split(s, toBytes("k20"));
      admin.split(s);
      List<RegionLocation> regions = admin.getRegions(s);
      assertEquals(4, regions.size());
      assertArrayEquals(toBytes("k20"), regions.get(2).region().startKey());
      for (int i = 0; i < 40; i++) {
        assertEquals("v" + i, str(t.get(new Get(toBytes(String.format("k%02d", i))))
            .value(F, Q)));
      }
      assertThrows(IOException.class, () -> admin.split(s, toBytes("k20")),
          "k20 now starts a region");
    }
  }

  @Test
  void flushCompactStatusAndLocations() throws Exception {
    try (Admin admin = conn.getAdmin()) {
      List<RegionLocation> regions = admin.getRegions(T);
      assertEquals(2, regions.size());
      assertArrayEquals(Bytes.EMPTY, regions.get(0).region().startKey());
      assertArrayEquals(toBytes("m"), regions.get(1).region().startKey());
      assertTrue(regions.get(0).server().startsWith("localhost," + basalt.thriftPort() + ","),
          regions.get(0).server());
      assertEquals(regions.get(1), admin.locateRegion(T, toBytes("x")));
      assertEquals(regions.get(0), admin.locateRegion(T, toBytes("a")));

      table.put(new Put(toBytes("fl-a")).addColumn(F, Q, toBytes("1")));
      table.put(new Put(toBytes("fl-z")).addColumn(F, Q, toBytes("1")));
      ServerStatus before = admin.getServerStatus();
      assertEquals(regions.get(0).server(), before.serverName());
      admin.flush(T);
      ServerStatus flushed = admin.getServerStatus();
      assertTrue(flushed.storeFiles() > before.storeFiles(), before + " then " + flushed);
      table.put(new Put(toBytes("fl-a")).addColumn(F, Q, toBytes("2")));
      admin.flush(T);
      admin.compact(T);
      admin.majorCompact(T); // queued, as HBase's: wait as its users do
      Await.until("the major compaction", 30_000, () -> {
        try {
          return admin.getCompactionState(T) == CompactionState.NONE;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      ServerStatus compacted = admin.getServerStatus();
      assertTrue(compacted.storeFiles() <= 2 * compacted.regions(), compacted.toString());
      assertEquals("2", str(table.get(new Get(toBytes("fl-a"))).value(F, Q)));
      assertTrue(compacted.regions() >= 2);
    }
  }

  @Test
  void anUnreachableServerFailsTheConnectionAtOnce() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    IOException e = assertThrows(IOException.class,
        () -> ConnectionFactory.createConnection("localhost", dead));
    assertTrue(e.getMessage().contains("localhost:" + dead), e.getMessage());
  }

  @Test
  void oneConnectionServesManyThreads() throws Exception {
    int threads = 8;
    int perThread = 200;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          Table tbl = conn.getTable(T);
          for (int i = 0; i < perThread; i++) {
            byte[] row = toBytes(String.format("mt-%d-%04d", id, i));
            tbl.put(new Put(row).addColumn(F, Q, toBytes(id + "/" + i)));
            assertEquals(id + "/" + i, str(tbl.get(new Get(row)).value(F, Q)));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(threads * perThread,
        rows(table.getScanner(new Scan().setRowPrefixFilter(toBytes("mt-")))).size());
  }

  @Test
  void closedConnectionRefusesWork() throws Exception {
    Connection c = ConnectionFactory.createConnection("localhost", basalt.thriftPort());
    Table t = c.getTable(T);
    t.put(new Put(toBytes("closing")).addColumn(F, Q, toBytes("v")));
    c.close();
    assertTrue(c.isClosed());
    assertThrows(IllegalStateException.class, () -> c.getTable(T));
    assertThrows(IllegalStateException.class, () -> t.get(new Get(toBytes("closing"))));
  }
}
