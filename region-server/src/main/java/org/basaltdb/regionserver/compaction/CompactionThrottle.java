package org.basaltdb.regionserver.compaction;

import com.google.common.util.concurrent.RateLimiter;
import java.io.IOException;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.ForwardingCellIterator;

/**
 * Paces the reads of a region's compactions to {@code compaction.throughput} bytes per second, so
 * a large compaction does not starve flushes and client reads of disk bandwidth. One throttle is
 * shared by every compaction of a region.
 *
 * <p>Thread safety: {@link #pace} may be called from any thread; each iterator it returns is used
 * by one thread, like any {@link CellIterator}.
 */
public final class CompactionThrottle {
  /** Permits are taken in steps of this many bytes: one limiter call per few hundred cells. */
  private static final int STEP_BYTES = 64 * 1024;

  private final RateLimiter limiter; // null: unlimited

  private CompactionThrottle(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** A throttle at {@code bytesPerSecond}; 0 or less: unlimited. */
  public static CompactionThrottle of(long bytesPerSecond) {
    return new CompactionThrottle(bytesPerSecond > 0 ? RateLimiter.create(bytesPerSecond) : null);
  }

  /** {@code in}, waiting on its way through for the bytes it has read. */
  public CellIterator pace(CellIterator in) {
    return limiter == null ? in : new Paced(in, limiter);
  }

  private static final class Paced extends ForwardingCellIterator {
    private final RateLimiter limiter;
    private int pending;

    Paced(CellIterator in, RateLimiter limiter) {
      super(in);
      this.limiter = limiter;
    }

    @Override
    public void next() throws IOException {
      pending += in.cell().serializedSize();
      if (pending >= STEP_BYTES) {
        limiter.acquire(pending);
        pending = 0;
      }
      in.next();
    }
  }
}
