package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        {"a,row,b,soon", "invalid timestamp 'soon'"}}) {
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

  private static String describe(Cell c) {
    return Bytes.toString(c.family()) + ":" + Bytes.toString(c.qualifier()) + "="
        + Bytes.toString(c.value()) + "@" + c.timestamp();
  }
}
