package org.basaltdb.regionserver.compaction;

import com.google.common.util.concurrent.RateLimiter;
import java.io.IOException;
import java.util.function.LongConsumer;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.ForwardingCellIterator;

/**
 * Paces the reads of a region's compactions to {@code compaction.throughput} bytes per second, so
 * a large compaction does not starve flushes and client reads of disk bandwidth. One throttle is
 * shared by every compaction of a region. Each wait it imposes is reported (the server's
 * {@code basalt_compaction_throttle_wait_seconds}), so an operator sees compactions held back.
 *
 * <p>Thread safety: {@link #pace} may be called from any thread; each iterator it returns is used
 * by one thread, like any {@link CellIterator}.
 */
public final class CompactionThrottle {
  /** Permits are taken in steps of this many bytes: one limiter call per few hundred cells. */
  private static final int STEP_BYTES = 64 * 1024;

  private final RateLimiter limiter; // null: unlimited
  private final LongConsumer onWait;

  private CompactionThrottle(RateLimiter limiter, LongConsumer onWait) {
    this.limiter = limiter;
    this.onWait = onWait;
  }

  /** A throttle at {@code bytesPerSecond}; 0 or less: unlimited. */
  public static CompactionThrottle of(long bytesPerSecond) {
    return of(bytesPerSecond, nanos -> { });
  }

  /**
   * A throttle at {@code bytesPerSecond} (0 or less: unlimited) telling {@code onWait} the
   * nanoseconds of each wait, on the compacting thread.
   */
  public static CompactionThrottle of(long bytesPerSecond, LongConsumer onWait) {
    return new CompactionThrottle(bytesPerSecond > 0 ? RateLimiter.create(bytesPerSecond) : null,
        onWait);
  }

  /** {@code in}, waiting on its way through for the bytes it has read. */
  public CellIterator pace(CellIterator in) {
    return limiter == null ? in : new Paced(in, limiter, onWait);
  }

  private static final class Paced extends ForwardingCellIterator {
    private final RateLimiter limiter;
    private final LongConsumer onWait;
    private int pending;

    Paced(CellIterator in, RateLimiter limiter, LongConsumer onWait) {
      super(in);
      this.limiter = limiter;
      this.onWait = onWait;
    }

    @Override
    public void next() throws IOException {
      pending += in.cell().serializedSize();
      if (pending >= STEP_BYTES) {
        double seconds = limiter.acquire(pending);
        pending = 0;
        if (seconds > 0) {
          onWait.accept((long) (seconds * 1e9));
        }
      }
      in.next();
    }
  }
}
