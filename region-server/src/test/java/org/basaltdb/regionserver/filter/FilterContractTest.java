package org.basaltdb.regionserver.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties every parsed filter shares: which ones decide on whole rows. */
class FilterContractTest {
  /** hasFilterRow is true exactly for these, as in HBase (and for lists and wrappers of them). */
  private static final List<String> ROW_LEVEL = List.of("PageFilter(1)",
      "SingleColumnValueFilter('f','q',=,'binary:v')",
      "SingleColumnValueExcludeFilter('f','q',=,'binary:v')", "DependentColumnFilter('f','q')",
      "SKIP KeyOnlyFilter()", "WHILE KeyOnlyFilter()", "KeyOnlyFilter() OR PageFilter(1)",
      "KeyOnlyFilter() AND (PrefixFilter('a') OR PageFilter(1))");
  private static final List<String> CELL_LEVEL = List.of("KeyOnlyFilter()",
      "FirstKeyOnlyFilter()", "PrefixFilter('a')", "ColumnPrefixFilter('a')",
      "MultipleColumnPrefixFilter('a')", "ColumnCountGetFilter(1)", "ColumnPaginationFilter(1,0)",
      "InclusiveStopFilter('a')", "TimestampsFilter(1)", "RowFilter(=,'binary:a')",
      "FamilyFilter(=,'binary:a')", "QualifierFilter(=,'binary:a')", "ValueFilter(=,'binary:a')",
      "ColumnRangeFilter('a',true,'b',true)", "KeyOnlyFilter() AND PrefixFilter('a')");

  @Test
  void hasFilterRowExactlyForRowLevelFilters() {
    for (String s : ROW_LEVEL) {
      assertEquals(true, FilterParser.parse(s).hasFilterRow(), s);
    }
    for (String s : CELL_LEVEL) {
      assertEquals(false, FilterParser.parse(s).hasFilterRow(), s);
    }
  }

  @Test
  void everyNamedFilterIsCovered() {
    long named = FilterParser.filterNames().size();
    long covered = FilterParser.filterNames().stream()
        .filter(n -> ROW_LEVEL.stream().anyMatch(s -> s.startsWith(n + "("))
            || CELL_LEVEL.stream().anyMatch(s -> s.startsWith(n + "(")))
        .count();
    assertEquals(named, covered);
  }

  @Test
  void wrappersAndListsAskSubFiltersAboutEssentialFamilies() throws Exception {
    String scvf = "SingleColumnValueFilter('f','q',=,'binary:v',true,true)";
    assertEquals(false, FilterParser.parse(scvf).isFamilyEssential(TestCells.b("g")));
    assertEquals(false, FilterParser.parse("SKIP " + scvf).isFamilyEssential(TestCells.b("g")));
    assertEquals(false, FilterParser.parse("WHILE " + scvf).isFamilyEssential(TestCells.b("g")));
    assertEquals(true, FilterParser.parse(scvf + " AND PageFilter(1)")
        .isFamilyEssential(TestCells.b("g")));
    assertEquals(true, FilterParser.parse(scvf).isFamilyEssential(TestCells.b("f")));
  }
}
