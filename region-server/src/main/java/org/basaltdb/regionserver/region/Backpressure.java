package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;

/**
 * Keeps a region's writers from outrunning its flushes: past the flush size a write asks for a
 * flush, past the server budget's lower limit for background flushes of the largest memstores;
 * past the blocking size (flush size × block multiplier), or when the server's memstore
 * budget is spent, it waits for flushes, and after {@code server.memstore.block.wait} fails with
 * {@link RegionTooBusyException} without applying anything.
 *
 * <p>Waits are measured in elapsed real time, not on the region's injected clock (which tests
 * may freeze), and each is reported to {@link RegionEvents#writeBlocked}.
 */
final class Backpressure {
  private final RegionServices services;
  private final long flushSize;
  private final long blockingSize;
  private final long waitMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();

  Backpressure(Configuration conf, RegionServices services) {
    this.services = services;
    this.flushSize = RegionServerConfig.MEMSTORE_FLUSH_SIZE.get(conf);
    this.blockingSize = flushSize * RegionServerConfig.MEMSTORE_BLOCK_MULTIPLIER.get(conf);
    this.waitMillis = RegionServerConfig.WRITE_BLOCK_WAIT.get(conf);
  }

  /** Before a write: waits until the region and the server have room. */
  void awaitRoom(Region r) throws IOException {
    if (r.memstoreSize() >= blockingSize) {
      services.requestFlush(r);
      long start = System.nanoTime();
      long deadline = start + waitMillis * 1_000_000L;
      lock.lock();
      try {
        while (r.memstoreSize() >= blockingSize && !r.isClosed()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            services.events().writeBlocked(r, false, System.nanoTime() - start, true);
            throw new RegionTooBusyException("region " + r.info() + " is too busy: its "
                + "memstores hold " + r.memstoreSize() + " bytes, above the blocking size "
                + blockingSize + ", and flushing has not caught up within " + waitMillis + " ms");
          }
          try {
            flushed.awaitNanos(Math.min(left, 100_000_000L));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a flush");
          }
        }
      } finally {
        lock.unlock();
      }
      services.events().writeBlocked(r, false, System.nanoTime() - start, false);
    }
    MemoryBudget budget = services.memoryBudget();
    if (budget.overLimit()) {
      // One flush may not free enough: while waiting, ask again every 100 ms (each request
      // picks the largest memstore not already being flushed).
      long start = System.nanoTime();
      long deadline = start + waitMillis * 1_000_000L;
      boolean below = false;
      while (!below && System.nanoTime() < deadline) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted waiting for memstore space");
        }
        services.requestFlushForPressure(r);
        below = budget.awaitBelowLimit(Math.max(1,
            Math.min(100, (deadline - System.nanoTime()) / 1_000_000L)));
      }
      services.events().writeBlocked(r, true, System.nanoTime() - start, !below);
      if (!below) {
        throw new RegionTooBusyException("the server is too busy: memstores hold "
            + budget.used() + " bytes, above the server limit " + budget.limit()
            + ", and flushing has not caught up within " + waitMillis + " ms");
      }
    }
  }

  /**
   * After a write: asks for a flush once the region's memstores hold the flush size since the
   * last flush's snapshot, and for background flushes once the server's memstores pass the
   * budget's lower limit.
   *
   * <p>Not counting the snapshot matters: a flush takes a second or two under load, and while
   * it wrote, every write saw the region still above the flush size and asked again, so a
   * second flush followed at once with the little written meanwhile. Half of a 1,000,000-row
   * YCSB load's flushes were such runts (median file 3 MB at a 16 MiB flush size, against
   * HBase's 11 MB), and each was compacted again.
   */
  void afterWrite(Region r) {
    if (r.activeMemstoreSize() >= flushSize) {
      services.requestFlush(r);
    }
    if (services.memoryBudget().aboveLowerLimit()) {
      services.relievePressure();
    }
  }

  /** Wakes writers waiting for room (after a flush or a close). */
  void signalFlushed() {
    lock.lock();
    try {
      flushed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
