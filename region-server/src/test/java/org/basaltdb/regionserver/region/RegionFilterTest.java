package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HBase filter-language strings applied by real region scans, over memstore and files. */
class RegionFilterTest {
  @TempDir
  Path dir;

  RegionHarness h;

  @BeforeEach
  void load() throws Exception {
    h = RegionHarness.of(dir, "a", "b");
    for (int i = 0; i < 10; i++) {
      String row = "row" + i;
      Put p = new Put(toBytes(row))
          .addColumn(toBytes("a"), toBytes("name"), toBytes("n" + i))
          .addColumn(toBytes("a"), toBytes("x1"), toBytes("x"))
          .addColumn(toBytes("a"), toBytes("x2"), toBytes("y"))
          .addColumn(toBytes("b"), toBytes("score"), toBytes(i % 2 == 0 ? "even" : "odd"));
      h.region.put(p);
      if (i == 4) {
        h.region.flush(); // half in a file, half in the memstore
      }
    }
  }

  private List<String> scan(String filter) throws Exception {
    return scan(new Scan().setFilter(filter));
  }

  private List<String> scan(Scan s) throws Exception {
    List<String> out = new ArrayList<>();
    for (Result r : h.region.scanAll(s)) {
      StringBuilder sb = new StringBuilder(Bytes.toString(r.row())).append(':');
      for (Cell c : r.cells()) {
        sb.append(Bytes.toString(c.family())).append('.').append(Bytes.toString(c.qualifier()))
            .append('=').append(Bytes.toString(c.value())).append(' ');
      }
      out.add(sb.toString().trim());
    }
    return out;
  }

  @Test
  void familyFilterSkipsOneFamilyAndKeepsTheOther() throws Exception {
    List<String> rows = scan("FamilyFilter(=, 'binary:b')");
    assertEquals(10, rows.size());
    assertEquals("row0:b.score=even", rows.get(0));
  }

  @Test
  void singleColumnValueFilterSelectsWholeRows() throws Exception {
    List<String> rows = scan("SingleColumnValueFilter('b', 'score', =, 'binary:odd', true, true)");
    assertEquals(5, rows.size());
    assertTrue(rows.get(0).startsWith("row1:a.name=n1"), rows.get(0));
  }

  @Test
  void pageFilterAndPrefixInBothDirections() throws Exception {
    assertEquals(3, scan("PageFilter(3)").size());
    assertEquals(List.of("row7:a.name=n7 a.x1=x a.x2=y b.score=odd"),
        scan("PrefixFilter('row7')"));
    assertEquals(List.of("row7:a.name=n7 a.x1=x a.x2=y b.score=odd"),
        scan(new Scan().setReversed(true).setFilter("PrefixFilter('row7')")));
  }

  @Test
  void columnFiltersAndKeyOnly() throws Exception {
    assertEquals("row3:a.x1= a.x2=", scan(new Scan().setFilter(
        "ColumnPrefixFilter('x') AND KeyOnlyFilter()").withStartRow(toBytes("row3"))
        .setLimit(1)).get(0));
    assertEquals("row3:a.name=n3", scan(new Scan().setFilter(
        "QualifierFilter(=, 'binary:name')").withStartRow(toBytes("row3")).setLimit(1)).get(0));
    assertEquals(List.of("row2:a.name=n2 a.x1=x a.x2=y b.score=even"),
        scan("RowFilter(=, 'binary:row2') OR (RowFilter(<, 'binary:row0'))"));
    assertEquals(List.of("row0", "row1", "row2"), scan("WHILE RowFilter(<=, 'binary:row2')")
        .stream().map(x -> x.substring(0, 4)).toList());
  }

  @Test
  void getsTakeFiltersToo() throws Exception {
    Result r = h.region.get(new Get(toBytes("row4")).setFilter("ValueFilter(=, 'binary:even')"));
    assertEquals(1, r.size());
    assertTrue(h.region.get(new Get(toBytes("row5")).setFilter("ValueFilter(=, 'binary:even')"))
        .isEmpty());
  }

  @Test
  void badFiltersAreRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> scan("PageFilter(3"));
    assertTrue(e.getMessage().contains("position"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> scan(new Scan().setBatch(2).setFilter("PageFilter(3)")));
    assertTrue(e.getMessage().contains("batch"), e.getMessage());
  }
}
