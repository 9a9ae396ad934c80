package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Query;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.basaltdb.thrift.generated.TColumn;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TCompareOp;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TDeleteType;
import org.basaltdb.thrift.generated.TDurability;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.TIncrement;
import org.basaltdb.thrift.generated.TMutation;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TRowMutations;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.TTimeRange;
import org.basaltdb.thrift.transport.Protocols;
import org.junit.jupiter.api.Test;

class ThriftModelTest {
  private static final byte[] ROW = b("row");
  private static final byte[] CF = b("cf");
  private static final byte[] CF2 = b("cf2");
  private static final byte[] Q = b("q");
  private static final byte[] Q2 = b("q2");

  private static byte[] b(String s) {
    return Bytes.toBytes(s);
  }

  private static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(b(s));
  }

  /** A printable summary of what a Get or Scan asks for, for equality checks. */
  private static String describe(Query<?> q) {
    String columns = q.families().entrySet().stream()
        .map(e -> Bytes.toString(e.getKey()) + e.getValue().stream().map(Bytes::toString)
            .collect(Collectors.joining(",", "[", "]")))
        .collect(Collectors.joining(" "));
    return columns + " " + q.timeRange() + " v" + q.maxVersions() + " f=" + q.filter()
        + " cache=" + q.cacheBlocks();
  }

  private static String describe(Scan s) {
    return describe((Query<?>) s) + " [" + Bytes.toStringBinary(s.startRow()) + " "
        + s.includeStartRow() + ", " + Bytes.toStringBinary(s.stopRow()) + " "
        + s.includeStopRow() + "] rev=" + s.isReversed() + " batch=" + s.batch() + " limit="
        + s.limit() + " caching=" + s.caching();
  }

  private static IllegalArgumentException bad(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e);
  }

  // ---- Get ----

  @Test
  void getRoundTripsEveryOption() {
    Get g = new Get(ROW).addFamily(CF).addColumn(CF2, Q).addColumn(CF2, Q2)
        .setTimeRange(new TimeRange(10, 20)).readVersions(3)
        .setFilter("PrefixFilter('r') AND PageFilter(5)").setCacheBlocks(false)
        .setCheckExistenceOnly(true);
    Get back = ThriftModel.fromThrift(ThriftModel.toThrift(g));
    assertArrayEquals(ROW, back.row());
    assertEquals(describe(g), describe(back));
    assertTrue(back.isCheckExistenceOnly());
  }

  @Test
  void getWithOneTimestampTravelsAsTimestamp() {
    Get g = new Get(ROW).setTimestamp(77);
    TGet t = ThriftModel.toThrift(g);
    assertTrue(t.isSetTimestamp());
    assertFalse(t.isSetTimeRange());
    assertEquals(TimeRange.at(77), ThriftModel.fromThrift(t).timeRange());
  }

  @Test
  void defaultGetSendsNothingButTheRow() {
    TGet t = ThriftModel.toThrift(new Get(ROW));
    assertEquals(new TGet(ByteBuffer.wrap(ROW)), t);
    Get back = ThriftModel.fromThrift(t);
    assertEquals(describe(new Get(ROW)), describe(back));
  }

  @Test
  void tgetTimestampWinsOverTimeRangeAndColumnTimestampsAreIgnored() {
    TGet t = new TGet(ByteBuffer.wrap(ROW)).setTimestamp(5).setTimeRange(new TTimeRange(1, 100))
        .setColumns(List.of(new TColumn(ByteBuffer.wrap(CF)).setQualifier(Q).setTimestamp(9)));
    Get g = ThriftModel.fromThrift(t);
    assertEquals(TimeRange.at(5), g.timeRange());
    assertTrue(g.families().get(CF).contains(Q));
  }

  @Test
  void tgetIgnoresAttributesConsistencyAndReplicaZero() {
    TGet t = new TGet(ByteBuffer.wrap(ROW))
        .setAttributes(Map.of(bb("k"), bb("v")))
        .setConsistency(org.basaltdb.thrift.generated.TConsistency.TIMELINE)
        .setTargetReplicaId(0);
    assertEquals(describe(new Get(ROW)), describe(ThriftModel.fromThrift(t)));
  }

  @Test
  void badTGetsNameTheirField() {
    assertEquals("TGet.row is required", bad(() -> ThriftModel.fromThrift(new TGet())).getMessage());
    assertEquals("TGet.maxVersions must be at least 1, got 0", bad(() ->
        ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW)).setMaxVersions(0))).getMessage());
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setColumns(List.of(new TColumn(bb("a:b")))))).getMessage()
        .startsWith("TGet.columns[0]: illegal column family name 'a:b'"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setTimeRange(new TTimeRange(10, 5)))).getMessage().startsWith("TGet.timeRange: "));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setTimestamp(-1))).getMessage().startsWith("TGet.timestamp must not be negative"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setFilterString(new byte[] {(byte) 0xC3, 0x28}))).getMessage()
        .startsWith("TGet.filterString is not valid UTF-8"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setStoreLimit(2))).getMessage().startsWith("TGet.storeLimit is not supported"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setFilterBytes(b("x")))).getMessage().startsWith("TGet.filterBytes is not supported"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TGet(ByteBuffer.wrap(ROW))
        .setTargetReplicaId(1))).getMessage().startsWith("TGet.targetReplicaId"));
    assertTrue(bad(() -> ThriftModel.getsFromThrift(List.of(new TGet(ByteBuffer.wrap(ROW)),
        new TGet()))).getMessage().startsWith("tgets[1]: TGet.row is required"));
  }

  // ---- Scan ----

  @Test
  void forwardScanRoundTripsEveryOption() {
    Scan s = new Scan().withStartRow(b("a")).withStopRow(b("m")).addFamily(CF)
        .addColumn(CF2, Q).setTimeRange(new TimeRange(3, 9)).readVersions(2)
        .setFilter("KeyOnlyFilter()").setCacheBlocks(false).setBatch(10).setLimit(100)
        .setCaching(50);
    assertEquals(describe(s), describe(ThriftModel.fromThrift(ThriftModel.toThrift(s))));
  }

  @Test
  void reversedScanRoundTrips() {
    Scan s = new Scan().withStartRow(b("z")).withStopRow(b("c")).setReversed(true).setBatch(2);
    Scan back = ThriftModel.fromThrift(ThriftModel.toThrift(s));
    assertEquals(describe(s), describe(back));
    assertTrue(back.isReversed());
  }

  @Test
  void unboundedScanSendsNoRows() {
    TScan t = ThriftModel.toThrift(new Scan());
    assertFalse(t.isSetStartRow());
    assertFalse(t.isSetStopRow());
    assertEquals(describe(new Scan()), describe(ThriftModel.fromThrift(t)));
  }

  @Test
  void exclusiveStartAndInclusiveStopMoveToTheNextKeyForForwardScans() {
    Scan s = new Scan().withStartRow(b("a"), false).withStopRow(b("m"), true);
    TScan t = ThriftModel.toThrift(s);
    assertArrayEquals(new byte[] {'a', 0}, t.getStartRow());
    assertArrayEquals(new byte[] {'m', 0}, t.getStopRow());
    Scan back = ThriftModel.fromThrift(t);
    assertTrue(back.includeStartRow());
    assertFalse(back.includeStopRow());
  }

  @Test
  void scansTScanCannotCarryAreRefused() {
    assertTrue(bad(() -> ThriftModel.toThrift(new Scan().withStartRow(b("z"))
        .withStopRow(b("a"), true).setReversed(true))).getMessage()
        .startsWith("Scan.includeStopRow"));
    assertTrue(bad(() -> ThriftModel.toThrift(new Scan().withStartRow(b("z"), false)
        .setReversed(true))).getMessage().startsWith("Scan.includeStartRow"));
    assertTrue(bad(() -> ThriftModel.toThrift(new Scan().setRaw(true))).getMessage()
        .startsWith("Scan.raw"));
  }

  @Test
  void badTScansNameTheirField() {
    assertTrue(bad(() -> ThriftModel.fromThrift(new TScan().setCaching(-1))).getMessage()
        .startsWith("TScan.caching must not be negative"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TScan().setBatchSize(-2))).getMessage()
        .startsWith("TScan.batchSize must not be negative"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TScan().setLimit(-3))).getMessage()
        .startsWith("TScan.limit must not be negative"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TScan().setMaxVersions(-1))).getMessage()
        .startsWith("TScan.maxVersions must be at least 1"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TScan().setColFamTimeRangeMap(
        Map.of(ByteBuffer.wrap(CF), new TTimeRange(1, 2))))).getMessage()
        .startsWith("TScan.colFamTimeRangeMap is not supported"));
    // An empty per-family map and a read type are harmless.
    ThriftModel.fromThrift(new TScan().setColFamTimeRangeMap(Map.of())
        .setReadType(org.basaltdb.thrift.generated.TReadType.PREAD));
  }

  // ---- Result ----

  @Test
  void resultRoundTripsWithTimestampsAndTypes() {
    List<Cell> cells = List.of(
        Cell.put(ROW, CF, Q, 30, b("v3")),
        Cell.put(ROW, CF, Q, 20, b("v2")),
        new Cell(ROW, CF2, Q, 10, Cell.Type.DELETE_COLUMN, 0, Bytes.EMPTY),
        Cell.put(ROW, CF2, Q, 10, b("x")));
    Result r = Result.of(cells);
    TResult t = ThriftModel.toThrift(r);
    assertArrayEquals(ROW, t.getRow());
    assertEquals(12, t.getColumnValues().get(2).getType());
    assertEquals(4, t.getColumnValues().get(0).getType());
    assertTrue(t.isSetStale() && !t.isStale());
    assertTrue(t.isSetPartial() && !t.isPartial());
    assertEquals(cells, ThriftModel.fromThrift(t).cells());
    assertTrue(ThriftModel.toThrift(r, true).isPartial());
  }

  @Test
  void emptyResultHasNoRow() {
    TResult t = ThriftModel.toThrift(Result.EMPTY);
    assertFalse(t.isSetRow());
    assertEquals(0, t.getColumnValuesSize());
    assertSame(Result.EMPTY, ThriftModel.fromThrift(t));
    assertEquals(2, ThriftModel.resultsToThrift(List.of(Result.EMPTY, Result.EMPTY)).size());
  }

  @Test
  void tresultWithoutTimestampOrTypeIsALatestPut() {
    TResult t = new TResult(List.of(new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q),
        bb("v")))).setRow(ROW);
    Cell c = ThriftModel.fromThrift(t).cells().get(0);
    assertEquals(Cell.LATEST_TIMESTAMP, c.timestamp());
    assertEquals(Cell.Type.PUT, c.type());
    assertTrue(bad(() -> ThriftModel.fromThrift(new TResult(List.of(new TColumnValue(
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("v")))))).getMessage()
        .startsWith("TResult.row is required"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TResult(List.of(new TColumnValue(
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("v")).setType((byte) 99))).setRow(ROW)))
        .getMessage().startsWith("TResult.columnValues[0].type: unknown cell type code 99"));
  }

  // ---- Put ----

  @Test
  void putRoundTripsTimestampsAndDurability() {
    Put p = new Put(ROW);
    p.addColumn(CF, Q, 5, b("a")).addColumn(CF, Q2, b("b"));
    p.setDurability(Durability.ASYNC_WAL);
    Put back = ThriftModel.fromThrift(ThriftModel.toThrift(p));
    assertEquals(p.cells(), back.cells());
    assertEquals(Durability.ASYNC_WAL, back.durability());
  }

  @Test
  void tputTimestampIsTheDefaultForItsColumns() {
    TPut t = new TPut(ByteBuffer.wrap(ROW), List.of(
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("a")),
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q2), bb("b")).setTimestamp(3)))
        .setTimestamp(8);
    Put p = ThriftModel.fromThrift(t);
    assertEquals(8, p.cells().get(0).timestamp());
    assertEquals(3, p.cells().get(1).timestamp());
    assertEquals(Durability.USE_DEFAULT, p.durability());
  }

  @Test
  void badTPutsNameTheirField() {
    assertTrue(bad(() -> ThriftModel.fromThrift(new TPut(ByteBuffer.wrap(ROW), List.of())))
        .getMessage().startsWith("TPut.columnValues must hold at least one element"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TPut(ByteBuffer.wrap(ROW), List.of(
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("a")).setTimestamp(-5)))))
        .getMessage().startsWith("TPut.columnValues[0].timestamp must not be negative"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TPut(ByteBuffer.wrap(ROW), List.of(
        new TColumnValue(bb(""), ByteBuffer.wrap(Q), bb("a")))))).getMessage()
        .startsWith("TPut.columnValues[0]: column family name must not be empty"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TPut(bb(""), List.of(
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("a")))))).getMessage()
        .startsWith("TPut.row: row key must not be empty"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TPut(ByteBuffer.wrap(ROW), List.of(
        new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("a")))).setTimestamp(-1)))
        .getMessage().startsWith("TPut.timestamp must not be negative"));
  }

  @Test
  void decodedPutKeepsItsFieldArraysAndCopiesPartialBuffers() throws Exception {
    TPut sent = new TPut(ByteBuffer.wrap(ROW), List.of(new TColumnValue(ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), ByteBuffer.wrap(b("value")))));
    byte[] wire = new TSerializer(new TBinaryProtocol.Factory()).serialize(sent);
    TPut decoded = new TPut();
    new TDeserializer(Protocols.binary(-1, -1)).deserialize(decoded, wire);
    // The server's decoder gives each field an array of its own: the put keeps it, uncopied.
    // (Read the arrays first: the generated getters replace a field with a copy.)
    TColumnValue v = decoded.columnValues.get(0);
    byte[] row = decoded.row.array();
    byte[] qualifier = v.qualifier.array();
    byte[] value = v.value.array();
    Put p = ThriftModel.fromThrift(decoded);
    assertSame(row, p.row());
    assertSame(qualifier, p.cells().get(0).qualifier());
    assertSame(value, p.cells().get(0).value());
    // A buffer over part of a larger array is copied: no cell holds bytes outside its field.
    byte[] big = b("..value..");
    v.value = ByteBuffer.wrap(big, 2, 5);
    byte[] copied = ThriftModel.fromThrift(decoded).cells().get(0).value();
    assertArrayEquals(b("value"), copied);
    assertNotSame(big, copied);
  }

  // ---- Delete ----

  private static Delete roundTrip(Delete d) {
    return ThriftModel.fromThrift(ThriftModel.toThrift(d));
  }

  @Test
  void everyDeleteKindRoundTrips() {
    List<Delete> deletes = List.of(
        new Delete(ROW),
        new Delete(ROW, 50),
        new Delete(ROW).addColumn(CF, Q),
        new Delete(ROW).addColumn(CF, Q, 7).addColumn(CF2, Q2, 8),
        new Delete(ROW).addColumn(CF, Bytes.EMPTY, 7),
        new Delete(ROW).addColumns(CF, Q),
        new Delete(ROW).addColumns(CF, Q, 9),
        new Delete(ROW).addFamily(CF),
        new Delete(ROW).addFamily(CF, 11).addFamily(CF2),
        new Delete(ROW).addFamilyVersion(CF, 12));
    for (Delete d : deletes) {
      d.setDurability(Durability.SKIP_WAL);
      Delete back = roundTrip(d);
      assertEquals(d.cells(), back.cells(), d.cells().toString());
      assertEquals(d.timestamp(), back.timestamp());
      assertEquals(Durability.SKIP_WAL, back.durability());
    }
  }

  @Test
  void tdeleteColumnsFollowTheDeleteType() {
    TDelete t = new TDelete(ByteBuffer.wrap(ROW)).setTimestamp(1000).setColumns(List.of(
        new TColumn(ByteBuffer.wrap(CF)).setQualifier(Q),
        new TColumn(ByteBuffer.wrap(CF)).setQualifier(Q2).setTimestamp(4),
        new TColumn(ByteBuffer.wrap(CF2))));
    // The default deleteType is DELETE_COLUMNS; the TDelete's own timestamp is not used.
    List<Cell> cells = ThriftModel.fromThrift(t).cells();
    assertEquals(new Cell(ROW, CF, Q, Cell.LATEST_TIMESTAMP, Cell.Type.DELETE_COLUMN, 0,
        Bytes.EMPTY), cells.get(0));
    assertEquals(new Cell(ROW, CF, Q2, 4, Cell.Type.DELETE_COLUMN, 0, Bytes.EMPTY),
        cells.get(1));
    // No qualifier: the whole family.
    assertEquals(Cell.Type.DELETE_FAMILY, cells.get(2).type());

    t.setDeleteType(TDeleteType.DELETE_COLUMN);
    cells = ThriftModel.fromThrift(t).cells();
    assertEquals(Cell.Type.DELETE, cells.get(0).type());
    assertEquals(Cell.Type.DELETE_FAMILY, cells.get(2).type());

    t.setDeleteType(TDeleteType.DELETE_FAMILY);
    cells = ThriftModel.fromThrift(t).cells();
    assertTrue(cells.stream().allMatch(c -> c.type() == Cell.Type.DELETE_FAMILY));
    assertEquals(4, cells.get(1).timestamp());
  }

  @Test
  void tdeleteWithoutColumnsDeletesTheRowUpToItsTimestamp() {
    Delete d = ThriftModel.fromThrift(new TDelete(ByteBuffer.wrap(ROW)).setTimestamp(33)
        .setColumns(List.of()));
    assertTrue(d.isEmpty());
    assertEquals(33, d.timestamp());
  }

  @Test
  void badTDeletesNameTheirField() {
    assertTrue(bad(() -> ThriftModel.fromThrift(new TDelete(ByteBuffer.wrap(ROW))
        .setDeleteType(TDeleteType.DELETE_FAMILY_VERSION)
        .setColumns(List.of(new TColumn(ByteBuffer.wrap(CF)))))).getMessage()
        .startsWith("TDelete.columns[0].timestamp is required with DELETE_FAMILY_VERSION"));
    TDelete unknownType = new TDelete(ByteBuffer.wrap(ROW))
        .setColumns(List.of(new TColumn(ByteBuffer.wrap(CF))));
    unknownType.deleteType = null; // what Thrift delivers for an enum value it does not know
    assertTrue(bad(() -> ThriftModel.fromThrift(unknownType)).getMessage()
        .startsWith("TDelete.deleteType is missing or not a known TDeleteType"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TDelete(ByteBuffer.wrap(ROW))
        .setColumns(List.of(new TColumn(ByteBuffer.wrap(CF)).setTimestamp(-3))))).getMessage()
        .startsWith("TDelete.columns[0].timestamp must not be negative"));
    assertTrue(bad(() -> ThriftModel.deletesFromThrift(List.of(new TDelete())))
        .getMessage().startsWith("tdeletes[0]: TDelete.row is required"));
  }

  @Test
  void aDeleteMixingKindsNeedsRowMutations() {
    Delete mixed = new Delete(ROW).addFamily(CF).addColumn(CF2, Q, 5).addFamily(CF2, 9);
    assertTrue(bad(() -> ThriftModel.toThrift(mixed)).getMessage().startsWith("Delete mixes"));
    RowMutations rm = new RowMutations(ROW).add(mixed);
    TRowMutations t = ThriftModel.toThrift(rm);
    assertEquals(2, t.getMutationsSize());
    RowMutations back = ThriftModel.fromThrift(t);
    List<Cell> cells = back.mutations().stream().flatMap(m -> m.cells().stream()).toList();
    assertEquals(mixed.cells().stream().sorted((a, b) -> a.type().compareTo(b.type()))
        .map(Cell::toString).sorted().toList(), cells.stream().map(Cell::toString).sorted()
        .toList());
  }

  // ---- Increment, Append, RowMutations ----

  @Test
  void incrementRoundTrips() {
    Increment i = new Increment(ROW).addColumn(CF, Q, 5).addColumn(CF2, Q2, -2)
        .setDurability(Durability.FSYNC_WAL).setReturnResults(false);
    Increment back = ThriftModel.fromThrift(ThriftModel.toThrift(i));
    assertEquals(2, back.columns().size());
    assertArrayEquals(CF2, back.columns().get(1).family());
    assertEquals(-2, back.columns().get(1).amount());
    assertEquals(Durability.FSYNC_WAL, back.durability());
    assertFalse(back.returnResults());
    // An amount left out adds 1.
    TIncrement t = new TIncrement(ByteBuffer.wrap(ROW), List.of(
        new org.basaltdb.thrift.generated.TColumnIncrement(ByteBuffer.wrap(CF),
            ByteBuffer.wrap(Q))));
    assertEquals(1, ThriftModel.fromThrift(t).columns().get(0).amount());
    assertTrue(ThriftModel.fromThrift(t).returnResults());
    assertTrue(bad(() -> ThriftModel.toThrift(new Increment(ROW).addColumn(CF, Q, 1)
        .setTimeRange(new TimeRange(1, 2)))).getMessage().startsWith("Increment.timeRange"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TIncrement(ByteBuffer.wrap(ROW),
        List.of()))).getMessage().startsWith("TIncrement.columns must hold"));
  }

  @Test
  void appendRoundTrips() {
    Append a = new Append(ROW).addColumn(CF, Q, b("tail")).setDurability(Durability.SYNC_WAL)
        .setReturnResults(false);
    Append back = ThriftModel.fromThrift(ThriftModel.toThrift(a));
    assertArrayEquals(b("tail"), back.columns().get(0).value());
    assertEquals(Durability.SYNC_WAL, back.durability());
    assertFalse(back.returnResults());
  }

  @Test
  void rowMutationsRoundTrip() {
    Put p = new Put(ROW).addColumn(CF, Q, 3, b("v"));
    Delete d = new Delete(ROW).addColumns(CF2, Q2, 4);
    RowMutations back = ThriftModel.fromThrift(
        ThriftModel.toThrift(new RowMutations(ROW).add(p).add(d)));
    assertEquals(2, back.mutations().size());
    assertTrue(back.mutations().get(0) instanceof Put);
    assertEquals(p.cells(), back.mutations().get(0).cells());
    assertEquals(d.cells(), back.mutations().get(1).cells());
  }

  @Test
  void badTRowMutationsNameTheirField() {
    TRowMutations otherRow = new TRowMutations(ByteBuffer.wrap(ROW), List.of(TMutation.put(
        new TPut(bb("other"), List.of(new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q),
            bb("v")))))));
    assertTrue(bad(() -> ThriftModel.fromThrift(otherRow)).getMessage()
        .startsWith("TRowMutations.mutations[0]: every mutation"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TRowMutations(ByteBuffer.wrap(ROW),
        List.of(new TMutation())))).getMessage()
        .startsWith("TRowMutations.mutations[0] holds neither put nor deleteSingle"));
    assertTrue(bad(() -> ThriftModel.fromThrift(new TRowMutations(ByteBuffer.wrap(ROW),
        List.of()))).getMessage().startsWith("TRowMutations.mutations must hold"));
  }

  // ---- Conditional writes ----

  @Test
  void checkAndPutAndDeleteCompareForEquality() {
    TPut put = ThriftModel.toThrift(new Put(ROW).addColumn(CF, Q, b("new")));
    CheckAndMutate c = ThriftModel.checkAndPutFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), bb("old"), put);
    assertEquals(CompareOperator.EQUAL, c.op());
    assertArrayEquals(b("old"), c.operand());
    assertTrue(c.action() instanceof Put);
    // Null or empty value: "the column is absent".
    assertNull(ThriftModel.checkAndPutFromThrift(ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), null, put).operand());
    assertNull(ThriftModel.checkAndDeleteFromThrift(ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), bb(""), new TDelete(ByteBuffer.wrap(ROW))).operand());
    assertTrue(ThriftModel.checkAndDeleteFromThrift(ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
        ByteBuffer.wrap(Q), bb("x"), new TDelete(ByteBuffer.wrap(ROW))).action()
        instanceof Delete);
  }

  @Test
  void checkAndMutateKeepsItsOperatorAndReadsBuffersWithoutMovingThem() {
    ByteBuffer value = bb("7");
    TRowMutations rm = ThriftModel.toThrift(new RowMutations(ROW).add(new Delete(ROW)));
    CheckAndMutate c = ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), TCompareOp.LESS_OR_EQUAL, value, rm);
    assertEquals(CompareOperator.LESS_OR_EQUAL, c.op());
    assertArrayEquals(b("7"), c.operand());
    assertEquals(0, value.position());
    assertTrue(c.action() instanceof RowMutations);
  }

  @Test
  void badConditionalWritesNameTheirField() {
    TPut otherRow = ThriftModel.toThrift(new Put(b("other")).addColumn(CF, Q, b("v")));
    assertTrue(bad(() -> ThriftModel.checkAndPutFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), null, otherRow)).getMessage()
        .startsWith("checkAndPut: "));
    TRowMutations rm = ThriftModel.toThrift(new RowMutations(ROW).add(new Delete(ROW)));
    assertTrue(bad(() -> ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), null, null, rm)).getMessage()
        .startsWith("checkAndMutate.compareOp is missing"));
    assertTrue(bad(() -> ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW),
        bb("a/b"), ByteBuffer.wrap(Q), TCompareOp.EQUAL, null, rm)).getMessage()
        .startsWith("checkAndMutate.family: illegal column family name"));
    assertTrue(bad(() -> ThriftModel.checkAndDeleteFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), null, null, new TDelete(ByteBuffer.wrap(ROW)))).getMessage()
        .startsWith("checkAndDelete.qualifier is required"));
  }

  // ---- Enums ----

  @Test
  void everyDurabilityAndOperatorMapsBothWays() {
    for (Durability d : Durability.values()) {
      TDurability t = ThriftModel.toThrift(d);
      assertEquals(d.name(), t.name());
      assertEquals(d.code, t.getValue());
      assertEquals(d, ThriftModel.fromThrift(t));
    }
    assertEquals(Durability.USE_DEFAULT, ThriftModel.fromThrift((TDurability) null));
    for (CompareOperator op : CompareOperator.values()) {
      assertEquals(op, ThriftModel.fromThrift(ThriftModel.toThrift(op), "op"));
    }
    assertEquals(TCompareOp.NO_OP, ThriftModel.toThrift(CompareOperator.NO_OP));
  }

  @Test
  void mutationDurabilityDefaultSendsNothing() {
    Mutation p = new Put(ROW).addColumn(CF, Q, b("v"));
    assertFalse(ThriftModel.toThrift((Put) p).isSetDurability());
  }

  // ---- Rules of HBase 2.6's Thrift2 gateway found by the differential test (issue 23).

  @Test
  void aTScanWhoseStartRowIsItsStopRowReadsThatRow() {
    byte[] b = Bytes.toBytes("b");
    Scan s = ThriftModel.fromThrift(new TScan()
        .setStartRow(b).setStopRow(b));
    assertTrue(s.includeStopRow());
    Scan reversed = ThriftModel.fromThrift(new TScan()
        .setStartRow(b).setStopRow(b).setReversed(true));
    assertTrue(reversed.includeStopRow());
    assertFalse(ThriftModel.fromThrift(new TScan()
        .setStartRow(b).setStopRow(Bytes.toBytes("c"))).includeStopRow());
    assertFalse(ThriftModel.fromThrift(new TScan()
        .setStartRow(Bytes.EMPTY).setStopRow(Bytes.EMPTY)).includeStopRow());
  }

  @Test
  void checkAndMutateWithoutAValueIsRefusedAndAnEmptyOneChecksAbsence() {
    var rm = new TRowMutations(ByteBuffer.wrap(ROW),
        List.of(TMutation.put(new TPut(ByteBuffer.wrap(ROW),
            List.of(new TColumnValue(ByteBuffer.wrap(CF), ByteBuffer.wrap(Q),
                ByteBuffer.wrap(Bytes.toBytes("v"))))))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
            ByteBuffer.wrap(Q), TCompareOp.GREATER, null, rm));
    assertTrue(e.getMessage().contains("checkAndMutate.value"), e.getMessage());
    IllegalArgumentException noOp = assertThrows(IllegalArgumentException.class,
        () -> ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW), ByteBuffer.wrap(CF),
            ByteBuffer.wrap(Q), TCompareOp.NO_OP, ByteBuffer.wrap(Bytes.toBytes("v")), rm));
    assertTrue(noOp.getMessage().contains("NO_OP"), noOp.getMessage());
    CheckAndMutate absent = ThriftModel.checkAndMutateFromThrift(ByteBuffer.wrap(ROW),
        ByteBuffer.wrap(CF), ByteBuffer.wrap(Q), TCompareOp.EQUAL,
        ByteBuffer.wrap(Bytes.EMPTY), rm);
    assertNull(absent.operand());
  }
}
