package org.basaltdb.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Waits, before a timed run, until the whole machine's CPU is nearly idle: when client and
 * servers share a few cores, a run that starts while a server still flushes or compacts after
 * the previous run measures that background work as much as its own.
 *
 * <p>Reads the aggregate {@code cpu} line of {@code /proc/stat} once a second; busy time is
 * everything but idle and iowait. Where there is no {@code /proc/stat}, returns at once.
 */
final class IdleWait {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  /** Longest wait; a machine busy with someone else's work must not stall the run forever. */
  static final long MAX_WAIT_MILLIS = 120_000;
  private static final long SAMPLE_MILLIS = 1_000;

  private IdleWait() {}

  /** Busy and total jiffies from a {@code /proc/stat} "cpu" line. */
  static long[] busyAndTotal(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (f.length < 5 || !f[0].equals("cpu")) {
      throw new IllegalArgumentException("not an aggregate cpu line: " + cpuLine);
    }
    long total = 0;
    long idle = 0;
    // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
    for (int i = 1; i < f.length && i <= 8; i++) {
      long v = Long.parseLong(f[i]);
      total += v;
      if (i == 4 || i == 5) {
        idle += v;
      }
    }
    return new long[] {total - idle, total};
  }

  /** The fraction of CPU busy between two samples of {@link #busyAndTotal}. */
  static double busyFraction(long[] before, long[] after) {
    long total = after[1] - before[1];
    return total <= 0 ? 0 : (double) (after[0] - before[0]) / total;
  }

  /**
   * Returns once a one-second window has the machine below {@code maxBusyPercent} busy, or
   * after {@link #MAX_WAIT_MILLIS}. Returns a line saying how long it waited.
   */
  static String await(double maxBusyPercent) throws InterruptedException {
    return await(maxBusyPercent, IdleWait::sample,
        () -> Thread.sleep(SAMPLE_MILLIS), // sampling a counter: there is nothing to wait on
        (int) (MAX_WAIT_MILLIS / SAMPLE_MILLIS));
  }

  /** Something that waits between samples. */
  interface Pause {
    void pause() throws InterruptedException;
  }

  /**
   * As {@link #await(double)}, with the sampler ({@link #busyAndTotal} counters, or null when
   * there are none) and the pause between samples given, and at most {@code maxSamples} windows.
   */
  static String await(double maxBusyPercent, Supplier<long[]> sampler, Pause pause,
      int maxSamples) throws InterruptedException {
    long[] before = sampler.get();
    if (before == null) {
      return "no /proc/stat: not waiting for an idle machine";
    }
    double busy = 1;
    for (int window = 1; window <= maxSamples; window++) {
      pause.pause();
      long[] after = sampler.get();
      busy = busyFraction(before, after);
      before = after;
      if (busy * 100 < maxBusyPercent) {
        return String.format("machine idle (%.0f%% busy) after %d s", busy * 100,
            window * SAMPLE_MILLIS / 1000);
      }
    }
    return String.format("machine still %.0f%% busy after %d s; running anyway", busy * 100,
        maxSamples * SAMPLE_MILLIS / 1000);
  }

  private static long[] sample() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      return lines.isEmpty() ? null : busyAndTotal(lines.get(0));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
