package org.basaltdb.regionserver.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.basaltdb.common.ops.Put;
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

  private static void waitFor(java.util.function.BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not done within 10 s");
      Thread.sleep(10); // polling inside a deadline
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

      waitFor(() -> big.region.memstoreSize() == 0);
      assertEquals(smallBefore, small.region.memstoreSize(), "the writer's region was not flushed");
      assertEquals(1, big.region.store("f".getBytes()).files().size(),
          "one file from the large memstore");
      assertEquals(0, small.region.store("f".getBytes()).files().size());
    }
  }
}
