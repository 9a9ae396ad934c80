package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.thrift.generated.TDeleteType;
import org.basaltdb.thrift.generated.TDurability;
import org.basaltdb.thrift.generated.thrift1.ColumnDescriptor;
import org.basaltdb.thrift.generated.thrift1.Mutation;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.junit.jupiter.api.Test;

/** Thrift1's arguments as Thrift2's, and results back: HBase's Thrift1 semantics. */
class Thrift1ModelTest {
  static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void columnsWithAndWithoutAColon() {
    Thrift1Model.Column family = Thrift1Model.column(bb("cf"), "c");
    assertEquals("cf", str(family.family()));
    assertNull(family.qualifier(), "no colon: the whole family");
    Thrift1Model.Column empty = Thrift1Model.column(bb("cf:"), "c");
    assertArrayEquals(new byte[0], empty.qualifier(), "cf: is the empty qualifier");
    Thrift1Model.Column q = Thrift1Model.column(bb("cf:a:b"), "c");
    assertEquals("a:b", str(q.qualifier()), "the first colon splits");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Thrift1Model.column(bb(":q"), "columns[2]"));
    assertTrue(e.getMessage().startsWith("columns[2]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Thrift1Model.qualifiedColumn(bb("cf"),
        "column"));
  }

  @Test
  void readTimestampsAreExclusiveUpperBounds() {
    var g = Thrift1Model.get(bb("r"), null, 100, 0);
    assertEquals(0, g.getTimeRange().getMinStamp());
    assertEquals(100, g.getTimeRange().getMaxStamp());
    assertFalse(Thrift1Model.get(bb("r"), null, Thrift1Model.LATEST, 0).isSetTimeRange());
    assertEquals(7, Thrift1Model.get(bb("r"), null, Thrift1Model.LATEST, 7).getMaxVersions());
  }

  @Test
  void mutationsSplitIntoADeleteOfEveryVersionAndAPut() {
    var m = Thrift1Model.mutation(bb("r"), List.of(
        new Mutation().setColumn(bb("f:a")).setValue(bb("1")).setWriteToWAL(false),
        new Mutation().setIsDelete(true).setColumn(bb("f:b")).setWriteToWAL(true),
        new Mutation().setIsDelete(true).setColumn(bb("g")).setWriteToWAL(true)), 50, "m");
    assertEquals(TDeleteType.DELETE_COLUMNS, m.delete().getDeleteType());
    assertEquals(2, m.delete().getColumnsSize());
    assertEquals(50, m.delete().getColumns().get(0).getTimestamp());
    assertFalse(m.delete().getColumns().get(1).isSetQualifier(), "a family delete");
    assertEquals(50, m.put().getTimestamp());
    assertEquals(TDurability.SKIP_WAL, m.put().getDurability());
    assertEquals("1", str(m.put().getColumnValues().get(0).getValue()));
    var onlyPut = Thrift1Model.mutation(bb("r"), List.of(new Mutation().setColumn(bb("f:a"))),
        Thrift1Model.LATEST, "m");
    assertNull(onlyPut.delete());
    assertFalse(onlyPut.put().isSetTimestamp());
    assertEquals(0, onlyPut.put().getColumnValues().get(0).getValue().length, "no value: empty");
  }

  @Test
  void resultsAsRowsAndCells() {
    byte[] row = "r".getBytes(StandardCharsets.UTF_8);
    Result r = Result.of(List.of(
        Cell.put(row, bytes("f"), bytes("a"), 2, bytes("new")),
        Cell.put(row, bytes("f"), bytes("a"), 1, bytes("old")),
        Cell.put(row, bytes("f"), bytes("b"), 1, bytes("x"))));
    assertEquals(List.of("new", "old", "x"), Thrift1Model.cells(r).stream()
        .map(c -> str(c.getValue())).toList());
    TRowResult map = Thrift1Model.rowResult(r, false);
    assertEquals(2, map.getColumnsSize());
    assertTrue(map.getColumns().containsKey(bb("f:a")));
    TRowResult sorted = Thrift1Model.rowResult(r, true);
    assertEquals(List.of("f:a", "f:a", "f:b"), sorted.getSortedColumns().stream()
        .map(c -> str(c.getColumnName())).toList());
    assertEquals(List.of(), Thrift1Model.rowResults(List.of(Result.EMPTY), false));
  }

  @Test
  void familiesRoundTripWithTheirColon() {
    var d = Thrift1Model.family(new ColumnDescriptor().setName(bb("cf:")).setCompression("lz4")
        .setBloomFilterType("ROW"), "cd");
    assertEquals("cf", str(d.getName()));
    assertEquals("LZ4", d.getCompressionType().name());
    assertEquals(3, d.getMaxVersions(), "HBase's Thrift1 default");
    assertFalse(d.isBlockCacheEnabled(), "HBase's Thrift1 default, applied as given");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Thrift1Model.family(new ColumnDescriptor().setName(bb("cf:"))
            .setCompression("brotli"), "columnFamilies[0]"));
    assertTrue(e.getMessage().contains("brotli"), e.getMessage());
  }

  @Test
  void regionNamesAndMetaKeys() {
    RegionInfo r = new RegionInfo(TableName.valueOf("t"), bytes("m"), bytes(""), 42);
    String name = str(Thrift1Model.regionName(r));
    assertTrue(name.startsWith("t,m,42."), name);
    assertTrue(name.endsWith("."), name);
    var key = Thrift1Model.metaKey(bb("t,a,b,99"));
    assertEquals("t", key.table());
    assertEquals("a,b", str(key.row()));
    assertThrows(IllegalArgumentException.class, () -> Thrift1Model.metaKey(bb("t,row")));
  }

  @Test
  void prefixStopRows() {
    assertEquals(bb("ab"), Thrift1Model.stopRowOfPrefix(bb("aa")));
    assertEquals(ByteBuffer.wrap(new byte[] {'a', 1}),
        Thrift1Model.stopRowOfPrefix(ByteBuffer.wrap(new byte[] {'a', 0, (byte) 0xff})));
    assertNull(Thrift1Model.stopRowOfPrefix(ByteBuffer.wrap(new byte[] {(byte) 0xff})));
  }

  @Test
  void countersAreEightByteBigEndian() {
    assertEquals(258, Thrift1Model.counter(new byte[] {0, 0, 0, 0, 0, 0, 1, 2}, "c"));
    assertThrows(IllegalArgumentException.class, () -> Thrift1Model.counter(new byte[4], "c"));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
