package org.basaltdb.tools.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>With a {@link RecoveryProbe} ({@link #measureRecovery}), after each action the monkey
 * polls the probe until the cluster serves everything again and logs the time from the
 * action's start ({@code +40.101s kill-regionserver: serving again 8,412 ms after it started});
 * {@link #recoverySummary} gives min, median and max per action. The polling delays the next
 * action, so a seed's schedule runs later in time than without a probe.
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
  private final Map<String, List<Long>> recoveryMillis = new TreeMap<>();
  private volatile RecoveryProbe probe;
  private volatile long probeDeadlineMillis;

  /** Whether every region serves again; each call must give up on its own within seconds. */
  public interface RecoveryProbe {
    boolean serving() throws Exception;
  }

  /** How often the probe is polled after an action. */
  private static final long PROBE_POLL_MILLIS = 200;

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

  /** Measures each action's time to recovery with {@code p}, giving up after deadlineMillis. */
  public ChaosMonkey measureRecovery(RecoveryProbe p, long deadlineMillis) {
    this.probe = p;
    this.probeDeadlineMillis = deadlineMillis;
    return this;
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
        if (ok && probe != null) {
          awaitRecovery(a.name(), s);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitRecovery(String action, long startedNanos) throws InterruptedException {
    long deadline = startedNanos + probeDeadlineMillis * 1_000_000;
    while (System.nanoTime() < deadline && stopped.getCount() > 0) {
      boolean serving;
      try {
        serving = probe.serving();
      } catch (Exception e) {
        serving = false;
      }
      if (serving) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        synchronized (recoveryMillis) {
          recoveryMillis.computeIfAbsent(action, k -> new ArrayList<>()).add(ms);
        }
        log.printf("%s %s: serving again %,d ms after it started%n", now(), action, ms);
        return;
      }
      Thread.sleep(PROBE_POLL_MILLIS); // the poll interval, not a wait for another thread
    }
    log.printf("%s %s: NOT serving again %,d ms after it started%n", now(), action,
        (System.nanoTime() - startedNanos) / 1_000_000);
  }

  /**
   * Per action measured: "name: n=3 min 812 ms, median 1,020 ms, max 9,877 ms"; one line each,
   * empty without a probe.
   */
  public List<String> recoverySummary() {
    List<String> out = new ArrayList<>();
    synchronized (recoveryMillis) {
      recoveryMillis.forEach((name, list) -> {
        List<Long> sorted = new ArrayList<>(list);
        Collections.sort(sorted);
        out.add(String.format("%s: n=%d min %,d ms, median %,d ms, max %,d ms", name,
            sorted.size(), sorted.get(0), sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1)));
      });
    }
    return out;
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
