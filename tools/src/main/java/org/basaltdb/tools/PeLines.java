package org.basaltdb.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Options;
import org.basaltdb.tools.PerformanceEvaluation.Result;
import org.basaltdb.tools.PerformanceEvaluation.Stalls;

/**
 * {@code pe} driven by lines, for a client that must live in a JVM of its own: HBase's native
 * client needs HBase's class path (unshaded Hadoop, its own libthrift), which cannot meet
 * Basalt's, so {@code bench-ycsb --java-client} runs HBase's side of the comparison in a child
 * JVM that serves this protocol and reads each run's whole result back, latency histogram
 * included.
 *
 * <pre>
 *   child → PE READY                      once, when it takes commands
 *   parent → pe's arguments, one command  one run: "--table t --rows 100 --threads 8 load"
 *   child → PE RESULT &lt;result&gt;            {@link #encode}: its numbers and histogram
 *         | PE ERR &lt;message&gt;             the arguments or the run failed
 * </pre>
 * End of input ends {@link #serve}. Arguments are split at spaces (no quoting: pe's values have
 * none).
 */
public final class PeLines {
  public static final String READY = "PE READY";
  public static final String RESULT = "PE RESULT ";
  public static final String ERR = "PE ERR ";

  /** Reads argument lines from {@code in} until it ends, running each with {@code factory}. */
  public static void serve(PeClient.Factory factory, BufferedReader in, PrintStream out)
      throws IOException {
    out.println(READY);
    out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      try {
        Options o = PerformanceEvaluation.parse(line.trim().split("\\s+"));
        if (o == null || o.commands.size() != 1) {
          throw new IllegalArgumentException("give exactly one command per line");
        }
        out.println(RESULT + encode(PerformanceEvaluation.run(o, o.commands.get(0), factory)));
      } catch (Exception e) { // the parent is told, and this child serves the next line
        out.println(ERR + String.valueOf(e).replace('\n', ' '));
      }
      out.flush();
    }
  }

  /**
   * {@code o} as pe's arguments, for the options a remote run honours (not the transport ones:
   * the child's client has its own); {@link PerformanceEvaluation#parse} reads them back.
   */
  public static List<String> args(Options o, Command c) {
    List<String> a = new ArrayList<>(List.of("--table", o.table, "--rows", Long.toString(o.rows),
        "--threads", Integer.toString(o.threads), "--presplit", Integer.toString(o.presplit),
        "--fields", Integer.toString(o.fields), "--field-size", Integer.toString(o.fieldSize),
        "--value-size", Integer.toString(o.valueSize), "--seed", Long.toString(o.seed),
        "--timeout", Integer.toString(o.timeoutMs), "--warmup", Long.toString(o.warmUpOps),
        "--wait-idle", Double.toString(o.waitIdlePercent)));
    if (o.ops > 0) {
      a.addAll(List.of("--ops", Long.toString(o.ops)));
    }
    if (o.durationSeconds > 0) {
      a.addAll(List.of("--duration", Double.toString(o.durationSeconds)));
    }
    if (o.distribution != null) {
      a.addAll(List.of("--distribution", o.distribution));
    }
    a.add(c.name());
    return a;
  }

  /** One line: the result's numbers, its histogram (compressed, Base64), then its client. */
  public static String encode(Result r) {
    Histogram h = r.latencyMicros();
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    String histogram = Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), n));
    return String.format(Locale.ROOT, "%s %d %d %d %d %d %d %s %d %d %s %s", r.command(),
        r.threads(), r.ops(), r.errors(), r.rowsWritten(), r.rowsRead(), r.cellsRead(),
        Double.toString(r.seconds()), r.stalls().seconds(), r.stalls().longestGapMs(), histogram,
        r.client());
  }

  /** Reads back what {@link #encode} wrote. */
  public static Result decode(String line) {
    String[] f = line.split(" ", 12);
    if (f.length != 12) {
      throw new IllegalArgumentException("not a pe result: " + line);
    }
    Histogram h;
    try {
      h = Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(f[10])), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("a pe result's histogram does not decode", e);
    }
    return new Result(Command.valueOf(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
        Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
        Double.parseDouble(f[7]), h, f[11],
        new Stalls(Integer.parseInt(f[8]), Long.parseLong(f[9])));
  }

  private PeLines() {}
}
