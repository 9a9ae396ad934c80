package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import static org.basaltdb.regionserver.filter.TestCells.b;
import static org.basaltdb.regionserver.filter.TestCells.list;
import static org.basaltdb.regionserver.filter.TestCells.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;

/** SkipFilter and WhileMatchFilter. */
class WrapperFiltersTest {
  private static final List<List<Cell>> ROWS = rows("r1/f:a@1=1", "r1/f:b@1=1", "r2/f:a@1=1",
      "r2/f:b@1=0", "r3/f:a@1=1", "r4/f:a@1=0");

  private static ValueFilter notZero() {
    return new ValueFilter(CompareOperator.NOT_EQUAL, new BinaryComparator(b("0")));
  }

  @Test
  void skipDropsRowsWithAnyRejectedCell() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(new SkipFilter(notZero()), ROWS);
    assertEquals(list("r1", "r3"), r.rowKeys());
    assertEquals(list("r2/f:a@1=1", "r3/f:a@1=1"),
        FilterTestDriver.scan(notZero(), ROWS).cellStrings().subList(2, 4));
    assertTrue(new SkipFilter(notZero()).hasFilterRow());
  }

  @Test
  void whileMatchEndsScanAtFirstRejectedCell() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(new WhileMatchFilter(notZero()), ROWS);
    // r2's a is kept, its b ends the scan; the row is finished with what it has
    assertEquals(list("r1/f:a@1=1", "r1/f:b@1=1", "r2/f:a@1=1"), r.cellStrings());
    assertEquals(2, r.rowsVisited);
  }

  @Test
  void whileMatchEndsScanAtFirstRejectedRowKey() throws IOException {
    Filter f = new WhileMatchFilter(
        new RowFilter(CompareOperator.NOT_EQUAL, new BinaryComparator(b("r3"))));
    assertEquals(list("r1", "r2"), FilterTestDriver.scan(f, ROWS).rowKeys());
  }

  @Test
  void whileMatchEndsScanAtFirstRejectedRow() throws IOException {
    Filter f = new WhileMatchFilter(new SingleColumnValueFilter(b("f"), b("b"),
        CompareOperator.EQUAL, new BinaryComparator(b("1"))));
    FilterTestDriver.Result r = FilterTestDriver.scan(f, ROWS);
    assertEquals(list("r1"), r.rowKeys());
    assertEquals(2, r.rowsVisited);
  }

  @Test
  void whileMatchWithAPrefixInAReversedScan() throws IOException {
    Filter f = new WhileMatchFilter(new PrefixFilter(b("r")));
    assertEquals(list("r4", "r3", "r2", "r1"), FilterTestDriver.scan(f, ROWS, true).rowKeys());
  }

  /** As HBase 2.6: SKIP and WHILE never pass filterRowCells on, so no row edits happen. */
  @Test
  void wrappersDropRowEditsAsHBaseDoes() throws IOException {
    List<List<Cell>> rows = rows("r/f:ref@2=x", "r/f:a@2=1", "r/f:a@1=2");
    assertEquals(list("r/f:a@2=1", "r/f:a@1=2", "r/f:ref@2=x"), FilterTestDriver.scan(
        new SkipFilter(new DependentColumnFilter(b("f"), b("ref"))), rows).cellStrings());
    assertEquals(list("r/f:a@2=1", "r/f:a@1=2", "r/f:ref@2=x"), FilterTestDriver.scan(
        new WhileMatchFilter(new DependentColumnFilter(b("f"), b("ref"))), rows).cellStrings());
  }

  /** As HBase 2.6: the PrefixFilter inside never sees a row key, so it lets no cell pass. */
  @Test
  void skipNeverAsksTheWrappedFilterAboutRowKeys() throws IOException {
    assertEquals(list(), FilterTestDriver.scan(
        new SkipFilter(new PrefixFilter(b("r2"))), ROWS).rowKeys());
  }

  @Test
  void toStringsUseLanguageKeywords() {
    assertEquals("SKIP ValueFilter(!=, 'binary:0')", new SkipFilter(notZero()).toString());
    assertEquals("WHILE PrefixFilter('r')", new WhileMatchFilter(new PrefixFilter(b("r")))
        .toString());
  }
}
