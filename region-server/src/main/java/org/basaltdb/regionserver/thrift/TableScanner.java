package org.basaltdb.regionserver.thrift;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.scan.RowScanner;

/**
 * A scan over a whole table: the regions whose key range meets the scan's, one after another,
 * in the scan's direction. Each region only holds its own rows, so every region runs the same
 * {@link Scan}; the row limit is kept here across regions. A region open here is read directly;
 * one served elsewhere is read through a scanner on its server ({@link Segment#remote}).
 *
 * <p>Thread safety: one caller at a time (the scanner registry serializes calls per scanner).
 */
final class TableScanner implements Closeable {
  /** The rows of one region for one scan. */
  interface Rows extends Closeable {
    /** The next row, or null at the region's end. */
    Result next() throws IOException;

    @Override
    void close();
  }

  /** One region of the table, and how to read it. */
  interface Segment {
    RegionInfo region();

    Rows open(Scan scan) throws IOException;

    static Segment local(Region r) {
      return new Segment() {
        @Override
        public RegionInfo region() {
          return r.info();
        }

        @Override
        public Rows open(Scan scan) throws IOException {
          RowScanner s = r.scanner(scan);
          return new Rows() {
            @Override
            public Result next() throws IOException {
              return s.next();
            }

            @Override
            public void close() {
              s.close();
            }
          };
        }
      };
    }
  }

  private final Scan scan;
  private final List<Segment> segments;
  private int next;
  private Rows current;
  private byte[] lastRow;
  private int rows;

  TableScanner(Scan scan, List<Segment> tableSegments) {
    this.scan = scan;
    List<Segment> chosen = new ArrayList<>();
    for (Segment s : tableSegments) {
      if (overlaps(s.region(), scan)) {
        chosen.add(s);
      }
    }
    if (scan.isReversed()) {
      Collections.reverse(chosen);
    }
    this.segments = chosen;
  }

  static List<Segment> local(List<Region> regions) {
    List<Segment> out = new ArrayList<>(regions.size());
    for (Region r : regions) {
      out.add(Segment.local(r));
    }
    return out;
  }

  private static boolean overlaps(RegionInfo r, Scan s) {
    byte[] lo = s.isReversed() ? s.stopRow() : s.startRow();
    byte[] hi = s.isReversed() ? s.startRow() : s.stopRow();
    byte[] rs = r.startKey();
    byte[] re = r.endKey();
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
        if (next >= segments.size()) {
          break;
        }
        current = segments.get(next++).open(scan);
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
    next = segments.size();
  }
}
