package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.scan.RowScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers, readers, flushes and compactions at once. Each test runs a bounded number of
 * operations and joins its threads; failures seen by any thread are collected and reported.
 */
class RegionConcurrencyTest {
  @TempDir
  Path dir;

  private static final byte[] F = toBytes("f");
  private static final byte[][] COLS = {toBytes("a"), toBytes("b"), toBytes("c")};

  private static Thread start(String name, ConcurrentLinkedQueue<Throwable> errors,
      ThrowingRunnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Exception | AssertionError e) { // collected and rethrown by the test thread
        errors.add(e);
      }
    }, name);
    t.start();
    return t;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void joinAll(List<Thread> ts, ConcurrentLinkedQueue<Throwable> errors)
      throws InterruptedException {
    for (Thread t : ts) {
      t.join(120_000);
      assertTrue(!t.isAlive(), t.getName() + " did not finish in 120 s");
    }
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError(errors.size() + " thread(s) failed");
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Every row is written as three columns with one value; a reader must never see a mix. */
  @Test
  void readersNeverSeeATornRowAndScansStaySortedAcrossFlushesAndCompactions() throws Exception {
    long seed = System.nanoTime();
    System.out.println("torn-row test seed=" + seed);
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      h.conf.setInt("compaction.min.files", 2);
      h.reopen();
      Region r = h.region;
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch writersDone = new CountDownLatch(2);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int id = w;
        threads.add(start("writer-" + w, errors, () -> {
          Random rnd = new Random(seed + id);
          try {
            for (int i = 0; i < 4000; i++) {
              byte[] row = toBytes(String.format("row%03d", rnd.nextInt(200)));
              byte[] v = toBytes(id + "-" + i);
              Put p = new Put(row);
              for (byte[] q : COLS) {
                p.addColumn(F, q, v);
              }
              r.put(p);
            }
          } finally {
            writersDone.countDown();
          }
        }));
      }
      threads.add(start("maintenance", errors, () -> {
        int rounds = 0;
        while (writersDone.getCount() > 0 || rounds < 3) {
          r.flush();
          if (++rounds % 3 == 0) {
            r.compact(rounds % 6 == 0);
          }
        }
        writing.set(false);
      }));
      for (int k = 0; k < 2; k++) {
        boolean reversed = k == 1;
        threads.add(start("scanner-" + k, errors, () -> {
          while (writing.get()) {
            byte[] prev = null;
            try (RowScanner s = r.scanner(new Scan().setReversed(reversed))) {
              for (Result res = s.next(); res != null; res = s.next()) {
                checkWhole(res);
                if (prev != null) {
                  int cmp = Bytes.compare(prev, res.row());
                  assertTrue(reversed ? cmp > 0 : cmp < 0, "scan out of order at "
                      + Bytes.toString(res.row()));
                }
                prev = res.row();
              }
            }
          }
        }));
      }
      threads.add(start("getter", errors, () -> {
        Random rnd = new Random(seed);
        while (writing.get()) {
          Result res = r.get(new Get(toBytes(String.format("row%03d", rnd.nextInt(200)))));
          if (!res.isEmpty()) {
            checkWhole(res);
          }
        }
      }));
      joinAll(threads, errors);
    }
  }

  private static void checkWhole(Result res) {
    assertEquals(3, res.size(), "row " + Bytes.toString(res.row()) + " has " + res.cells());
    byte[] v = res.cells().get(0).value();
    for (Cell c : res.cells()) {
      assertTrue(Bytes.equals(v, c.value()), "torn row " + res);
    }
  }

  @Test
  void concurrentIncrementsLoseNothing() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      Region r = h.region;
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      int perThread = 1500;
      for (int t = 0; t < 4; t++) {
        threads.add(start("incr-" + t, errors, () -> {
          for (int i = 0; i < perThread; i++) {
            r.increment(new Increment(toBytes("counter")).addColumn(F, toBytes("n"), 1)
                .addColumn(F, toBytes("m"), 2));
            if (i % 500 == 0) {
              r.flush();
            }
          }
        }));
      }
      joinAll(threads, errors);
      Result res = r.get(new Get(toBytes("counter")));
      assertEquals(4L * perThread, Bytes.toLong(res.value(F, toBytes("n"))));
      assertEquals(8L * perThread, Bytes.toLong(res.value(F, toBytes("m"))));
    }
  }

  /**
   * Writers keep putting while the region closes: each put either fails (RegionClosedException,
   * which clients retry elsewhere) or is in the files the region is reopened from. Before close
   * refused writes ahead of its last flush, puts acknowledged between that flush and the close
   * were dropped with the memstore (found by the chaos tool's linked lists under merges).
   */
  @Test
  void everyPutAcknowledgedDuringCloseSurvivesTheReopen() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      for (int round = 0; round < 5; round++) {
        Region r = h.region;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        CountDownLatch writing = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();
        int roundNo = round;
        for (int t = 0; t < 3; t++) {
          int id = t;
          threads.add(start("writer-" + t, errors, () -> {
            for (int i = 0; ; i++) {
              String row = roundNo + "-" + id + "-" + i;
              try {
                r.put(new Put(toBytes(row)).addColumn(F, COLS[0], toBytes(row)));
              } catch (RegionClosedException e) {
                return; // refused, not acknowledged
              }
              acked.add(row);
              if (i == 50) {
                writing.countDown();
              }
            }
          }));
        }
        writing.await();
        r.close();
        joinAll(threads, errors);
        Region reopened = h.open();
        List<String> lost = new ArrayList<>();
        for (String row : acked) {
          if (reopened.get(new Get(toBytes(row))).isEmpty()) {
            lost.add(row);
          }
        }
        assertEquals(0, lost.size(), "acknowledged puts lost by close (round " + round + ", of "
            + acked.size() + "), e.g. " + lost.subList(0, Math.min(10, lost.size())));
      }
    }
  }

  @Test
  void writersFailWithTooBusyWhenMemstoresCannotBeFlushed() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      h.conf.setLong("region.memstore.flush.size", 64 * 1024);
      h.conf.setInt("region.memstore.block.multiplier", 2);
      h.conf.set("server.memstore.block.wait", "200ms");
      h.reopen();
      byte[] big = new byte[8 * 1024];
      // The harness's services never flush on request: the region must refuse, not grow.
      RegionTooBusyException e = assertThrows(RegionTooBusyException.class, () -> {
        for (int i = 0; i < 1000; i++) {
          h.region.put(new Put(toBytes("r" + i)).addColumn(F, toBytes("q"), big));
        }
      });
      assertTrue(e.getMessage().contains("too busy"), e.getMessage());
      long size = h.region.memstoreSize();
      assertTrue(size < 4 * 64 * 1024, "memstore stayed bounded: " + size);
      h.region.flush();
      h.region.put(new Put(toBytes("after")).addColumn(F, toBytes("q"), big));
      assertEquals(1, h.region.get(new Get(toBytes("after"))).size());
    }
  }

  @Test
  void backgroundFlushesKeepWritersGoingUnderAServerLimit() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      MemoryBudget budget = new MemoryBudget(512 * 1024);
      try (BackgroundServices bg = new BackgroundServices(budget)) {
        h.conf.setLong("region.memstore.flush.size", 128 * 1024);
        h.region.close();
        h.region = Region.open(h.fs, h.root, h.info, h.table, h.wal, h.cache, h.clock, h.conf,
            bg);
        byte[] v = new byte[4 * 1024];
        for (int i = 0; i < 2000; i++) {
          h.region.put(new Put(toBytes(String.format("r%05d", i))).addColumn(F, toBytes("q"), v));
          assertTrue(budget.used() < 2 * 512 * 1024 + 64 * 1024,
              "server memstore use stays near its limit: " + budget.used());
        }
        assertEquals(2000, h.region.scanAll(new Scan()).size());
        h.region.close();
      }
    }
  }
}
