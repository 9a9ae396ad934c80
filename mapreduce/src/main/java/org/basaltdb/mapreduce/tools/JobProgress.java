package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs a job and shows its progress on the console: a line with the map (and reduce) percentage
 * and a counter's value so far ("rows so far"), each time it changes, at most once a
 * {@link #LINE_MILLIS}; then whether the job succeeded (and in how long, from submission) and,
 * if not, why. The tools use it instead of {@code waitForCompletion(true)}, whose output is
 * Hadoop's log, and which notices the end of a job only at its next poll (every 5 s, or every
 * second while it prints progress): a short job's time is mostly that wait.
 */
public final class JobProgress {
  /** How often a progress line may be printed: often enough to see movement. */
  static final long LINE_MILLIS = 1000;

  /**
   * How often a job on the local job runner is asked whether it has ended: the question is a
   * method call in this JVM, so asking often costs nothing, and the tool ends within this much
   * of the job.
   */
  static final long LOCAL_POLL_MILLIS = 20;

  /**
   * How often a job on a cluster is asked, once it has run a few seconds (100 ms at first,
   * doubling): each question is a call to the job's application master.
   */
  static final long CLUSTER_POLL_MILLIS = 1000;

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
    boolean local = ToolSupport.isLocal(job.getConfiguration());
    String last = "";
    float[] shown = new float[2];
    long nextLine = start;
    int polls = 0;
    while (!job.isComplete()) {
      long now = System.nanoTime();
      if (now - nextLine >= 0) {
        String line = line(job, counter, label, shown);
        if (!line.equals(last)) {
          out.println(line);
          last = line;
        }
        nextLine = now + TimeUnit.MILLISECONDS.toNanos(LINE_MILLIS);
      }
      // A poll interval, not a synchronisation: the Job API has no completion callback.
      Thread.sleep(local ? LOCAL_POLL_MILLIS
          : Math.min(CLUSTER_POLL_MILLIS, 100L << Math.min(polls++, 4)));
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
