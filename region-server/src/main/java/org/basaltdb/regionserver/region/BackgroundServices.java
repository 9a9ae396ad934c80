package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs flushes and compactions on background threads: one flusher and one compactor, each
 * request deduplicated per region.
 */
public final class BackgroundServices implements RegionServices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundServices.class);

  private final MemoryBudget budget;
  private final ExecutorService flusher = Executors.newSingleThreadExecutor(
      r -> daemon(r, "basalt-flusher"));
  private final ExecutorService compactor = Executors.newSingleThreadExecutor(
      r -> daemon(r, "basalt-compactor"));
  private final Set<Region> flushPending = ConcurrentHashMap.newKeySet();
  private final Set<Region> compactionPending = ConcurrentHashMap.newKeySet();
  private final Supplier<? extends Collection<Region>> regions;

  public BackgroundServices(MemoryBudget budget) {
    this(budget, List::of);
  }

  /**
   * {@code regions}: the regions open on the server, among which memory pressure picks the
   * largest memstore to flush.
   */
  public BackgroundServices(MemoryBudget budget, Supplier<? extends Collection<Region>> regions) {
    this.budget = budget;
    this.regions = regions;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void requestFlush(Region region) {
    if (flushPending.add(region)) {
      flusher.execute(() -> {
        flushPending.remove(region);
        if (region.isClosed()) {
          return;
        }
        try {
          region.flush();
        } catch (IOException | RuntimeException e) {
          LOG.error("background flush of {} failed", region.info(), e);
        }
      });
    }
  }

  /**
   * Flushes the open region with the largest memstore not already queued for a flush, as HBase
   * does under global pressure: flushing the writer's own region instead made many small files
   * (a region just begun holds little), and compactions of them took half the server's CPU while
   * the large memstores stayed. Falls back to {@code writer} when no other region is known.
   */
  @Override
  public void requestFlushForPressure(Region writer) {
    Region largest = null;
    for (Region r : regions.get()) {
      if (!r.isClosed() && !flushPending.contains(r)
          && (largest == null || r.memstoreSize() > largest.memstoreSize())) {
        largest = r;
      }
    }
    requestFlush(largest != null && largest.memstoreSize() > 0 ? largest : writer);
  }

  @Override
  public void requestCompaction(Region region) {
    if (compactionPending.add(region)) {
      compactor.execute(() -> {
        compactionPending.remove(region);
        if (region.isClosed()) {
          return;
        }
        try {
          region.compact(false);
        } catch (RegionClosedException e) {
          LOG.debug("region {} closed before its compaction ran", region.info());
        } catch (IOException | RuntimeException e) {
          LOG.error("background compaction of {} failed", region.info(), e);
        }
      });
    }
  }

  @Override
  public MemoryBudget memoryBudget() {
    return budget;
  }

  @Override
  public void close() throws InterruptedException {
    flusher.shutdown();
    compactor.shutdown();
    flusher.awaitTermination(60, TimeUnit.SECONDS);
    compactor.awaitTermination(60, TimeUnit.SECONDS);
  }
}
