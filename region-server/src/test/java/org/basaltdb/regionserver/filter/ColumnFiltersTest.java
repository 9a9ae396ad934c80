package org.basaltdb.regionserver.filter;

import static org.basaltdb.regionserver.filter.TestCells.b;
import static org.basaltdb.regionserver.filter.TestCells.list;
import static org.basaltdb.regionserver.filter.TestCells.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;
import org.basaltdb.regionserver.filter.Filter.ReturnCode;
import org.junit.jupiter.api.Test;

/** Column prefix, range, pagination and timestamps filters, including their seeks. */
class ColumnFiltersTest {
  private static final List<List<Cell>> ROWS = rows("r1/f:a@1=1", "r1/f:ab@1=2", "r1/f:abc@2=3",
      "r1/f:abc@1=4", "r1/f:b@1=5", "r1/f:ba@1=6", "r1/f:c@1=7", "r1/g:ab@1=8", "r2/f:x@1=9");

  private static List<String> run(Filter f) throws IOException {
    return FilterTestDriver.scan(f, ROWS).cellStrings();
  }

  @Test
  void columnPrefixSeeksThenSkipsFamily() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(new ColumnPrefixFilter(b("ab")), ROWS);
    assertEquals(list("r1/f:ab@1=2", "r1/f:abc@2=3", "r1/f:abc@1=4", "r1/g:ab@1=8"),
        r.cellStrings());
    // f:a (seek), f:ab, f:abc x2, f:b (next row), g:ab, r2 f:x (next row)
    assertEquals(7, r.cellsOffered);
    assertEquals(ReturnCode.SEEK_NEXT_USING_HINT,
        new ColumnPrefixFilter(b("ab")).filterCell(TestCells.parse("r/f:a@1=v")));
  }

  @Test
  void multipleColumnPrefixesSeekBetweenRanges() throws IOException {
    FilterTestDriver.Result r = FilterTestDriver.scan(
        new MultipleColumnPrefixFilter(List.of(b("c"), b("ab"), b("abc"))), ROWS);
    assertEquals(list("r1/f:ab@1=2", "r1/f:abc@2=3", "r1/f:abc@1=4", "r1/f:c@1=7",
        "r1/g:ab@1=8"), r.cellStrings());
    assertEquals(list("r1/f:a@1=1", "r1/f:ab@1=2", "r1/f:abc@2=3", "r1/f:abc@1=4",
        "r1/f:ba@1=6", "r1/g:ab@1=8"),
        run(new MultipleColumnPrefixFilter(List.of(b("ba"), b("a")))));
    assertEquals(9, run(new MultipleColumnPrefixFilter(List.of())).size());
  }

  @Test
  void multipleColumnPrefixesCoveredPrefixHidesTheShorterOnesLaterColumns() throws IOException {
    // HBase 2.6's rule (a quirk kept on purpose): each qualifier meets only the greatest prefix
    // not after it. abd and abz start with ab but sort after abc, the last prefix: skipped.
    List<List<Cell>> rows = rows("r/f:abd@1=1", "r/f:abc@1=2", "r/f:abz@1=3", "r/g:abd@1=4");
    assertEquals(list("r/f:abc@1=2"), FilterTestDriver.scan(
        new MultipleColumnPrefixFilter(List.of(b("ab"), b("abc"))), rows).cellStrings());
    // ...while a column before the longer prefix still matches the shorter one.
    assertEquals(list("r/f:abc@1=2", "r/g:abd@1=4"), FilterTestDriver.scan(
        new MultipleColumnPrefixFilter(List.of(b("ab"), b("abd"))), rows("r/f:abc@1=2",
            "r/g:abd@1=4")).cellStrings());
  }

  @Test
  void columnRangeBounds() throws IOException {
    assertEquals(list("r1/f:ab@1=2", "r1/f:abc@2=3", "r1/f:abc@1=4", "r1/f:b@1=5",
        "r1/g:ab@1=8"), run(new ColumnRangeFilter(b("ab"), true, b("b"), true)));
    assertEquals(list("r1/f:abc@2=3", "r1/f:abc@1=4"),
        run(new ColumnRangeFilter(b("ab"), false, b("b"), false)));
    assertEquals(list("r1/f:c@1=7", "r2/f:x@1=9"), run(new ColumnRangeFilter(b("c"), true, null,
        false)));
    assertEquals(list("r1/f:a@1=1"), run(new ColumnRangeFilter(null, false, b("ab"), false)));
  }

  @Test
  void columnPaginationCountsColumnsAcrossFamilies() throws IOException {
    // r1 columns: f:a f:ab f:abc f:b f:ba f:c g:ab ; r2: f:x
    assertEquals(list("r1/f:ab@1=2", "r1/f:abc@2=3"), run(new ColumnPaginationFilter(2, 1)));
    assertEquals(list("r1/f:c@1=7", "r1/g:ab@1=8"), run(new ColumnPaginationFilter(5, 5)));
    assertEquals(list("r1/f:a@1=1", "r2/f:x@1=9"), run(new ColumnPaginationFilter(1, 0)));
    assertEquals(list(), run(new ColumnPaginationFilter(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> new ColumnPaginationFilter(-1, 0));
  }

  @Test
  void columnPaginationByColumnOffsetSeeks() throws IOException {
    FilterTestDriver.Result r =
        FilterTestDriver.scan(new ColumnPaginationFilter(2, b("abc")), ROWS);
    assertEquals(list("r1/f:abc@2=3", "r1/f:b@1=5", "r2/f:x@1=9"), r.cellStrings());
  }

  @Test
  void timestampsKeepListedVersions() throws IOException {
    List<List<Cell>> rows = rows("r/f:a@5=1", "r/f:a@3=2", "r/f:a@1=3", "r/f:b@4=4",
        "r/f:b@3=5", "r/f:c@2=6");
    FilterTestDriver.Result r = FilterTestDriver.scan(new TimestampsFilter(List.of(3L, 5L)),
        rows);
    assertEquals(list("r/f:a@5=1", "r/f:a@3=2", "r/f:b@3=5"), r.cellStrings());
    assertEquals(6, r.cellsOffered, "every version is offered; ones below 3 end their column");
    assertThrows(IllegalArgumentException.class, () -> new TimestampsFilter(List.of(-1L)));
    assertEquals(list(), FilterTestDriver.scan(new TimestampsFilter(List.of()), rows).rowKeys());
  }
}
