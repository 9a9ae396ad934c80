package org.basaltdb.regionserver.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.wal.FSWal;

/**
 * What a region server shows on its info server: its health checks and the meters read from its
 * state at each scrape (regions, memstores, store files, block cache, WAL files). Nothing here is
 * on a request's path; the request meters are {@code RequestMetrics}'.
 *
 * <p>{@code /health} fails once the server stopped or its WAL failed for good; {@code /ready}
 * also until the server has started (its WAL open, its earlier WALs recovered).
 */
public final class RegionServerInfo {
  private RegionServerInfo() {}

  /** One region's figures, read once per scrape. */
  private record RegionRow(Region region, long memstore, long storeFiles, long storeBytes) {}

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
    MeterRegistry r = info.registry();
    AtomicReference<List<RegionRow>> rows = new AtomicReference<>(List.of());
    MultiGauge memstore = MultiGauge.builder("basalt.region.memstore.size").baseUnit("bytes")
        .description("Bytes in the region's memstores, not yet flushed").register(r);
    MultiGauge files = MultiGauge.builder("basalt.region.store.files")
        .description("Store files (SSTables) of the region, all families").register(r);
    MultiGauge fileBytes = MultiGauge.builder("basalt.region.store.file.size").baseUnit("bytes")
        .description("Bytes in the region's store files").register(r);
    info.beforeScrape(() -> {
      List<RegionRow> now = new ArrayList<>();
      for (Region region : rs.onlineRegions()) {
        long n = 0;
        long bytes = 0;
        for (Store s : region.stores()) {
          n += s.files().size();
          bytes += s.storeFileSize();
        }
        now.add(new RegionRow(region, region.memstoreSize(), n, bytes));
      }
      rows.set(now);
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
