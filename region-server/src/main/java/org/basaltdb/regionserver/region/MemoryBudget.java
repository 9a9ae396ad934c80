package org.basaltdb.regionserver.region;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server-wide memstore budget: the sum of all regions' memstore bytes, and a limit beyond
 * which writers wait for flushes (and then fail with "too busy") rather than run the heap out.
 * Below the limit sits a lower mark (95% of it by default, as HBase's lower limit): past it the
 * server flushes its largest memstores in the background, so that writers rarely reach the limit.
 *
 * <p>Thread safety: all methods from any thread.
 */
public final class MemoryBudget {
  /** HBase's default lower limit, as a fraction of the limit. */
  public static final double DEFAULT_LOWER_FRACTION = 0.95;

  private final long limit;
  private final long lowerLimit;
  private final AtomicLong used = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();

  public MemoryBudget(long limitBytes) {
    this(limitBytes, DEFAULT_LOWER_FRACTION);
  }

  /** {@code lowerFraction}: where background flushing starts, as a fraction of the limit. */
  public MemoryBudget(long limitBytes, double lowerFraction) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("memstore limit must be positive: " + limitBytes);
    }
    if (!(lowerFraction > 0 && lowerFraction <= 1)) {
      throw new IllegalArgumentException("the memstore lower limit must be a fraction in (0, 1] "
          + "of the limit: " + lowerFraction);
    }
    this.limit = limitBytes;
    this.lowerLimit = (long) (limitBytes * lowerFraction);
  }

  /** A budget of {@code fraction} of the JVM's maximum heap. */
  public static MemoryBudget ofHeapFraction(double fraction, double lowerFraction) {
    return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * fraction), lowerFraction);
  }

  public long limit() {
    return limit;
  }

  public long lowerLimit() {
    return lowerLimit;
  }

  /** True once usage reaches the lower limit: time to flush in the background. */
  public boolean aboveLowerLimit() {
    return used.get() >= lowerLimit;
  }

  public long used() {
    return used.get();
  }

  public boolean overLimit() {
    return used.get() >= limit;
  }

  public void add(long delta) {
    long now = used.addAndGet(delta);
    if (delta < 0 && now < limit) {
      lock.lock();
      try {
        freed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits until usage is below the limit; false if it is not within {@code waitMillis}. */
  public boolean awaitBelowLimit(long waitMillis) {
    if (!overLimit()) {
      return true;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    lock.lock();
    try {
      while (overLimit()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          freed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
