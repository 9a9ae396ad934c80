package org.basaltdb.regionserver.thrift;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.io.InterruptedIOException;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.Clock;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scan over a whole table: region after region in the scan's direction. Each region only
 * holds its own rows, so every region runs the same {@link Scan}; the row limit is kept here
 * across regions.
 *
 * <p>The scanner follows key positions, not a list of regions fixed at open: after a region it
 * asks its {@link Locator} for the region holding the next key, so regions that split or move
 * while a long scan runs are found where they are. A region that turns out not to be served
 * where it was looked up, before any of its rows were read, is looked up again for a while
 * ({@link Retries}).
 *
 * <p>A region lost in the middle of its rows (its server died or stopped answering, the region
 * moved or split, or its server forgot the scanner) is <i>resumed</i>: looked up afresh, and read
 * again strictly after the last result this scanner read from it, on whichever server holds
 * that row now ({@link #resume}). Whole rows resume after the last row (rows come again from
 * that row and it is dropped, since a scan a server forwards cannot start after a row); with a
 * batch size, within the last row after its last cell read, so every cell still comes exactly
 * once. The limit is not disturbed: what is dropped was never counted. A forwarded scan of one
 * region does not resume: its caller does.
 *
 * <p>Thread safety: one caller at a time (the scanner registry serializes calls per scanner).
 */
final class TableScanner implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TableScanner.class);

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

    /**
     * Lets go of rows whose reading failed: {@link #close} unless that would wait on what just
     * failed (a scanner on another server, which expires there by itself).
     */
    default void abandon() {
      close();
    }
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
              // A region closed under its scanner (moved, split, merged) says so, and the
              // table scan resumes it where it is open now.
              if (r.isClosed()) {
                throw new RegionClosedException("region " + r.info().encodedName()
                    + " closed during the scan");
              }
              try {
                return s.next();
              } catch (IOException e) {
                if (r.isClosed() && !(e instanceof RegionClosedException)) {
                  throw new RegionClosedException("region " + r.info().encodedName()
                      + " closed during the scan: " + e.getMessage());
                }
                throw e;
              }
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

  /**
   * How long a region that is not served (yet) is looked for again: at least {@code attempts}
   * tries, and until {@code millis} have passed since the first failure; pauses grow from 50 ms
   * to 1 s.
   */
  record Retries(int attempts, long millis, Clock clock) {
    /** A fixed number of tries, whatever the time (tests). */
    static Retries attempts(int n) {
      return new Retries(n, 0, Clock.SYSTEM);
    }

    /** Whether another try may follow {@code made} tries that began at {@code startNanos}. */
    boolean more(int made, long startNanos) {
      return made < attempts || clock.nanoTime() - startNanos < millis * 1_000_000;
    }

    void pause(int made) throws InterruptedIOException {
      try {
        Thread.sleep(Math.min(1_000, 50L << Math.min(made, 5))); // waiting for another server
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for a region to open");
      }
    }
  }

  /** The looking again of {@link #TableScanner(Scan, Locator, boolean)}: about 6 s. */
  private static final Retries DEFAULT_RETRIES = Retries.attempts(10);
  /** A forwarded scan of one region: its caller looks for the region, not its owner. */
  private static final Retries NO_RETRIES = Retries.attempts(1);

  private final Scan scan;
  private final Locator locator;
  private final boolean singleRegion;
  private final Retries retries;
  /** The last result read from a region and given out (or kept for it): where a resume goes on. */
  private Result lastRead;
  /** The region being read was lost in its middle: the next region opened resumes it. */
  private boolean lost;
  /** What lost it, for the error when it cannot be resumed. */
  private IOException lostBy;
  private int resumes;
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
    this(scan, locator, singleRegion, singleRegion ? NO_RETRIES : DEFAULT_RETRIES);
  }

  /** {@code openAttempts}: how often a region that is not served is looked up again. */
  TableScanner(Scan scan, Locator locator, boolean singleRegion, int openAttempts) {
    this(scan, locator, singleRegion, Retries.attempts(openAttempts));
  }

  /** {@code retries}: how long a region that is not served is looked for again. */
  TableScanner(Scan scan, Locator locator, boolean singleRegion, Retries retries) {
    this.scan = scan;
    this.locator = locator;
    this.singleRegion = singleRegion;
    this.retries = singleRegion ? NO_RETRIES : retries;
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
    long t0 = retries.clock().nanoTime();
    for (int attempt = 0; ; attempt++) {
      boolean fresh = attempt > 0;
      Segment next = fromEnd ? locator.before(key, fresh) : locator.at(key, fresh);
      try {
        if (next == null) {
          throw new NotServingRegionException("no open region holds the scan's next key '"
              + Bytes.toStringBinary(key) + "'");
        }
        current = next.open(scan);
        segment = next;
        return true;
      } catch (NotServingRegionException | RegionClosedException e) {
        // A region moving or just split is open again within moments, one whose server died
        // within the server's recovery time: look again before the client hears of it.
        if (!retries.more(attempt + 1, t0)) {
          throw e;
        }
        retries.pause(attempt);
      }
    }
  }

  /**
   * Opens the region that holds the last result read, again, after a failure lost it in the
   * middle of its rows, positioned strictly after that result; with nothing read yet, starts
   * the scan over. Looks for the region (afresh: its old place is what failed) until
   * {@link #retries} run out, then throws a (retryable) NotServingRegionException naming the
   * row, the tries and the failures; the scan stays lost, so the next call resumes again.
   * REQUIRES: {@link #lost}.
   */
  private boolean resume() throws IOException {
    if (lastRead == null) {
      segment = null;
      boolean more = advance();
      lost = false;
      resumes++;
      return more;
    }
    byte[] row = lastRead.row();
    // Whole rows: after the row. Parts of rows: that row again, its cells read so far dropped.
    scan.withStartRow(row, scan.batch() > 0);
    long t0 = retries.clock().nanoTime();
    IOException last = lostBy;
    for (int attempt = 0; ; attempt++) {
      try {
        Segment s = locator.at(row, true);
        if (s == null) {
          throw new NotServingRegionException("no open region holds row '"
              + Bytes.toStringBinary(row) + "'");
        }
        current = after(s.open(scan), lastRead, scan.batch() > 0);
        segment = s;
        lost = false;
        resumes++;
        LOG.info("scan resumed after row '{}' in region {} (try {}), after: {}",
            Bytes.toStringBinary(row), s.region().encodedName(), attempt + 1,
            lostBy.getMessage());
        return true;
      } catch (NotServingRegionException | RegionClosedException e) {
        last = e;
        if (!retries.more(attempt + 1, t0)) {
          // Retryable: asking again resumes from the same row.
          throw new NotServingRegionException("the scan lost its region after row '"
              + Bytes.toStringBinary(row) + "' (" + lostBy.getMessage() + ") and could not "
              + "resume it in " + (attempt + 1) + " tries over "
              + (retries.clock().nanoTime() - t0) / 1_000_000 + " ms: " + last.getMessage());
        }
        retries.pause(attempt);
      }
    }
  }

  /** How many times this scan resumed a region lost in its middle. */
  int resumes() {
    return resumes;
  }

  /** Opens the next region, or resumes the one lost; false when there are no more. */
  private boolean openNext() throws IOException {
    return lost ? resume() : advance();
  }

  /**
   * After a failure while reading {@link #current}: unless this scan reads one region for
   * another server (which then resumes it), closes it and marks it lost, so the next region
   * opened resumes it; otherwise rethrows.
   */
  private void lose(IOException e) throws IOException {
    if (singleRegion || !(e instanceof NotServingRegionException
        || e instanceof RegionClosedException)) {
      throw e;
    }
    current.abandon();
    current = null;
    callResults = 0;
    doneAfterLast = false;
    lost = true;
    lostBy = e;
  }

  /**
   * {@code rows}, read again from the row of {@code last}, without what was read before:
   * results of that row ({@code parts}: its cells up to {@code last}'s last cell).
   */
  static Rows after(Rows rows, Result last, boolean parts) {
    byte[] row = last.row();
    Cell lastCell = last.cells().get(last.size() - 1);
    return new Rows() {
      private boolean past;

      @Override
      public Result next() throws IOException {
        while (true) {
          Result r = rows.next();
          if (r == null || past || !Bytes.equals(row, r.row())) {
            past = true;
            return r;
          }
          if (!parts) {
            continue;
          }
          List<Cell> newer = new ArrayList<>(r.size());
          for (Cell c : r.cells()) {
            if (CellComparator.INSTANCE.compare(c, lastCell) > 0) {
              newer.add(c);
            }
          }
          if (!newer.isEmpty()) {
            past = true;
            return newer.size() == r.size() ? r : Result.of(newer);
          }
        }
      }

      @Override
      public boolean partial() {
        return rows.partial();
      }

      @Override
      public boolean filterDone() throws IOException {
        return rows.filterDone();
      }

      @Override
      public boolean moreRows() throws IOException {
        return rows.moreRows();
      }

      @Override
      public void close() {
        rows.close();
      }

      @Override
      public void abandon() {
        rows.abandon();
      }
    };
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
          more = openNext();
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
      Result r;
      try {
        r = current.next();
      } catch (IOException e) {
        lose(e);
        continue;
      }
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
      lastRead = r;
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
          more = openNext();
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
      boolean regionMore;
      try {
        regionMore = batchedLimit.call(current, call);
      } catch (IOException e) {
        lose(e); // what this call read is dropped: the resumed region reads it again
        continue;
      }
      if (!regionMore) {
        current.close();
        current = null;
      }
      if (!call.isEmpty()) {
        lastRead = call.get(call.size() - 1);
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
