package org.basaltdb.common;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it. */
public final class ManualClock implements Clock {
  private final AtomicLong millis;
  private final AtomicLong nanos = new AtomicLong();

  public ManualClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  public void advance(long deltaMillis) {
    millis.addAndGet(deltaMillis);
    nanos.addAndGet(deltaMillis * 1_000_000L);
  }

  public void set(long nowMillis) {
    millis.set(nowMillis);
  }
}
