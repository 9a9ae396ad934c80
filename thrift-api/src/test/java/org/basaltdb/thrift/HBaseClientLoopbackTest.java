package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.hbase.thrift2.generated.TColumn;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.TCompareOp;
import org.apache.hadoop.hbase.thrift2.generated.TDelete;
import org.apache.hadoop.hbase.thrift2.generated.TDeleteType;
import org.apache.hadoop.hbase.thrift2.generated.TDurability;
import org.apache.hadoop.hbase.thrift2.generated.TGet;
import org.apache.hadoop.hbase.thrift2.generated.TIOError;
import org.apache.hadoop.hbase.thrift2.generated.TIllegalArgument;
import org.apache.hadoop.hbase.thrift2.generated.TMutation;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.hadoop.hbase.thrift2.generated.TRowMutations;
import org.apache.hadoop.hbase.thrift2.generated.TScan;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.hadoop.hbase.thrift2.generated.TThriftServerType;
import org.apache.hadoop.hbase.thrift2.generated.TTimeRange;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.thrift.generated.THBaseService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HBase 2.6.1's own generated {@code THBaseService.Client} (unframed TSocket, binary protocol)
 * talking to Basalt's generated {@code THBaseService.Processor}, whose in-test handler turns
 * each request into Basalt's model with {@link ThriftModel} and answers from it. Methods the
 * handler does not implement answer a TIOError, and the connection stays usable.
 */
class HBaseClientLoopbackTest {
  private static final byte[] ROW = Bytes.toBytes("row1");
  private static final byte[] CF = Bytes.toBytes("cf");
  private static final byte[] Q = Bytes.toBytes("q");

  /** What the handler received, converted, by method name. */
  private final Map<String, Object> received = new ConcurrentHashMap<>();
  private TServer server;
  private Thread serverThread;
  private TSocket socket;
  private org.apache.hadoop.hbase.thrift2.generated.THBaseService.Client client;

  @BeforeEach
  void start() throws Exception {
    TServerSocket listen = new TServerSocket(0);
    int port = listen.getServerSocket().getLocalPort();
    THBaseService.Iface handler = (THBaseService.Iface) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {THBaseService.Iface.class}, handler());
    server = new TThreadPoolServer(new TThreadPoolServer.Args(listen)
        .processor(new THBaseService.Processor<>(handler))
        .protocolFactory(new TBinaryProtocol.Factory())
        .minWorkerThreads(1)
        .maxWorkerThreads(4));
    serverThread = new Thread(server::serve, "thrift-loopback");
    serverThread.setDaemon(true);
    serverThread.start();
    socket = new TSocket("127.0.0.1", port);
    socket.open();
    client = new org.apache.hadoop.hbase.thrift2.generated.THBaseService.Client(
        new TBinaryProtocol(socket));
  }

  @AfterEach
  void stop() throws Exception {
    socket.close();
    server.stop();
    serverThread.join(5_000);
  }

  /** Implements a few methods the way a Basalt server would; all others are "not supported". */
  private InvocationHandler handler() {
    return (proxy, method, args) -> {
      try {
        switch (method.getName()) {
          case "get": {
            Get g = ThriftModel.fromThrift((org.basaltdb.thrift.generated.TGet) args[1]);
            received.put("get", g);
            received.put("get.table", ThriftSchema.tableNameFromThrift((ByteBuffer) args[0]));
            return ThriftModel.toThrift(Result.of(List.of(
                Cell.put(g.row(), CF, Q, 20, Bytes.toBytes("new")),
                Cell.put(g.row(), CF, Q, 10, Bytes.toBytes("old")))));
          }
          case "put":
            received.put("put", ThriftModel.fromThrift((org.basaltdb.thrift.generated.TPut) args[1]));
            return null;
          case "deleteSingle":
            received.put("delete",
                ThriftModel.fromThrift((org.basaltdb.thrift.generated.TDelete) args[1]));
            return null;
          case "openScanner":
            received.put("scan",
                ThriftModel.fromThrift((org.basaltdb.thrift.generated.TScan) args[1]));
            return 7;
          case "getScannerRows":
            if ((Integer) args[0] != 7) {
              throw new org.basaltdb.thrift.generated.TIllegalArgument()
                  .setMessage("no scanner " + args[0]);
            }
            return ThriftModel.resultsToThrift(List.of(
                Result.of(List.of(Cell.put(ROW, CF, Q, 5, Bytes.toBytes("v"))))));
          case "checkAndMutate":
            received.put("checkAndMutate", ThriftModel.checkAndMutateFromThrift(
                (ByteBuffer) args[1], (ByteBuffer) args[2], (ByteBuffer) args[3],
                (org.basaltdb.thrift.generated.TCompareOp) args[4], (ByteBuffer) args[5],
                (org.basaltdb.thrift.generated.TRowMutations) args[6]));
            return true;
          case "getTableDescriptor": {
            TableName name = ThriftSchema.fromThrift(
                (org.basaltdb.thrift.generated.TTableName) args[0]);
            return ThriftSchema.toThrift(TableDescriptor.of(name, List.of(
                ColumnFamilyDescriptor.builder("cf").maxVersions(3).ttlSeconds(3600)
                    .keepDeletedCells(KeepDeletedCells.TTL).compression("ZSTD").build()),
                Durability.ASYNC_WAL));
          }
          case "getThriftServerType":
            return org.basaltdb.thrift.generated.TThriftServerType.TWO;
          case "getClusterId":
            return "basalt-test-cluster";
          default:
            throw new org.basaltdb.thrift.generated.TIOError()
                .setMessage(method.getName() + " is not supported by Basalt yet")
                .setCanRetry(false);
        }
      } catch (IllegalArgumentException e) {
        // Methods that declare only TIOError carry bad-argument errors in it.
        throw new org.basaltdb.thrift.generated.TIOError().setMessage(e.getMessage());
      }
    };
  }

  private static ByteBuffer table(String name) {
    return ByteBuffer.wrap(Bytes.toBytes(name));
  }

  @Test
  void getArrivesAndResultComesBack() throws Exception {
    TGet tget = new TGet(ByteBuffer.wrap(ROW));
    tget.setColumns(List.of(new TColumn(ByteBuffer.wrap(CF)).setQualifier(Q)));
    tget.setTimeRange(new TTimeRange(5, 50));
    tget.setMaxVersions(2);
    tget.setFilterString(Bytes.toBytes("ValueFilter(=, 'binary:new')"));
    tget.setCacheBlocks(false);

    TResult r = client.get(table("ns1:t1"), tget);

    Get g = (Get) received.get("get");
    assertEquals(TableName.valueOf("ns1:t1"), received.get("get.table"));
    assertArrayEquals(ROW, g.row());
    assertTrue(g.families().get(CF).contains(Q));
    assertEquals(new TimeRange(5, 50), g.timeRange());
    assertEquals(2, g.maxVersions());
    assertEquals("ValueFilter(=, 'binary:new')", g.filter());
    assertFalse(g.cacheBlocks());

    assertArrayEquals(ROW, r.getRow());
    assertEquals(2, r.getColumnValuesSize());
    TColumnValue newest = r.getColumnValues().get(0);
    assertArrayEquals(CF, newest.getFamily());
    assertArrayEquals(Q, newest.getQualifier());
    assertArrayEquals(Bytes.toBytes("new"), newest.getValue());
    assertEquals(20, newest.getTimestamp());
    assertEquals(4, newest.getType()); // KeyValue.Type.Put
    assertEquals(10, r.getColumnValues().get(1).getTimestamp());
  }

  @Test
  void putAndDeleteArrive() throws Exception {
    TPut tput = new TPut(ByteBuffer.wrap(ROW), List.of(
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), ByteBuffer.wrap(ROW))
            .setTimestamp(99),
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Bytes.toBytes("q2")),
            ByteBuffer.wrap(Bytes.toBytes("x")))));
    tput.setTimestamp(42);
    tput.setDurability(TDurability.FSYNC_WAL);
    client.put(table("t1"), tput);

    Put p = (Put) received.get("put");
    assertEquals(Durability.FSYNC_WAL, p.durability());
    assertEquals(2, p.cells().size());
    assertEquals(99, p.cells().get(0).timestamp());
    assertEquals(42, p.cells().get(1).timestamp());

    TDelete tdelete = new TDelete(ByteBuffer.wrap(ROW));
    tdelete.setColumns(List.of(new TColumn(ByteBuffer.wrap(CF)).setTimestamp(7)));
    tdelete.setDeleteType(TDeleteType.DELETE_FAMILY_VERSION);
    client.deleteSingle(table("t1"), tdelete);

    Delete d = (Delete) received.get("delete");
    assertEquals(1, d.cells().size());
    assertEquals(Cell.Type.DELETE_FAMILY_VERSION, d.cells().get(0).type());
    assertEquals(7, d.cells().get(0).timestamp());
  }

  @Test
  void scannerOpensAndReturnsRows() throws Exception {
    TScan tscan = new TScan();
    tscan.setStartRow(Bytes.toBytes("z"));
    tscan.setStopRow(Bytes.toBytes("a"));
    tscan.setReversed(true);
    tscan.setBatchSize(10);
    tscan.setCaching(100);
    tscan.setLimit(5);
    tscan.setColumns(List.of(new TColumn(ByteBuffer.wrap(CF))));

    int id = client.openScanner(table("t1"), tscan);
    assertEquals(7, id);
    Scan s = (Scan) received.get("scan");
    assertTrue(s.isReversed());
    assertArrayEquals(Bytes.toBytes("z"), s.startRow());
    assertArrayEquals(Bytes.toBytes("a"), s.stopRow());
    assertEquals(10, s.batch());
    assertEquals(100, s.caching());
    assertEquals(5, s.limit());
    assertTrue(s.families().get(CF).isEmpty());

    List<TResult> rows = client.getScannerRows(id, 10);
    assertEquals(1, rows.size());
    assertArrayEquals(Bytes.toBytes("v"), rows.get(0).getColumnValues().get(0).getValue());

    // The second declared exception of getScannerRows arrives as HBase's TIllegalArgument.
    TIllegalArgument bad = assertThrows(TIllegalArgument.class,
        () -> client.getScannerRows(8, 1));
    assertEquals("no scanner 8", bad.getMessage());
  }

  @Test
  void checkAndMutateArrives() throws Exception {
    TRowMutations mutations = new TRowMutations(ByteBuffer.wrap(ROW), List.of(
        TMutation.put(new TPut(ByteBuffer.wrap(ROW), List.of(new TColumnValue(
            ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), ByteBuffer.wrap(ROW))))),
        TMutation.deleteSingle(new TDelete(ByteBuffer.wrap(ROW)))));
    assertTrue(client.checkAndMutate(table("t1"), ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), TCompareOp.GREATER, ByteBuffer.wrap(Bytes.toBytes("5")), mutations));

    CheckAndMutate cam = (CheckAndMutate) received.get("checkAndMutate");
    assertEquals(CompareOperator.GREATER, cam.op());
    assertArrayEquals(Bytes.toBytes("5"), cam.operand());
    RowMutations rm = (RowMutations) cam.action();
    assertEquals(2, rm.mutations().size());
    assertTrue(rm.mutations().get(1) instanceof Delete);

    // An empty value: "the column is absent". (No value at all fails, as in HBase 2.6.)
    client.checkAndMutate(table("t1"), ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), TCompareOp.EQUAL, ByteBuffer.wrap(new byte[0]), mutations);
    assertNull(((CheckAndMutate) received.get("checkAndMutate")).operand());
  }

  @Test
  void tableDescriptorComesBackWithHBaseNames() throws Exception {
    TTableDescriptor d = client.getTableDescriptor(
        new TTableName().setNs(Bytes.toBytes("ns1")).setQualifier(Bytes.toBytes("t1")));
    assertArrayEquals(Bytes.toBytes("ns1"), d.getTableName().getNs());
    assertArrayEquals(Bytes.toBytes("t1"), d.getTableName().getQualifier());
    assertEquals(TDurability.ASYNC_WAL, d.getDurability());
    assertEquals(1, d.getColumnsSize());
    var cf = d.getColumns().get(0);
    assertArrayEquals(CF, cf.getName());
    assertEquals(3, cf.getMaxVersions());
    assertEquals(3600, cf.getTimeToLive());
    assertEquals(org.apache.hadoop.hbase.thrift2.generated.TKeepDeletedCells.TTL,
        cf.getKeepDeletedCells());
    assertEquals(org.apache.hadoop.hbase.thrift2.generated.TCompressionAlgorithm.ZSTD,
        cf.getCompressionType());
    assertEquals(org.apache.hadoop.hbase.thrift2.generated.TBloomFilterType.ROW,
        cf.getBloomnFilterType());
  }

  @Test
  void unsupportedMethodAnswersTIOErrorAndConnectionSurvives() throws Exception {
    TIOError e = assertThrows(TIOError.class, () -> client.listNamespaces());
    assertEquals("listNamespaces is not supported by Basalt yet", e.getMessage());
    assertTrue(e.isSetCanRetry());
    assertFalse(e.isCanRetry());

    // Bad arguments: a negative maxVersions comes back as a TIOError naming the field.
    TGet bad = new TGet(ByteBuffer.wrap(ROW)).setMaxVersions(0);
    TIOError badArg = assertThrows(TIOError.class, () -> client.get(table("t1"), bad));
    assertEquals("TGet.maxVersions must be at least 1, got 0", badArg.getMessage());

    // The same connection still works, including methods without declared exceptions.
    assertEquals(TThriftServerType.TWO, client.getThriftServerType());
    assertEquals("basalt-test-cluster", client.getClusterId());
  }
}
