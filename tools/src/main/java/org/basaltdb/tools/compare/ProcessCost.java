package org.basaltdb.tools.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run cost a server process beyond its answers: the bytes it wrote to storage, and its
 * garbage-collection pauses. The first gives issue 21's write amplification for both servers
 * alike (WAL, flushes, compactions and anything else the process writes, from
 * {@code /proc/PID/io}: the same counter whether the server is Basalt or HBase's mini-cluster,
 * which runs master, region server, ZooKeeper and its filesystem in the one JVM); the second
 * tells a stall the collector caused from one the server caused.
 *
 * <p>CPU: the server's and the client's JVM, user and system time over the run from
 * {@code /proc/PID/stat}, shown per operation. Basalt's client shares its JVM with this harness
 * (a sampling thread), HBase's has a child JVM of its own; both servers' JVMs hold their
 * ZooKeeper and master too.
 *
 * <p>Both servers' JVMs log their pauses with {@link #gcLogFlag} ({@code timemillis}: each line
 * starts with the wall-clock milliseconds at which the pause ended), so a run's pauses are the
 * lines stamped within it.
 */
record ProcessCost(long writeBytes, int gcPauses, double gcPauseMs, double gcPauseMaxMs,
    long serverCpuTicks, long clientCpuTicks) {

  /** Without CPU times. */
  ProcessCost(long writeBytes, int gcPauses, double gcPauseMs, double gcPauseMaxMs) {
    this(writeBytes, gcPauses, gcPauseMs, gcPauseMaxMs, -1, -1);
  }

  /** Microseconds in a clock tick of {@link #cpuTicks} (Linux's USER_HZ is 100). */
  static final long MICROS_PER_TICK = 10_000;

  /** The unified-logging option that writes a JVM's GC pauses to {@code log}. */
  static String gcLogFlag(Path log) {
    return "-Xlog:gc:file=" + log + ":timemillis";
  }

  /** Nothing known (a server this harness did not start). */
  static final ProcessCost UNKNOWN = new ProcessCost(-1, -1, 0, 0);

  /** {@code write_bytes} of {@code /proc/PID/io}, or -1 when unreadable (not Linux, gone). */
  static long writeBytes(long pid) {
    try {
      return writeBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"),
          StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The {@code write_bytes:} value among the lines of a {@code /proc/PID/io}; -1 if missing. */
  static long writeBytes(List<String> procIo) {
    for (String line : procIo) {
      if (line.startsWith("write_bytes:")) {
        return Long.parseLong(line.substring("write_bytes:".length()).trim());
      }
    }
    return -1;
  }

  /**
   * CPU time the process has used, user and system, in clock ticks ({@code utime + stime} of
   * {@code /proc/PID/stat}, 100 a second on Linux), or -1 when unreadable.
   */
  static long cpuTicks(long pid) {
    try {
      return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
          StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code utime + stime} of a {@code /proc/PID/stat} line (fields 14 and 15). */
  static long cpuTicks(String procStat) {
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    String[] f = procStat.substring(procStat.lastIndexOf(')') + 2).trim().split(" +");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static final Pattern PAUSE = Pattern.compile(
      "^\\[(\\d+)ms\\].* Pause .* (\\d+(?:\\.\\d+)?)ms$");

  /**
   * The pauses in a GC log written with {@link #gcLogFlag} that ended in
   * [{@code fromMillis}, {@code toMillis}]: count, total and longest; no file, no pauses.
   */
  static double[] pauses(Path log, long fromMillis, long toMillis) {
    if (log == null || !Files.exists(log)) {
      return new double[] {-1, 0, 0};
    }
    try {
      return pauses(Files.readAllLines(log, StandardCharsets.UTF_8), fromMillis, toMillis);
    } catch (IOException e) {
      return new double[] {-1, 0, 0};
    }
  }

  /** {count, total ms, longest ms} of the pause lines stamped in [fromMillis, toMillis]. */
  static double[] pauses(List<String> lines, long fromMillis, long toMillis) {
    double n = 0;
    double total = 0;
    double max = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find()) {
        continue;
      }
      long at = Long.parseLong(m.group(1));
      if (at < fromMillis || at > toMillis) {
        continue;
      }
      double ms = Double.parseDouble(m.group(2));
      n++;
      total += ms;
      max = Math.max(max, ms);
    }
    return new double[] {n, total, max};
  }

  /** For the JSON line of a run. */
  String json() {
    return String.format(Locale.ROOT, "\"diskWriteBytes\":%d,\"gcPauses\":%d,\"gcPauseMs\":%.1f,"
        + "\"gcPauseMaxMs\":%.1f,\"serverCpuTicks\":%d,\"clientCpuTicks\":%d", writeBytes,
        gcPauses, gcPauseMs, gcPauseMaxMs, serverCpuTicks, clientCpuTicks);
  }

  /** "82 / 41" µs of CPU per operation, server / client, over {@code ops}; "?" if unknown. */
  String cpuText(long ops) {
    return perOp(serverCpuTicks, ops) + " / " + perOp(clientCpuTicks, ops);
  }

  private static String perOp(long ticks, long ops) {
    return ticks < 0 || ops <= 0 ? "?"
        : String.format(Locale.ROOT, "%,.0f", (double) ticks * MICROS_PER_TICK / ops);
  }

  /** "1,234 MB (1,071 B/row)" for a run that wrote {@code rowsWritten} rows; "?" if unknown. */
  String diskText(long rowsWritten) {
    if (writeBytes < 0) {
      return "?";
    }
    String mb = String.format(Locale.ROOT, "%,.0f MB", writeBytes / 1e6);
    return rowsWritten > 0
        ? mb + String.format(Locale.ROOT, " (%,.0f B/row)", (double) writeBytes / rowsWritten)
        : mb;
  }

  /** "12 / 1.3 s / 240 ms" (pauses, their total, the longest); "?" if unknown. */
  String gcText() {
    if (gcPauses < 0) {
      return "?";
    }
    return String.format(Locale.ROOT, "%d / %.1f s / %.0f ms", gcPauses, gcPauseMs / 1000,
        gcPauseMaxMs);
  }
}
