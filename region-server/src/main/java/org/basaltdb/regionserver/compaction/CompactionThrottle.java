package org.basaltdb.regionserver.compaction;

import com.google.common.util.concurrent.RateLimiter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.ForwardingCellIterator;

/**
 * Paces the reads of a region's compactions in two ways: to {@code compaction.throughput} bytes
 * per second, so a large compaction does not starve flushes and client reads of disk bandwidth;
 * and to a share of the compacting thread's time ({@link CompactionPacing}), resting between
 * steps so that a compaction not yet urgent leaves the cores to writes and flushes. One throttle
 * is shared by every compaction of a region. Each wait it imposes is reported (the server's
 * {@code basalt_compaction_throttle_wait_seconds}), so an operator sees compactions held back.
 *
 * <p>It also stops a compaction whose region is closing: at each step (every
 * {@link #STEP_BYTES} read) it asks its stop condition, and once that holds the iterator throws
 * {@link CompactionStoppedException}, so a close waits for at most one step of a compaction, not
 * all of it (as HBase's compactor checks {@code areWritesEnabled} every few megabytes).
 *
 * <p>The share is asked for anew every {@link #SHARE_CHECK_NANOS} of a compaction, so a
 * compaction that began calm hurries once flushes have crowded a store meanwhile. Work and rest
 * are measured in elapsed time: a compactor starved of a core by other threads rests longer,
 * which is the point.
 *
 * <p>Thread safety: {@link #pace} may be called from any thread; each iterator it returns is used
 * by one thread, like any {@link CellIterator}.
 */
public final class CompactionThrottle {
  /** Permits are taken in steps of this many bytes: one limiter call per few hundred cells. */
  private static final int STEP_BYTES = 64 * 1024;
  /** How often a compaction asks for its share again: often enough to hurry within a second. */
  static final long SHARE_CHECK_NANOS = 500_000_000L;
  /** Rests shorter than this are saved up: sleeping for microseconds costs more than it gives. */
  static final long MIN_REST_NANOS = 2_000_000L;

  /** Sleeps; a seam for tests, which count the rests instead. */
  interface Rest {
    void rest(long nanos) throws InterruptedException;
  }

  private final RateLimiter limiter; // null: unlimited
  private final DoubleSupplier share;
  private final LongConsumer onWait;
  private final LongSupplier nanoTime;
  private final Rest rest;
  private final BooleanSupplier stop;

  private CompactionThrottle(RateLimiter limiter, DoubleSupplier share, LongConsumer onWait,
      LongSupplier nanoTime, Rest rest, BooleanSupplier stop) {
    this.limiter = limiter;
    this.share = share;
    this.onWait = onWait;
    this.nanoTime = nanoTime;
    this.rest = rest;
    this.stop = stop;
  }

  /** A throttle at {@code bytesPerSecond}; 0 or less: unlimited. Never rests. */
  public static CompactionThrottle of(long bytesPerSecond) {
    return of(bytesPerSecond, () -> 1.0, nanos -> { });
  }

  /**
   * A throttle at {@code bytesPerSecond} (0 or less: unlimited) that works {@code share} of the
   * time (in (0, 1]; 1 never rests), telling {@code onWait} the nanoseconds of each wait, on the
   * compacting thread.
   */
  public static CompactionThrottle of(long bytesPerSecond, DoubleSupplier share,
      LongConsumer onWait) {
    return of(bytesPerSecond, share, onWait, () -> false);
  }

  /**
   * As {@link #of(long, DoubleSupplier, LongConsumer)}, stopping each compaction with
   * {@link CompactionStoppedException} at its next step once {@code stop} holds (the region is
   * closing).
   */
  public static CompactionThrottle of(long bytesPerSecond, DoubleSupplier share,
      LongConsumer onWait, BooleanSupplier stop) {
    return new CompactionThrottle(bytesPerSecond > 0 ? RateLimiter.create(bytesPerSecond) : null,
        share, onWait, System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)), stop);
  }

  /** With the time source and the rest injected (tests). */
  static CompactionThrottle of(long bytesPerSecond, DoubleSupplier share, LongConsumer onWait,
      LongSupplier nanoTime, Rest rest) {
    return new CompactionThrottle(bytesPerSecond > 0 ? RateLimiter.create(bytesPerSecond) : null,
        share, onWait, nanoTime, rest, () -> false);
  }

  /** {@code in}, waiting on its way through for the bytes it has read. */
  public CellIterator pace(CellIterator in) {
    return new Paced(in, this);
  }

  private static final class Paced extends ForwardingCellIterator {
    private final CompactionThrottle t;
    private int pending;
    private double share;
    /** When the share was last asked for, and when the work not yet rested for began. */
    private long shareAsked;
    private long workStart;

    Paced(CellIterator in, CompactionThrottle t) {
      super(in);
      this.t = t;
      this.share = t.share.getAsDouble();
      this.shareAsked = t.nanoTime.getAsLong();
      this.workStart = shareAsked;
    }

    @Override
    public void next() throws IOException {
      pending += in.cell().serializedSize();
      if (pending >= STEP_BYTES) {
        step(pending);
        pending = 0;
      }
      in.next();
    }

    private void step(int bytes) throws IOException {
      if (t.stop.getAsBoolean()) {
        throw new CompactionStoppedException("compaction stopped: its region is closing");
      }
      long now = t.nanoTime.getAsLong();
      if (now - shareAsked >= SHARE_CHECK_NANOS) {
        share = t.share.getAsDouble();
        shareAsked = now;
      }
      boolean waited = false;
      if (share < 1) {
        long restNanos = (long) ((now - workStart) * (1 - share) / share);
        if (restNanos >= MIN_REST_NANOS) {
          try {
            t.rest.rest(restNanos);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a compaction rested");
          }
          t.onWait.accept(restNanos);
          waited = true;
        }
      } else {
        workStart = now;
      }
      if (t.limiter != null) {
        double seconds = t.limiter.acquire(bytes);
        if (seconds > 0) {
          t.onWait.accept((long) (seconds * 1e9));
          waited = true;
        }
      }
      if (waited) {
        workStart = t.nanoTime.getAsLong();
      }
    }
  }
}
