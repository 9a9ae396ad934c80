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

/** Comparators, CompareOperator's direction, and the four compare filters. */
class FilterComparatorTest {
  private static final List<List<Cell>> ROWS =
      rows("a/f:q@1=1", "m/f:q@1=2", "z/f:q@1=3");

  private static List<String> rowsWhere(CompareOperator op, String value) throws IOException {
    return FilterTestDriver.scan(new RowFilter(op, new BinaryComparator(b(value))), ROWS)
        .rowKeys();
  }

  @Test
  void operatorReadsCellOpComparator() throws IOException {
    assertEquals(list("a"), rowsWhere(CompareOperator.LESS, "m"));
    assertEquals(list("a", "m"), rowsWhere(CompareOperator.LESS_OR_EQUAL, "m"));
    assertEquals(list("m"), rowsWhere(CompareOperator.EQUAL, "m"));
    assertEquals(list("a", "z"), rowsWhere(CompareOperator.NOT_EQUAL, "m"));
    assertEquals(list("m", "z"), rowsWhere(CompareOperator.GREATER_OR_EQUAL, "m"));
    assertEquals(list("z"), rowsWhere(CompareOperator.GREATER, "m"));
    assertEquals(list(), rowsWhere(CompareOperator.NO_OP, "m"));
  }

  @Test
  void binaryComparesComparatorValueWithCell() {
    BinaryComparator m = new BinaryComparator(b("m"));
    assertTrue(m.compareTo(b("a")) > 0);
    assertEquals(0, m.compareTo(b("m")));
    assertTrue(m.compareTo(b("mm")) < 0);
    assertTrue(new BinaryComparator(new byte[] {(byte) 0x80}).compareTo(new byte[] {1}) > 0,
        "unsigned");
  }

  @Test
  void binaryPrefixCutsCellToPrefixLength() {
    BinaryPrefixComparator ab = new BinaryPrefixComparator(b("ab"));
    assertEquals(0, ab.compareTo(b("ab")));
    assertEquals(0, ab.compareTo(b("abzzz")));
    assertTrue(ab.compareTo(b("a")) > 0);
    assertTrue(ab.compareTo(b("b")) < 0);
    assertTrue(ab.compareTo(b("aa")) > 0);
  }

  @Test
  void regexUsesFind() {
    RegexStringComparator re = new RegexStringComparator("b.d");
    assertEquals(0, re.compareTo(b("abcde")));
    assertEquals(1, re.compareTo(b("abde")));
    assertEquals(1, new RegexStringComparator("^bc").compareTo(b("abc")));
    assertEquals(0, new RegexStringComparator("a.c").compareTo(b("a\nc")), "DOTALL");
    assertTrue(re.isMatchOnly());
  }

  @Test
  void substringIsCaseInsensitive() {
    SubstringComparator sc = new SubstringComparator("BC");
    assertEquals(0, sc.compareTo(b("xabcx")));
    assertEquals(0, sc.compareTo(b("XBCX")));
    assertEquals(1, sc.compareTo(b("b c")));
    assertFalse(new BinaryComparator(b("x")).isMatchOnly());
    assertEquals("substring:bc", sc.toString());
  }

  @Test
  void familyQualifierAndValueFilters() throws IOException {
    List<List<Cell>> rows = rows("r1/a:x@1=v1", "r1/b:x@1=v2", "r1/b:y@1=hello",
        "r2/a:y@1=HELLO", "r2/c:z@1=v3");
    assertEquals(list("r1/b:x@1=v2", "r1/b:y@1=hello"),
        FilterTestDriver.scan(new FamilyFilter(CompareOperator.EQUAL,
            new BinaryComparator(b("b"))), rows).cellStrings());
    // a failing family skips only its own part of the row (families are separate stores)
    assertEquals(list("r2/c:z@1=v3"),
        FilterTestDriver.scan(new FamilyFilter(CompareOperator.GREATER,
            new BinaryComparator(b("b"))), rows).cellStrings());
    assertEquals(list("r1/a:x@1=v1", "r1/b:x@1=v2"),
        FilterTestDriver.scan(new QualifierFilter(CompareOperator.EQUAL,
            new BinaryComparator(b("x"))), rows).cellStrings());
    assertEquals(list("r1/b:y@1=hello", "r2/a:y@1=HELLO"),
        FilterTestDriver.scan(new ValueFilter(CompareOperator.EQUAL,
            new SubstringComparator("ell")), rows).cellStrings());
    assertEquals(list("r1/a:x@1=v1", "r1/b:x@1=v2", "r2/c:z@1=v3"),
        FilterTestDriver.scan(new ValueFilter(CompareOperator.EQUAL,
            new RegexStringComparator("^v[0-9]$")), rows).cellStrings());
    assertEquals(list("r1/b:y@1=hello", "r2/a:y@1=HELLO"),
        FilterTestDriver.scan(new ValueFilter(CompareOperator.NOT_EQUAL,
            new BinaryPrefixComparator(b("v"))), rows).cellStrings());
  }

  @Test
  void rowFilterDecidesOncePerRow() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(
        new RowFilter(CompareOperator.EQUAL, new RegexStringComparator("^m")), ROWS);
    assertEquals(list("m"), r.rowKeys());
    assertEquals(3, r.rowsVisited);
    assertEquals(1, r.cellsOffered, "rejected rows are never offered cell by cell");
  }
}
