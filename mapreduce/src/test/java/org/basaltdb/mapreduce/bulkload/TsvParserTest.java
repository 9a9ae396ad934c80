package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Put;
import org.junit.jupiter.api.Test;

/** The parser's checks: {@code rowOf} (the mapper's) and {@code parse} (the reducer's) agree. */
class TsvParserTest {
  private final TsvParser parser = new TsvParser("f:a,HBASE_ROW_KEY,g:b,HBASE_TS_KEY", ",");

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void goodLineGivesItsRowAndCells() throws Exception {
    byte[] line = b("xx,row1,yy,42");
    assertArrayEquals(b("row1"), parser.rowOf(line, 0, line.length));
    Put p = parser.parse(line, 0, line.length, 7);
    assertArrayEquals(b("row1"), p.row());
    List<Cell> cells = p.cells();
    assertEquals(2, cells.size());
    assertEquals("f:a=xx@42", describe(cells.get(0)));
    assertEquals("g:b=yy@42", describe(cells.get(1)));
  }

  @Test
  void aSliceOfALongerArrayIsParsedAlone() throws Exception {
    byte[] buf = b("garbage|xx,row2,yy,5|more");
    assertArrayEquals(b("row2"), parser.rowOf(buf, 8, 12));
    assertEquals("g:b=yy@5", describe(parser.parse(buf, 8, 12, 0).cells().get(1)));
  }

  @Test
  void badLinesAreBadForBoth() {
    for (String[] c : new String[][] {
        {"a,row,b,1,extra", "excessive columns: 5 fields for 4 columns"},
        {"a", "no row key (field 2)"},
        {"a,,b,1", "empty row key"},
        {"a,row,b", "no timestamp (field 4)"},
        {"a,row,b,soon", "invalid timestamp 'soon'"},
        {"a,row,b,-3", "negative timestamp -3"},
        {"a," + "r".repeat(32768) + ",b,1", "row key of 32768 bytes; the limit is 32767"},
        {"a,row,b,1,x,y,z,w,v,u", "excessive columns: 10 fields for 4 columns"}}) {
      byte[] line = b(c[0]);
      assertEquals(c[1], assertThrows(TsvParser.BadLineException.class,
          () -> parser.rowOf(line, 0, line.length), c[0]).getMessage());
      assertEquals(c[1], assertThrows(TsvParser.BadLineException.class,
          () -> parser.parse(line, 0, line.length, 0), c[0]).getMessage());
    }
  }

  @Test
  void missingTrailingFieldsAreAbsentCells() throws Exception {
    TsvParser p = new TsvParser("HBASE_ROW_KEY,f:a,f:b", "\t");
    byte[] line = b("r\tonly-a");
    assertEquals(1, p.parse(line, 0, line.length, 3).cells().size());
    assertArrayEquals(b("r"), p.rowOf(line, 0, line.length));
  }

  @Test
  void cellsAreTheParsedPutsCellsWithValuesInTheLine() throws Exception {
    byte[] buf = b("junk|xx,row3,yy,9|junk");
    List<Cell> cells = new java.util.ArrayList<>();
    parser.cells(buf, 5, 12, 0, cells);
    assertEquals(parser.parse(buf, 5, 12, 0).cells(), cells);
    assertSame(buf, cells.get(0).valueArray()); // a slice, not a copy
    assertSame(cells.get(0).row(), cells.get(1).row()); // one row array for the line
  }

  /**
   * The eight-bytes-at-a-time split against a plain one, on random lines whose separators fall
   * at every position of a word, on slices that start and end anywhere in their array.
   */
  @Test
  void splitsRandomLinesAsAPlainSplitDoes() throws Exception {
    long seed = System.nanoTime();
    System.out.println("TsvParserTest seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    TsvParser p = new TsvParser("f:a,HBASE_ROW_KEY,f:b,g:c,g:d", "|");
    for (int t = 0; t < 10_000; t++) {
      int len = rnd.nextInt(rnd.nextBoolean() ? 12 : 60);
      byte[] line = new byte[len];
      for (int i = 0; i < len; i++) {
        line[i] = rnd.nextInt(6) == 0 ? (byte) '|' : (byte) ('a' + rnd.nextInt(3));
      }
      int pad = rnd.nextInt(9);
      byte[] buf = new byte[pad + len + rnd.nextInt(9)];
      java.util.Arrays.fill(buf, (byte) '|');
      System.arraycopy(line, 0, buf, pad, len);
      String[] fields = new String(line, StandardCharsets.UTF_8).split("\\|", -1);
      String what = "line '" + new String(line, StandardCharsets.UTF_8) + "' seed " + seed;
      if (fields.length > 5) {
        assertEquals("excessive columns: " + fields.length + " fields for 5 columns",
            assertThrows(TsvParser.BadLineException.class, () -> p.rowOf(buf, pad, len), what)
                .getMessage());
      } else if (fields.length < 2 || fields[1].isEmpty()) {
        assertThrows(TsvParser.BadLineException.class, () -> p.rowOf(buf, pad, len), what);
      } else {
        assertEquals(fields[1], new String(p.rowOf(buf, pad, len), StandardCharsets.UTF_8), what);
        List<Cell> cells = new java.util.ArrayList<>();
        p.cells(buf, pad, len, 1, cells);
        assertEquals(fields.length - 1, cells.size(), what);
        for (int i = 0, c = 0; i < fields.length; i++) {
          if (i != 1) {
            assertEquals(fields[i], Bytes.toString(cells.get(c++).value()), what);
          }
        }
      }
    }
  }

  /**
   * A line whose separators the line reader found is checked exactly as one the parser scans:
   * the same fields, or the same complaint.
   */
  @Test
  void separatorsFoundByTheReaderGiveTheScansFieldsAndErrors() throws Exception {
    long seed = System.nanoTime();
    System.out.println("TsvParserTest seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    List<String> lines = new java.util.ArrayList<>(List.of("a,row,b,1,extra", "a", "a,,b,1",
        "a,row,b", "a,row,b,soon", "a,row,b,-3", "a," + "r".repeat(32768) + ",b,1",
        "a,row,b,1,x,y,z,w,v,u", "xx,row1,yy,42", ",r,,0"));
    for (int t = 0; t < 5_000; t++) {
      StringBuilder l = new StringBuilder();
      int len = rnd.nextInt(rnd.nextBoolean() ? 12 : 40);
      for (int i = 0; i < len; i++) {
        l.append(rnd.nextInt(5) == 0 ? ',' : rnd.nextInt(4) == 0 ? (char) ('0' + rnd.nextInt(10))
            : 'a');
      }
      lines.add(l.toString());
    }
    for (String s : lines) {
      byte[] buf = b("~~" + s + "~");
      int off = 2;
      int len = s.length();
      int[] seps = new int[len + 1];
      int nSeps = 0;
      for (int i = 0; i < len; i++) {
        if (s.charAt(i) == ',') {
          seps[nSeps++] = i;
        }
      }
      int[] scanned = new int[8];
      int[] given = new int[8];
      String scanError = null;
      String givenError = null;
      int n1 = -1;
      int n2 = -1;
      try {
        n1 = parser.check(buf, off, len, scanned);
      } catch (TsvParser.BadLineException e) {
        scanError = e.getMessage();
      }
      try {
        n2 = parser.check(buf, off, len, seps, nSeps, given);
      } catch (TsvParser.BadLineException e) {
        givenError = e.getMessage();
      }
      assertEquals(scanError, givenError, "line '" + s + "' seed " + seed);
      assertEquals(n1, n2, "line '" + s + "' seed " + seed);
      if (n1 > 0) {
        assertArrayEquals(java.util.Arrays.copyOf(scanned, 2 * n1),
            java.util.Arrays.copyOf(given, 2 * n2), "line '" + s + "' seed " + seed);
      }
    }
  }

  private static String describe(Cell c) {
    return Bytes.toString(c.family()) + ":" + Bytes.toString(c.qualifier()) + "="
        + Bytes.toString(c.value()) + "@" + c.timestamp();
  }
}
