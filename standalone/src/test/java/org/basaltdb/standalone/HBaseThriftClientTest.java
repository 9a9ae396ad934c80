package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift2.generated.TAppend;
import org.apache.hadoop.hbase.thrift2.generated.TColumn;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TColumnIncrement;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.TCompareOp;
import org.apache.hadoop.hbase.thrift2.generated.TDelete;
import org.apache.hadoop.hbase.thrift2.generated.TDeleteType;
import org.apache.hadoop.hbase.thrift2.generated.TGet;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TIOError;
import org.apache.hadoop.hbase.thrift2.generated.TIllegalArgument;
import org.apache.hadoop.hbase.thrift2.generated.TIncrement;
import org.apache.hadoop.hbase.thrift2.generated.TMutation;
import org.apache.hadoop.hbase.thrift2.generated.TNamespaceDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.hadoop.hbase.thrift2.generated.TRowMutations;
import org.apache.hadoop.hbase.thrift2.generated.TScan;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.hadoop.hbase.thrift2.generated.TThriftServerType;
import org.apache.hadoop.hbase.thrift2.generated.TTimeRange;
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
 * Basalt standalone through its Thrift port, driven by Apache HBase 2.6.1's own generated
 * Thrift2 client classes over an unframed binary socket: what an unmodified HBase Thrift client
 * in any language sends.
 */
class HBaseThriftClientTest {
  @TempDir
  static Path dir;

  static Standalone basalt;
  TSocket socket;
  THBaseService.Client client;

  static final ByteBuffer T = bb("t");
  static final TTableName TN = new TTableName(bb("t")).setNs(bb("default"));

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
    socket = new TSocket("127.0.0.1", basalt.thriftPort());
    socket.open();
    client = new THBaseService.Client(new TBinaryProtocol(socket));
    if (!client.tableExists(TN)) {
      TTableDescriptor d = new TTableDescriptor(TN);
      d.addToColumns(new TColumnFamilyDescriptor(bb("f")).setMaxVersions(5));
      d.addToColumns(new TColumnFamilyDescriptor(bb("g")));
      client.createTable(d, List.of(bb("m")));
    }
  }

  @AfterEach
  void disconnect() {
    socket.close();
  }

  static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private void put(String row, String fam, String q, long ts, String v) throws Exception {
    TColumnValue cv = new TColumnValue(bb(fam), bb(q), bb(v));
    if (ts > 0) {
      cv.setTimestamp(ts);
    }
    client.put(T, new TPut(bb(row), List.of(cv)));
  }

  private List<String> values(TResult r) {
    List<String> out = new ArrayList<>();
    if (r.getColumnValues() != null) {
      for (TColumnValue cv : r.getColumnValues()) {
        out.add(str(cv.getValue()));
      }
    }
    return out;
  }

  @Test
  void metadataOfTheServer() throws Exception {
    assertEquals(TThriftServerType.TWO, client.getThriftServerType());
    assertEquals(basalt.master().clusterId(), client.getClusterId());
    assertTrue(client.tableExists(TN));
    assertTrue(client.isTableEnabled(TN));
    assertTrue(client.isTableAvailable(TN));
    TTableDescriptor d = client.getTableDescriptor(TN);
    assertEquals(2, d.getColumnsSize());
    assertEquals(2, client.getAllRegionLocations(T).size());
    assertArrayEquals("m".getBytes(), client.getRegionLocation(T, bb("zz"), false)
        .getRegionInfo().getStartKey());
    assertTrue(client.getTableNamesByPattern("t", false).size() >= 1);
    assertTrue(client.listNamespaces().contains("default"));
  }

  @Test
  void putGetVersionsAndTimeRanges() throws Exception {
    for (int ts = 1; ts <= 4; ts++) {
      put("pv", "f", "q", ts, "v" + ts);
    }
    assertEquals(List.of("v4"), values(client.get(T, new TGet(bb("pv")))));
    assertEquals(List.of("v4", "v3", "v2"), values(client.get(T, new TGet(bb("pv"))
        .setMaxVersions(3))));
    assertEquals(List.of("v2"), values(client.get(T, new TGet(bb("pv"))
        .setTimeRange(new TTimeRange(2, 3)))));
    assertEquals(List.of("v3"), values(client.get(T, new TGet(bb("pv")).setTimestamp(3))));
    assertTrue(client.exists(T, new TGet(bb("pv"))));
    assertFalse(client.exists(T, new TGet(bb("nope"))));
    assertEquals(List.of(true, false), client.existsAll(T, List.of(new TGet(bb("pv")),
        new TGet(bb("nope")))));
    List<TResult> multi = client.getMultiple(T, List.of(new TGet(bb("pv")), new TGet(bb("zz"))));
    assertEquals(2, multi.size());
  }

  @Test
  void everyDeleteKind() throws Exception {
    for (int ts = 1; ts <= 3; ts++) {
      put("dk", "f", "a", ts, "a" + ts);
      put("dk", "f", "b", ts, "b" + ts);
      put("dk", "g", "c", ts, "c" + ts);
    }
    // The latest version of f:a only.
    client.deleteSingle(T, new TDelete(bb("dk")).setColumns(List.of(new TColumn(bb("f"))
        .setQualifier(bb("a")))).setDeleteType(TDeleteType.DELETE_COLUMN));
    assertEquals(List.of("a2", "a1"), values(client.get(T, new TGet(bb("dk"))
        .setColumns(List.of(new TColumn(bb("f")).setQualifier(bb("a")))).setMaxVersions(5))));
    // All versions of f:b.
    client.deleteSingle(T, new TDelete(bb("dk")).setColumns(List.of(new TColumn(bb("f"))
        .setQualifier(bb("b")))).setDeleteType(TDeleteType.DELETE_COLUMNS));
    // Family g at or before 2.
    // (With columns, HBase's Thrift2 takes timestamps from each TColumn, not from the TDelete.)
    client.deleteSingle(T, new TDelete(bb("dk")).setColumns(List.of(new TColumn(bb("g"))
        .setTimestamp(2))).setDeleteType(TDeleteType.DELETE_FAMILY));
    assertEquals(List.of("a2", "a1", "c3"), values(client.get(T, new TGet(bb("dk"))
        .setMaxVersions(5))));
    // Family version: everything of f at exactly ts 2.
    client.deleteSingle(T, new TDelete(bb("dk")).setColumns(List.of(new TColumn(bb("f"))
        .setTimestamp(2))).setDeleteType(TDeleteType.DELETE_FAMILY_VERSION));
    assertEquals(List.of("a1", "c3"), values(client.get(T, new TGet(bb("dk")).setMaxVersions(5))));
    // The whole row.
    client.deleteMultiple(T, List.of(new TDelete(bb("dk"))));
    assertTrue(values(client.get(T, new TGet(bb("dk")))).isEmpty());
  }

  @Test
  void atomicOperations() throws Exception {
    TResult r = client.increment(T, new TIncrement(bb("ctr"), List.of(new TColumnIncrement(
        bb("f"), bb("n")).setAmount(5))));
    assertEquals(5L, ByteBuffer.wrap(r.getColumnValues().get(0).getValue()).getLong());
    r = client.increment(T, new TIncrement(bb("ctr"), List.of(new TColumnIncrement(bb("f"),
        bb("n")).setAmount(-2))));
    assertEquals(3L, ByteBuffer.wrap(r.getColumnValues().get(0).getValue()).getLong());
    put("ap", "f", "s", 0, "ab");
    r = client.append(T, new TAppend(bb("ap"), List.of(new TColumnValue(bb("f"), bb("s"),
        bb("cd")))));
    assertEquals("abcd", str(r.getColumnValues().get(0).getValue()));

    TPut p = new TPut(bb("cas"), List.of(new TColumnValue(bb("f"), bb("x"), bb("1"))));
    assertTrue(client.checkAndPut(T, bb("cas"), bb("f"), bb("x"), null, p), "absent");
    assertFalse(client.checkAndPut(T, bb("cas"), bb("f"), bb("x"), null, p), "now present");
    assertTrue(client.checkAndDelete(T, bb("cas"), bb("f"), bb("x"), bb("1"),
        new TDelete(bb("cas"))));
    // A new row: a put in the same millisecond as the row delete above would be masked by it,
    // in HBase as here.
    put("cam", "f", "x", 0, "5");
    TRowMutations rm = new TRowMutations(bb("cam"), List.of(
        TMutation.put(new TPut(bb("cam"), List.of(new TColumnValue(bb("f"), bb("y"), bb("2"))))),
        TMutation.deleteSingle(new TDelete(bb("cam")).setColumns(List.of(new TColumn(bb("f"))
            .setQualifier(bb("x")))).setDeleteType(TDeleteType.DELETE_COLUMNS))));
    // operand 3 LESS stored 5 holds
    assertTrue(client.checkAndMutate(T, bb("cam"), bb("f"), bb("x"), TCompareOp.LESS, bb("3"),
        rm));
    assertEquals(List.of("2"), values(client.get(T, new TGet(bb("cam")))));
    client.mutateRow(T, new TRowMutations(bb("cam"), List.of(TMutation.put(new TPut(bb("cam"),
        List.of(new TColumnValue(bb("g"), bb("z"), bb("3"))))))));
    assertEquals(List.of("2", "3"), values(client.get(T, new TGet(bb("cam")))));
  }

  @Test
  void scansAcrossRegionsInBothDirectionsWithFiltersAndBatches() throws Exception {
    List<TPut> puts = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      puts.add(new TPut(bb("y" + c), List.of(new TColumnValue(bb("f"), bb("q1"), bb("1" + c)),
          new TColumnValue(bb("f"), bb("q2"), bb("2" + c)))));
    }
    client.putMultiple(T, puts);
    int id = client.openScanner(T, new TScan().setStartRow(bb("ya")).setStopRow(bb("z")));
    int rows = 0;
    for (List<TResult> batch = client.getScannerRows(id, 7); !batch.isEmpty();
        batch = client.getScannerRows(id, 7)) {
      rows += batch.size();
    }
    client.closeScanner(id);
    assertEquals(26, rows);
    List<TResult> rev = client.getScannerResults(T, new TScan().setStartRow(bb("yz"))
        .setStopRow(bb("yw")).setReversed(true), 100);
    assertEquals(List.of("yz", "yy", "yx"), rev.stream().map(x -> str(x.getRow())).toList());
    List<TResult> filtered = client.getScannerResults(T, new TScan().setStartRow(bb("ya"))
        .setStopRow(bb("z")).setFilterString(bb(
            "RowFilter(>=, 'binary:yx') AND QualifierFilter(=, 'binary:q2')")), 100);
    assertEquals(List.of("2x", "2y", "2z"), filtered.stream()
        .flatMap(x -> values(x).stream()).toList());
    List<TResult> batched = client.getScannerResults(T, new TScan().setStartRow(bb("ya"))
        .setStopRow(bb("yc")).setBatchSize(1), 100);
    assertEquals(4, batched.size(), "two rows of two cells, one cell per result");
    assertEquals(3, client.getScannerResults(T, new TScan().setStartRow(bb("ya"))
        .setLimit(3), 100).size());
  }

  @Test
  void ddlThroughThrift() throws Exception {
    TTableName x = new TTableName(bb("x")).setNs(bb("ns1"));
    client.createNamespace(new TNamespaceDescriptor("ns1"));
    client.createTable(new TTableDescriptor(x).setColumns(List.of(
        new TColumnFamilyDescriptor(bb("f")))), null);
    client.put(bb("ns1:x"), new TPut(bb("r"), List.of(new TColumnValue(bb("f"), bb("q"),
        bb("v")))));
    client.addColumnFamily(x, new TColumnFamilyDescriptor(bb("h")).setMaxVersions(2));
    assertEquals(2, client.getTableDescriptor(x).getColumnsSize());
    client.deleteColumnFamily(x, bb("h"));
    client.disableTable(x);
    assertTrue(client.isTableDisabled(x));
    TIOError e = assertThrows(TIOError.class, () -> client.get(bb("ns1:x"), new TGet(bb("r"))));
    assertTrue(e.getMessage().contains("disabled"), e.getMessage());
    client.enableTable(x);
    assertEquals(List.of("v"), values(client.get(bb("ns1:x"), new TGet(bb("r")))));
    client.disableTable(x);
    client.truncateTable(x, false);
    assertTrue(values(client.get(bb("ns1:x"), new TGet(bb("r")))).isEmpty());
    client.disableTable(x);
    client.deleteTable(x);
    assertFalse(client.tableExists(x));
    client.deleteNamespace("ns1");
    assertFalse(client.listNamespaces().contains("ns1"));
  }

  @Test
  void badRequestsGetClearErrorsAndTheServerKeepsServing() throws Exception {
    TIOError noTable = assertThrows(TIOError.class,
        () -> client.get(bb("missing"), new TGet(bb("r"))));
    assertTrue(noTable.getMessage().contains("does not exist"), noTable.getMessage());
    TIOError noFamily = assertThrows(TIOError.class, () -> client.put(T,
        new TPut(bb("r"), List.of(new TColumnValue(bb("nofam"), bb("q"), bb("v"))))));
    assertTrue(noFamily.getMessage().contains("nofam"), noFamily.getMessage());
    assertThrows(TIllegalArgument.class, () -> client.getScannerRows(987654, 10));
    assertThrows(TIllegalArgument.class, () -> client.getScannerRows(
        client.openScanner(T, new TScan()), -5));
    TIOError badFilter = assertThrows(TIOError.class, () -> client.openScanner(T,
        new TScan().setFilterString(bb("PrefixFilter('a'"))));
    assertTrue(badFilter.getMessage().contains("position"), badFilter.getMessage());
    TIOError emptyRow = assertThrows(TIOError.class,
        () -> client.get(T, new TGet(ByteBuffer.allocate(0))));
    assertTrue(emptyRow.getMessage().contains("empty"), emptyRow.getMessage());

    // Garbage, a truncated frame and an oversized string on other connections: each of those
    // connections is dropped; this client goes on.
    for (byte[] junk : new byte[][] {
        "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 'g'},
        {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 'g', 'e', 't', 0, 0, 0, 1,
            0x0B, 0x00, 0x01, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}}) {
      try (Socket s = new Socket("127.0.0.1", basalt.thriftPort())) {
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
    put("still", "f", "q", 0, "works");
    assertEquals(List.of("works"), values(client.get(T, new TGet(bb("still")))));
  }

  @Test
  void anUnknownMethodGetsAnApplicationErrorAndTheConnectionGoesOn() throws Exception {
    TBinaryProtocol prot = new TBinaryProtocol(socket);
    prot.writeMessageBegin(new org.apache.thrift.protocol.TMessage("noSuchMethod",
        org.apache.thrift.protocol.TMessageType.CALL, 7));
    prot.writeStructBegin(new org.apache.thrift.protocol.TStruct("args"));
    prot.writeFieldStop();
    prot.writeStructEnd();
    prot.writeMessageEnd();
    prot.getTransport().flush();
    org.apache.thrift.protocol.TMessage reply = prot.readMessageBegin();
    assertEquals(org.apache.thrift.protocol.TMessageType.EXCEPTION, reply.type);
    org.apache.thrift.TApplicationException e = org.apache.thrift.TApplicationException.readFrom(
        prot);
    prot.readMessageEnd();
    assertEquals(org.apache.thrift.TApplicationException.UNKNOWN_METHOD, e.getType());
    assertTrue(client.tableExists(TN), "the same connection still serves requests");
  }

  @Test
  void adminServiceFlushesCompactsAndReports() throws Exception {
    put("adm", "f", "q", 0, "v");
    try (TSocket s = new TSocket("127.0.0.1", basalt.adminPort())) {
      s.open();
      org.basaltdb.thrift.generated.admin.BasaltAdmin.Client admin =
          new org.basaltdb.thrift.generated.admin.BasaltAdmin.Client(new TBinaryProtocol(s));
      admin.flushTable("t");
      admin.compactTable("t", true);
      var status = admin.status();
      assertTrue(status.getRegions() >= 3, "meta and the two regions of t: " + status);
      assertTrue(status.getStoreFiles() >= 1);
      assertEquals(2, admin.regions("t").size());
      var e = assertThrows(org.basaltdb.thrift.generated.admin.TAdminError.class,
          () -> admin.flushTable("missing"));
      assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
    assertEquals(List.of("v"), values(client.get(T, new TGet(bb("adm")))));
  }
}
