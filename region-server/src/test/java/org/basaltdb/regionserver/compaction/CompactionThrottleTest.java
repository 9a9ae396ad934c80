package org.basaltdb.regionserver.compaction;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.scan.ListCellIterator;
import org.junit.jupiter.api.Test;

/**
 * Pacing by share of time, on a fake clock: each cell read takes a fixed time, and the rests
 * the throttle takes are recorded (when, how long), not slept.
 */
class CompactionThrottleTest {
  /** 2,000 cells of ~1 KiB: about 30 steps of the throttle. */
  private static final int CELLS = 2000;

  private final AtomicLong now = new AtomicLong();
  private final List<long[]> rests = new ArrayList<>();

  private static List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (int i = 0; i < CELLS; i++) {
      out.add(new Cell(toBytes(String.format("row%05d", i)), toBytes("f"), toBytes("q"), 1,
          Cell.Type.PUT, 1, new byte[1000]));
    }
    return out;
  }

  private CompactionThrottle throttle(DoubleSupplier share) {
    return CompactionThrottle.of(0, share, nanos -> { }, now::get, nanos -> {
      rests.add(new long[] {now.get(), nanos});
      now.addAndGet(nanos);
    });
  }

  /** Reads every cell through {@code t}, each taking {@code cellNanos} of the fake clock. */
  private void readAll(CompactionThrottle t, long cellNanos) throws Exception {
    try (CellIterator it = t.pace(new ListCellIterator(cells()))) {
      it.seek(Cell.firstOnRow(new byte[0]));
      while (it.valid()) {
        now.addAndGet(cellNanos);
        it.next();
      }
    }
  }

  private long rested() {
    return rests.stream().mapToLong(r -> r[1]).sum();
  }

  @Test
  void aCompactionWorkingAQuarterOfTheTimeRestsThreeTimesAsLongAsItWorks() throws Exception {
    long cellNanos = 10_000;
    readAll(throttle(() -> 0.25), cellNanos);
    long work = CELLS * cellNanos;
    assertTrue(rests.size() > 1, "rested " + rests.size() + " times");
    // the work of the last steps, less than a rest's minimum, is not rested for
    assertEquals(3.0 * work, rested(), CompactionThrottle.MIN_REST_NANOS + 3 * 64 * cellNanos);
    for (long[] r : rests) {
      assertTrue(r[1] >= CompactionThrottle.MIN_REST_NANOS, "a rest below the minimum: " + r[1]);
    }
  }

  @Test
  void atFullShareItNeverRests() throws Exception {
    readAll(throttle(() -> 1.0), 10_000);
    assertEquals(0, rests.size());
  }

  @Test
  void aCompactionHurriesOnceTheShareRisesWithoutStartingAgain() throws Exception {
    long urgentFrom = CompactionThrottle.SHARE_CHECK_NANOS;
    // 1 ms per cell: a 2 s compaction, calm until urgentFrom on the clock, urgent after
    readAll(throttle(() -> now.get() < urgentFrom ? 0.25 : 1.0), 1_000_000);
    assertTrue(rests.size() > 0, "the calm start rested");
    long lastRest = rests.get(rests.size() - 1)[0];
    assertTrue(lastRest < urgentFrom + CompactionThrottle.SHARE_CHECK_NANOS,
        "rested at " + lastRest + " ns, after the share had risen");
  }
}
