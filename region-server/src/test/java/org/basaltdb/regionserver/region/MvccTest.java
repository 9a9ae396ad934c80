package org.basaltdb.regionserver.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Mvcc}: a write returns only once visible, and the read point never passes a gap. */
class MvccTest {

  @Test
  void writersCompletingOutOfOrderEachReturnOnlyOnceVisible() throws Exception {
    Mvcc mvcc = new Mvcc(0);
    Object appendLock = new Object();
    long[] next = {0};
    int threads = 8;
    int writes = 5_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          for (int i = 0; i < writes; i++) {
            Mvcc.WriteEntry e;
            synchronized (appendLock) { // as the region's append lock: begin in sequence order
              e = mvcc.begin(++next[0]);
            }
            if (ThreadLocalRandom.current().nextInt(8) == 0) {
              Thread.yield(); // let later writers complete first
            }
            mvcc.completeAndWait(e);
            assertTrue(mvcc.readPoint() >= e.sequenceId(), "returned before visible");
          }
        } catch (AssertionError | RuntimeException e) { // reported by the test thread below
          failure.compareAndSet(null, e);
        }
      });
      all.add(th);
      th.start();
    }
    // A reader waiting on the monitor (as a flush does) is woken too.
    mvcc.waitForRead((long) threads * writes);
    for (Thread th : all) {
      th.join(60_000);
      assertFalse(th.isAlive(), "a writer is stuck");
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertEquals((long) threads * writes, mvcc.readPoint());
  }

  @Test
  void theReadPointStopsAtTheFirstIncompleteWrite() {
    Mvcc mvcc = new Mvcc(10);
    Mvcc.WriteEntry a = mvcc.begin(11);
    Mvcc.WriteEntry b = mvcc.begin(12);
    mvcc.complete(b);
    assertEquals(10, mvcc.readPoint(), "12 is done but 11 is not: readers stay at 10");
    mvcc.complete(a);
    assertEquals(12, mvcc.readPoint());
  }
}
