package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;

/**
 * Random trees of AND/OR lists over cell-level filters (including seeking ones), checked against
 * a model: a cell is returned iff the boolean combination of its leaves' per-cell predicates
 * holds. Return-code merging, OR's memory and hint merging must never change that answer.
 */
class FilterListRandomizedTest {
  private static final String[] PARTS = {"a", "b", "c", "ab", "ba", "bb", ""};
  private static final CompareOperator[] OPS = {CompareOperator.LESS,
      CompareOperator.LESS_OR_EQUAL, CompareOperator.EQUAL, CompareOperator.NOT_EQUAL,
      CompareOperator.GREATER_OR_EQUAL, CompareOperator.GREATER};

  /** A filter and the predicate it stands for. */
  private static final class Leaf {
    final Filter filter;
    final Predicate<Cell> keeps;

    Leaf(Filter filter, Predicate<Cell> keeps) {
      this.filter = filter;
      this.keeps = keeps;
    }
  }

  private static String pick(Random r) {
    return PARTS[r.nextInt(PARTS.length - 1)];
  }

  private static Leaf leaf(Random r) {
    CompareOperator op = OPS[r.nextInt(OPS.length)];
    byte[] x = Bytes.toBytes(pick(r));
    BinaryComparator cmp = new BinaryComparator(x);
    switch (r.nextInt(8)) {
      case 0:
        return new Leaf(new RowFilter(op, cmp), c -> op.passes(cmp.compareTo(c.row())));
      case 1:
        return new Leaf(new FamilyFilter(op, cmp), c -> op.passes(cmp.compareTo(c.family())));
      case 2:
        return new Leaf(new QualifierFilter(op, cmp),
            c -> op.passes(cmp.compareTo(c.qualifier())));
      case 3:
        return new Leaf(new ValueFilter(op, cmp), c -> op.passes(cmp.compareTo(c.value())));
      case 4:
        return new Leaf(new ColumnPrefixFilter(x), c -> Bytes.startsWith(c.qualifier(), x));
      case 5: {
        byte[] picked = Bytes.toBytes(pick(r));
        byte[] y = Bytes.equals(picked, x) ? Bytes.concat(x, x) : picked; // prefixes are distinct
        // HBase's rule: only the greatest prefix not after the qualifier counts (so with x = a,
        // y = aa the column ab is not kept; docs/hbase-compatibility.md).
        java.util.TreeSet<byte[]> sorted = new java.util.TreeSet<>(Bytes.COMPARATOR);
        sorted.addAll(List.of(x, y));
        return new Leaf(new MultipleColumnPrefixFilter(List.of(x, y)), c -> {
          byte[] floor = sorted.floor(c.qualifier());
          return floor != null && Bytes.startsWith(c.qualifier(), floor);
        });
      }
      case 6: {
        byte[] max = Bytes.toBytes(pick(r));
        boolean minInc = r.nextBoolean();
        boolean maxInc = r.nextBoolean();
        return new Leaf(new ColumnRangeFilter(x, minInc, max, maxInc), c -> {
          int lo = Bytes.compare(c.qualifier(), x);
          int hi = Bytes.compare(c.qualifier(), max);
          return (lo > 0 || (lo == 0 && minInc)) && (hi < 0 || (hi == 0 && maxInc));
        });
      }
      default:
        return new Leaf(new PrefixFilter(x), c -> Bytes.startsWith(c.row(), x));
    }
  }

  private static Leaf tree(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return leaf(r);
    }
    boolean and = r.nextBoolean();
    int n = 1 + r.nextInt(3);
    List<Filter> filters = new ArrayList<>();
    List<Predicate<Cell>> preds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Leaf l = tree(r, depth - 1);
      filters.add(l.filter);
      preds.add(l.keeps);
    }
    FilterList list = new FilterList(
        and ? FilterList.Operator.MUST_PASS_ALL : FilterList.Operator.MUST_PASS_ONE, filters);
    Predicate<Cell> keeps = and ? c -> preds.stream().allMatch(p -> p.test(c))
        : c -> preds.stream().anyMatch(p -> p.test(c));
    return new Leaf(list, keeps);
  }

  private static List<List<Cell>> data(Random r) {
    List<Cell> cells = new ArrayList<>();
    for (String row : new String[] {"a", "ab", "b", "ba", "bb", "c"}) {
      for (String fam : new String[] {"a", "b"}) {
        for (String q : PARTS) {
          if (r.nextInt(3) == 0) {
            continue;
          }
          int versions = 1 + r.nextInt(2);
          for (int v = 0; v < versions; v++) {
            cells.add(TestCells.cell(row, fam, q, 10 - v, pick(r)));
          }
        }
      }
    }
    return TestCells.rows(cells);
  }

  @Test
  void listsAgreeWithTheModel() throws IOException {
    // replay a failure with -Dbasalt.test.seed=N
    long seed = Long.getLong("basalt.test.seed", System.nanoTime());
    Random r = new Random(seed);
    for (int iter = 0; iter < 400; iter++) {
      List<List<Cell>> rows = data(r);
      Leaf t = tree(r, 3);
      // Reversed only for a single filter: in a reversed scan HBase's filter lists negate the
      // whole cell order, so a sub-filter's column hint hides later cells of the row (a quirk
      // Basalt keeps, FilterListTest.orColumnHintInReversedScanHidesTheRestOfTheRow) and the
      // per-cell model no longer holds.
      boolean reversed = r.nextBoolean() && !(t.filter instanceof FilterList);
      List<String> expected = new ArrayList<>();
      List<List<Cell>> order = new ArrayList<>(rows);
      if (reversed) {
        java.util.Collections.reverse(order);
      }
      for (List<Cell> row : order) {
        for (Cell c : row) {
          if (t.keeps.test(c)) {
            expected.add(TestCells.format(c));
          }
        }
      }
      List<String> actual = FilterTestDriver.scan(t.filter, rows, reversed).cellStrings();
      assertEquals(expected, actual,
          "seed " + seed + " iteration " + iter + " reversed " + reversed + ": " + t.filter);
    }
  }
}
