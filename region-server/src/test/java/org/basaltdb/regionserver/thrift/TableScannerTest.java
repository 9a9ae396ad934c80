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
}
