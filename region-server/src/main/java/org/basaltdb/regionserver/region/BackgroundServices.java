package org.basaltdb.regionserver.region;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs flushes and compactions on background threads: a few flushers and one compactor, each
 * request deduplicated per region (a region's flushes never overlap: {@link Region#flush} takes
 * its flush lock). Past the memstore budget's lower limit, the flusher also
 * flushes the largest memstores until usage is below it again ({@link #relievePressure}).
 */
public final class BackgroundServices implements RegionServices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundServices.class);

  private final MemoryBudget budget;
  private final ExecutorService flusher;
  private final ExecutorService compactor;
  private final Set<Region> flushPending = ConcurrentHashMap.newKeySet();
  /** Regions queued for a compaction; true: a major one was asked for. */
  private final Map<Region, Boolean> compactionPending = new ConcurrentHashMap<>();
  /** Regions compacting now; true: a major compaction. */
  private final Map<Region, Boolean> compacting = new ConcurrentHashMap<>();
  /** True while a relief task is queued or running on the flusher. */
  private final AtomicBoolean relieving = new AtomicBoolean();
  private final Supplier<? extends Collection<Region>> regions;
  private volatile RegionEvents events = RegionEvents.NONE;
  private volatile BiConsumer<Region, IOException> failureListener = (region, cause) -> { };

  @Override
  public RegionEvents events() {
    return events;
  }

  /** Tells {@code e} of every flush and compaction from now on. */
  public void setEvents(RegionEvents e) {
    this.events = e;
  }

  /** Tells {@code listener} of every region that enters its failed state from now on. */
  public void setFailureListener(BiConsumer<Region, IOException> listener) {
    this.failureListener = listener;
  }

  @Override
  public void regionFailed(Region region, IOException cause) {
    failureListener.accept(region, cause);
  }

  /** Regions waiting for a flush (queued or running). */
  public int flushQueueSize() {
    return flushPending.size();
  }

  /** Regions waiting for a compaction check (queued or running). */
  public int compactionQueueSize() {
    return compactionPending.size();
  }

  public BackgroundServices(MemoryBudget budget) {
    this(budget, List::of);
  }

  /**
   * {@code regions}: the regions open on the server, among which memory pressure picks the
   * largest memstore to flush.
   */
  public BackgroundServices(MemoryBudget budget, Supplier<? extends Collection<Region>> regions) {
    this(budget, regions, 1);
  }

  /** With {@code flushThreads} threads flushing regions side by side. */
  public BackgroundServices(MemoryBudget budget, Supplier<? extends Collection<Region>> regions,
      int flushThreads) {
    this(budget, regions, flushers(flushThreads),
        Executors.newSingleThreadExecutor(daemons("basalt-compactor")));
  }

  private static ExecutorService flushers(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("server.flush.threads must be at least 1: " + threads);
    }
    return Executors.newFixedThreadPool(threads,
        daemons(threads == 1 ? "basalt-flusher" : "basalt-flusher-%d"));
  }

  /**
   * With the executors flushes and compactions run on, which {@link #close} shuts down (a test
   * can run them on a thread it drives). The compactor must run its tasks one at a time, in
   * order: a region's compaction is never run twice at once. The flusher may run several at once
   * (flushes of one region wait for each other on its flush lock).
   */
  public BackgroundServices(MemoryBudget budget, Supplier<? extends Collection<Region>> regions,
      ExecutorService flusher, ExecutorService compactor) {
    this.budget = budget;
    this.regions = regions;
    this.flusher = flusher;
    this.compactor = compactor;
  }

  private static ThreadFactory daemons(String nameFormat) {
    return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true).build();
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
    Region largest = largestNotPending();
    requestFlush(largest != null ? largest : writer);
  }

  /** The open region with the largest non-empty memstore not queued for a flush, or null. */
  private Region largestNotPending() {
    Region largest = null;
    for (Region r : regions.get()) {
      if (!r.isClosed() && !flushPending.contains(r)
          && (largest == null || r.memstoreSize() > largest.memstoreSize())) {
        largest = r;
      }
    }
    return largest != null && largest.memstoreSize() > 0 ? largest : null;
  }

  /**
   * One task at a time on the flusher: flushes the largest memstores, one after another, until
   * the budget is below its lower limit again (HBase's flusher does the same between its two
   * limits). Writers go on meanwhile; they only wait once the full limit is reached.
   */
  @Override
  public void relievePressure() {
    if (!relieving.compareAndSet(false, true)) {
      return;
    }
    try {
      flusher.execute(this::relieve);
    } catch (RejectedExecutionException e) {
      relieving.set(false); // shutting down
    }
  }

  private void relieve() {
    try {
      if (budget.aboveLowerLimit()) {
        LOG.info("memstores hold {} bytes, above the lower limit {} (limit {}): flushing the "
            + "largest", budget.used(), budget.lowerLimit(), budget.limit());
      }
      while (budget.aboveLowerLimit()) {
        Region r = largestNotPending();
        if (r == null) {
          return;
        }
        try {
          if (r.flush() == 0) {
            return; // nothing freed: leave it to the writers' own requests rather than spin
          }
        } catch (RegionClosedException e) {
          LOG.debug("region {} closed before its pressure flush", r.info());
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("flush under memory pressure failed", e);
    } finally {
      relieving.set(false);
    }
  }

  @Override
  public void requestCompaction(Region region) {
    requestCompaction(region, false);
  }

  /**
   * Queues a compaction of the region (minor, or major: every file of each store into one) and
   * returns at once, as HBase's {@code Admin.majorCompact} does; a major request joins a minor
   * one still queued. {@link #compactionState} tells when it is done.
   */
  public void requestCompaction(Region region, boolean major) {
    boolean[] added = {false};
    compactionPending.compute(region, (r, queued) -> {
      added[0] = queued == null;
      return queued == null ? major : queued || major;
    });
    if (added[0]) {
      compactor.execute(() -> compact(region));
    }
  }

  private void compact(Region region) {
    Boolean major = compactionPending.get(region);
    if (major == null) {
      return;
    }
    compacting.put(region, major); // before leaving the queue: the state never reads NONE between
    major = compactionPending.remove(region); // a major request may have joined meanwhile
    compacting.put(region, major);
    try {
      if (!region.isClosed()) {
        region.compact(major);
      }
    } catch (RegionClosedException e) {
      LOG.debug("region {} closed before its compaction ran", region.info());
    } catch (IOException | RuntimeException e) {
      LOG.error("background compaction of {} failed", region.info(), e);
    } finally {
      compacting.remove(region);
    }
  }

  /** What the region's compactions queued or running are: HBase's per-region state. */
  public CompactionState compactionState(Region region) {
    Boolean queued = compactionPending.get(region);
    Boolean running = compacting.get(region);
    return CompactionState.of(Boolean.TRUE.equals(queued) || Boolean.TRUE.equals(running),
        Boolean.FALSE.equals(queued) || Boolean.FALSE.equals(running));
  }

  /** HBase's {@code CompactionState}: what compactions are queued or running. */
  public enum CompactionState {
    NONE, MINOR, MAJOR, MAJOR_AND_MINOR;

    static CompactionState of(boolean major, boolean minor) {
      return major ? minor ? MAJOR_AND_MINOR : MAJOR : minor ? MINOR : NONE;
    }

    /** The state of several regions together. */
    public CompactionState and(CompactionState o) {
      return of(this == MAJOR || this == MAJOR_AND_MINOR || o == MAJOR || o == MAJOR_AND_MINOR,
          this == MINOR || this == MAJOR_AND_MINOR || o == MINOR || o == MAJOR_AND_MINOR);
    }
  }

  /**
   * The largest pressure of an open region ({@link Region#compactionPressure}); 1 (never rest)
   * when these services know of no region.
   */
  @Override
  public double compactionPressure() {
    double max = -1;
    for (Region r : regions.get()) {
      if (!r.isClosed()) {
        max = Math.max(max, r.compactionPressure());
      }
    }
    return max < 0 ? 1 : max;
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
