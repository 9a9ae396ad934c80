package org.basaltdb.regionserver.thrift;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.server.rpc.NotServingRegionException;

/**
 * A scan over a whole table: region after region in the scan's direction. Each region only
 * holds its own rows, so every region runs the same {@link Scan}; the row limit is kept here
 * across regions.
 *
 * <p>The scanner follows key positions, not a list of regions fixed at open: after a region it
 * asks its {@link Locator} for the region holding the next key, so regions that split or move
 * while a long scan runs are found where they are. A region that turns out not to be served
 * where it was looked up, before any of its rows were read, is looked up again for a few
 * seconds.
 *
 * <p>Thread safety: one caller at a time (the scanner registry serializes calls per scanner).
 */
final class TableScanner implements Closeable {
  /** The rows of one region for one scan. */
  interface Rows extends Closeable {
    /** The next row, or null at the region's end. */
    Result next() throws IOException;

    /**
     * Whether the last result stopped at the batch size with cells of its row unread
     * ({@link RowScanner#lastResultPartial}). A region read on another server cannot tell and
     * says false, so there a limit with a batch size counts each part as a row.
     */
    default boolean partial() {
      return false;
    }

    /**
     * Whether the region's filter is done ({@link RowScanner#filterDone}): the scan then ends
     * with this region, as HBase's region server ends it. A remote region says false.
     */
    default boolean filterDone() throws IOException {
      return false;
    }

    /** Whether another row may follow the last result ({@link RowScanner#mayHaveMoreRows}). */
    default boolean moreRows() throws IOException {
      return true;
    }

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
            public boolean partial() {
              return s.lastResultPartial();
            }

            @Override
            public boolean filterDone() throws IOException {
              return s.filterDone();
            }

            @Override
            public boolean moreRows() throws IOException {
              return s.mayHaveMoreRows();
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

  /** Finds regions by key; {@code fresh} asks again rather than trusting a cached answer. */
  interface Locator {
    /** The region holding {@code row} (empty: the first region), or null if none is open. */
    Segment at(byte[] row, boolean fresh) throws IOException;

    /** The region just before {@code key} (empty: the last region), or null if none is open. */
    Segment before(byte[] key, boolean fresh) throws IOException;
  }

  /** A locator over a fixed set of regions, in key order (those open on this server). */
  static Locator of(List<Segment> regions) {
    return new Locator() {
      @Override
      public Segment at(byte[] row, boolean fresh) {
        for (Segment s : regions) {
          if (s.region().containsRow(row)) {
            return s;
          }
        }
        return null;
      }

      @Override
      public Segment before(byte[] key, boolean fresh) {
        for (Segment s : regions) {
          if (Bytes.equals(s.region().endKey(), key)) {
            return s;
          }
        }
        return null;
      }
    };
  }

  /** Every open region of the table on this server. */
  static Locator local(List<Region> regions) {
    List<Segment> out = new ArrayList<>(regions.size());
    for (Region r : regions) {
      out.add(Segment.local(r));
    }
    return of(out);
  }

  /** Exactly one region, whatever the scan's range (a forwarded scan of one region). */
  static Locator single(Segment only) {
    return new Locator() {
      @Override
      public Segment at(byte[] row, boolean fresh) {
        return only;
      }

      @Override
      public Segment before(byte[] key, boolean fresh) {
        return only;
      }
    };
  }

  private static final int OPEN_ATTEMPTS = 10;

  private final Scan scan;
  private final Locator locator;
  private final boolean singleRegion;
  private final int openAttempts;
  /** The region being read, or the last one read; null before the first opens. */
  private Segment segment;
  private Rows current;
  private boolean done;
  private byte[] lastRow;
  private int rows;
  /** Results of the current region since HBase's last call boundary ({@code caching}). */
  private int callResults;
  /** Whether the region's filter was done right after its last result. */
  private boolean doneAfterLast;
  /** The limit with a batch size, counted HBase's way; null without either. */
  private final BatchedLimit batchedLimit;
  /** Results of the last call to a region not yet returned (with {@link #batchedLimit}). */
  private final java.util.ArrayDeque<Result> pending = new java.util.ArrayDeque<>();

  TableScanner(Scan scan, Locator locator) {
    this(scan, locator, false);
  }

  TableScanner(Scan scan, Locator locator, boolean singleRegion) {
    this(scan, locator, singleRegion, OPEN_ATTEMPTS);
  }

  /** {@code openAttempts}: how often a region that is not served is looked up again. */
  TableScanner(Scan scan, Locator locator, boolean singleRegion, int openAttempts) {
    this.scan = scan;
    this.locator = locator;
    this.singleRegion = singleRegion;
    this.openAttempts = openAttempts;
    if (scan.limit() > 0 && scan.batch() > 0) {
      batchedLimit = new BatchedLimit(scan.limit(), scan.batch(), scan.caching());
      // The regions read without a limit of their own: BatchedLimit counts (this scanner owns
      // the Scan, made from the request).
      scan.setLimit(0);
    } else {
      batchedLimit = null;
    }
  }

  /**
   * Opens the region holding the next key; false when the scan has no more regions. The scan
   * moves on to a region only once it is open: after a failure, the next call looks up the same
   * key again rather than skipping the region that failed.
   */
  private boolean advance() throws IOException {
    boolean first = segment == null;
    byte[] key;
    if (first) {
      key = scan.startRow();
    } else {
      if (singleRegion) {
        return false;
      }
      RegionInfo r = segment.region();
      if (scan.isReversed()) {
        byte[] stop = scan.stopRow();
        if (r.startKey().length == 0
            || (stop.length > 0 && Bytes.compare(stop, r.startKey()) >= 0)) {
          return false;
        }
        key = r.startKey();
      } else {
        byte[] stop = scan.stopRow();
        if (r.endKey().length == 0 || (stop.length > 0
            && Bytes.compare(stop, r.endKey()) < (scan.includeStopRow() ? 0 : 1))) {
          return false;
        }
        key = r.endKey();
      }
    }
    // Reversed: the first region holds the start row (the last region when there is none);
    // each later one is the region just before the one finished.
    boolean fromEnd = scan.isReversed() && (!first || key.length == 0);
    for (int attempt = 0; ; attempt++) {
      boolean fresh = attempt > 0;
      Segment next = fromEnd ? locator.before(key, fresh) : locator.at(key, fresh);
      if (next == null) {
        throw new NotServingRegionException("no open region holds the scan's next key '"
            + Bytes.toStringBinary(key) + "'");
      }
      try {
        current = next.open(scan);
        segment = next;
        return true;
      } catch (NotServingRegionException | RegionClosedException e) {
        // A region moving or just split is open again within moments: wait a little, up to
        // about 6 s in all, before the client hears of it.
        if (attempt >= openAttempts - 1) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(1_000, 50L << attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted waiting for a region to open");
        }
      }
    }
  }

  /** Up to {@code n} results; an empty list means the scan is over. */
  List<Result> next(int n) throws IOException {
    if (batchedLimit != null) {
      return nextBatched(n);
    }
    List<Result> out = new ArrayList<>(Math.min(n, 1024));
    while (out.size() < n && !done) {
      if (current == null) {
        boolean more;
        try {
          more = advance();
        } catch (IOException e) {
          if (out.isEmpty()) {
            throw e;
          }
          break; // the rows gathered so far go out; the next call tries the next region again
        }
        if (!more) {
          done = true;
          break;
        }
      }
      Result r = current.next();
      if (r == null) {
        // HBase's region server ends the whole scan when a call of {caching} results finds
        // nothing but a done filter (WHILE after a miss); a filter done by the row it just
        // returned (PageFilter) ends the region only, and the next region starts afresh.
        if (callResults == 0 && !doneAfterLast && current.filterDone()) {
          done = true;
        }
        current.close();
        current = null;
        callResults = 0;
        doneAfterLast = false;
        continue;
      }
      callResults = scan.caching() > 0 && callResults + 1 >= scan.caching() ? 0
          : callResults + 1;
      doneAfterLast = current.filterDone();
      // The limit counts rows, not results: the later parts of a row split by the batch size
      // still go out after the limit's last row began (HBase's rule).
      if (lastRow == null || !Bytes.equals(lastRow, r.row())) {
        if (scan.limit() > 0 && rows >= scan.limit()) {
          done = true;
          break;
        }
        rows++;
        lastRow = r.row();
      }
      out.add(r);
    }
    return out;
  }

  /** {@link #next} for a scan with a limit and a batch size: regions read call by call. */
  private List<Result> nextBatched(int n) throws IOException {
    List<Result> out = new ArrayList<>(Math.min(n, 1024));
    while (out.size() < n) {
      if (!pending.isEmpty()) {
        out.add(pending.poll());
        continue;
      }
      if (done || batchedLimit.over()) {
        done = true;
        break;
      }
      if (current == null) {
        boolean more;
        try {
          more = advance();
        } catch (IOException e) {
          if (out.isEmpty()) {
            throw e;
          }
          break;
        }
        if (!more) {
          done = true;
          break;
        }
        batchedLimit.regionStarted();
      }
      List<Result> call = new ArrayList<>();
      if (!batchedLimit.call(current, call)) {
        current.close();
        current = null;
      }
      pending.addAll(call);
    }
    return out;
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
    done = true;
  }
}
