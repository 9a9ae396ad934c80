package org.basaltdb.regionserver.server;

import static org.basaltdb.server.info.Html.escape;
import static org.basaltdb.server.info.Html.num;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.Bytes;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.server.info.Html;
import org.basaltdb.wal.FSWal;

/**
 * The region server's section of the status page: the server's totals, queues, WAL and block
 * cache, the client requests it answered by table and operation, its hottest regions, then its
 * regions in table and key order with their request rates (a heat map), memstores and store
 * files.
 */
final class RegionServerPage {
  private RegionServerPage() {}

  /** The request meters ({@code RequestMetrics}') by table, operation and service. */
  private static List<List<String>> requests(MeterRegistry registry) {
    List<Timer> timers = new ArrayList<>(registry.find("basalt.requests").timers());
    timers.sort(Comparator.comparing((Timer t) -> String.valueOf(t.getId().getTag("table")))
        .thenComparing(t -> String.valueOf(t.getId().getTag("op")))
        .thenComparing(t -> String.valueOf(t.getId().getTag("service"))));
    List<List<String>> rows = new ArrayList<>();
    for (Timer t : timers) {
      String table = t.getId().getTag("table");
      String op = t.getId().getTag("op");
      String service = t.getId().getTag("service");
      Counter failed = registry.find("basalt.requests.failed").tag("table", table).tag("op", op)
          .tag("service", service).counter();
      rows.add(List.of(escape(String.valueOf(table)), escape(String.valueOf(op)),
          escape(String.valueOf(service)), num(t.count()),
          num(failed == null ? 0 : (long) failed.count()), num(t.mean(TimeUnit.MILLISECONDS), 3)));
    }
    return rows;
  }

  private static String window(RequestRates rates) {
    long ms = rates.windowMillis();
    return ms == 0 ? "window (not measured yet)" : String.format(java.util.Locale.ROOT,
        "%.1f s", ms / 1000.0);
  }

  /** How many regions the hottest-regions table lists. */
  private static final int HOTTEST = 10;

  /** The regions with the most requests per second, busiest first. */
  private static String hottest(List<Region> regions, RequestRates rates) {
    List<Region> busy = new ArrayList<>();
    for (Region r : regions) {
      if (rates.of(r).total() > 0) {
        busy.add(r);
      }
    }
    busy.sort(Comparator.comparingDouble((Region r) -> rates.of(r).total()).reversed());
    double max = busy.isEmpty() ? 0 : rates.of(busy.get(0)).total();
    List<List<String>> rows = new ArrayList<>();
    for (Region r : busy.subList(0, Math.min(HOTTEST, busy.size()))) {
      RequestRates.Rate rate = rates.of(r);
      rows.add(List.of(escape(r.info().table().toString()),
          escape(Bytes.toStringBinary(r.info().startKey())),
          escape(Bytes.toStringBinary(r.info().endKey())), escape(r.name()),
          Html.heat(rate.total(), max), Html.num(rate.readsPerSecond(), 1),
          Html.num(rate.writesPerSecond(), 1)));
    }
    return Html.table(List.of("table", "start key", "end key", "region", "requests/s",
        "reads/s", "writes/s"), rows, "no requests in the last "
        + window(rates));
  }

  static String section(RegionServer rs, MeterRegistry registry) {
    List<Region> regions = new ArrayList<>(rs.onlineRegions());
    regions.sort(Comparator.comparing((Region r) -> r.info().table())
        .thenComparing(r -> r.info().startKey(), Bytes.COMPARATOR));
    RequestRates rates = rs.requestRates();
    double maxReads = 0;
    double maxWrites = 0;
    for (Region r : regions) {
      maxReads = Math.max(maxReads, rates.of(r).readsPerSecond());
      maxWrites = Math.max(maxWrites, rates.of(r).writesPerSecond());
    }
    List<List<String>> rows = new ArrayList<>();
    long memstore = 0;
    long files = 0;
    long fileBytes = 0;
    for (Region r : regions) {
      RequestRates.Rate rate = rates.of(r);
      long n = 0;
      long bytes = 0;
      for (Store s : r.stores()) {
        n += s.files().size();
        bytes += s.storeFileSize();
      }
      memstore += r.memstoreSize();
      files += n;
      fileBytes += bytes;
      rows.add(List.of(escape(r.info().table().toString()),
          escape(Bytes.toStringBinary(r.info().startKey())),
          escape(Bytes.toStringBinary(r.info().endKey())), escape(r.name()),
          Html.heat(rate.readsPerSecond(), maxReads), Html.heat(rate.writesPerSecond(), maxWrites),
          num(r.requests().reads()), num(r.requests().writes()),
          num(r.memstoreSize()), num(n), num(bytes)));
    }
    FSWal wal = rs.wal();
    BlockCache.Stats cache = rs.blockCache() == null ? null : rs.blockCache().stats();
    List<List<String>> summary = new ArrayList<>();
    summary.add(List.of("regions", num(regions.size())));
    summary.add(List.of("memstore bytes", num(memstore)));
    summary.add(List.of("store files", num(files)));
    summary.add(List.of("store file bytes", num(fileBytes)));
    summary.add(List.of("flush queue", num(rs.background().flushQueueSize())));
    summary.add(List.of("compaction queue", num(rs.background().compactionQueueSize())));
    if (wal != null) {
      summary.add(List.of("WAL files", num(wal.liveFiles().size())));
      summary.add(List.of("WAL edits appended", num(wal.stats().appends())));
      summary.add(List.of("WAL syncs", num(wal.stats().syncs())));
    }
    if (cache != null) {
      summary.add(List.of("block cache bytes", num(cache.sizeBytes())));
      summary.add(List.of("block cache hit ratio",
          num(cache.hitRatio(), 3)));
    }
    Runtime jvm = Runtime.getRuntime();
    summary.add(List.of("heap used / max MiB", "<td class=\"n\">"
        + (jvm.totalMemory() - jvm.freeMemory()) / (1 << 20) + " / " + jvm.maxMemory() / (1 << 20)
        + "</td>"));
    return "<h2>Region server " + escape(rs.serverName()) + (rs.isStopped() ? " (stopped)" : "")
        + "</h2>\n" + Html.table(List.of("", ""), summary, "")
        + "<h2>Client requests since the start</h2>\n" + Html.table(List.of("table",
            "operation", "service", "requests", "failed", "mean ms"), requests(registry),
            "none yet (or this server's client port counts none)")
        + "<h2>Hottest regions</h2>\n" + hottest(regions, rates)
        + "<h2>Regions</h2>\n<p>In key order; reads/s and writes/s over the last "
        + window(rates) + ", shaded by their share of the busiest region's"
        + " (a heat map of the key ranges); reads and writes since the region opened.</p>\n"
        + Html.table(List.of("table", "start key", "end key", "region", "reads/s", "writes/s",
            "reads", "writes", "memstore bytes", "store files", "store file bytes"), rows,
            "no regions open");
  }
}
