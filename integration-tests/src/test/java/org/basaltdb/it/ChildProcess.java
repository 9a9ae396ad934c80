package org.basaltdb.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * A Basalt server in its own JVM ({@code bin/basalt}'s entry point with this test's classpath),
 * so a test can {@code kill -9} it. Its output goes to a log file; {@link #awaitLine} waits for
 * a line it prints. Out of heap, it leaves {@code java_pid<pid>.hprof} in its directory and exits.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final File log;
  private final List<String> lines = new ArrayList<>();

  private ChildProcess(String name, Process process, File log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread pump = new Thread(this::pump, "output-of-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code basalt COMMAND --conf <conf written to dir>}. */
  static ChildProcess start(String name, String command, Configuration conf, File dir)
      throws IOException {
    dir.mkdirs();
    File confFile = new File(dir, name + "-site.xml");
    try (OutputStream out = new FileOutputStream(confFile)) {
      conf.writeXml(out);
    }
    // Out of heap, the JVM writes what filled it to dir and exits at once: a server half alive
    // after an OutOfMemoryError (its threads dying one by one) fails in ways that hide the cause.
    List<String> cmd = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx384m",
        "-XX:+UseSerialGC", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + dir.getAbsolutePath(), "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"),
        "org.basaltdb.standalone.Main", command, "--conf", confFile.getPath()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    return new ChildProcess(name, pb.start(), new File(dir, name + ".log"));
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); OutputStream out = new FileOutputStream(log, true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process died; its log says why
    }
  }

  /**
   * Waits up to {@code millis} for an output line matching {@code regex}; returns its match.
   * Fails with the log's tail if the process exits or time runs out first.
   */
  Matcher awaitLine(String regex, long millis) throws Exception {
    Pattern p = Pattern.compile(regex);
    long deadline = System.currentTimeMillis() + millis;
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = p.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || !process.isAlive() && seen == lines.size()) {
          throw new AssertionError(name + " did not print /" + regex + "/ "
              + (process.isAlive() ? "within " + millis + " ms" : "before it exited")
              + "; its log ends:\n" + tail(40));
        }
        lines.wait(Math.min(left, 200));
      }
    }
  }

  /** Whether the process has printed a line matching {@code regex} so far (does not wait). */
  boolean printed(String regex) {
    Pattern p = Pattern.compile(regex);
    synchronized (lines) {
      return lines.stream().anyMatch(l -> p.matcher(l).find());
    }
  }

  /** How many output lines so far match {@code regex} (does not wait). */
  int count(String regex) {
    Pattern p = Pattern.compile(regex);
    synchronized (lines) {
      return (int) lines.stream().filter(l -> p.matcher(l).find()).count();
    }
  }

  String tail(int n) throws IOException {
    List<String> all = Files.readAllLines(log.toPath());
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** SIGKILL: the process gets no chance to flush or say goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Sends a signal by name ({@code STOP}, {@code CONT}) with {@code kill}, and waits for it. */
  void signal(String name) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (k.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed: " + out);
    }
  }

  /** Waits up to {@code millis} for the process to exit; true if it did. */
  boolean awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String name() {
    return name;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
