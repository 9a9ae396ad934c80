package org.basaltdb.common;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Makes a hung test diagnose itself. When no test or test class of this JVM has started or
 * finished for {@code basalt.test.hang.seconds} (default 120; 0 turns it off), it writes a
 * {@link ThreadDump} (every stack, the locks held, the lock each thread waits for and its owner)
 * to stderr and to a file in {@code basalt.test.hang.dir} (default {@code target/hang-dumps},
 * under the module's directory, where surefire runs its forks); again after each further period
 * while nothing moves, up to {@link #MAX_DUMPS_PER_STALL} times, so a slow test (stacks move) is
 * told apart from a stuck one. A test or class that fails on a timeout (a socket read timed out,
 * JUnit's {@code @Timeout}) gets a dump at once: the in-JVM server that did not answer is
 * usually still stuck when its client gives up.
 *
 * <p>Registered for every module's tests by
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} in common's
 * test-jar, which every module with tests depends on. Everything happens inside the JVM: CI's
 * forks never receive signals (no jstack, no kill -3).
 *
 * <p>Thread safety: the launcher calls the listener on the test threads; a daemon thread calls
 * {@link #check} once a second, and only that thread (or a test, without it) calls it.
 */
public final class HangWatchdog implements TestExecutionListener {
  static final String SECONDS_PROPERTY = "basalt.test.hang.seconds";
  static final String DIR_PROPERTY = "basalt.test.hang.dir";
  /** Three dumps a period apart show which threads moved, and stay readable in a CI log. */
  static final int MAX_DUMPS_PER_STALL = 3;
  private static final AtomicInteger FILES = new AtomicInteger();

  private final Clock clock;
  /** 0: off. */
  private final long thresholdNanos;
  private final Path dir;
  private final PrintStream err;
  /** What runs now (tests and classes): unique id → display path and start time. */
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private volatile TestPlan plan;
  /** When a test or class last started or finished (the clock's nanoseconds). */
  private volatile long lastProgress;
  /** The stall {@link #dumps} counts for: the {@link #lastProgress} it began at. */
  private long stallSeen;
  private int dumps;
  private ScheduledExecutorService checker;

  private record Running(String name, long startNanos) {}

  /** For the launcher: the system clock, the system properties, stderr. */
  public HangWatchdog() {
    this(Clock.SYSTEM, Long.getLong(SECONDS_PROPERTY, 120),
        Path.of(System.getProperty(DIR_PROPERTY, "target/hang-dumps")), System.err);
  }

  HangWatchdog(Clock clock, long thresholdSeconds, Path dir, PrintStream err) {
    this.clock = clock;
    this.thresholdNanos = TimeUnit.SECONDS.toNanos(Math.max(0, thresholdSeconds));
    this.dir = dir;
    this.err = err;
    this.lastProgress = clock.nanoTime();
  }

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    progress();
    if (thresholdNanos > 0 && checker == null) {
      checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "basalt-hang-watchdog");
        t.setDaemon(true);
        return t;
      });
      checker.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    if (checker != null) {
      checker.shutdownNow();
      checker = null;
    }
    running.clear();
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    if (id.getParentIdObject().isPresent()) { // not the engine, which runs throughout
      running.put(id.getUniqueId(), new Running(nameOf(id), clock.nanoTime()));
    }
    progress();
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    running.remove(id.getUniqueId());
    progress();
    Optional<Throwable> failure = result.getThrowable();
    if (failure.isPresent() && isTimeout(failure.get())) {
      report(nameOf(id) + " failed on a timeout (" + failure.get() + ")");
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    progress();
  }

  private void progress() {
    lastProgress = clock.nanoTime();
  }

  /**
   * Dumps when nothing has started or finished for the threshold, and again after each further
   * threshold while that lasts (up to {@link #MAX_DUMPS_PER_STALL}). Returns whether it dumped.
   */
  boolean check() {
    long since = lastProgress;
    if (since != stallSeen) {
      stallSeen = since;
      dumps = 0;
    }
    long idle = clock.nanoTime() - since;
    if (thresholdNanos == 0 || dumps >= MAX_DUMPS_PER_STALL
        || idle < thresholdNanos * (dumps + 1)) {
      return false;
    }
    dumps++;
    report("no test started or finished for " + TimeUnit.NANOSECONDS.toSeconds(idle)
        + " s (" + SECONDS_PROPERTY + "=" + TimeUnit.NANOSECONDS.toSeconds(thresholdNanos)
        + ")");
    return true;
  }

  /** A socket read that timed out or JUnit's @Timeout, anywhere among the causes. */
  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SocketTimeoutException || c instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The test's path of display names below the engine: "ToolsTest > copyTable()". */
  private String nameOf(TestIdentifier id) {
    TestPlan p = plan;
    List<String> names = new ArrayList<>();
    for (TestIdentifier i = id; i != null && i.getParentIdObject().isPresent();
        i = p == null ? null : p.getParent(i).orElse(null)) {
      names.add(0, i.getDisplayName());
    }
    return names.isEmpty() ? id.getDisplayName() : String.join(" > ", names);
  }

  private void report(String why) {
    long now = clock.nanoTime();
    StringBuilder text = new StringBuilder("=== basalt hang watchdog: ").append(why)
        .append("\n=== running now:");
    for (Running r : running.values()) {
      text.append("\n===   ").append(r.name()).append(" (for ")
          .append(TimeUnit.NANOSECONDS.toSeconds(now - r.startNanos())).append(" s)");
    }
    text.append("\n\n").append(ThreadDump.now()).append("=== end of the hang watchdog's dump\n");
    String stamp = new SimpleDateFormat("yyyyMMdd-HHmmss").format(new Date(
        clock.currentTimeMillis()));
    Path file = dir.resolve("hang-" + stamp + "-" + ProcessHandle.current().pid() + "-"
        + FILES.incrementAndGet() + ".txt");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      text.append("=== (also in ").append(file.toAbsolutePath()).append(")\n");
    } catch (IOException e) {
      text.append("=== (could not write ").append(file).append(": ").append(e).append(")\n");
    }
    err.print(text);
    err.flush();
  }
}
