package org.basaltdb.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.standalone.Standalone;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Options;
import org.basaltdb.tools.PerformanceEvaluation.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pe command, a few hundred operations each, against a real Basalt standalone. */
class PerformanceEvaluationTest {
  @TempDir
  static Path dir;

  static Standalone basalt;

  static final int ROWS = 300;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    basalt = Standalone.start(conf);
  }

  @AfterAll
  static void stop() throws Exception {
    basalt.close();
  }

  private Result run(String table, Command c, String... extra) throws Exception {
    return run(false, table, c, extra);
  }

  private Result run(boolean javaClient, String table, Command c, String... extra)
      throws Exception {
    String[] base = {"--port", String.valueOf(basalt.thriftPort()), "--table", table,
        "--rows", String.valueOf(ROWS), "--threads", "3", "--presplit", "3", "--warmup", "0",
        c.name()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    Options o = PerformanceEvaluation.parse(args);
    Result r = PerformanceEvaluation.run(o, c, javaClient
        ? new JavaPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs)
        : new ThriftPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs));
    System.out.println(r.line());
    assertEquals(0, r.errors(), r.line());
    assertEquals(r.ops(), r.latencyMicros().getTotalCount());
    assertTrue(r.opsPerSecond() > 0);
    assertTrue(r.json().contains("\"command\":\"" + c + "\""));
    return r;
  }

  /** The sum of the counter cells over every row of {@code table}, as the server has them. */
  private static long counterSum(String table) throws Exception {
    long sum = 0;
    try (PeClient c = new ThriftPeClient.Factory("127.0.0.1", basalt.thriftPort(), false, false,
        10_000).open()) {
      for (int i = 0; i < ROWS; i++) {
        sum += c.increment(table, PerformanceEvaluation.rowKey(i), PerformanceEvaluation.FAMILY,
            PerformanceEvaluation.COUNTER, 0);
      }
    }
    return sum;
  }

  @Test
  void portFlagsAreSpelledAsTheServersSpellThem() {
    assertEquals(9191, PerformanceEvaluation.parse(new String[] {"--thrift-port", "9191",
        "randomRead"}).port);
    assertEquals(9191, PerformanceEvaluation.parse(new String[] {"--port=9191",
        "randomRead"}).port);
    Options t1 = PerformanceEvaluation.parse(new String[] {"--thrift1-port", "9189",
        "randomRead"});
    assertEquals(9189, t1.port);
    assertTrue(t1.thrift1, "--thrift1-port speaks Thrift1");
    assertThrows(IllegalArgumentException.class, () -> PerformanceEvaluation.parse(
        new String[] {"--thrift1", "--scanner-calls", "scan"}));
  }

  @Test
  void hbasePeCommands() throws Exception {
    Result w = run("pe", Command.sequentialWrite, "--value-size", "50");
    assertEquals(ROWS, w.ops());
    assertEquals(ROWS, w.rowsWritten());
    // Every row exists, so every random read finds one cell.
    Result r = run("pe", Command.randomRead, "--ops", "400");
    assertEquals(400, r.ops());
    assertEquals(400, r.rowsRead());
    assertEquals(400, r.cellsRead());
    Result s = run("pe", Command.scan, "--ops", "20");
    assertEquals(20, s.ops());
    assertEquals(20 * PerformanceEvaluation.SCAN_ROWS, s.rowsRead());
    // --scanner-calls: the same scans as openScanner, getScannerRows, closeScanner
    Options calls = PerformanceEvaluation.parse(new String[] {"--port",
        String.valueOf(basalt.thriftPort()), "--table", "pe", "--rows", String.valueOf(ROWS),
        "--threads", "3", "--warmup", "0", "--ops", "20", "--scanner-calls", "scan"});
    assertTrue(calls.scannerCalls);
    Result sc = PerformanceEvaluation.run(calls, Command.scan, new ThriftPeClient.ScannerCalls(
        new ThriftPeClient.Factory(calls.host, calls.port, false, false, calls.timeoutMs)));
    assertEquals(0, sc.errors(), sc.line());
    assertEquals(20 * PerformanceEvaluation.SCAN_ROWS, sc.rowsRead());
    Result rw = run("pe", Command.randomWrite, "--ops", "250");
    assertEquals(250, rw.rowsWritten());
    Result inc = run("pe", Command.increment, "--ops", "200");
    assertEquals(200, inc.rowsWritten());
    // Each increment added one: the counters over every row sum to 200.
    assertEquals(200, counterSum("pe"));
  }

  /** pe --thrift1: the same commands through the Thrift1 port, with happybase's calls. */
  @Test
  void thrift1Commands() throws Exception {
    java.util.function.BiFunction<Command, String, Result> run1 = (c, ops) -> {
      try {
        Options o = PerformanceEvaluation.parse(new String[] {"--thrift1", "--port",
            String.valueOf(basalt.thrift1Port()), "--table", "pe1", "--rows",
            String.valueOf(ROWS), "--threads", "2", "--warmup", "0", "--ops", ops, c.name()});
        assertTrue(o.thrift1);
        Result r = PerformanceEvaluation.run(o, c, new Thrift1PeClient.Factory(o.host, o.port,
            o.framed, o.compact, o.timeoutMs));
        assertEquals(0, r.errors(), r.line());
        assertTrue(r.line().contains("thrift1 "), r.line());
        return r;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    assertEquals(ROWS, run1.apply(Command.sequentialWrite, String.valueOf(ROWS)).rowsWritten());
    Result r = run1.apply(Command.randomRead, "300");
    assertEquals(300, r.cellsRead());
    Result s = run1.apply(Command.scan, "10");
    assertEquals(10 * PerformanceEvaluation.SCAN_ROWS, s.rowsRead());
    run1.apply(Command.increment, "100");
    assertEquals(100, counterSum("pe1"));
  }

  @Test
  void ycsbWorkloads() throws Exception {
    Result load = run("usertable", Command.load);
    assertEquals(ROWS, load.rowsWritten());
    Result c = run("usertable", Command.workloadC, "--ops", "300");
    assertEquals(300, c.rowsRead());
    assertEquals(300L * 10, c.cellsRead());
    Result a = run("usertable", Command.workloadA, "--ops", "400");
    assertEquals(400, a.rowsRead() + a.rowsWritten());
    assertEquals(a.rowsRead() * 10, a.cellsRead());
    assertTrue(a.rowsRead() > 100 && a.rowsWritten() > 100, a.line());
    Result e = run("usertable", Command.workloadE, "--ops", "50");
    assertTrue(e.rowsRead() >= 50 && e.rowsRead() <= 50 * 100, e.line());
    // A timed run stops by itself: 0.5 s asked, far less than a minute taken even when a loaded
    // machine stalls an operation for seconds (the bound only tells "stopped" from "ran on").
    Result timed = run("usertable", Command.workloadC, "--duration", "0.5");
    assertTrue(timed.seconds() < 60 && timed.ops() > 0, timed.line());
    Result b = run("usertable", Command.workloadB, "--ops", "400");
    assertEquals(400, b.rowsRead() + b.rowsWritten());
    assertTrue(b.rowsWritten() < 60 && b.rowsRead() > 320, b.line());
    // F: every operation reads; about half also write what they read.
    Result f = run("usertable", Command.workloadF, "--ops", "400");
    assertEquals(400, f.rowsRead());
    assertTrue(f.rowsWritten() > 100 && f.rowsWritten() < 300, f.line());
    // D: 5% inserts of rows after the loaded ones, reads of the newest; all reads find a row.
    Result d = run("usertable", Command.workloadD, "--ops", "600");
    assertEquals(600, d.rowsRead() + d.rowsWritten(), d.line());
    assertTrue(d.rowsWritten() > 5 && d.rowsWritten() < 80, d.line());
    try (PeClient client = new ThriftPeClient.Factory("127.0.0.1", basalt.thriftPort(), false,
        false, 10_000).open()) {
      assertEquals(10, client.get("usertable", PerformanceEvaluation.rowKey(ROWS),
          PerformanceEvaluation.FAMILY));
    }
  }

  @Test
  void stallsCountSecondsWithoutACompletedOperation() {
    long[] buckets = new long[40]; // 100 ms each: 4 s
    java.util.Arrays.fill(buckets, 3);
    for (int b = 10; b < 27; b++) { // 1.7 s with nothing done: the whole of second 2 is empty
      buckets[b] = 0;
    }
    PerformanceEvaluation.Stalls s = PerformanceEvaluation.Stalls.of(buckets, 4.0);
    assertEquals(1, s.seconds());
    assertEquals(1700, s.longestGapMs());
    assertEquals(0, PerformanceEvaluation.Stalls.of(new long[] {1, 1, 1}, 0.3).seconds());
    // A run that ends early leaves no stall behind it.
    assertEquals(0, PerformanceEvaluation.Stalls.of(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        1.0).longestGapMs());
  }

  @Test
  void warmUpRequestsNeverReachTheServer() throws Exception {
    // The warm-up's increments go to the stand-in: the server's counters add up to the run's.
    Result inc = run("warm", Command.increment, "--ops", "150", "--warmup", "2000");
    assertEquals(150, inc.rowsWritten());
    assertEquals(150, counterSum("warm"));
    // Every workload's replies decode: a stand-in reply the client could not read would fail.
    run("warm2", Command.load, "--warmup", "500");
    Result c = run("warm2", Command.workloadC, "--ops", "100", "--warmup", "500");
    assertEquals(100L * 10, c.cellsRead());
    run("warm2", Command.workloadE, "--ops", "10", "--warmup", "200");
  }

  @Test
  void theJavaClientWarmsUpOnTheStandInToo() throws Exception {
    // Its region lookup, puts, reads and scans all answered by the stand-in, none by the server.
    Result inc = run(true, "warmj", Command.increment, "--ops", "120", "--warmup", "300");
    assertEquals(120, inc.rowsWritten());
    assertEquals(120, counterSum("warmj"));
    Result a = run(true, "warmj", Command.workloadA, "--ops", "60", "--warmup", "300");
    assertEquals(60, a.rowsRead() + a.rowsWritten());
    run(true, "warmj", Command.workloadE, "--ops", "10", "--warmup", "100");
  }

  @Test
  void jitQueueParsing() {
    assertTrue(WarmUp.jitIdle("1234:\nCurrent compiles: \n\nC1 compile queue:\nEmpty\n\n"
        + "C2 compile queue:\nEmpty\n"));
    assertTrue(!WarmUp.jitIdle("Current compiles: \nC2 CompilerThread0  1083       4       "
        + "org.basaltdb.tools.PerformanceEvaluation$Worker::op (522 bytes)\n\nC1 compile queue:\n"
        + "Empty\n\nC2 compile queue:\nEmpty\n"));
  }

  @Test
  void loadWritesEveryRowOnce() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 1000; i++) {
      seen.add(PerformanceEvaluation.scramble(i, 1000));
    }
    assertEquals(1000, seen.size());
    assertArrayEquals("0000000042".getBytes(), PerformanceEvaluation.rowKey(42));
    assertEquals(List.of("0000000100", "0000000200"), PerformanceEvaluation.splitKeys(300, 3)
        .stream().map(String::new).toList());
    KeyChooser z = KeyChooser.scrambledZipfian(1000);
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      long k = z.next(rnd);
      assertTrue(k >= 0 && k < 1000);
    }
  }

  @Test
  void options() {
    assertNull(PerformanceEvaluation.parse(new String[] {"--help"}));
    Options o = PerformanceEvaluation.parse(new String[] {"--port=19191", "--framed",
        "--compact", "load", "workloadA", "--threads", "8"});
    assertEquals(19191, o.port);
    assertTrue(o.framed && o.compact);
    assertEquals(8, o.threads);
    assertEquals(List.of(Command.load, Command.workloadA), o.commands);
    assertThrows(IllegalArgumentException.class, () -> PerformanceEvaluation.parse(
        new String[] {"nope"}));
    assertThrows(IllegalArgumentException.class, () -> PerformanceEvaluation.parse(
        new String[] {"--rows"}));
    assertThrows(IllegalArgumentException.class, () -> PerformanceEvaluation.parse(
        new String[] {"--threads", "0", "load"}));
    assertEquals(10, PerformanceEvaluation.parse(new String[] {"--wait-idle", "10", "load"})
        .waitIdlePercent);
    assertThrows(IllegalArgumentException.class, () -> PerformanceEvaluation.parse(
        new String[] {"--wait-idle", "150", "load"}));
  }

  @Test
  void idleWaitCountsIdleAndIowaitAsNotBusy() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    long[] before = IdleWait.busyAndTotal("cpu  100 0 50 800 50 0 0 0 0 0");
    long[] after = IdleWait.busyAndTotal("cpu  130 0 60 1750 60 0 0 0 7 0");
    assertArrayEquals(new long[] {150, 1000}, before);
    assertEquals(40.0 / 1000, IdleWait.busyFraction(before, after), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> IdleWait.busyAndTotal("cpu0 1 2 3 4 5"));
  }

  @Test
  void idleWaitSamplesUntilAWindowIsIdleOrItGivesUp() throws Exception {
    // Busy jiffies climb by 80, 60, then 5 of every 100: the third window is idle enough.
    java.util.Iterator<long[]> samples = List.of(new long[] {0, 0}, new long[] {80, 100},
        new long[] {140, 200}, new long[] {145, 300}).iterator();
    int[] pauses = {0};
    String said = IdleWait.await(10, samples::next, () -> pauses[0]++, 120);
    assertEquals(3, pauses[0]);
    assertEquals("machine idle (5% busy) after 3 s", said);

    long[] busy = {0, 0};
    said = IdleWait.await(10, () -> new long[] {busy[0] += 90, busy[1] += 100}, () -> { }, 4);
    assertEquals("machine still 90% busy after 4 s; running anyway", said);
    assertEquals("no /proc/stat: not waiting for an idle machine",
        IdleWait.await(10, () -> null, () -> { }, 4));
  }

  @Test
  void aRunWaitsForAnIdleMachineFirst() throws Exception {
    // Generous threshold: the point is that the option runs end to end, not how busy CI is.
    Result r = run("idlewait", Command.sequentialWrite, "--wait-idle", "100");
    assertEquals(ROWS, r.ops());
  }
}
