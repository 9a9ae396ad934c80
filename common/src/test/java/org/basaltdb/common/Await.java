package org.basaltdb.common;

import java.util.function.BooleanSupplier;

/**
 * The tests' one way to wait for something to happen: poll a condition until it holds, failing
 * with an {@link AssertionError} that names it once a deadline has passed. Every test module
 * has it through common's test-jar.
 *
 * <p>The deadline must be far above the worst single check: a check that blocks (a call to a
 * paused server, a read from a slow socket) eats the whole wait. Checks that call servers should
 * give their calls a short timeout of their own. When the deadline passes the message says how
 * long the slowest check took, so a wait that was too short for its check is told apart from a
 * condition that never came.
 *
 * <p>Thread safety: stateless; the condition runs in the calling thread.
 */
public final class Await {
  private Await() {}

  /** How long to sleep between checks: short next to any deadline, long next to a check. */
  private static final long POLL_MILLIS = 20;

  /**
   * Returns once {@code condition} holds; throws {@link AssertionError} if it still does not
   * after {@code millis}. The condition is checked at least once, and once more after the
   * deadline if the last check started before it.
   */
  public static void until(String what, long millis, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000;
    long slowestCheck = 0;
    long checks = 0;
    while (true) {
      long before = System.nanoTime();
      boolean holds = condition.getAsBoolean();
      long after = System.nanoTime();
      checks++;
      slowestCheck = Math.max(slowestCheck, after - before);
      if (holds) {
        return;
      }
      if (before - deadline > 0) {
        throw new AssertionError("timed out after " + millis + " ms waiting for " + what
            + " (" + checks + " checks, the slowest took " + slowestCheck / 1_000_000 + " ms)");
      }
      try {
        Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (deadline - after) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
