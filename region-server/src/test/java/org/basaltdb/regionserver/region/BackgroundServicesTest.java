package org.basaltdb.regionserver.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.basaltdb.common.Await;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background flusher under server-wide memory pressure. */
class BackgroundServicesTest {

  private static void fill(Region r, int rows) throws Exception {
    for (int i = 0; i < rows; i++) {
      r.put(new Put(("row" + i).getBytes()).addColumn("f".getBytes(), "q".getBytes(),
          new byte[100]));
    }
  }

  /** Writes 100-byte cells to new rows of {@code r} until its memstore holds {@code bytes}. */
  private static void fillTo(Region r, String prefix, long bytes) throws Exception {
    for (int i = 0; r.memstoreSize() < bytes; i++) {
      r.put(new Put((prefix + i).getBytes()).addColumn("f".getBytes(), "q".getBytes(),
          new byte[100]));
    }
  }

  private static int files(Region r) {
    return r.store("f".getBytes()).files().size();
  }

  @Test
  void compactionPressureIsTheMostCrowdedStoresOfTheServer(@TempDir Path dir) throws Exception {
    List<Region> open = new CopyOnWriteArrayList<>();
    try (BackgroundServices bg = new BackgroundServices(new MemoryBudget(1L << 30), () -> open);
        RegionHarness calm = RegionHarness.of(Files.createDirectory(dir.resolve("calm")), "f");
        RegionHarness busy = RegionHarness.of(Files.createDirectory(dir.resolve("busy")), "f")) {
      assertEquals(1.0, bg.compactionPressure(), "no regions known: compactions never rest");
      open.addAll(List.of(calm.region, busy.region));
      for (int i = 0; i < 6; i++) { // compaction.min.files 3, compaction.urgent.files 16
        fill(busy.region, 1);
        busy.region.flush();
      }
      fill(calm.region, 1);
      calm.region.flush();
      assertEquals(0, calm.region.compactionPressure());
      assertEquals(3.0 / 13, busy.region.compactionPressure(), 1e-9);
      assertEquals(3.0 / 13, bg.compactionPressure(), 1e-9);
    }
  }

  @Test
  void pastTheLowerLimitTheLargestMemstoresFlushUntilBelowIt(@TempDir Path dir) throws Exception {
    MemoryBudget budget = new MemoryBudget(1 << 20, 0.5); // background flushes from 512 KiB
    List<Region> open = new CopyOnWriteArrayList<>();
    ColumnFamilyDescriptor f = ColumnFamilyDescriptor.of("f");
    try (BackgroundServices bg = new BackgroundServices(budget, () -> open);
        RegionHarness a = new RegionHarness(Files.createDirectory(dir.resolve("a")), bg, f);
        RegionHarness b = new RegionHarness(Files.createDirectory(dir.resolve("b")), bg, f);
        RegionHarness c = new RegionHarness(Files.createDirectory(dir.resolve("c")), bg, f)) {
      open.addAll(List.of(a.region, b.region, c.region));
      fillTo(a.region, "a", 300 << 10);
      fillTo(b.region, "b", 150 << 10);
      assertEquals(0, files(a.region) + files(b.region), "below the lower limit nothing flushes");

      fillTo(c.region, "c", 100 << 10); // passes 512 KiB while c is written
      long bBefore = b.region.memstoreSize();

      Await.until("the budget below its lower limit", 60_000,
          () -> budget.used() < budget.lowerLimit());
      assertEquals(0, a.region.memstoreSize(), "the largest memstore was flushed");
      assertEquals(1, files(a.region));
      assertEquals(bBefore, b.region.memstoreSize(), "flushing stopped once below the lower limit");
      assertEquals(0, files(b.region) + files(c.region));
    }
  }

  /** HBase's Admin.majorCompact: the request returns at once, the state says when it is done. */
  @Test
  void aMajorCompactionRequestIsQueuedAndItsStateShownUntilItEnds(@TempDir Path dir)
      throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService compactor =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (RegionHarness h = RegionHarness.of(Files.createDirectory(dir.resolve("r")), "f");
        BackgroundServices bg = new BackgroundServices(new MemoryBudget(1L << 30),
            () -> List.of(h.region), java.util.concurrent.Executors.newSingleThreadExecutor(),
            compactor)) {
      for (int i = 0; i < 2; i++) {
        fill(h.region, 10);
        h.region.flush();
      }
      compactor.execute(() -> {
        try {
          hold.await(); // the compactor is busy: requests wait in its queue
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertEquals(BackgroundServices.CompactionState.NONE, bg.compactionState(h.region));
      bg.requestCompaction(h.region); // a minor one: two files are too few for it
      assertEquals(BackgroundServices.CompactionState.MINOR, bg.compactionState(h.region));
      bg.requestCompaction(h.region, true);
      assertEquals(BackgroundServices.CompactionState.MAJOR, bg.compactionState(h.region),
          "the major request joined the queued minor one");
      assertEquals(2, files(h.region), "queued, not run");
      hold.countDown();
      Await.until("the compaction done", 60_000,
          () -> bg.compactionState(h.region) == BackgroundServices.CompactionState.NONE);
      assertEquals(1, files(h.region));
    }
  }

  @Test
  void pressureFlushesTheLargestMemstoreNotTheWriters(@TempDir Path dir) throws Exception {
    try (RegionHarness big = RegionHarness.of(Files.createDirectory(dir.resolve("big")), "f");
        RegionHarness small = RegionHarness.of(Files.createDirectory(dir.resolve("small")), "f");
        BackgroundServices bg = new BackgroundServices(new MemoryBudget(1L << 30),
            () -> List.of(small.region, big.region))) {
      fill(big.region, 2000);
      fill(small.region, 10);
      long smallBefore = small.region.memstoreSize();

      bg.requestFlushForPressure(small.region); // the small region's write found the budget full

      Await.until("the large memstore flushed", 60_000, () -> big.region.memstoreSize() == 0);
      assertEquals(smallBefore, small.region.memstoreSize(), "the writer's region was not flushed");
      assertEquals(1, big.region.store("f".getBytes()).files().size(),
          "one file from the large memstore");
      assertEquals(0, small.region.store("f".getBytes()).files().size());
    }
  }
}
