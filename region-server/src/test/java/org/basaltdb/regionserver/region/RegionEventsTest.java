package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a region tells its server's meters: writes held for flushes, compactions throttled. */
class RegionEventsTest {
  @TempDir
  Path dir;

  private static final byte[] F = toBytes("f");

  /** One writeBlocked call. */
  private record Blocked(boolean serverLimit, long nanos, boolean refused) {}

  private final List<Blocked> blocked = new CopyOnWriteArrayList<>();
  private final AtomicLong throttledNanos = new AtomicLong();
  private final AtomicLong throttledWaits = new AtomicLong();
  private final AtomicLong flushRequests = new AtomicLong();

  /** Services that never flush on request, telling this test's lists of events. */
  private RegionServices services() {
    RegionServices manual = RegionServices.manual(new MemoryBudget(1L << 30));
    RegionEvents events = new RegionEvents() {
      @Override
      public void compactionThrottled(Region region, long nanos) {
        throttledWaits.incrementAndGet();
        throttledNanos.addAndGet(nanos);
      }

      @Override
      public void writeBlocked(Region region, boolean serverLimit, long nanos, boolean refused) {
        blocked.add(new Blocked(serverLimit, nanos, refused));
      }
    };
    return new RegionServices() {
      @Override
      public void requestFlush(Region region) {
        flushRequests.incrementAndGet();
      }

      @Override
      public void requestCompaction(Region region) {}

      @Override
      public MemoryBudget memoryBudget() {
        return manual.memoryBudget();
      }

      @Override
      public RegionEvents events() {
        return events;
      }
    };
  }

  @Test
  void aWriteHeldPastTheBlockingSizeIsReportedWithItsWaitAndRefusal() throws Exception {
    try (RegionHarness h = new RegionHarness(dir, services(), ColumnFamilyDescriptor.of("f"))) {
      h.conf.setLong("region.memstore.flush.size", 64 * 1024);
      h.conf.setInt("region.memstore.block.multiplier", 2);
      h.conf.set("server.memstore.block.wait", "200ms");
      h.reopen();
      byte[] big = new byte[8 * 1024];
      assertThrows(RegionTooBusyException.class, () -> {
        for (int i = 0; i < 1000; i++) {
          h.region.put(new Put(toBytes("r" + i)).addColumn(F, toBytes("q"), big));
        }
      });
      assertEquals(1, blocked.size(), "one write was held: " + blocked);
      Blocked b = blocked.get(0);
      assertTrue(!b.serverLimit() && b.refused(), b.toString());
      assertTrue(b.nanos() >= 200_000_000L, "it waited the whole block wait: " + b);
    }
  }

  @Test
  void whileAFlushWritesItsSnapshotTheRegionAsksForTheNextOnlyAtTheFlushSize() throws Exception {
    try (RegionHarness h = new RegionHarness(dir, services(), ColumnFamilyDescriptor.of("f"))) {
      // 1 MiB: well above a memstore's first chunks (64 KiB, then doubling), which are charged
      // whole as soon as they are made, so that only the snapshot's counting decides here.
      h.conf.setLong("region.memstore.flush.size", 1024 * 1024);
      h.reopen();
      byte[] v = new byte[1024];
      int row = 0;
      while (flushRequests.get() == 0) {
        h.region.put(new Put(toBytes("r" + row++)).addColumn(F, toBytes("q"), v));
      }
      // a flush begins: its snapshot holds the flush size until the file is written
      org.basaltdb.regionserver.store.Store store = h.region.store(F);
      org.basaltdb.regionserver.memstore.MemStore.Snapshot snapshot = store.memstore().snapshot();
      flushRequests.set(0);
      for (int i = 0; i < 256; i++) { // 256 KiB, a quarter of the flush size
        h.region.put(new Put(toBytes("r" + row++)).addColumn(F, toBytes("q"), v));
      }
      assertEquals(0, flushRequests.get(), "asked for a flush of what the running one writes");
      while (flushRequests.get() == 0) {
        h.region.put(new Put(toBytes("r" + row++)).addColumn(F, toBytes("q"), v));
      }
      assertTrue(h.region.activeMemstoreSize() >= 1024 * 1024);
      store.flush(snapshot, 1, h.clock.currentTimeMillis()); // the flush ends
    }
  }

  @Test
  void aThrottledCompactionReportsItsWaits() throws Exception {
    try (RegionHarness h = new RegionHarness(dir, services(), ColumnFamilyDescriptor.of("f"))) {
      // Guava's limiter stores up to a second of permits while idle and lets one acquisition run
      // into debt: of ~300 KiB read in 64 KiB steps at 128 KiB/s, the fourth step waits.
      h.conf.setLong("compaction.throughput.limit", 128 * 1024);
      h.reopen();
      byte[] v = new byte[1024];
      for (int file = 0; file < 3; file++) {
        for (int i = 0; i < 100; i++) {
          h.region.put(new Put(toBytes("r" + file + "-" + i)).addColumn(F, toBytes("q"), v));
        }
        h.region.flush();
      }
      assertEquals(0, throttledWaits.get(), "flushes are not throttled");
      h.region.compact(true);
      assertTrue(throttledWaits.get() >= 1, "the compaction waited: " + throttledWaits.get());
      assertTrue(throttledNanos.get() > 100_000_000L, "~0.5 s of waits: " + throttledNanos);
    }
  }
}
