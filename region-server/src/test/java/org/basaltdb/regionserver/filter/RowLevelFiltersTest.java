package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import static org.basaltdb.regionserver.filter.TestCells.b;
import static org.basaltdb.regionserver.filter.TestCells.list;
import static org.basaltdb.regionserver.filter.TestCells.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;

/** Prefix, InclusiveStop, Page, FirstKeyOnly, KeyOnly and ColumnCountGet filters. */
class RowLevelFiltersTest {
  private static final List<List<Cell>> ROWS = rows("a1/f:q@1=v", "ab1/f:q@1=v", "ab2/f:q@1=v",
      "ab2/f:r@1=v", "ac/f:q@1=v", "b/f:q@1=v", "c/f:q@1=v");

  @Test
  void prefixForwardSeeksToPrefixAndStopsAfterIt() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(new PrefixFilter(b("ab")), ROWS);
    assertEquals(list("ab1", "ab2"), r.rowKeys());
    assertEquals(4, r.rowsVisited, "a1 (rejected), ab1, ab2, then ac ends the scan");
  }

  @Test
  void prefixRejectsRowsBeforeThePrefixOneByOne() throws IOException {
    List<List<Cell>> rows = rows("a/f:q@1=v", "b/f:q@1=v", "c/f:q@1=v", "d/f:q@1=v");
    FilterTestDriver.Result r = FilterTestDriver.scan(new PrefixFilter(b("d")), rows);
    assertEquals(list("d"), r.rowKeys());
    assertEquals(4, r.rowsVisited, "HBase 2.6.1 gives no hint: a, b, c are rejected by key");
  }

  @Test
  void prefixReversedSkipsRowByRowAndStopsBeforeIt() throws IOException {
    PrefixFilter f = new PrefixFilter(b("ab"));
    FilterTestDriver.Result r = FilterTestDriver.scan(f, ROWS, true);
    assertEquals(list("ab2", "ab1"), r.rowKeys());
    assertTrue(f.isReversed());
    assertEquals(6, r.rowsVisited, "c, b, ac rejected without hints, ab2, ab1, a1 ends it");
  }

  @Test
  void prefixShorterRowThanPrefix() throws IOException {
    List<List<Cell>> rows = rows("a/f:q@1=v", "abc/f:q@1=v", "b/f:q@1=v");
    assertEquals(list("abc"), FilterTestDriver.scan(new PrefixFilter(b("ab")), rows).rowKeys());
    assertEquals(list("abc"),
        FilterTestDriver.scan(new PrefixFilter(b("ab")), rows, true).rowKeys());
  }

  @Test
  void inclusiveStopIncludesStopRow() throws IOException {
    assertEquals(list("a1", "ab1", "ab2"),
        FilterTestDriver.scan(new InclusiveStopFilter(b("ab2")), ROWS).rowKeys());
    assertEquals(list("c", "b", "ac", "ab2"),
        FilterTestDriver.scan(new InclusiveStopFilter(b("ab2")), ROWS, true).rowKeys());
  }

  @Test
  void pageFilterStopsAfterPageSizeRows() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(new PageFilter(2), ROWS);
    assertEquals(list("a1", "ab1"), r.rowKeys());
    assertEquals(2, r.rowsVisited);
    assertEquals(list(), FilterTestDriver.scan(new PageFilter(0), ROWS).rowKeys());
    assertTrue(new PageFilter(1).hasFilterRow());
  }

  @Test
  void pageFilterDoesNotCountRowsOtherFiltersEmptied() throws IOException {
    Filter f = new FilterList(FilterList.Operator.MUST_PASS_ALL,
        new ValueFilter(CompareOperator.EQUAL, new BinaryComparator(b("keep"))), new PageFilter(2));
    List<List<Cell>> rows = rows("r1/f:q@1=drop", "r2/f:q@1=keep", "r3/f:q@1=drop",
        "r4/f:q@1=keep", "r5/f:q@1=keep");
    assertEquals(list("r2", "r4"), FilterTestDriver.scan(f, rows).rowKeys());
  }

  @Test
  void firstKeyOnlyReturnsFirstCellOfEachRow() throws IOException {
    List<List<Cell>> rows = rows("r1/a:x@2=1", "r1/a:x@1=2", "r1/b:y@1=3", "r2/b:z@1=4");
    assertEquals(list("r1/a:x@2=1", "r2/b:z@1=4"),
        FilterTestDriver.scan(new FirstKeyOnlyFilter(), rows).cellStrings());
  }

  @Test
  void keyOnlyStripsValuesOrKeepsTheirLength() throws IOException {
    List<List<Cell>> rows = rows("r1/f:a@1=hello", "r1/f:b@1=");
    List<Cell> plain = FilterTestDriver.scan(new KeyOnlyFilter(), rows).cells();
    assertEquals(2, plain.size());
    assertEquals(0, plain.get(0).value().length);
    List<Cell> len = FilterTestDriver.scan(new KeyOnlyFilter(true), rows).cells();
    assertArrayEquals(new byte[] {0, 0, 0, 5}, len.get(0).value());
    assertArrayEquals(new byte[] {0, 0, 0, 0}, len.get(1).value());
    assertFalse(new KeyOnlyFilter().hasFilterRow());
  }

  @Test
  void columnCountGetReturnsFirstColumnsAndEndsTheScan() throws IOException {
    List<List<Cell>> rows = rows("r1/f:a@2=1", "r1/f:a@1=2", "r1/f:b@1=3", "r1/f:c@1=4",
        "r1/f:d@1=5", "r2/f:a@1=6");
    assertEquals(list("r1/f:a@2=1", "r1/f:b@1=3"),
        FilterTestDriver.scan(new ColumnCountGetFilter(2), rows).cellStrings());
    // a row with no more than the limit does not end the scan
    assertEquals(list("r1", "r2"),
        FilterTestDriver.scan(new ColumnCountGetFilter(4), rows).rowKeys());
  }
}
