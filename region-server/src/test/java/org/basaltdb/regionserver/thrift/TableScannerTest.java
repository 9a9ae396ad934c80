package org.basaltdb.regionserver.thrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.junit.jupiter.api.Test;

/**
 * A table scan across regions: one whose next region fails to open, and the row limit. When
 * a region fails to open the rows gathered before go out, and asking
 * again reads that region rather than the one after it.
 */
class TableScannerTest {
  private static final TableName T = TableName.valueOf("t");

  /** A region [start, end) holding rows {@code rows}, whose opens fail while {@code failing}. */
  private static final class FlakySegment implements TableScanner.Segment {
    final RegionInfo info;
    final List<String> rows;
    int failuresLeft;

    FlakySegment(String start, String end, List<String> rows) {
      this.info = new RegionInfo(T, Bytes.toBytes(start), Bytes.toBytes(end), 1);
      this.rows = rows;
    }

    @Override
    public RegionInfo region() {
      return info;
    }

    @Override
    public TableScanner.Rows open(Scan scan) throws IOException {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new NotServingRegionException("region " + info + " is moving");
      }
      Iterator<String> it = rows.iterator();
      return new TableScanner.Rows() {
        @Override
        public Result next() {
          if (!it.hasNext()) {
            return null;
          }
          byte[] row = Bytes.toBytes(it.next());
          return Result.of(List.of(Cell.put(row, Bytes.toBytes("f"), Bytes.toBytes("q"), 1,
              Bytes.toBytes("v"))));
        }

        @Override
        public void close() {}
      };
    }
  }

  private static List<String> rows(List<Result> results) {
    List<String> out = new ArrayList<>();
    for (Result r : results) {
      out.add(Bytes.toString(r.row()));
    }
    return out;
  }

  @Test
  void aRegionThatFailsToOpenIsReadWhenAskedAgainNotSkipped() throws Exception {
    FlakySegment a = new FlakySegment("", "b", List.of("a1", "a2"));
    FlakySegment b = new FlakySegment("b", "c", List.of("b1", "b2"));
    FlakySegment c = new FlakySegment("c", "", List.of("c1"));
    b.failuresLeft = 1_000; // more than the scanner's own two attempts
    TableScanner s = new TableScanner(new Scan(), TableScanner.of(List.of(a, b, c)), false, 2);

    // The first region's rows go out although the next one fails to open.
    assertEquals(List.of("a1", "a2"), rows(s.next(10)));
    // Nothing gathered: the failure itself is the answer.
    assertThrows(NotServingRegionException.class, () -> s.next(10));

    b.failuresLeft = 0; // the region is open again
    assertEquals(List.of("b1", "b2", "c1"), rows(s.next(10)));
    assertEquals(List.of(), rows(s.next(10)));
  }

  @Test
  void theFirstRegionFailingToOpenIsRetriedFromTheStartRow() throws Exception {
    FlakySegment a = new FlakySegment("", "b", List.of("a1"));
    FlakySegment b = new FlakySegment("b", "", List.of("b1"));
    a.failuresLeft = 1_000;
    TableScanner s = new TableScanner(new Scan(), TableScanner.of(List.of(a, b)), false, 2);
    assertThrows(NotServingRegionException.class, () -> s.next(10));
    a.failuresLeft = 0;
    assertEquals(List.of("a1", "b1"), rows(s.next(10)));
  }

  /**
   * From the differential test against HBase 2.6.1: a scan with limit 2 and a batch size that
   * splits a row returns every part of its second row (the limit counts rows, not results).
   */
  @Test
  void theLimitCountsRowsNotTheBatchedPartsOfARow() throws Exception {
    FlakySegment a = new FlakySegment("", "b", List.of("a1", "a2", "a2"));
    FlakySegment b = new FlakySegment("b", "", List.of("b1", "b1"));
    TableScanner s = new TableScanner(new Scan().setLimit(2), TableScanner.of(List.of(a, b)),
        false, 2);
    assertEquals(List.of("a1", "a2"), rows(s.next(2)));
    assertEquals(List.of("a2"), rows(s.next(10)));
    assertEquals(List.of(), rows(s.next(10)));
    TableScanner across = new TableScanner(new Scan().setLimit(3),
        TableScanner.of(List.of(a, b)), false, 2);
    assertEquals(List.of("a1", "a2", "a2", "b1", "b1"), rows(across.next(10)));
  }

  /**
   * A region whose results are given as "row/cells", "+" marking a part cut at the batch size
   * with cells of its row unread.
   */
  private static TableScanner.Segment parts(String start, String end, String... results) {
    RegionInfo info = new RegionInfo(T, Bytes.toBytes(start), Bytes.toBytes(end), 1);
    return new TableScanner.Segment() {
      @Override
      public RegionInfo region() {
        return info;
      }

      @Override
      public TableScanner.Rows open(Scan scan) {
        Iterator<String> it = List.of(results).iterator();
        return new TableScanner.Rows() {
          boolean partial;

          @Override
          public Result next() {
            if (!it.hasNext()) {
              return null;
            }
            String spec = it.next();
            partial = spec.endsWith("+");
            String[] rc = spec.replace("+", "").split("/");
            byte[] row = Bytes.toBytes(rc[0]);
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(rc[1]); i++) {
              cells.add(Cell.put(row, Bytes.toBytes("f"), Bytes.toBytes("q" + i), 1,
                  Bytes.toBytes("v")));
            }
            return Result.of(cells);
          }

          @Override
          public boolean partial() {
            return partial;
          }

          @Override
          public boolean moreRows() {
            return partial || it.hasNext();
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private static List<String> scan(int limit, int batch, int caching, TableScanner.Segment... s)
      throws IOException {
    TableScanner t = new TableScanner(new Scan().setLimit(limit).setBatch(batch)
        .setCaching(caching), TableScanner.of(List.of(s)), false, 2);
    List<String> out = rows(t.next(100));
    assertEquals(List.of(), rows(t.next(100)));
    return out;
  }

  /**
   * HBase 2.6's client counts a short row after a partial part twice, so `scan start=r3
   * limit=3 batch=3` ends after r3 (two parts) and r4, in the first region (differential test).
   */
  @Test
  void aLimitWithABatchSizeEndsWhereHBasesClientCountsItReached() throws Exception {
    TableScanner.Segment a = parts("", "r5", "r3/3+", "r3/1", "r4/2");
    TableScanner.Segment b = parts("r5", "", "r8/1");
    assertEquals(List.of("r3", "r3", "r4"), scan(3, 3, 0, a, b));
    assertEquals(List.of("r3", "r3", "r4", "r8"), scan(4, 3, 0, a, b));
  }

  /**
   * ...and when that count passes the limit the client sends no limit at all: the next region
   * is read whole. With caching 1 the client subtracts after each part and the region server
   * ends the scan at r3. Both checked against HBase 2.6.1 (DifferentialTest's cases).
   */
  @Test
  void aLimitWithABatchSizeCountedBelowZeroReadsTheRest() throws Exception {
    TableScanner.Segment a = parts("", "r5", "r1/3+", "r1/1", "r2/1", "r3/1");
    TableScanner.Segment b = parts("r5", "", "r6/1", "r7/1", "r8/1", "r9/1");
    assertEquals(List.of("r1", "r1", "r2", "r3", "r6", "r7", "r8", "r9"), scan(4, 3, 0, a, b));
    assertEquals(List.of("r1", "r1", "r2", "r3"), scan(4, 3, 1, a, b));
    // The region server counts whole rows: at its limit the scan ends, without the part of
    // another row that made it count.
    TableScanner.Segment c = parts("", "", "r1/2+", "r1/2+", "r2/2+", "r2/1", "r3/2");
    assertEquals(List.of("r1", "r1"), scan(1, 2, 0, c));
    assertEquals(List.of("r1", "r1", "r2", "r2"), scan(2, 2, 0, c));
  }

  /**
   * HBase ends a table scan when a region's filter is done (WHILE after its first miss): later
   * regions are not read, though each region would start a fresh filter (differential test).
   */
  @Test
  void aRegionWhoseFilterIsDoneEndsTheScan() throws Exception {
    FlakySegment a = new FlakySegment("", "b", List.of("a1"));
    FlakySegment b = new FlakySegment("b", "", List.of("b1"));
    TableScanner.Segment done = new TableScanner.Segment() {
      @Override
      public RegionInfo region() {
        return a.region();
      }

      @Override
      public TableScanner.Rows open(Scan scan) throws IOException {
        TableScanner.Rows rows = a.open(scan);
        return new TableScanner.Rows() {
          @Override
          public Result next() throws IOException {
            return rows.next();
          }

          @Override
          public boolean filterDone() {
            return true;
          }

          @Override
          public void close() {}
        };
      }
    };
    // A region whose filter is done by the row it returned ends alone (PageFilter)...
    assertEquals(List.of("a1", "b1"), rows(new TableScanner(new Scan(),
        TableScanner.of(List.of(done, b)), false, 2).next(10)));
    // ...one whose filter is done with nothing returned ends the scan (WHILE).
    FlakySegment empty = new FlakySegment("", "b", List.of());
    TableScanner.Segment doneEmpty = new TableScanner.Segment() {
      @Override
      public RegionInfo region() {
        return empty.region();
      }

      @Override
      public TableScanner.Rows open(Scan scan) throws IOException {
        return new TableScanner.Rows() {
          @Override
          public Result next() {
            return null;
          }

          @Override
          public boolean filterDone() {
            return true;
          }

          @Override
          public void close() {}
        };
      }
    };
    assertEquals(List.of(), rows(new TableScanner(new Scan(),
        TableScanner.of(List.of(doneEmpty, b)), false, 2).next(10)));
    assertEquals(List.of("a1", "b1"), rows(new TableScanner(new Scan(),
        TableScanner.of(List.of(a, b)), false, 2).next(10)));
  }
}
