package org.basaltdb.regionserver.thrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.junit.jupiter.api.Test;

/**
 * A table scan whose region is lost in the middle of its rows (its server died, it moved or
 * split) goes on strictly after the last result it read, wherever the region is now: every row
 * (with a batch size, every cell) exactly once, in order, forwards and reversed, within the
 * limit. The regions here read a sorted map as a region server would (start row inclusive or
 * not, stop row, reversed, parts of {@code batch} cells) and fail on demand.
 */
class TableScannerResumeTest {
  private static final TableName T = TableName.valueOf("t");
  private static final byte[] F = Bytes.toBytes("f");

  /** The table's rows: row → its cells, in order. */
  private final NavigableMap<byte[], List<Cell>> table = new TreeMap<>(Bytes.COMPARATOR);
  /** Results any region returns from now on before it fails once (-1: never). */
  private int failAfter = -1;
  private int failures;

  private void rows(int n, int cellsPerRow) {
    for (int i = 0; i < n; i++) {
      byte[] row = Bytes.toBytes(String.format("r%02d", i));
      List<Cell> cells = new ArrayList<>();
      for (int q = 0; q < cellsPerRow; q++) {
        cells.add(Cell.put(row, F, Bytes.toBytes("q" + q), 1, Bytes.toBytes("v" + i + "." + q)));
      }
      table.put(row, cells);
    }
  }

  /** A region [start, end) of {@link #table}. */
  private TableScanner.Segment region(String start, String end) {
    RegionInfo info = new RegionInfo(T, Bytes.toBytes(start), Bytes.toBytes(end), 1);
    return new TableScanner.Segment() {
      @Override
      public RegionInfo region() {
        return info;
      }

      @Override
      public TableScanner.Rows open(Scan scan) {
        List<Result> results = new ArrayList<>();
        List<Boolean> partials = new ArrayList<>();
        NavigableMap<byte[], List<Cell>> view = scan.isReversed() ? table.descendingMap() : table;
        for (Map.Entry<byte[], List<Cell>> e : view.entrySet()) {
          byte[] row = e.getKey();
          if (!info.containsRow(row) || !inRange(scan, row)) {
            continue;
          }
          List<Cell> cells = e.getValue();
          int batch = scan.batch() > 0 ? scan.batch() : cells.size();
          for (int i = 0; i < cells.size(); i += batch) {
            int to = Math.min(cells.size(), i + batch);
            results.add(Result.of(new ArrayList<>(cells.subList(i, to))));
            partials.add(to < cells.size());
          }
        }
        return new TableScanner.Rows() {
          int next;

          @Override
          public Result next() throws IOException {
            if (failAfter >= 0 && next >= failAfter) {
              failAfter = -1;
              failures++;
              throw new NotServingRegionException("region " + info.encodedName()
                  + " lost: its server died");
            }
            return next < results.size() ? results.get(next++) : null;
          }

          @Override
          public boolean partial() {
            return partials.get(next - 1);
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private static boolean inRange(Scan s, byte[] row) {
    byte[] start = s.startRow();
    byte[] stop = s.stopRow();
    int dir = s.isReversed() ? -1 : 1;
    if (start.length > 0) {
      int c = Bytes.compare(row, start) * dir;
      if (c < 0 || c == 0 && !s.includeStartRow()) {
        return false;
      }
    }
    if (stop.length > 0) {
      int c = Bytes.compare(row, stop) * dir;
      return c < 0 || c == 0 && s.includeStopRow();
    }
    return true;
  }

  /** A locator whose regions may be replaced (a split, a move) while the scan runs. */
  private static final class Regions implements TableScanner.Locator {
    volatile List<TableScanner.Segment> now;
    int freshLookups;

    Regions(List<TableScanner.Segment> now) {
      this.now = now;
    }

    @Override
    public TableScanner.Segment at(byte[] row, boolean fresh) throws IOException {
      freshLookups += fresh ? 1 : 0;
      return TableScanner.of(now).at(row, fresh);
    }

    @Override
    public TableScanner.Segment before(byte[] key, boolean fresh) throws IOException {
      freshLookups += fresh ? 1 : 0;
      return TableScanner.of(now).before(key, fresh);
    }
  }

  /** Every result of the scan, read {@code perCall} at a time; "row:qualifiers" each. */
  private static List<String> readAll(TableScanner s, int perCall) throws IOException {
    List<String> out = new ArrayList<>();
    while (true) {
      List<Result> got = s.next(perCall);
      if (got.isEmpty()) {
        return out;
      }
      for (Result r : got) {
        StringBuilder b = new StringBuilder(Bytes.toString(r.row())).append(':');
        for (Cell c : r.cells()) {
          b.append(Bytes.toString(c.qualifier()));
        }
        out.add(b.toString());
      }
    }
  }

  /** What the scan returns with no failure, for comparison. */
  private List<String> expected(Scan scan, List<TableScanner.Segment> regions, int perCall)
      throws IOException {
    int saved = failAfter;
    failAfter = -1;
    try {
      return readAll(new TableScanner(scan, TableScanner.of(regions), false, 2), perCall);
    } finally {
      failAfter = saved;
    }
  }

  private static Scan copy(Scan s) {
    return new Scan().withStartRow(s.startRow(), s.includeStartRow())
        .withStopRow(s.stopRow(), s.includeStopRow()).setReversed(s.isReversed())
        .setBatch(s.batch()).setLimit(s.limit()).setCaching(s.caching());
  }

  private void check(Scan scan, int failAt, int perCall) throws IOException {
    List<TableScanner.Segment> regions = List.of(region("", "r10"), region("r10", "r20"),
        region("r20", ""));
    List<String> want = expected(copy(scan), regions, perCall);
    failAfter = failAt;
    failures = 0;
    TableScanner s = new TableScanner(scan, new Regions(regions), false, 2);
    assertEquals(want, readAll(s, perCall));
    assertEquals(1, failures, "the region failed once");
    assertEquals(1, s.resumes());
  }

  @Test
  void aRegionLostMidScanGoesOnAfterTheLastRowRead() throws Exception {
    rows(30, 2);
    check(new Scan(), 4, 3);
    check(new Scan(), 0, 7); // lost before its first row: read from its start again
    check(new Scan().withStartRow(Bytes.toBytes("r05")).withStopRow(Bytes.toBytes("r25")), 3,
        100);
  }

  @Test
  void aReversedScanResumesBelowTheLastRowRead() throws Exception {
    rows(30, 2);
    check(new Scan().setReversed(true), 4, 3);
    check(new Scan().setReversed(true).withStartRow(Bytes.toBytes("r24"))
        .withStopRow(Bytes.toBytes("r03")), 7, 5);
  }

  @Test
  void aScanWithABatchSizeResumesWithinTheRowAfterTheLastCell() throws Exception {
    rows(12, 5); // parts of 2 cells: q0q1, q2q3, q4
    check(new Scan().setBatch(2), 4, 3); // lost after r01:q0q1, in the middle of r01
    check(new Scan().setBatch(2).setReversed(true), 2, 2);
    List<String> all = expected(new Scan().setBatch(2), List.of(region("", "")), 100);
    assertEquals(36, all.size(), "every cell once: " + all);
  }

  @Test
  void theLimitCountsEachRowOnceAcrossAResume() throws Exception {
    rows(30, 3);
    check(new Scan().setLimit(7), 5, 2);
    check(new Scan().setLimit(7).setReversed(true), 5, 4);
    check(new Scan().setLimit(4).setBatch(2), 3, 2); // the limit with a batch size
  }

  @Test
  void aRegionThatSplitWhileLostIsReadInItsDaughters() throws Exception {
    rows(30, 1);
    List<String> want = expected(new Scan(), List.of(region("", "")), 100);
    Regions regions = new Regions(List.of(region("", "")));
    TableScanner s = new TableScanner(new Scan(), regions, false, 2);
    List<String> got = new ArrayList<>();
    for (Result r : s.next(12)) {
      got.add(Bytes.toString(r.row()) + ":q0");
    }
    failAfter = 0; // the parent's next read fails: it split into two
    regions.now = List.of(region("", "r15"), region("r15", ""));
    got.addAll(readAll(s, 5));
    assertEquals(want, got);
    assertEquals(1, s.resumes());
  }

  @Test
  void aResumeThatRunsOutOfTriesFailsClearlyAndResumesWhenAskedAgain() throws Exception {
    rows(10, 1);
    Regions regions = new Regions(List.of(region("", "")));
    TableScanner s = new TableScanner(new Scan(), regions, false, 2);
    assertEquals(3, s.next(3).size());
    failAfter = 0;
    regions.now = List.of(); // no region holds the row: reassignment still under way
    IOException e = assertThrows(IOException.class, () -> s.next(5));
    assertTrue(e.getMessage().contains("after row 'r02'") && e.getMessage().contains("2 tries"),
        e.getMessage());
    regions.now = List.of(region("", "")); // open again
    List<String> rest = readAll(s, 100);
    assertEquals(List.of("r03:q0", "r04:q0", "r05:q0", "r06:q0", "r07:q0", "r08:q0", "r09:q0"),
        rest);
  }
}
