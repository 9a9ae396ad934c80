package org.basaltdb.common;

/**
 * The source of time for everything that stamps, expires or schedules. Production code takes a
 * Clock in its constructor rather than calling the system directly, so tests can move time
 * forward without sleeping.
 */
public interface Clock {
  Clock SYSTEM = new Clock() {
    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  };

  /** Wall-clock milliseconds since the epoch: cell timestamps and TTLs use this. */
  long currentTimeMillis();

  /** Monotonic nanoseconds, for measuring intervals. */
  long nanoTime();
}
