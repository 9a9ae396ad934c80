package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import static org.basaltdb.regionserver.filter.TestCells.b;
import static org.basaltdb.regionserver.filter.TestCells.list;
import static org.basaltdb.regionserver.filter.TestCells.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;

/** SingleColumnValueFilter, its Exclude variant and DependentColumnFilter. */
class SingleColumnValueFiltersTest {
  // r1: status=active; r2: status=gone; r3: no status; r4: newest status gone, older active
  private static final List<List<Cell>> ROWS = rows("r1/a:name@1=ann", "r1/s:status@1=active",
      "r2/a:name@1=bob", "r2/s:status@1=gone", "r3/a:name@1=cy", "r4/a:name@1=dee",
      "r4/s:status@2=gone", "r4/s:status@1=active");

  private static SingleColumnValueFilter scvf(boolean ifMissing, boolean latestOnly) {
    return new SingleColumnValueFilter(b("s"), b("status"), CompareOperator.EQUAL,
        new BinaryComparator(b("active")), ifMissing, latestOnly);
  }

  @Test
  void defaultsKeepRowsMissingTheColumn() throws IOException {
    SingleColumnValueFilter f = new SingleColumnValueFilter(b("s"), b("status"),
        CompareOperator.EQUAL, new BinaryComparator(b("active")));
    assertFalse(f.filterIfMissing());
    assertTrue(f.latestVersionOnly());
    assertTrue(f.hasFilterRow());
    assertEquals(list("r1", "r3"), FilterTestDriver.scan(f, ROWS).rowKeys());
  }

  @Test
  void filterIfMissingDropsRowsWithoutTheColumn() throws IOException {
    assertEquals(list("r1"), FilterTestDriver.scan(scvf(true, true), ROWS).rowKeys());
  }

  @Test
  void allVersionsPassIfAnyVersionMatches() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(scvf(true, false), ROWS);
    assertEquals(list("r1", "r4"), r.rowKeys());
    assertEquals(3, r.rows.get(1).size(), "the whole row comes back");
  }

  @Test
  void rowsKeepAllTheirColumns() throws IOException {
    assertEquals(list("r1/a:name@1=ann", "r1/s:status@1=active"),
        FilterTestDriver.scan(scvf(true, true), ROWS).cellStrings());
  }

  @Test
  void comparisonReadsCellValueOpComparator() throws IOException {
    SingleColumnValueFilter f = new SingleColumnValueFilter(b("s"), b("status"),
        CompareOperator.LESS, new BinaryComparator(b("b")), true, true);
    assertEquals(list("r1"), FilterTestDriver.scan(f, ROWS).rowKeys());
  }

  @Test
  void familyEssentialOnlyForTestedFamilyWhenFilteringMissing() {
    assertTrue(scvf(true, true).isFamilyEssential(b("s")));
    assertFalse(scvf(true, true).isFamilyEssential(b("a")));
    assertTrue(scvf(false, true).isFamilyEssential(b("a")));
  }

  @Test
  void excludeVariantDropsTheTestedColumn() throws IOException {
    SingleColumnValueExcludeFilter f = new SingleColumnValueExcludeFilter(b("s"), b("status"),
        CompareOperator.EQUAL, new BinaryComparator(b("active")), false, true);
    assertEquals(list("r1/a:name@1=ann", "r3/a:name@1=cy"),
        FilterTestDriver.scan(f, ROWS).cellStrings());
    // a kept row that had only the tested column disappears
    assertEquals(list(), FilterTestDriver.scan(f, rows("r/s:status@1=active")).rowKeys());
  }

  @Test
  void dependentColumnKeepsCellsWithReferenceTimestamps() throws IOException {
    List<List<Cell>> rows = rows("r1/f:ref@2=x", "r1/f:a@2=1", "r1/f:a@1=2", "r1/g:b@2=3",
        "r1/g:b@3=4", "r2/f:a@1=5");
    assertEquals(list("r1/f:a@2=1", "r1/f:ref@2=x", "r1/g:b@2=3"),
        FilterTestDriver.scan(new DependentColumnFilter(b("f"), b("ref")), rows).cellStrings());
    assertEquals(list("r1/f:a@2=1", "r1/g:b@2=3"),
        FilterTestDriver.scan(new DependentColumnFilter(b("f"), b("ref"), true), rows)
            .cellStrings());
    assertEquals(list(), FilterTestDriver.scan(new DependentColumnFilter(b("f"), b("ref"), false,
        CompareOperator.EQUAL, new BinaryComparator(b("y"))), rows).cellStrings());
    assertEquals(3, FilterTestDriver.scan(new DependentColumnFilter(b("f"), b("ref"), false,
        CompareOperator.EQUAL, new BinaryComparator(b("x"))), rows).cells().size());
    assertTrue(new DependentColumnFilter(b("f"), b("ref")).hasFilterRow());
  }
}
