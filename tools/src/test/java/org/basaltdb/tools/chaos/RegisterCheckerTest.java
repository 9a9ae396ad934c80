package org.basaltdb.tools.chaos;

import static org.basaltdb.tools.chaos.RegisterChecker.Kind.INCONCLUSIVE;
import static org.basaltdb.tools.chaos.RegisterChecker.Kind.LINEARIZABLE;
import static org.basaltdb.tools.chaos.RegisterChecker.Kind.VIOLATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The register checker on hand-made histories, times in arbitrary units: linearizable ones it
 * must pass, and one of each kind of violation it must catch, with the window it prints; then
 * random histories of a real atomic register, which must all pass.
 */
class RegisterCheckerTest {
  private final RegisterChecker checker = new RegisterChecker();

  private static RegisterOp w(int thread, long v, long from, long to) {
    return RegisterOp.write(thread, v, from, to);
  }

  private static RegisterOp r(int thread, long v, long from, long to) {
    return RegisterOp.read(thread, v, from, to);
  }

  private static RegisterOp cas(int thread, long expected, long v, boolean ok, long from,
      long to) {
    return RegisterOp.cas(thread, expected, v, ok, from, to);
  }

  /** A write or compare-and-set whose call failed at {@code from}..: unknown outcome. */
  private static RegisterOp lost(RegisterOp op) {
    return op.unknown();
  }

  private RegisterChecker.Verdict check(RegisterOp... ops) {
    return checker.check(List.of(ops));
  }

  @Test
  void sequentialHistoryWithReadsWritesAndBothCasOutcomes() {
    var v = check(r(1, 0, 0, 1), w(1, 1, 2, 3), r(2, 1, 4, 5), cas(2, 1, 2, true, 6, 7),
        r(1, 2, 8, 9), cas(1, 1, 3, false, 10, 11), cas(1, 0, 4, false, 12, 13), r(2, 2, 14, 15));
    assertEquals(LINEARIZABLE, v.kind());
    assertTrue(check().kind() == LINEARIZABLE, "the empty history");
  }

  @Test
  void readsDuringAWriteMaySeeEitherValueButNeverGoBack() {
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 10), r(2, 0, 1, 2), r(2, 1, 3, 4),
        r(3, 1, 11, 12)).kind());
    var v = check(w(1, 1, 0, 10), r(2, 1, 1, 2), r(2, 0, 3, 4));
    assertEquals(VIOLATION, v.kind());
  }

  @Test
  void staleReadAfterAnAcknowledgedWrite() {
    RegisterOp w2 = w(2, 2, 2, 3);
    RegisterOp stale = r(3, 1, 4, 5);
    var v = check(w(1, 1, 0, 1), w2, stale, r(1, 2, 6, 7));
    assertEquals(VIOLATION, v.kind());
    // The window: the second write and the read after it, from any starting value.
    assertEquals(List.of(w2, stale), v.window());
    assertFalse(v.fromEmpty());
  }

  @Test
  void aValueNobodyWroteIsCaughtFromTheEmptyRegister() {
    RegisterOp ghost = r(1, 7, 0, 1);
    var v = check(ghost, w(2, 7, 2, 3));
    assertEquals(VIOLATION, v.kind());
    assertEquals(List.of(ghost), v.window());
    assertTrue(v.fromEmpty());
  }

  @Test
  void concurrentWritesOrderedOnceTheyAreDone() {
    // Overlapping writes may land in either order, and reads during them may see both ...
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 10), w(2, 2, 0, 10), r(3, 1, 1, 2),
        r(3, 2, 3, 4), r(4, 2, 11, 12)).kind());
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 10), w(2, 2, 0, 10), r(3, 2, 11, 12)).kind());
    // ... but once both are done the value cannot flip back,
    assertEquals(VIOLATION, check(w(1, 1, 0, 10), w(2, 2, 0, 10), r(3, 1, 11, 12),
        r(3, 2, 13, 14)).kind());
    // and a value seen, overwritten and seen again means one write took effect twice.
    assertEquals(VIOLATION, check(w(1, 1, 0, 10), w(2, 2, 0, 10), r(3, 1, 1, 2),
        r(3, 2, 3, 4), r(3, 1, 5, 6)).kind());
  }

  @Test
  void lostCompareAndSet() {
    // Acknowledged, then gone:
    var v = check(w(1, 1, 0, 1), cas(2, 1, 2, true, 2, 3), r(3, 1, 4, 5));
    assertEquals(VIOLATION, v.kind());
    // Two compare-and-sets from the same value cannot both succeed, even overlapping:
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), cas(2, 1, 2, true, 2, 5),
        cas(3, 1, 3, true, 2, 5)).kind());
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), cas(2, 1, 2, true, 2, 5),
        cas(3, 1, 3, false, 2, 5), r(1, 2, 6, 7)).kind());
    // A failed check must have found another value:
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), cas(2, 1, 2, false, 2, 3)).kind());
    // A succeeded check must have found its value:
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), cas(2, 5, 2, true, 2, 3)).kind());
  }

  @Test
  void unknownOutcomeWritesMayAppearLateOrNever() {
    RegisterOp w2 = lost(w(2, 2, 2, 3));
    // Late: long after the call failed.
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), w2, r(3, 1, 4, 5), r(3, 1, 50, 51),
        r(3, 2, 100, 101)).kind());
    // Never.
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), w2, r(3, 1, 100, 101)).kind());
    // But once only: 1, 2, 1 again is a violation.
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), w2, r(3, 2, 4, 5), r(3, 1, 6, 7)).kind());
    // And never before it was invoked.
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), r(3, 2, 1, 2), lost(w(2, 2, 3, 4))).kind());
  }

  @Test
  void unknownOutcomeCompareAndSet() {
    RegisterOp c = lost(cas(2, 1, 2, true, 2, 3));
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), c, r(3, 1, 4, 5), r(3, 2, 6, 7)).kind());
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), c, r(3, 1, 40, 50)).kind());
    // It cannot have taken effect from another value.
    assertEquals(VIOLATION, check(w(1, 5, 0, 1), c, r(3, 2, 4, 5)).kind());
    // A failed check is explained by a write of unknown outcome that took effect unseen ...
    assertEquals(LINEARIZABLE, check(w(1, 1, 0, 1), lost(w(2, 9, 2, 3)),
        cas(3, 1, 3, false, 5, 6)).kind());
    // ... and not without one.
    assertEquals(VIOLATION, check(w(1, 1, 0, 1), w(2, 1, 2, 3), cas(3, 1, 3, false, 5, 6))
        .kind());
  }

  @Test
  void aSearchTooLargeIsInconclusiveNotAVerdict() {
    List<RegisterOp> ops = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ops.add(lost(w(i, i, 0, 1)));
      ops.add(r(100 + i, i, 0, 1000));
    }
    ops.add(r(0, 99, 2000, 2001)); // a value nobody wrote: only an exhaustive search says so
    assertEquals(INCONCLUSIVE, new RegisterChecker(1000).check(ops).kind());
  }

  /**
   * Histories of a real atomic register (each call takes effect at a random instant within its
   * call interval; unknown outcomes take effect or not, possibly after the error) pass; the same
   * histories with one read changed to a value overwritten before the read was invoked fail.
   */
  @Test
  void randomHistoriesOfAnAtomicRegister() {
    long seed = Long.getLong("register.seed", System.nanoTime());
    System.out.println("RegisterCheckerTest seed " + seed + " (-Dregister.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    int caught = 0;
    for (int round = 0; round < 200; round++) {
      List<RegisterOp> ops = atomicHistory(random, 2 + random.nextInt(5), 200);
      var v = checker.check(ops);
      assertEquals(LINEARIZABLE, v.kind(), "seed " + seed + " round " + round + ": " + v);
      List<RegisterOp> bad = withStaleRead(ops);
      if (bad != null) {
        assertEquals(VIOLATION, checker.check(bad).kind(), "seed " + seed + " round " + round);
        caught++;
      }
    }
    assertTrue(caught > 50, "few stale reads could be planted: " + caught);
  }

  /** A long history, 300 of its writes of unknown outcome, is checked within a second or so. */
  @Test
  void longHistoriesStayCheap() {
    SplittableRandom random = new SplittableRandom(42);
    List<RegisterOp> ops = atomicHistory(random, 4, 20_000);
    assertTrue(ops.stream().filter(RegisterOp::unknownOutcome).count() > 100);
    long t0 = System.nanoTime();
    var v = checker.check(ops);
    System.out.printf("20,000 calls of 4 threads: %s, %,d configurations, %d ms%n", v.kind(),
        v.states(), (System.nanoTime() - t0) / 1_000_000);
    assertEquals(LINEARIZABLE, v.kind());
  }

  /**
   * {@code threads} threads calling a register {@code calls} times in all; each call's effect is
   * at an instant inside its interval. Unknown outcomes (2% of writes) take effect within
   * [invocation, invocation + 2,000), about 40 calls later, or never.
   */
  static List<RegisterOp> atomicHistory(SplittableRandom random, int threads, int calls) {
    record Pending(RegisterOp op, long at) {}
    List<Pending> pending = new ArrayList<>();
    long[] freeAt = new long[threads];
    long nextValue = 1;
    for (int c = 0; c < calls; c++) {
      int t = random.nextInt(threads);
      long from = freeAt[t] + random.nextInt(30);
      long at = from + random.nextInt(40);
      long to = at + random.nextInt(40);
      freeAt[t] = to + 1;
      int kind = random.nextInt(4);
      RegisterOp op = kind == 0 ? RegisterOp.read(t, 0, from, to)
          : kind == 1 ? RegisterOp.write(t, nextValue++, from, to)
          : RegisterOp.cas(t, 0, nextValue++, false, from, to); // expected filled in below
      boolean unknown = kind > 0 && random.nextInt(50) == 0;
      if (unknown) {
        at = random.nextBoolean() ? from + random.nextInt(2_000) : Long.MAX_VALUE;
      }
      pending.add(new Pending(unknown ? op.unknown() : op, at));
    }
    pending.sort((a, b) -> Long.compare(a.at(), b.at()));
    List<RegisterOp> out = new ArrayList<>();
    long state = RegisterOp.ABSENT;
    List<Long> written = new ArrayList<>(List.of(RegisterOp.ABSENT));
    for (Pending p : pending) {
      RegisterOp o = p.op();
      if (p.at() == Long.MAX_VALUE) {
        out.add(o); // never took effect
        continue;
      }
      switch (o.kind()) {
        case READ -> out.add(RegisterOp.read(o.thread(), state, o.invokedNanos(),
            o.completedNanos()));
        case WRITE -> {
          state = o.value();
          written.add(state);
          out.add(o);
        }
        case CAS -> {
          // Half the time expect the current value, else one written earlier.
          long expected = random.nextBoolean() ? state
              : written.get(random.nextInt(written.size()));
          boolean ok = expected == state;
          if (ok) {
            state = o.value();
            written.add(state);
          }
          RegisterOp cas = RegisterOp.cas(o.thread(), expected, o.value(), ok, o.invokedNanos(),
              o.completedNanos());
          out.add(o.unknownOutcome() ? cas.unknown() : cas);
        }
      }
    }
    return out;
  }

  /**
   * The history with one read changed to a value that a completed write replaced before the
   * read was invoked (a stale read), or null if it has no such read.
   */
  static List<RegisterOp> withStaleRead(List<RegisterOp> ops) {
    // Writes that completed with ok, in completion order.
    List<RegisterOp> done = ops.stream().filter(o -> o.kind() != RegisterOp.Kind.READ
        && o.outcome() == RegisterOp.Outcome.OK).sorted((a, b) -> Long.compare(
            a.completedNanos(), b.completedNanos())).toList();
    for (int i = 0; i < ops.size(); i++) {
      RegisterOp read = ops.get(i);
      if (read.kind() != RegisterOp.Kind.READ) {
        continue;
      }
      // A write a completed, then a write b invoked after a completed and completed before the
      // read: a's value is stale for the read (b overwrote it, and a cannot come after b).
      for (RegisterOp a : done) {
        for (RegisterOp b : done) {
          if (b.invokedNanos() > a.completedNanos() && b.completedNanos() < read.invokedNanos()
              && a.value() != read.value() && a.kind() == RegisterOp.Kind.WRITE) {
            List<RegisterOp> bad = new ArrayList<>(ops);
            bad.set(i, RegisterOp.read(read.thread(), a.value(), read.invokedNanos(),
                read.completedNanos()));
            return bad;
          }
        }
      }
    }
    return null;
  }
}
