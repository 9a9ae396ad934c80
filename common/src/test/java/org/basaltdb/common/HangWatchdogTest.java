package org.basaltdb.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.launcher.TestIdentifier;

class HangWatchdogTest {
  @TempDir
  Path dir;

  final ManualClock clock = new ManualClock(0);
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Object lock = new Object();

  HangWatchdog watchdog() {
    return new HangWatchdog(clock, 120, dir, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  static final EngineDescriptor ENGINE = new EngineDescriptor(UniqueId.forEngine("e"), "e");

  static TestIdentifier test(String name) {
    AbstractTestDescriptor test = new AbstractTestDescriptor(ENGINE.getUniqueId()
        .append("test", name), name) {
      @Override
      public Type getType() {
        return Type.TEST;
      }
    };
    test.setParent(ENGINE);
    return TestIdentifier.from(test);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void dumpsOncePerPeriodOfNoProgressUpToThree() throws Exception {
    HangWatchdog w = watchdog();
    w.executionStarted(test("slow()"));
    clock.advance(119_000);
    assertFalse(w.check());
    clock.advance(1_000);
    assertTrue(w.check());
    assertFalse(w.check(), "one dump per period");
    assertTrue(err().contains("no test started or finished for 120 s"), err());
    assertTrue(err().contains("slow() (for 120 s)"), err());
    clock.advance(120_000);
    assertTrue(w.check());
    clock.advance(120_000);
    assertTrue(w.check());
    clock.advance(120_000);
    assertFalse(w.check(), "at most " + HangWatchdog.MAX_DUMPS_PER_STALL + " dumps per stall");
    assertEquals(3, files().size());
    w.executionFinished(test("slow()"), TestExecutionResult.successful());
    clock.advance(120_000);
    assertTrue(w.check(), "a new stall dumps again");
  }

  @Test
  void theDumpNamesTheLockABlockedThreadWaitsForAndItsOwner() throws Exception {
    HangWatchdog w = watchdog();
    Thread blocked = new Thread(() -> {
      synchronized (lock) {
        lock.notifyAll();
      }
    }, "blocked-on-the-test's-lock");
    synchronized (lock) {
      blocked.start();
      Await.until("the thread blocks on the lock", 10_000,
          () -> blocked.getState() == Thread.State.BLOCKED);
      clock.advance(120_000);
      assertTrue(w.check());
    }
    blocked.join();
    String me = Thread.currentThread().getName();
    String dump = err();
    assertTrue(dump.contains("\"blocked-on-the-test's-lock\" #" + blocked.getId() + " BLOCKED"),
        dump);
    assertTrue(dump.contains("owned by \"" + me + "\""), dump);
    assertTrue(dump.contains("- locked java.lang.Object@"), dump);
    assertTrue(dump.contains("theDumpNamesTheLockABlockedThreadWaitsForAndItsOwner"), dump);
    assertTrue(dump.startsWith(Files.readString(files().get(0))), "the file holds the dump");
  }

  @Test
  void aTestThatFailsOnATimeoutIsDumpedAtOnce() {
    HangWatchdog w = watchdog();
    w.executionStarted(test("fast()"));
    w.executionFinished(test("fast()"), TestExecutionResult.failed(new AssertionError("no")));
    assertEquals("", err());
    w.executionStarted(test("timedOut()"));
    w.executionFinished(test("timedOut()"), TestExecutionResult.failed(
        new IOException("call failed", new SocketTimeoutException("Read timed out"))));
    assertTrue(err().contains("timedOut() failed on a timeout"), err());
    assertTrue(err().contains("\"" + Thread.currentThread().getName() + "\""), err());
  }
}
