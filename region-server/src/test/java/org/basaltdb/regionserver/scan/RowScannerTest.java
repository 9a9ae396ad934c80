package org.basaltdb.regionserver.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.regionserver.filter.Filter;
import org.basaltdb.regionserver.filter.FilterParser;
import org.junit.jupiter.api.Test;

/**
 * Rows as a scan returns them: start and stop rows inclusive or not, in both directions, the
 * row limit, the batch size, deleted rows left out, row filters, and closing.
 */
class RowScannerTest {
  private static final byte[] F = Bytes.toBytes("f");
  private static final FamilyRules RULES =
      new FamilyRules(3, 0, Long.MIN_VALUE, KeepDeletedCells.FALSE);

  private static long seq = 1;

  private static Cell put(String row, String q, long ts) {
    return new Cell(Bytes.toBytes(row), F, Bytes.toBytes(q), ts, Cell.Type.PUT, seq++,
        Bytes.toBytes(row + q + ts));
  }

  /** Rows a..e, each with columns q0 and q1 at ts 1. */
  private static List<Cell> fiveRows() {
    List<Cell> cells = new ArrayList<>();
    for (String r : List.of("a", "b", "c", "d", "e")) {
      cells.add(put(r, "q0", 1));
      cells.add(put(r, "q1", 1));
    }
    return cells;
  }

  private static final class Builder {
    final ListCellIterator source;
    Filter filter;
    String start = "";
    boolean includeStart = true;
    String stop = "";
    boolean includeStop = false;
    boolean reversed;
    int limit;
    int batch;
    int versions = 1;
    Set<byte[]> joined;

    Builder(List<Cell> cells) {
      source = new ListCellIterator(cells);
    }

    RowScanner open(AutoCloseable onClose) {
      ScanQueryMatcher m = ScanQueryMatcher.forRead(false, f -> RULES, TimeRange.ALL, versions,
          null, filter);
      return new RowScanner(source, m, filter, Bytes.toBytes(start), includeStart,
          Bytes.toBytes(stop), includeStop, reversed, limit, batch, joined,
          onClose == null ? null : () -> {
            try {
              onClose.close();
            } catch (Exception e) {
              throw new IOException(e);
            }
          });
    }

    /** Each returned row (or part) as "row:qualifier,qualifier". */
    List<String> rows() throws IOException {
      List<String> out = new ArrayList<>();
      try (RowScanner s = open(null)) {
        for (Result r = s.next(); r != null; r = s.next()) {
          StringBuilder sb = new StringBuilder(Bytes.toString(r.row())).append(':');
          for (Cell c : r.cells()) {
            sb.append(Bytes.toString(c.qualifier())).append('@').append(c.timestamp())
                .append(',');
          }
          out.add(sb.substring(0, sb.length() - 1));
        }
      }
      return out;
    }
  }

  @Test
  void aFullScanReturnsEveryRowInOrder() throws IOException {
    assertEquals(List.of("a:q0@1,q1@1", "b:q0@1,q1@1", "c:q0@1,q1@1", "d:q0@1,q1@1",
        "e:q0@1,q1@1"), new Builder(fiveRows()).rows());
  }

  @Test
  void startAndStopRowsAreInclusiveOrExclusiveAsAsked() throws IOException {
    Builder b = new Builder(fiveRows());
    b.start = "b";
    b.stop = "d";
    assertEquals(List.of("b", "c"), rowKeys(b));
    b = new Builder(fiveRows());
    b.start = "b";
    b.includeStart = false;
    b.stop = "d";
    b.includeStop = true;
    assertEquals(List.of("c", "d"), rowKeys(b));
    b = new Builder(fiveRows()); // a start between rows begins at the next one
    b.start = "bb";
    assertEquals(List.of("c", "d", "e"), rowKeys(b));
  }

  @Test
  void aGetIsAScanOfOneRowInclusiveAtBothEnds() throws IOException {
    Builder b = new Builder(fiveRows());
    b.start = "c";
    b.stop = "c";
    b.includeStop = true;
    b.limit = 1;
    assertEquals(List.of("c:q0@1,q1@1"), b.rows());
    b = new Builder(fiveRows());
    b.start = "cc";
    b.stop = "cc";
    b.includeStop = true;
    assertEquals(List.of(), b.rows());
  }

  @Test
  void aReversedScanGoesDownFromItsStartRow() throws IOException {
    Builder b = new Builder(fiveRows());
    b.reversed = true;
    assertEquals(List.of("e", "d", "c", "b", "a"), rowKeys(b));
    b = new Builder(fiveRows());
    b.reversed = true;
    b.start = "d";
    b.stop = "b";
    assertEquals(List.of("d", "c"), rowKeys(b));
    b = new Builder(fiveRows());
    b.reversed = true;
    b.start = "d";
    b.includeStart = false;
    b.stop = "b";
    b.includeStop = true;
    assertEquals(List.of("c", "b"), rowKeys(b));
    // cells within each row still come forward
    b = new Builder(fiveRows());
    b.reversed = true;
    b.limit = 1;
    assertEquals(List.of("e:q0@1,q1@1"), b.rows());
  }

  @Test
  void theLimitCountsRowsNotBatches() throws IOException {
    List<Cell> cells = new ArrayList<>();
    for (String r : List.of("a", "b", "c")) {
      for (int q = 0; q < 5; q++) {
        cells.add(put(r, "q" + q, 1));
      }
    }
    Builder b = new Builder(cells);
    b.batch = 2;
    b.limit = 2;
    assertEquals(List.of("a:q0@1,q1@1", "a:q2@1,q3@1", "a:q4@1", "b:q0@1,q1@1", "b:q2@1,q3@1",
        "b:q4@1"), b.rows());
  }

  @Test
  void aRowWhoseCellsAreAllDeletedIsNotReturned() throws IOException {
    List<Cell> cells = fiveRows();
    cells.add(new Cell(Bytes.toBytes("b"), F, Bytes.EMPTY, 5, Cell.Type.DELETE_FAMILY, seq++,
        Bytes.EMPTY));
    Builder b = new Builder(cells);
    b.limit = 2;
    assertEquals(List.of("a", "c"), rowKeys(b)); // the limit counts rows returned
  }

  @Test
  void manyVersionsOfAColumnAreSkippedToTheNextColumn() throws IOException {
    List<Cell> cells = new ArrayList<>();
    for (int ts = 1; ts <= 20; ts++) {
      cells.add(put("a", "q0", ts));
    }
    cells.add(put("a", "q1", 3));
    cells.add(put("b", "q0", 1));
    Builder b = new Builder(cells);
    assertEquals(List.of("a:q0@20,q1@3", "b:q0@1"), b.rows());
    b = new Builder(cells);
    b.versions = 2;
    assertEquals(List.of("a:q0@20,q0@19,q1@3", "b:q0@1"), b.rows());
  }

  @Test
  void aRowFilterLeavesOutTheRowsItRejects() throws IOException {
    Builder b = new Builder(fiveRows());
    b.filter = FilterParser.parse("RowFilter(!=, 'binary:c')");
    assertEquals(List.of("a", "b", "d", "e"), rowKeys(b));
    b = new Builder(fiveRows());
    b.filter = FilterParser.parse("PageFilter(2)");
    assertEquals(List.of("a", "b"), rowKeys(b));
  }

  @Test
  void closeClosesTheSourceAndRunsTheCloseHook() throws IOException {
    Builder b = new Builder(fiveRows());
    AtomicBoolean hook = new AtomicBoolean();
    RowScanner s = b.open(() -> hook.set(true));
    s.next();
    s.close();
    assertTrue(b.source.closed);
    assertTrue(hook.get());
    assertNull(s.next(), "a closed scanner returns nothing more");
  }

  @Test
  void onDemandFamiliesAreRefusedOnAReversedScan() {
    Builder b = new Builder(fiveRows());
    b.reversed = true;
    b.joined = Set.of(F);
    assertThrows(IllegalArgumentException.class, () -> b.open(null));
  }

  private static List<String> rowKeys(Builder b) throws IOException {
    List<String> out = new ArrayList<>();
    for (String r : b.rows()) {
      out.add(r.substring(0, r.indexOf(':')));
    }
    return out;
  }
}
