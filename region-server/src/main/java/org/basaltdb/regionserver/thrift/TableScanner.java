package org.basaltdb.regionserver.thrift;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.scan.RowScanner;

/**
 * A scan over a whole table: the regions whose key range meets the scan's, one after another,
 * in the scan's direction. Each region only holds its own rows, so every region runs the same
 * {@link Scan}; the row limit is kept here across regions.
 *
 * <p>Thread safety: one caller at a time (the scanner registry serializes calls per scanner).
 */
final class TableScanner implements Closeable {
  private final Scan scan;
  private final List<Region> regions;
  private int next;
  private RowScanner current;
  private byte[] lastRow;
  private int rows;

  TableScanner(Scan scan, List<Region> tableRegions) {
    this.scan = scan;
    List<Region> chosen = new ArrayList<>();
    for (Region r : tableRegions) {
      if (overlaps(r, scan)) {
        chosen.add(r);
      }
    }
    if (scan.isReversed()) {
      Collections.reverse(chosen);
    }
    this.regions = chosen;
  }

  private static boolean overlaps(Region r, Scan s) {
    byte[] lo = s.isReversed() ? s.stopRow() : s.startRow();
    byte[] hi = s.isReversed() ? s.startRow() : s.stopRow();
    byte[] rs = r.info().startKey();
    byte[] re = r.info().endKey();
    boolean belowEnd = re.length == 0 || lo.length == 0 || Bytes.compare(lo, re) < 0;
    boolean aboveStart = hi.length == 0 || rs.length == 0 || Bytes.compare(hi, rs) >= 0;
    return belowEnd && aboveStart;
  }

  /** Up to {@code n} results; an empty list means the scan is over. */
  List<Result> next(int n) throws IOException {
    List<Result> out = new ArrayList<>(Math.min(n, 1024));
    while (out.size() < n) {
      if (scan.limit() > 0 && rows >= scan.limit()) {
        break;
      }
      if (current == null) {
        if (next >= regions.size()) {
          break;
        }
        current = regions.get(next++).scanner(scan);
      }
      Result r = current.next();
      if (r == null) {
        current.close();
        current = null;
        continue;
      }
      if (lastRow == null || !Bytes.equals(lastRow, r.row())) {
        rows++;
        lastRow = r.row();
        if (scan.limit() > 0 && rows > scan.limit()) {
          break;
        }
      }
      out.add(r);
    }
    return out;
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
    next = regions.size();
  }
}
