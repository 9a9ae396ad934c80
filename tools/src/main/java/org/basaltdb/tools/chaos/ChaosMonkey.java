package org.basaltdb.tools.chaos;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults on a schedule drawn from a seed: every {@code periodMillis} it picks one of its
 * actions with {@code random(seed)} and performs it, logging each with the time since the start
 * ({@code +12.345s action: what it did (took N ms)}) so a failing run can be read back and
 * replayed with the same seed. Actions run one at a time; one that fails is logged and counted,
 * and the monkey goes on.
 *
 * <p>Thread safety: {@link #start} once, {@link #close} from any thread; {@link #counts} after
 * close.
 */
public final class ChaosMonkey implements AutoCloseable {
  private final long seed;
  private final long periodMillis;
  private final List<ChaosAction> actions;
  private final PrintStream log;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, int[]> counts = new TreeMap<>(); // name -> {done, failed}
  private final Thread thread;
  private final long t0 = System.nanoTime();

  public ChaosMonkey(long seed, long periodMillis, List<ChaosAction> actions, PrintStream log) {
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("the chaos monkey needs at least one action");
    }
    this.seed = seed;
    this.periodMillis = periodMillis;
    this.actions = List.copyOf(actions);
    this.log = log;
    for (ChaosAction a : actions) {
      counts.put(a.name(), new int[2]);
    }
    this.thread = new Thread(this::loop, "chaos-monkey");
  }

  public ChaosMonkey start() {
    log.printf("chaos monkey: seed %d, an action every %d ms among %s%n", seed, periodMillis,
        actions.stream().map(ChaosAction::name).toList());
    thread.start();
    return this;
  }

  private String now() {
    return String.format("+%.3fs", (System.nanoTime() - t0) / 1e9);
  }

  private void loop() {
    SplittableRandom random = new SplittableRandom(seed);
    try {
      // The period is the schedule itself, not a wait for some condition.
      while (!stopped.await(periodMillis, TimeUnit.MILLISECONDS)) {
        ChaosAction a = actions.get(random.nextInt(actions.size()));
        SplittableRandom own = random.split(); // its choices do not shift the schedule
        long s = System.nanoTime();
        log.printf("%s %s: starting%n", now(), a.name());
        String outcome;
        boolean ok;
        try {
          outcome = a.perform(own);
          ok = true;
        } catch (Exception e) {
          outcome = "FAILED: " + e.toString().lines().findFirst().orElse("");
          ok = false;
        }
        synchronized (counts) {
          counts.get(a.name())[ok ? 0 : 1]++;
        }
        log.printf("%s %s: %s (took %d ms)%n", now(), a.name(), outcome,
            (System.nanoTime() - s) / 1_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per action: "name=done" or "name=done(+failed failed)". */
  public String summary() {
    StringBuilder b = new StringBuilder();
    synchronized (counts) {
      counts.forEach((name, c) -> b.append(b.length() == 0 ? "" : ", ").append(name).append('=')
          .append(c[0]).append(c[1] == 0 ? "" : " (+" + c[1] + " failed)"));
    }
    return b.toString();
  }

  /** Actions performed successfully, in all. */
  public int performed() {
    synchronized (counts) {
      return counts.values().stream().mapToInt(c -> c[0]).sum();
    }
  }

  /** Stops after the action in progress, if any, is done. */
  @Override
  public void close() throws InterruptedException {
    stopped.countDown();
    thread.join();
    log.printf("%s chaos monkey stopped (seed %d): %s%n", now(), seed, summary());
  }
}
