package org.basaltdb.regionserver.region;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server-wide memstore budget: the sum of all regions' memstore bytes, and a limit beyond
 * which writers wait for flushes (and then fail with "too busy") rather than run the heap out.
 *
 * <p>Thread safety: all methods from any thread.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();

  public MemoryBudget(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("memstore limit must be positive: " + limitBytes);
    }
    this.limit = limitBytes;
  }

  /** A budget of {@code fraction} of the JVM's maximum heap. */
  public static MemoryBudget ofHeapFraction(double fraction) {
    return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * fraction));
  }

  public long limit() {
    return limit;
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
