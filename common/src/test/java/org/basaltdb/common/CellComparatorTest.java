package org.basaltdb.common;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellComparatorTest {
  private static Cell cell(String row, String fam, String q, long ts, Cell.Type t, long seq) {
    return new Cell(toBytes(row), toBytes(fam), toBytes(q), ts, t, seq, Bytes.EMPTY);
  }

  @Test
  void ordersRowFamilyQualifierThenNewestFirst() {
    List<Cell> expected = List.of(
        Cell.firstOnRow(toBytes("a")),
        cell("a", "f", "", 9, Cell.Type.DELETE_FAMILY, 1),
        cell("a", "f", "q", 9, Cell.Type.DELETE_COLUMN, 1),
        cell("a", "f", "q", 9, Cell.Type.DELETE, 1),
        cell("a", "f", "q", 9, Cell.Type.PUT, 7),
        cell("a", "f", "q", 9, Cell.Type.PUT, 3),
        cell("a", "f", "q", 5, Cell.Type.PUT, 9),
        cell("a", "f", "r", 5, Cell.Type.PUT, 9),
        cell("a", "g", "a", 5, Cell.Type.PUT, 9),
        cell("b", "a", "a", 5, Cell.Type.PUT, 9));
    List<Cell> shuffled = new ArrayList<>(expected);
    java.util.Collections.reverse(shuffled);
    shuffled.sort(CellComparator.INSTANCE);
    assertEquals(expected, shuffled);
  }

  @Test
  void bytesCompareUnsigned() {
    assertTrue(Bytes.compare(new byte[] {(byte) 0xFF}, new byte[] {0x00}) > 0);
    assertTrue(Bytes.compare(toBytes("ab"), toBytes("abc")) < 0);
  }

  @Test
  void searchKeysBracketAColumn() {
    Cell put = cell("r", "f", "q", 100, Cell.Type.PUT, 1);
    assertTrue(CellComparator.INSTANCE.compare(Cell.firstOnColumn(toBytes("r"), toBytes("f"),
        toBytes("q")), put) < 0);
    assertTrue(CellComparator.INSTANCE.compare(Cell.lastOnColumn(toBytes("r"), toBytes("f"),
        toBytes("q")), put) > 0);
    assertTrue(CellComparator.INSTANCE.compare(Cell.firstOnNextRow(toBytes("r")), put) > 0);
  }

  @Test
  void prefixEndAndStringBinary() {
    assertEquals("ac", Bytes.toString(Bytes.prefixEnd(toBytes("ab"))));
    assertEquals(null, Bytes.prefixEnd(new byte[] {(byte) 0xFF}));
    assertEquals("a\\x00\\xFF", Bytes.toStringBinary(new byte[] {'a', 0, (byte) 0xFF}));
  }

  @Test
  void prefixIsTheFirstEightBytesZeroPadded() {
    assertEquals(0L, Bytes.prefix(Bytes.EMPTY));
    assertEquals(0xFF00000000000000L, Bytes.prefix(new byte[] {(byte) 0xFF}));
    assertEquals(0x0102030000000000L, Bytes.prefix(new byte[] {1, 2, 3}));
    assertEquals(0x01020304050607FFL, Bytes.prefix(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 0xFF}));
    assertEquals(0x0102030405060708L, Bytes.prefix(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    assertEquals(0x0900000000000000L, Bytes.prefix(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 8));
    assertEquals(0L, Bytes.prefix(new byte[] {1, 2, 3}, 8));
    Cell c = cell("row-long-enough", "f", "q", 1, Cell.Type.PUT, 1);
    assertEquals(0, CellComparator.compareRows(c.withSequenceId(9).withTimestamp(2),
        cell("row-long-enough", "g", "r", 3, Cell.Type.PUT, 2)));
  }

  @Test
  void rowPrefixesOrderRowsAsTheirBytesDo() {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("CellComparatorTest seed=" + seed + "; replay with -Dseed=" + seed);
    java.util.Random random = new java.util.Random(seed);
    byte[] alphabet = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF, 'a'};
    for (int i = 0; i < 200_000; i++) {
      byte[] a = new byte[random.nextInt(20)];
      byte[] b = new byte[random.nextInt(20)];
      for (int k = 0; k < a.length; k++) {
        a[k] = alphabet[random.nextInt(alphabet.length)];
      }
      for (int k = 0; k < b.length; k++) {
        // mostly sharing a's leading bytes, so one or both 8-byte prefixes tie and the full
        // comparison decides
        b[k] = k < a.length && random.nextInt(8) != 0 ? a[k]
            : alphabet[random.nextInt(alphabet.length)];
      }
      int expected = Integer.signum(Bytes.compare(a, b));
      int actual = Integer.signum(CellComparator.compareRows(
          Cell.firstOnRow(a), Cell.firstOnRow(b)));
      assertEquals(expected, actual, "seed " + seed + ": " + Bytes.toStringBinary(a) + " vs "
          + Bytes.toStringBinary(b));
    }
  }
}
