package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs a job and shows its progress on the console: a line with the map (and reduce) percentage
 * and a counter's value so far ("rows so far"), each time it changes, at most once a
 * {@link #POLL_MILLIS}; then whether the job succeeded (and in how long, from submission) and,
 * if not, why. The tools use it instead
 * of {@code waitForCompletion(true)}, whose output is Hadoop's log.
 */
public final class JobProgress {
  /**
   * How often the job is asked how far it is, once it has run a few seconds (100 ms at first,
   * doubling): often enough to see movement, rarely enough to cost nothing.
   */
  static final long POLL_MILLIS = 1000;

  private JobProgress() {}

  /**
   * Submits {@code job}, prints progress to {@code out} until it ends, and returns whether it
   * succeeded. {@code counter} (may be null) is shown as "{@code label} so far".
   */
  public static boolean run(Job job, PrintStream out, Enum<?> counter, String label)
      throws IOException, InterruptedException, ClassNotFoundException {
    long start = System.nanoTime(); // a console figure, not core code: no Clock needed
    job.submit();
    out.println("job " + job.getJobID() + " submitted (" + job.getJobName() + ")");
    String last = "";
    float[] shown = new float[2];
    int polls = 0;
    while (!job.isComplete()) {
      String line = line(job, counter, label, shown);
      if (!line.equals(last)) {
        out.println(line);
        last = line;
      }
      // A console refresh, not a synchronisation: soon at first, so a short job ends soon.
      Thread.sleep(Math.min(POLL_MILLIS, 100L << Math.min(polls++, 4)));
    }
    String line = line(job, counter, label, shown);
    if (!line.equals(last)) {
      out.println(line);
    }
    boolean ok = job.isSuccessful();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ok) {
      out.println(String.format(Locale.ROOT, "job %s succeeded in %.1f s", job.getJobID(),
          seconds));
    } else {
      String why = job.getStatus().getFailureInfo();
      out.println("job " + job.getJobID() + " failed: "
          + (why == null || why.isEmpty() ? job.getStatus().getState() : why));
    }
    return ok;
  }

  /**
   * One progress line. {@code shown} holds the map and reduce fractions shown so far: the local
   * runner's figure can fall back while tasks start, and a console should not go backwards.
   */
  private static String line(Job job, Enum<?> counter, String label, float[] shown)
      throws IOException {
    shown[0] = Math.max(shown[0], job.mapProgress());
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "map %3.0f%%",
        100 * shown[0]));
    if (job.getNumReduceTasks() > 0) {
      shown[1] = Math.max(shown[1], job.reduceProgress());
      sb.append(String.format(Locale.ROOT, "  reduce %3.0f%%", 100 * shown[1]));
    }
    if (counter != null) {
      long n = 0;
      if (job.getCounters() != null) {
        Counter c = job.getCounters().findCounter(counter);
        n = c == null ? 0 : c.getValue();
      }
      sb.append("  ").append(label).append(" so far: ").append(n);
    }
    return sb.toString();
  }
}
