package org.basaltdb.regionserver.compaction;

import com.google.common.util.concurrent.RateLimiter;
import java.util.function.LongConsumer;

/**
 * Paces a region's compactions to {@code compaction.throughput} bytes read per second (Guava's
 * {@link RateLimiter}), and reports each wait it imposes, so an operator can see compactions
 * held back rather than guess.
 *
 * <p>Thread-safe: a region's compactions run one at a time, but the limiter is shared.
 */
public final class CompactionThrottle {
  private final RateLimiter limiter;
  private final LongConsumer onWait;

  private CompactionThrottle(long bytesPerSecond, LongConsumer onWait) {
    this.limiter = RateLimiter.create(bytesPerSecond);
    this.onWait = onWait;
  }

  /**
   * A throttle of {@code bytesPerSecond} telling {@code onWait} the nanoseconds of each wait, or
   * null (no throttle) when {@code bytesPerSecond} is not positive.
   */
  public static CompactionThrottle of(long bytesPerSecond, LongConsumer onWait) {
    return bytesPerSecond > 0 ? new CompactionThrottle(bytesPerSecond, onWait) : null;
  }

  /** Takes {@code bytes} from the budget, waiting until they are available. */
  public void acquire(int bytes) {
    double seconds = limiter.acquire(bytes);
    if (seconds > 0) {
      onWait.accept((long) (seconds * 1e9));
    }
  }
}
