package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift.generated.AlreadyExists;
import org.apache.hadoop.hbase.thrift.generated.BatchMutation;
import org.apache.hadoop.hbase.thrift.generated.ColumnDescriptor;
import org.apache.hadoop.hbase.thrift.generated.Hbase;
import org.apache.hadoop.hbase.thrift.generated.IOError;
import org.apache.hadoop.hbase.thrift.generated.IllegalArgument;
import org.apache.hadoop.hbase.thrift.generated.Mutation;
import org.apache.hadoop.hbase.thrift.generated.TAppend;
import org.apache.hadoop.hbase.thrift.generated.TCell;
import org.apache.hadoop.hbase.thrift.generated.TColumn;
import org.apache.hadoop.hbase.thrift.generated.TIncrement;
import org.apache.hadoop.hbase.thrift.generated.TRegionInfo;
import org.apache.hadoop.hbase.thrift.generated.TRowResult;
import org.apache.hadoop.hbase.thrift.generated.TScan;
import org.apache.hadoop.hbase.thrift.generated.TThriftServerType;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basalt standalone through its Thrift1 port, driven by Apache HBase 2.6.1's own generated
 * Thrift1 client ({@code Hbase.Client}) over an unframed binary socket. The first test makes
 * exactly the calls happybase 1.x makes, in its order and with its arguments (families named
 * {@code cf:}, empty attribute maps, row deletes as one delete Mutation per family name without
 * a colon, {@code versions = 2^31 - 1} when cells() is given none); the others pin HBase's
 * semantics of this API.
 */
class HBaseThrift1ClientTest {
  @TempDir
  static Path dir;

  static Standalone basalt;
  TSocket socket;
  Hbase.Client client;

  static final Map<ByteBuffer, ByteBuffer> NO_ATTRS = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    ServerConfig.THRIFT_MAX_STRING.set(conf, 1 << 20);
    basalt = Standalone.start(conf);
  }

  @AfterAll
  static void stop() throws Exception {
    basalt.close();
  }

  @BeforeEach
  void connect() throws Exception {
    socket = new TSocket("127.0.0.1", basalt.thrift1Port());
    socket.open();
    client = new Hbase.Client(new TBinaryProtocol(socket));
  }

  @AfterEach
  void disconnect() {
    socket.close();
  }

  static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String str(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static List<ByteBuffer> bbs(String... ss) {
    List<ByteBuffer> out = new ArrayList<>();
    for (String s : ss) {
      out.add(bb(s));
    }
    return out;
  }

  static Mutation put(String column, String value) {
    return new Mutation().setIsDelete(false).setColumn(bb(column)).setValue(bb(value))
        .setWriteToWAL(true);
  }

  static Mutation delete(String column) {
    return new Mutation().setIsDelete(true).setColumn(bb(column)).setWriteToWAL(true);
  }

  /** happybase's make_row: column name to value. */
  static Map<String, String> row(TRowResult r) {
    Map<String, String> out = new java.util.TreeMap<>();
    r.getColumns().forEach((k, v) -> out.put(str(k), str(v.getValue())));
    return out;
  }

  void createTable(String name, String... families) throws Exception {
    List<ColumnDescriptor> cds = new ArrayList<>();
    for (String f : families) {
      cds.add(new ColumnDescriptor().setName(bb(f + ":"))); // happybase appends the colon
    }
    client.createTable(bb(name), cds);
  }

  @Test
  void happybaseCallSequence() throws Exception {
    // connection.create_table('hb', {'cf1': dict(), 'cf2': dict(max_versions=5)})
    ColumnDescriptor cf2 = new ColumnDescriptor().setName(bb("cf2:")).setMaxVersions(5);
    client.createTable(bb("hb"), List.of(new ColumnDescriptor().setName(bb("cf1:")), cf2));
    // connection.tables()
    assertTrue(client.getTableNames().stream().map(HBaseThrift1ClientTest::str)
        .toList().contains("hb"));
    // table.families()
    Map<ByteBuffer, ColumnDescriptor> families = client.getColumnDescriptors(bb("hb"));
    assertEquals(List.of("cf1:", "cf2:"),
        families.keySet().stream().map(HBaseThrift1ClientTest::str).sorted().toList());
    assertEquals(5, families.get(bb("cf2:")).getMaxVersions());
    assertEquals(3, families.get(bb("cf1:")).getMaxVersions());
    // table.regions()
    List<TRegionInfo> regions = client.getTableRegions(bb("hb"));
    assertEquals(1, regions.size());
    assertEquals(0, regions.get(0).getStartKey().length);
    assertTrue(regions.get(0).getPort() > 0);
    assertTrue(str(regions.get(0).getName()).startsWith("hb,,"));

    // table.put(b'r1', {b'cf1:a': b'1', b'cf2:x': b'v1'}) -> batch.send()
    client.mutateRows(bb("hb"), List.of(new BatchMutation(bb("r1"),
        List.of(put("cf1:a", "1"), put("cf2:x", "v1")))), NO_ATTRS);
    // table.put(b'r2', {...}, timestamp=100) -> mutateRowsTs
    client.mutateRowsTs(bb("hb"), List.of(new BatchMutation(bb("r2"),
        List.of(put("cf1:a", "old"), put("cf2:x", "x100")))), 100, NO_ATTRS);
    client.mutateRowsTs(bb("hb"), List.of(new BatchMutation(bb("r2"),
        List.of(put("cf2:x", "x200")))), 200, NO_ATTRS);
    // table.row(b'r1') with columns=None: the columns argument is left unset
    List<TRowResult> r1 = client.getRowWithColumns(bb("hb"), bb("r1"), null, NO_ATTRS);
    assertEquals(1, r1.size());
    assertEquals("r1", str(r1.get(0).getRow()));
    assertEquals(Map.of("cf1:a", "1", "cf2:x", "v1"), row(r1.get(0)));
    // table.row(b'r1', columns=[b'cf1']): a family without a colon is the whole family
    assertEquals(Map.of("cf1:a", "1"), row(client.getRowWithColumns(bb("hb"), bb("r1"),
        bbs("cf1"), NO_ATTRS).get(0)));
    // table.row(b'r2', timestamp=200): older than 200
    assertEquals(Map.of("cf1:a", "old", "cf2:x", "x100"), row(client.getRowWithColumnsTs(
        bb("hb"), bb("r2"), null, 200, NO_ATTRS).get(0)));
    // table.row of a missing row: an empty list, happybase returns {}
    assertEquals(List.of(), client.getRowWithColumns(bb("hb"), bb("nope"), null, NO_ATTRS));
    // table.rows([b'r1', b'nope', b'r2'], columns=[b'cf2:x'])
    List<TRowResult> rows = client.getRowsWithColumns(bb("hb"), bbs("r1", "nope", "r2"),
        bbs("cf2:x"), NO_ATTRS);
    assertEquals(List.of("r1", "r2"), rows.stream().map(r -> str(r.getRow())).toList());
    assertEquals(Map.of("cf2:x", "x200"), row(rows.get(1)));
    assertEquals(Map.of("cf2:x", "x100"), row(client.getRowsWithColumnsTs(bb("hb"),
        bbs("r2"), bbs("cf2:x"), 150, NO_ATTRS).get(0)));
    // table.cells(b'r2', b'cf2:x') with versions=None -> (1 << 31) - 1
    List<TCell> cells = client.getVer(bb("hb"), bb("r2"), bb("cf2:x"), Integer.MAX_VALUE,
        NO_ATTRS);
    assertEquals(List.of("x200", "x100"), cells.stream().map(c -> str(c.getValue())).toList());
    assertEquals(List.of(200L, 100L), cells.stream().map(TCell::getTimestamp).toList());
    // table.cells(b'r2', b'cf2:x', versions=5, timestamp=200)
    cells = client.getVerTs(bb("hb"), bb("r2"), bb("cf2:x"), 200, 5, NO_ATTRS);
    assertEquals(List.of("x100"), cells.stream().map(c -> str(c.getValue())).toList());

    // table.scan(row_start=b'r', batch_size=1, scan_batching=..., filter=...)
    for (int i = 0; i < 5; i++) {
      client.mutateRows(bb("hb"), List.of(new BatchMutation(bb("s" + i),
          List.of(put("cf1:a", "a" + i), put("cf1:b", "b" + i)))), NO_ATTRS);
    }
    TScan scan = new TScan().setStartRow(bb("s")).setStopRow(bb("t")).setCaching(2)
        .setSortColumns(false).setReversed(false);
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), scanRows(scan, 2));
    // reversed, with a filter string, batch size (each row cut in one-column parts)
    scan = new TScan().setStartRow(bb("s3")).setStopRow(bb("s0")).setReversed(true)
        .setCaching(10);
    assertEquals(List.of("s3", "s2", "s1"), scanRows(scan, 10));
    scan = new TScan().setStartRow(bb("s")).setStopRow(bb("t"))
        .setFilterString(bb("PrefixFilter('s2')")).setCaching(1000);
    assertEquals(List.of("s2"), scanRows(scan, 1000));
    scan = new TScan().setStartRow(bb("s0")).setStopRow(bb("s2")).setBatchSize(1)
        .setColumns(bbs("cf1"));
    assertEquals(List.of("s0", "s0", "s1", "s1"), scanRows(scan, 100));
    // sorted_columns=True
    int id = client.scannerOpenWithScan(bb("hb"), new TScan().setStartRow(bb("s1"))
        .setStopRow(bb("s2")).setSortColumns(true), NO_ATTRS);
    List<TRowResult> sorted = client.scannerGetList(id, 10);
    client.scannerClose(id);
    List<TColumn> sc = sorted.get(0).getSortedColumns();
    assertEquals(List.of("cf1:a", "cf1:b"), sc.stream().map(c -> str(c.getColumnName())).toList());
    assertFalse(sorted.get(0).isSetColumns());

    // table.counter_inc / counter_dec / counter_get (counter_inc with value 0)
    assertEquals(1, client.atomicIncrement(bb("hb"), bb("c"), bb("cf1:n"), 1));
    assertEquals(11, client.atomicIncrement(bb("hb"), bb("c"), bb("cf1:n"), 10));
    assertEquals(8, client.atomicIncrement(bb("hb"), bb("c"), bb("cf1:n"), -3));
    assertEquals(8, client.atomicIncrement(bb("hb"), bb("c"), bb("cf1:n"), 0));
    // counter_set: a put of 8-byte big-endian; then increments continue from it
    Mutation set = new Mutation().setColumn(bb("cf1:n"))
        .setValue(ByteBuffer.allocate(8).putLong(0, 42)).setWriteToWAL(true);
    client.mutateRows(bb("hb"), List.of(new BatchMutation(bb("c"), List.of(set))), NO_ATTRS);
    assertEquals(43, client.atomicIncrement(bb("hb"), bb("c"), bb("cf1:n"), 1));
    byte[] stored = client.getVer(bb("hb"), bb("c"), bb("cf1:n"), 1, NO_ATTRS).get(0)
        .getValue();
    assertArrayEquals(ByteBuffer.allocate(8).putLong(43).array(), stored);

    // table.delete(b'r1', columns=[b'cf2:x'])
    client.mutateRows(bb("hb"), List.of(new BatchMutation(bb("r1"), List.of(delete("cf2:x")))),
        NO_ATTRS);
    assertEquals(Map.of("cf1:a", "1"), row(client.getRowWithColumns(bb("hb"), bb("r1"), null,
        NO_ATTRS).get(0)));
    // table.delete(b'r2'): one delete Mutation per family name, without a colon
    client.mutateRows(bb("hb"), List.of(new BatchMutation(bb("r2"),
        List.of(delete("cf1"), delete("cf2")))), NO_ATTRS);
    assertEquals(List.of(), client.getRowWithColumns(bb("hb"), bb("r2"), null, NO_ATTRS));
    // a timestamped delete (batch(timestamp=...)) removes versions at or before it
    client.mutateRowsTs(bb("hb"), List.of(new BatchMutation(bb("r3"),
        List.of(put("cf2:x", "v10")))), 10, NO_ATTRS);
    client.mutateRowsTs(bb("hb"), List.of(new BatchMutation(bb("r3"),
        List.of(put("cf2:x", "v20")))), 20, NO_ATTRS);
    client.mutateRowsTs(bb("hb"), List.of(new BatchMutation(bb("r3"),
        List.of(delete("cf2:x")))), 10, NO_ATTRS);
    assertEquals(List.of("v20"), client.getVer(bb("hb"), bb("r3"), bb("cf2:x"), 10, NO_ATTRS)
        .stream().map(c -> str(c.getValue())).toList());

    // connection.compact_table / disable / is_table_enabled / enable / delete_table(disable=True)
    client.compact(bb("hb"));
    client.majorCompact(bb("hb"));
    client.disableTable(bb("hb"));
    assertFalse(client.isTableEnabled(bb("hb")));
    client.enableTable(bb("hb"));
    assertTrue(client.isTableEnabled(bb("hb")));
    assertEquals("1", str(client.get(bb("hb"), bb("r1"), bb("cf1:a"), NO_ATTRS).get(0)
        .getValue()));
    client.disableTable(bb("hb"));
    client.deleteTable(bb("hb"));
    assertFalse(client.getTableNames().stream().map(HBaseThrift1ClientTest::str).toList()
        .contains("hb"));
    assertEquals(List.of(), client.getTableRegions(bb("hb")));
  }

  /** happybase's scan loop: scannerGetList until an empty list, then scannerClose. */
  List<String> scanRows(TScan scan, int batch) throws Exception {
    int id = client.scannerOpenWithScan(bb("hb"), scan, NO_ATTRS);
    List<String> out = new ArrayList<>();
    try {
      while (true) {
        List<TRowResult> items = client.scannerGetList(id, batch);
        if (items.isEmpty()) {
          return out;
        }
        for (TRowResult r : items) {
          out.add(str(r.getRow()));
        }
      }
    } finally {
      client.scannerClose(id);
    }
  }

  @Test
  void mutateRowAppliesDeletesBeforePutsAndColumnDeletesRemoveEveryVersion() throws Exception {
    createTable("mr", "f");
    client.mutateRowTs(bb("mr"), bb("r"), List.of(put("f:a", "1"), put("f:b", "1")), 10,
        NO_ATTRS);
    client.mutateRowTs(bb("mr"), bb("r"), List.of(put("f:a", "2")), 20, NO_ATTRS);
    assertEquals(2, client.getVer(bb("mr"), bb("r"), bb("f:a"), 10, NO_ATTRS).size());
    // the delete of f:b and the put of f:c in one call; the delete removes every version of f:a
    client.mutateRow(bb("mr"), bb("r"), List.of(put("f:c", "3"), delete("f:a"), delete("f:b")),
        NO_ATTRS);
    assertEquals(List.of(), client.getVer(bb("mr"), bb("r"), bb("f:a"), 10, NO_ATTRS));
    assertEquals(Map.of("f:c", "3"), row(client.getRow(bb("mr"), bb("r"), NO_ATTRS).get(0)));
    // deleteAll of a column, deleteAllRowTs up to a timestamp
    client.mutateRowTs(bb("mr"), bb("q"), List.of(put("f:a", "old")), 5, NO_ATTRS);
    client.mutateRowTs(bb("mr"), bb("q"), List.of(put("f:b", "new")), 50, NO_ATTRS);
    client.deleteAllRowTs(bb("mr"), bb("q"), 10, NO_ATTRS);
    assertEquals(Map.of("f:b", "new"), row(client.getRow(bb("mr"), bb("q"), NO_ATTRS).get(0)));
    client.deleteAll(bb("mr"), bb("q"), bb("f:b"), NO_ATTRS);
    assertEquals(List.of(), client.getRow(bb("mr"), bb("q"), NO_ATTRS));
    assertEquals(List.of(), client.getRowTs(bb("mr"), bb("r"), 1, NO_ATTRS));
  }

  @Test
  void theRestOfTheService() throws Exception {
    createTable("misc", "f");
    // AlreadyExists, declared
    assertThrows(AlreadyExists.class, () -> createTable("misc", "f"));
    // a bad family option: IllegalArgument naming it; nothing is created
    IllegalArgument bad = assertThrows(IllegalArgument.class, () -> client.createTable(
        bb("badopt"), List.of(new ColumnDescriptor().setName(bb("f:")).setMaxVersions(0))));
    assertTrue(bad.getMessage().contains("maxVersions"), bad.getMessage());
    assertFalse(client.getTableNames().contains(bb("badopt")));
    // a family without a colon in a put: IllegalArgument naming it
    IllegalArgument ia = assertThrows(IllegalArgument.class, () -> client.mutateRow(bb("misc"),
        bb("r"), List.of(put("f", "v")), NO_ATTRS));
    assertTrue(ia.getMessage().contains("whole family"), ia.getMessage());
    // bad scanner ids are IllegalArgument
    assertThrows(IllegalArgument.class, () -> client.scannerGetList(123456, 1));
    assertThrows(IllegalArgument.class, () -> client.scannerClose(123456));
    // reads of a missing table: IOError saying so
    IOError io = assertThrows(IOError.class, () -> client.getRow(bb("missing"), bb("r"),
        NO_ATTRS));
    assertTrue(io.getMessage().contains("missing"), io.getMessage());
    assertThrows(IOError.class, () -> client.deleteTable(bb("missing")));

    client.mutateRow(bb("misc"), bb("a1"), List.of(put("f:x", "1")), NO_ATTRS);
    client.mutateRow(bb("misc"), bb("a2"), List.of(put("f:x", "2")), NO_ATTRS);
    client.mutateRow(bb("misc"), bb("b1"), List.of(put("f:x", "3")), NO_ATTRS);
    // scannerOpenWithPrefix, scannerOpen, scannerGet to the end
    int id = client.scannerOpenWithPrefix(bb("misc"), bb("a"), null, NO_ATTRS);
    assertEquals("a1", str(client.scannerGet(id).get(0).getRow()));
    assertEquals("a2", str(client.scannerGet(id).get(0).getRow()));
    assertEquals(List.of(), client.scannerGet(id));
    client.scannerClose(id);
    id = client.scannerOpenWithStop(bb("misc"), bb("a2"), bb("b1"), bbs("f:x"), NO_ATTRS);
    assertEquals(1, client.scannerGetList(id, 10).size());
    client.scannerClose(id);
    id = client.scannerOpenTs(bb("misc"), bb(""), null, 1, NO_ATTRS);
    assertEquals(List.of(), client.scannerGetList(id, 10)); // nothing older than 1
    client.scannerClose(id);

    // increment, incrementRows, append, checkAndPut
    client.increment(new TIncrement(bb("misc"), bb("n"), bb("f:c"), 5));
    client.incrementRows(List.of(new TIncrement(bb("misc"), bb("n"), bb("f:c"), 2)));
    assertEquals(7, client.atomicIncrement(bb("misc"), bb("n"), bb("f:c"), 0));
    List<TCell> appended = client.append(new TAppend(bb("misc"), bb("a1"), bbs("f:x"),
        bbs("+")));
    assertEquals("1+", str(appended.get(0).getValue()));
    assertFalse(client.checkAndPut(bb("misc"), bb("a1"), bb("f:x"), bb("wrong"),
        put("f:y", "no"), NO_ATTRS));
    assertTrue(client.checkAndPut(bb("misc"), bb("a1"), bb("f:x"), bb("1+"),
        put("f:y", "yes"), NO_ATTRS));
    assertTrue(client.checkAndPut(bb("misc"), bb("zz"), bb("f:x"), null,
        put("f:y", "new"), NO_ATTRS));
    assertEquals("yes", str(client.get(bb("misc"), bb("a1"), bb("f:y"), NO_ATTRS).get(0)
        .getValue()));

    // catalog
    Map<ByteBuffer, Boolean> enabled = client.getTableNamesWithIsTableEnabled();
    assertEquals(Boolean.TRUE, enabled.get(bb("misc")));
    TRegionInfo info = client.getRegionInfo(bb("misc,a1,"));
    assertEquals("misc", str(info.getName()).split(",")[0]);
    assertThrows(IOError.class, () -> client.getRegionInfo(bb("no commas")));
    assertEquals(TThriftServerType.ONE, client.getThriftServerType());
    assertNotNull(client.getClusterId());
    assertFalse(client.getClusterId().isEmpty());
  }

  /** The read, delete and scanner variants the tests above do not call, HBase's way. */
  @Test
  void theRemainingVariants() throws Exception {
    createTable("var", "f", "g");
    client.mutateRowTs(bb("var"), bb("r1"), List.of(put("f:a", "a10"), put("g:b", "b10")), 10,
        NO_ATTRS);
    client.mutateRowTs(bb("var"), bb("r1"), List.of(put("f:a", "a20")), 20, NO_ATTRS);
    client.mutateRowTs(bb("var"), bb("r2"), List.of(put("f:a", "x30")), 30, NO_ATTRS);
    // get of a family (no colon): the newest cell of each of its columns
    assertEquals(List.of("a20"), client.get(bb("var"), bb("r1"), bb("f"), NO_ATTRS).stream()
        .map(c -> str(c.getValue())).toList());
    // getRows, getRowsTs (older than 20: r2 has nothing, so it is left out)
    assertEquals(List.of(Map.of("f:a", "a20", "g:b", "b10"), Map.of("f:a", "x30")),
        client.getRows(bb("var"), bbs("r1", "r2"), NO_ATTRS).stream()
            .map(HBaseThrift1ClientTest::row).toList());
    List<TRowResult> older = client.getRowsTs(bb("var"), bbs("r1", "r2"), 20, NO_ATTRS);
    assertEquals(List.of("r1"), older.stream().map(r -> str(r.getRow())).toList());
    assertEquals(Map.of("f:a", "a10", "g:b", "b10"), row(older.get(0)));
    // scannerOpen from a start row; scannerOpenWithStopTs: [start, stop), older than 25
    int id = client.scannerOpen(bb("var"), bb("r2"), null, NO_ATTRS);
    assertEquals(List.of("r2"), client.scannerGetList(id, 10).stream()
        .map(r -> str(r.getRow())).toList());
    client.scannerClose(id);
    id = client.scannerOpenWithStopTs(bb("var"), bb(""), bb("r3"), bbs("f"), 25, NO_ATTRS);
    List<TRowResult> scanned = client.scannerGetList(id, 10);
    client.scannerClose(id);
    assertEquals(1, scanned.size());
    assertEquals(Map.of("f:a", "a20"), row(scanned.get(0)));
    // getVer with numVersions 0: an IOError, as HBase's Get.readVersions refuses it
    IOError zero = assertThrows(IOError.class, () -> client.getVer(bb("var"), bb("r1"),
        bb("f:a"), 0, NO_ATTRS));
    assertTrue(zero.getMessage().contains("numVersions"), zero.getMessage());
    // deleteAllTs of a family up to 10; deleteAllRow of everything left
    client.deleteAllTs(bb("var"), bb("r1"), bb("f"), 10, NO_ATTRS);
    assertEquals(List.of("a20"), client.getVer(bb("var"), bb("r1"), bb("f:a"), 5, NO_ATTRS)
        .stream().map(c -> str(c.getValue())).toList());
    client.deleteAllRow(bb("var"), bb("r1"), NO_ATTRS);
    assertEquals(List.of(), client.getRow(bb("var"), bb("r1"), NO_ATTRS));
  }

  /**
   * The order of the two writes HBase makes, seen through a write that fails (a family the
   * table lacks): mutateRow's deletes go first, so its put is never made; mutateRows' puts go
   * first, so they are made before its deletes fail.
   */
  @Test
  void mutateRowDeletesFirstAndMutateRowsPutsFirst() throws Exception {
    createTable("order", "f");
    assertThrows(IOError.class, () -> client.mutateRow(bb("order"), bb("r"),
        List.of(put("f:a", "1"), delete("nofamily")), NO_ATTRS));
    assertEquals(List.of(), client.getRow(bb("order"), bb("r"), NO_ATTRS));
    assertThrows(IOError.class, () -> client.mutateRows(bb("order"), List.of(
        new BatchMutation(bb("r"), List.of(put("f:a", "1"))),
        new BatchMutation(bb("s"), List.of(delete("nofamily")))), NO_ATTRS));
    assertEquals(Map.of("f:a", "1"), row(client.getRow(bb("order"), bb("r"), NO_ATTRS).get(0)));
  }

  /** HBase's colDescFromThrift: a timeToLive of 0 or less is forever; no family is an IOError. */
  @Test
  void createTableReadsFamiliesAsHBaseDoes() throws Exception {
    client.createTable(bb("ttl"), List.of(new ColumnDescriptor().setName(bb("f:"))
        .setTimeToLive(-1), new ColumnDescriptor().setName(bb("g")).setTimeToLive(60)));
    Map<ByteBuffer, ColumnDescriptor> cds = client.getColumnDescriptors(bb("ttl"));
    assertEquals(Integer.MAX_VALUE, cds.get(bb("f:")).getTimeToLive());
    assertEquals(60, cds.get(bb("g:")).getTimeToLive());
    IOError none = assertThrows(IOError.class, () -> client.createTable(bb("nofamilies"),
        List.of()));
    assertTrue(none.getMessage().contains("column family"), none.getMessage());
    assertFalse(client.getTableNames().contains(bb("nofamilies")));
  }

  /** compact and majorCompact take a region's name (from getTableRegions) or a table's. */
  @Test
  void compactARegionByItsName() throws Exception {
    createTable("cmp", "f");
    org.basaltdb.common.TableName t = org.basaltdb.common.TableName.valueOf("cmp");
    for (String r : List.of("a", "b")) {
      client.mutateRow(bb("cmp"), bb(r), List.of(put("f:q", r)), NO_ATTRS);
      basalt.regionServer().regions(t).get(0).flush();
    }
    assertEquals(2, storeFiles(t));
    ByteBuffer regionName = ByteBuffer.wrap(client.getTableRegions(bb("cmp")).get(0).getName());
    client.compact(regionName); // minor: two files are too few to pick
    client.majorCompact(regionName); // queued, as HBase's Admin does
    org.basaltdb.common.Await.until("the major compaction", 30_000, () -> storeFiles(t) == 1);
    assertEquals(2, client.getRows(bb("cmp"), bbs("a", "b"), NO_ATTRS).size());
    IOError unknown = assertThrows(IOError.class,
        () -> client.majorCompact(bb("cmp,,1.0123456789abcdef0123456789abcdef.")));
    assertTrue(unknown.getMessage().contains("no region"), unknown.getMessage());
    assertThrows(IOError.class, () -> client.compact(bb("nosuchtable")));
  }

  private static int storeFiles(org.basaltdb.common.TableName t) {
    return basalt.regionServer().regions(t).get(0).stores().stream()
        .mapToInt(s -> s.files().size()).sum();
  }

  /** The Thrift2 port's limits hold here too: a bad request drops that connection alone. */
  @Test
  void badInputClosesThatConnectionOnly() throws Exception {
    createTable("bad", "f");
    for (byte[] junk : new byte[][] {
        "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 'g'},
        // get(tableName = a 2 GiB string): over thrift.max.string.length, refused unread
        {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 'g', 'e', 't', 0, 0, 0, 1,
            0x0B, 0x00, 0x01, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}}) {
      try (Socket s = new Socket("127.0.0.1", basalt.thrift1Port())) {
        OutputStream out = s.getOutputStream();
        out.write(junk);
        out.flush();
        s.shutdownOutput();
        s.setSoTimeout(60_000); // only keeps a broken server from hanging the test
        while (s.getInputStream().read() >= 0) {
          // drain until the server closes this connection
        }
      }
    }
    client.mutateRow(bb("bad"), bb("still"), List.of(put("f:q", "works")), NO_ATTRS);
    assertEquals("works", str(client.get(bb("bad"), bb("still"), bb("f:q"), NO_ATTRS).get(0)
        .getValue()));
  }
}
