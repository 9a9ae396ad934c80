package org.basaltdb.regionserver.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionEvents;
import org.basaltdb.regionserver.region.RegionRequests;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.WalStats;

/**
 * What a region server shows on its info server: its health checks and the meters read from its
 * state at each scrape (regions, memstores, store files, block cache, WAL files, queues), and
 * the WAL's syncs, flushes and compactions as they complete (on the WAL writer's, flusher's and
 * compactor's threads: a histogram update each), and the waits of compactions held to their
 * throughput and of writes held until flushes make room. The request meters are
 * {@code RequestMetrics}'.
 *
 * <p>{@code /health} fails once the server stopped or its WAL failed for good; {@code /ready}
 * also until the server has started (its WAL open, its earlier WALs recovered).
 */
public final class RegionServerInfo {
  private RegionServerInfo() {}

  /** One store's figures, read once per scrape. */
  private record StoreRow(Tags tags, long memstore, long files, long fileBytes) {}

  /** One region's figures, read once per scrape. */
  private record RegionRow(Region region, long memstore, long storeFiles, long storeBytes,
      List<StoreRow> stores) {}

  /** Adds {@code rs}'s checks and meters to {@code info}. */
  public static void register(InfoServer info, RegionServer rs) {
    info.addLivenessCheck("regionserver", () -> dead(rs));
    info.addReadinessCheck("regionserver", () -> {
      String dead = dead(rs);
      if (dead != null) {
        return dead;
      }
      return rs.wal() == null ? "region server " + rs.serverName() + " is starting" : null;
    });
    info.addStatusSection(() -> RegionServerPage.section(rs, info.registry()));
    MeterRegistry r = info.registry();
    AtomicReference<List<RegionRow>> rows = new AtomicReference<>(List.of());
    MultiGauge memstore = MultiGauge.builder("basalt.region.memstore.size").baseUnit("bytes")
        .description("Bytes in the region's memstores, not yet flushed").register(r);
    MultiGauge files = MultiGauge.builder("basalt.region.store.files")
        .description("Store files (SSTables) of the region, all families").register(r);
    MultiGauge fileBytes = MultiGauge.builder("basalt.region.store.file.size").baseUnit("bytes")
        .description("Bytes in the region's store files").register(r);
    MultiGauge familyMemstore = MultiGauge.builder("basalt.region.family.memstore.size")
        .baseUnit("bytes").description("Bytes in one store's memstore (a family of a region)")
        .register(r);
    MultiGauge familyFiles = MultiGauge.builder("basalt.region.family.store.files")
        .description("Store files (SSTables) of one store (a family of a region)").register(r);
    MultiGauge familyFileBytes = MultiGauge.builder("basalt.region.family.store.file.size")
        .baseUnit("bytes").description("Bytes in one store's files (a family of a region)")
        .register(r);
    Map<Region, List<Meter>> registered = new IdentityHashMap<>();
    info.beforeScrape(() -> {
      List<RegionRow> now = new ArrayList<>();
      for (Region region : rs.onlineRegions()) {
        long n = 0;
        long bytes = 0;
        long mem = 0;
        List<StoreRow> stores = new ArrayList<>();
        for (Store s : region.stores()) {
          StoreRow row = new StoreRow(tags(region).and("family", s.family().nameAsString()),
              s.memstore().heapSize(), s.files().size(), s.storeFileSize());
          stores.add(row);
          n += row.files();
          bytes += row.fileBytes();
          mem += row.memstore();
        }
        now.add(new RegionRow(region, mem, n, bytes, stores));
      }
      rows.set(now);
      requestCounters(r, registered, now);
      List<StoreRow> stores = now.stream().flatMap(x -> x.stores().stream()).toList();
      familyMemstore.register(stores.stream().map(x -> MultiGauge.Row.of(x.tags(), x.memstore()))
          .toList(), true);
      familyFiles.register(stores.stream().map(x -> MultiGauge.Row.of(x.tags(), x.files()))
          .toList(), true);
      familyFileBytes.register(stores.stream().map(x -> MultiGauge.Row.of(x.tags(),
          x.fileBytes())).toList(), true);
      memstore.register(now.stream().map(x -> MultiGauge.Row.of(tags(x.region()), x.memstore()))
          .toList(), true);
      files.register(now.stream().map(x -> MultiGauge.Row.of(tags(x.region()), x.storeFiles()))
          .toList(), true);
      fileBytes.register(now.stream().map(x -> MultiGauge.Row.of(tags(x.region()),
          x.storeBytes())).toList(), true);
    });
    Gauge.builder("basalt.regions.online", rows, x -> x.get().size())
        .description("Regions open on this server").register(r);
    Gauge.builder("basalt.memstore.size", rows,
        x -> x.get().stream().mapToLong(RegionRow::memstore).sum()).baseUnit("bytes")
        .description("Bytes in every memstore of this server, not yet flushed").register(r);
    Gauge.builder("basalt.store.files", rows,
        x -> x.get().stream().mapToLong(RegionRow::storeFiles).sum())
        .description("Store files (SSTables) of every region on this server").register(r);
    Gauge.builder("basalt.store.file.size", rows,
        x -> x.get().stream().mapToLong(RegionRow::storeBytes).sum()).baseUnit("bytes")
        .description("Bytes in the store files of every region on this server").register(r);
    Gauge.builder("basalt.wal.files", rs, RegionServerInfo::walFiles)
        .description("Live WAL files of this server (not yet archived)").register(r);
    walMeters(r, rs);
    flushAndCompactionMeters(r, rs);
    BlockCache cache = rs.blockCache();
    if (cache != null) {
      Gauge.builder("basalt.blockcache.size", cache, c -> c.stats().sizeBytes())
          .baseUnit("bytes").description("Bytes of blocks in the block cache").register(r);
      Gauge.builder("basalt.blockcache.blocks", cache, c -> c.stats().blockCount())
          .description("Blocks in the block cache").register(r);
      FunctionCounter.builder("basalt.blockcache.hits", cache, c -> c.stats().hits())
          .description("Block reads the cache answered").register(r);
      FunctionCounter.builder("basalt.blockcache.misses", cache, c -> c.stats().misses())
          .description("Block reads the cache did not answer").register(r);
      FunctionCounter.builder("basalt.blockcache.evictions", cache, c -> c.stats().evictions())
          .description("Blocks evicted from the cache").register(r);
    }
  }

  /**
   * Keeps a read and a write counter for each region in {@code now}: removes those of regions
   * gone (first: a region reopened here gets new counters under the same labels), adds those of
   * regions new.
   */
  private static void requestCounters(MeterRegistry r, Map<Region, List<Meter>> registered,
      List<RegionRow> now) {
    synchronized (registered) { // two scrapes at once
      updateRequestCounters(r, registered, now);
    }
  }

  private static void updateRequestCounters(MeterRegistry r,
      Map<Region, List<Meter>> registered, List<RegionRow> now) {
    Map<Region, Boolean> online = new IdentityHashMap<>();
    now.forEach(x -> online.put(x.region(), true));
    for (var it = registered.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!online.containsKey(e.getKey())) {
        e.getValue().forEach(r::remove);
        it.remove();
      }
    }
    for (RegionRow x : now) {
      registered.computeIfAbsent(x.region(), region -> List.of(
          FunctionCounter.builder("basalt.region.read.requests", region.requests(),
              RegionRequests::reads).tags(tags(region))
              .description("Reads of the region since it opened here: gets, and rows scanners"
                  + " returned").register(r),
          FunctionCounter.builder("basalt.region.write.requests", region.requests(),
              RegionRequests::writes).tags(tags(region))
              .description("Writes to the region since it opened here: each mutation of a"
                  + " batch; an increment, append, check-and-mutate or row mutation is one")
              .register(r)));
    }
  }

  private static void walMeters(MeterRegistry r, RegionServer rs) {
    Timer syncs = Timer.builder("basalt.wal.sync").description("WAL syncs (group commits):"
        + " hflush or hsync of a batch of edits").serviceLevelObjectives(SYNC_BUCKETS)
        .register(r);
    DistributionSummary perSync = DistributionSummary.builder("basalt.wal.sync.edits")
        .description("Edits one WAL sync made durable (the group-commit size)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024).register(r);
    rs.setWalSyncObserver((edits, nanos) -> {
      syncs.record(nanos, TimeUnit.NANOSECONDS);
      perSync.record(edits);
    });
    FunctionCounter.builder("basalt.wal.appends", rs, x -> walStat(x, WalStats::appends))
        .description("Edits appended to the WAL").register(r);
    FunctionCounter.builder("basalt.wal.appended", rs, x -> walStat(x, WalStats::appendedBytes))
        .baseUnit("bytes").description("Bytes of edits appended to the WAL").register(r);
    FunctionCounter.builder("basalt.wal.rolls", rs, x -> walStat(x, WalStats::rolls))
        .description("WAL files rolled to a new one (by size, age, request or failure)")
        .register(r);
    FunctionCounter.builder("basalt.wal.sync.failures", rs,
        x -> walStat(x, WalStats::failedSyncs))
        .description("WAL syncs that failed (the WAL rolls and re-appends)").register(r);
  }

  /** WAL sync latency buckets: an hflush on local disk takes tens of µs, on HDFS a few ms. */
  private static final Duration[] SYNC_BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

  /** Flush and compaction buckets: from a small memstore to a large major compaction. */
  private static final Duration[] STORE_BUCKETS = {
      Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(300)};

  private static void flushAndCompactionMeters(MeterRegistry r, RegionServer rs) {
    Timer flushes = Timer.builder("basalt.flush").description("Memstore flushes")
        .serviceLevelObjectives(STORE_BUCKETS).register(r);
    Counter flushed = Counter.builder("basalt.flush.written").baseUnit("bytes")
        .description("Bytes flushes wrote to new store files").register(r);
    Timer compactions = Timer.builder("basalt.compaction").description("Compactions (minor and"
        + " major) that rewrote files").serviceLevelObjectives(STORE_BUCKETS).register(r);
    Counter compacted = Counter.builder("basalt.compaction.read").baseUnit("bytes")
        .description("Bytes of store files compactions read").register(r);
    Timer throttled = Timer.builder("basalt.compaction.throttle.wait")
        .description("Waits of compactions held to compaction.throughput, and their rests "
            + "(compaction.calm.share)").register(r);
    Timer[] blocked = new Timer[2];
    Counter[] refused = new Counter[2];
    for (int i = 0; i < 2; i++) {
      String limit = i == 0 ? "region" : "server";
      blocked[i] = Timer.builder("basalt.writes.blocked").description("Writes that waited for"
          + " flushes to make room: limit=region, the region's memstores over the blocking size;"
          + " limit=server, the server's memstores over their budget").tag("limit", limit)
          .serviceLevelObjectives(STORE_BUCKETS).register(r);
      refused[i] = Counter.builder("basalt.writes.refused").description("Writes refused as too"
          + " busy: room did not come within server.memstore.block.wait").tag("limit", limit)
          .register(r);
    }
    rs.background().setEvents(new RegionEvents() {
      @Override
      public void flushed(Region region, long bytes, long nanos) {
        flushes.record(nanos, TimeUnit.NANOSECONDS);
        flushed.increment(bytes);
      }

      @Override
      public void compacted(Region region, long bytesRead, long nanos) {
        compactions.record(nanos, TimeUnit.NANOSECONDS);
        compacted.increment(bytesRead);
      }

      @Override
      public void compactionThrottled(Region region, long nanos) {
        throttled.record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void writeBlocked(Region region, boolean serverLimit, long nanos, boolean failed) {
        int i = serverLimit ? 1 : 0;
        blocked[i].record(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
          refused[i].increment();
        }
      }
    });
    Gauge.builder("basalt.flush.queue", rs, x -> x.background().flushQueueSize())
        .description("Regions waiting for a flush (queued or running)").register(r);
    Gauge.builder("basalt.compaction.queue", rs, x -> x.background().compactionQueueSize())
        .description("Regions waiting for a compaction check (queued or running)").register(r);
  }

  private static double walStat(RegionServer rs, java.util.function.ToLongFunction<WalStats> f) {
    FSWal w = rs.wal();
    return w == null ? 0 : f.applyAsLong(w.stats());
  }

  private static Tags tags(Region region) {
    return Tags.of("table", region.table().name().toString(), "region", region.name());
  }

  private static double walFiles(RegionServer rs) {
    FSWal w = rs.wal();
    return w == null ? 0 : w.liveFiles().size();
  }

  /** What makes {@code rs} dead, or null. */
  private static String dead(RegionServer rs) {
    if (rs.isStopped()) {
      return "region server " + rs.serverName() + " is stopped";
    }
    FSWal w = rs.wal();
    IOException failure = w == null ? null : w.failure();
    return failure == null ? null : "the WAL failed and accepts no writes: "
        + failure.getMessage();
  }
}
