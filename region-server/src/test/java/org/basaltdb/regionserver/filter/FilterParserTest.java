package org.basaltdb.regionserver.filter;

import static org.basaltdb.regionserver.filter.TestCells.list;
import static org.basaltdb.regionserver.filter.TestCells.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter language: every filter form, operators and precedence, quoting, errors. */
class FilterParserTest {
  /** Parses, prints, and checks that printing is stable under re-parsing. */
  private static String roundTrip(String s) {
    String printed = FilterParser.parse(s).toString();
    assertEquals(printed, FilterParser.parse(printed).toString(), "reparse of " + printed);
    return printed;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "KeyOnlyFilter()|KeyOnlyFilter()",
      "KeyOnlyFilter(TRUE)|KeyOnlyFilter(true)",
      "FirstKeyOnlyFilter()|FirstKeyOnlyFilter()",
      "PrefixFilter('row')|PrefixFilter('row')",
      "ColumnPrefixFilter('q')|ColumnPrefixFilter('q')",
      "MultipleColumnPrefixFilter('a','b')|MultipleColumnPrefixFilter('a', 'b')",
      "ColumnCountGetFilter(4)|ColumnCountGetFilter(4)",
      "PageFilter(10)|PageFilter(10)",
      "ColumnPaginationFilter(10, 0)|ColumnPaginationFilter(10, 0)",
      "InclusiveStopFilter('r9')|InclusiveStopFilter('r9')",
      "TimestampsFilter(3, 1, 2)|TimestampsFilter(1, 2, 3)",
      "RowFilter(<, 'binary:m')|RowFilter(<, 'binary:m')",
      "FamilyFilter(>=, 'binaryprefix:f')|FamilyFilter(>=, 'binaryprefix:f')",
      "QualifierFilter(!=, 'regexstring:^a.*')|QualifierFilter(!=, 'regexstring:^a.*')",
      "ValueFilter(=, 'substring:ABC')|ValueFilter(=, 'substring:abc')",
      "ColumnRangeFilter('a', true, 'c', false)|ColumnRangeFilter('a', true, 'c', false)",
      "ColumnRangeFilter('', false, '', true)|ColumnRangeFilter('', false, '', true)",
      "SingleColumnValueFilter('f','q',=,'binary:v')"
          + "|SingleColumnValueFilter('f', 'q', =, 'binary:v', false, true)",
      "SingleColumnValueFilter('f','q',=,'binary:v',true,false)"
          + "|SingleColumnValueFilter('f', 'q', =, 'binary:v', true, false)",
      "SingleColumnValueExcludeFilter('f','q',>,'binary:1', True, FALSE)"
          + "|SingleColumnValueExcludeFilter('f', 'q', >, 'binary:1', true, false)",
      "DependentColumnFilter('f','q')|DependentColumnFilter('f', 'q', false)",
      "DependentColumnFilter('f','q', true)|DependentColumnFilter('f', 'q', true)",
      "DependentColumnFilter('f','q', false, <=, 'binary:5')"
          + "|DependentColumnFilter('f', 'q', false, <=, 'binary:5')",
  })
  void everyFilterForm(String input, String printed) {
    assertEquals(printed, roundTrip(input));
  }

  @Test
  void filterNamesAreSortedAndComplete() {
    List<String> names = FilterParser.filterNames();
    assertEquals(18, names.size());
    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(names.contains("SingleColumnValueExcludeFilter"));
    assertFalse(names.contains("SkipFilter"), "SKIP and WHILE are keywords, not names");
  }

  @Test
  void precedenceSkipWhileThenAndThenOr() {
    assertEquals("((PrefixFilter('a') AND PageFilter(1)) OR KeyOnlyFilter())",
        roundTrip("PrefixFilter('a') AND PageFilter(1) OR KeyOnlyFilter()"));
    assertEquals("(PrefixFilter('a') OR (PageFilter(1) AND KeyOnlyFilter()))",
        roundTrip("PrefixFilter('a') OR PageFilter(1) AND KeyOnlyFilter()"));
    assertEquals("(SKIP ValueFilter(=, 'binary:0') AND PageFilter(1))",
        roundTrip("SKIP ValueFilter(=,'binary:0') AND PageFilter(1)"));
    assertEquals("SKIP (ValueFilter(=, 'binary:0') AND PageFilter(1))",
        roundTrip("SKIP (ValueFilter(=,'binary:0') AND PageFilter(1))"));
    assertEquals("WHILE SKIP PageFilter(1)", roundTrip("WHILE SKIP PageFilter(1)"));
    assertEquals("(PrefixFilter('a') AND (PageFilter(1) OR KeyOnlyFilter()))",
        roundTrip("PrefixFilter('a') AND (PageFilter(1) OR KeyOnlyFilter())"));
  }

  @Test
  void chainsOfOneOperatorFlattenParenthesesNest() {
    Filter f = FilterParser.parse("PageFilter(1) AND PageFilter(2) AND PageFilter(3)");
    FilterList list = assertInstanceOf(FilterList.class, f);
    assertEquals(FilterList.Operator.MUST_PASS_ALL, list.operator());
    assertEquals(3, list.filters().size());
    FilterList nested = assertInstanceOf(FilterList.class,
        FilterParser.parse("(PageFilter(1) AND PageFilter(2)) AND PageFilter(3)"));
    assertEquals(2, nested.filters().size());
    assertInstanceOf(PageFilter.class, FilterParser.parse("((PageFilter(1)))"));
  }

  @Test
  void quotesAndBytes() {
    PrefixFilter p = (PrefixFilter) FilterParser.parse("PrefixFilter('it''s')");
    assertArrayEquals("it's".getBytes(StandardCharsets.UTF_8), p.prefix());
    PrefixFilter u = (PrefixFilter) FilterParser.parse("PrefixFilter('\u00e9t\u00e9')");
    assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), u.prefix());
    PrefixFilter e = (PrefixFilter) FilterParser.parse("PrefixFilter('')");
    assertEquals(0, e.prefix().length);
    assertEquals("PrefixFilter('a,b) AND ''c')",
        FilterParser.parse("PrefixFilter('a,b) AND ''c')").toString());
    assertEquals("RowFilter(=, 'binary:x''y')",
        roundTrip("RowFilter(=,'binary:x''y')"));
    assertEquals("RowFilter(=, 'binary:a:b')", roundTrip("RowFilter(=,'binary:a:b')"));
  }

  @Test
  void whitespaceIsIgnored() {
    assertEquals("(PageFilter(1) AND KeyOnlyFilter())",
        roundTrip("  ( PageFilter ( 1 )\tAND\nKeyOnlyFilter( ) )  "));
    assertEquals("(PageFilter(1) OR PageFilter(2))", roundTrip("(PageFilter(1))OR(PageFilter(2))"));
  }

  @Test
  void parsedFiltersRun() throws IOException {
    List<List<Cell>> rows = rows("a/f:q@1=1", "m/f:q@1=2", "z/f:q@1=3");
    assertEquals(list("a"),
        FilterTestDriver.scan(FilterParser.parse("RowFilter(<, 'binary:m')"), rows).rowKeys());
    assertEquals(list("a", "z"), FilterTestDriver.scan(FilterParser.parse(
        "RowFilter(=, 'binary:a') OR ValueFilter(=, 'binary:3')"), rows).rowKeys());
  }

  private static String error(String input) {
    return assertThrows(IllegalArgumentException.class, () -> FilterParser.parse(input))
        .getMessage();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // missing comma
      "PrefixFilter('a' 'b')|filter string position 17: expected ',' or ')' after argument, "
          + "got quoted string 'b'",
      "ColumnPaginationFilter(10 x)|filter string position 26: expected ',' or ')' after "
          + "argument, got 'x'",
      // unbalanced parentheses
      "(PageFilter(1)|filter string position 14: expected AND, OR or ')' to close the '(' at "
          + "position 0, got end of string",
      "PageFilter(1))|filter string position 13: expected AND, OR or end of string, got ')'",
      "PageFilter(1|filter string position 12: expected ',' or ')' after argument, got end of "
          + "string",
      "PageFilter 1|filter string position 11: expected '(' after filter name PageFilter, got '1'",
      // operators and operands
      "PageFilter(1) AND|filter string position 17: expected a filter name, '(', SKIP or WHILE, "
          + "got end of string",
      "PageFilter(1) and PageFilter(2)|filter string position 14: expected AND, OR or end of "
          + "string, got 'and'",
      "|filter string position 0: expected a filter name, '(', SKIP or WHILE, got end of string",
      "PageFilter(,)|filter string position 11: expected an argument of PageFilter, got ','",
      // arguments
      "PageFilter(1, 2)|filter string position 0: PageFilter expects 1 argument, got 2",
      "SingleColumnValueFilter('f','q',=,'binary:v',true)|filter string position 0: "
          + "SingleColumnValueFilter expects 4 or 6 arguments, got 5",
      "DependentColumnFilter('f')|filter string position 0: DependentColumnFilter expects 2, 3 "
          + "or 5 arguments, got 1",
      "PageFilter('10')|filter string position 11: PageFilter argument 1 must be an integer, "
          + "got quoted string '10'",
      "PageFilter(-1)|filter string position 11: PageFilter argument 1 must be >= 0, got -1",
      "PrefixFilter(row)|filter string position 13: PrefixFilter argument 1 must be a quoted "
          + "string, got 'row'",
      "KeyOnlyFilter(yes)|filter string position 14: KeyOnlyFilter argument 1 must be true or "
          + "false, got 'yes'",
      "RowFilter('=', 'binary:a')|filter string position 10: RowFilter argument 1 must be a "
          + "comparison operator (<, <=, =, !=, >, >=), got quoted string '='",
      // comparators
      "RowFilter(=, 'bin:a')|filter string position 13: RowFilter argument 2 must be a quoted "
          + "comparator 'type:value' with type binary, binaryprefix, regexstring or substring, "
          + "got quoted string 'bin:a'",
      "RowFilter(=, 'abc')|filter string position 13: RowFilter argument 2 must be a quoted "
          + "comparator 'type:value' with type binary, binaryprefix, regexstring or substring, "
          + "got quoted string 'abc'",
      "RowFilter(<, 'regexstring:a.*')|filter string position 13: RowFilter argument 2 is a "
          + "regexstring comparator, which only supports = and !=, got operator <",
      "SingleColumnValueFilter('f','q',>=,'substring:v')|filter string position 35: "
          + "SingleColumnValueFilter argument 4 is a substring comparator, which only supports = "
          + "and !=, got operator >=",
      // lexing
      "PrefixFilter('abc)|filter string position 13: unterminated quoted string (a quote inside "
          + "a string is written '')",
      "RowFilter(!, 'binary:a')|filter string position 10: expected '!=', got '!'",
  })
  void malformedStringsNamePositionAndExpectation(String input, String message) {
    assertEquals(message, error(input == null ? "" : input));
  }

  @Test
  void unknownFilterListsKnownNames() {
    String m = error("PageFilter(1) AND prefixFilter('a')");
    assertTrue(m.startsWith("filter string position 18: unknown filter 'prefixFilter'; known "
        + "filters: ColumnCountGetFilter, ColumnPaginationFilter, "), m);
    assertTrue(m.endsWith("TimestampsFilter, ValueFilter"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RowFilter(=, 'regexstring:(')", "ValueFilter(!=, 'regexstring:[a')"})
  void badRegexIsRejectedWithPosition(String input) {
    assertTrue(error(input).contains("argument 2 has an invalid regular expression"));
  }
}
