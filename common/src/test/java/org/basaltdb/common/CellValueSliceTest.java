package org.basaltdb.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Cells whose value is a slice of a larger array (as SSTable blocks hand them out). */
class CellValueSliceTest {
  private static final byte[] ROW = Bytes.toBytes("row1");
  private static final byte[] FAM = Bytes.toBytes("f");
  private static final byte[] QUAL = Bytes.toBytes("q");
  private static final byte[] BLOCK = Bytes.toBytes("xxvalueyy");

  private static Cell slice() {
    return Cell.ofValueSlice(ROW, FAM, QUAL, 5, Cell.Type.PUT, 9, BLOCK, 2, 5);
  }

  @Test
  void aSliceReadsAsItsBytes() {
    Cell c = slice();
    assertArrayEquals(Bytes.toBytes("value"), c.value());
    assertNotSame(c.value(), c.value()); // a copy each time: the block is never handed out
    assertSame(BLOCK, c.valueArray());
    assertEquals(2, c.valueOffset());
    assertEquals(5, c.valueLength());
    Cell plain = new Cell(ROW, FAM, QUAL, 5, Cell.Type.PUT, 9, Bytes.toBytes("value"));
    assertEquals(plain, c);
    assertEquals(c, plain);
    assertEquals(plain.hashCode(), c.hashCode());
    assertEquals(plain.serializedSize(), c.serializedSize());
    assertEquals(plain.toString(), c.toString());
  }

  @Test
  void copiesWithANewVersionKeepTheSlice() {
    Cell c = slice().withSequenceId(11).withTimestamp(7);
    assertEquals(11, c.sequenceId());
    assertEquals(7, c.timestamp());
    assertSame(BLOCK, c.valueArray());
    assertArrayEquals(Bytes.toBytes("value"), c.value());
    Cell replaced = c.withValue(Bytes.toBytes("v2"));
    assertArrayEquals(Bytes.toBytes("v2"), replaced.value());
    assertEquals(0, replaced.valueOffset());
  }

  @Test
  void aWholeArrayIsAPlainCell() {
    byte[] v = Bytes.toBytes("value");
    Cell c = Cell.ofValueSlice(ROW, FAM, QUAL, 5, Cell.Type.PUT, 9, v, 0, v.length);
    assertSame(v, c.value());
    assertEquals(Cell.class, c.getClass());
  }

  @Test
  void onRowOfSharesTheRowAndOrdersAsACopy() {
    Cell first = slice();
    Cell second = Cell.onRowOf(first, FAM, Bytes.toBytes("r"), 5, Cell.Type.PUT, 9, BLOCK, 0, 2);
    assertSame(first.row(), second.row());
    Cell copy = new Cell(ROW.clone(), FAM, Bytes.toBytes("r"), 5, Cell.Type.PUT, 9,
        Bytes.toBytes("xx"));
    assertEquals(0, CellComparator.INSTANCE.compare(second, copy));
    assertEquals(copy, second);
  }

  @Test
  void aSliceOutsideItsArrayIsRefused() {
    assertThrows(IndexOutOfBoundsException.class,
        () -> Cell.ofValueSlice(ROW, FAM, QUAL, 5, Cell.Type.PUT, 9, BLOCK, 5, 5));
  }
}
