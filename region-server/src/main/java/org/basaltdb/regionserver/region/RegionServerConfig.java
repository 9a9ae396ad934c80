package org.basaltdb.regionserver.region;

import java.util.List;
import org.basaltdb.common.ConfigKey;
import org.basaltdb.common.Limits;

/** Every configuration key of the storage engine, declared once. Listed in docs/configuration.md. */
public final class RegionServerConfig {
  private RegionServerConfig() {}

  public static final ConfigKey<Long> MEMSTORE_FLUSH_SIZE = ConfigKey.ofBytes(
      "region.memstore.flush.size", 128L << 20,
      "A region flushes when its memstores hold this many bytes.");

  public static final ConfigKey<Integer> MEMSTORE_PRUNE_CELLS = ConfigKey.ofInt(
      "region.memstore.prune.cells", 64,
      "A memstore row holding more cells than this drops, as it is written, the versions beyond "
          + "the family's VERSIONS and the puts delete markers mask that no open read can see "
          + "(in the manner of HBase's in-memory compaction); 0 keeps them until the flush.");

  public static final ConfigKey<Boolean> MEMSTORE_CHUNKS = ConfigKey.ofBoolean(
      "region.memstore.mslab.enabled", true,
      "Memstores copy the values of new rows into large shared chunks and share repeated "
          + "qualifiers (HBase's MSLAB), so young collections do not copy every cell one by one.");

  public static final ConfigKey<Long> MEMSTORE_CHUNK_SIZE = ConfigKey.ofBytes(
      "region.memstore.mslab.chunk.size", 0,
      "The largest memstore chunk; 0 picks a G1 heap region less an array header (a chunk the "
          + "collector never copies), or 2 MiB.");

  public static final ConfigKey<Integer> MEMSTORE_BLOCK_MULTIPLIER = ConfigKey.ofInt(
      "region.memstore.block.multiplier", 4,
      "Writes to a region wait once its memstores reach this multiple of the flush size.");

  public static final ConfigKey<Double> GLOBAL_MEMSTORE_FRACTION = ConfigKey.ofDouble(
      "server.memstore.limit.fraction", 0.4,
      "All memstores of the server together may use this fraction of the heap; beyond it "
          + "writers wait for flushes.");

  public static final ConfigKey<Double> GLOBAL_MEMSTORE_LOWER_FRACTION = ConfigKey.ofDouble(
      "server.memstore.limit.lower.fraction", 0.95,
      "Once all memstores together reach this fraction of the server limit, the largest are "
          + "flushed in the background, before writers have to wait (HBase's "
          + "hbase.regionserver.global.memstore.size.lower.limit).");

  public static final ConfigKey<Long> GLOBAL_MEMSTORE_LIMIT = ConfigKey.ofBytes(
      "server.memstore.limit", 0,
      "An absolute server-wide memstore limit in bytes; 0 uses server.memstore.limit.fraction.");

  public static final ConfigKey<Long> WRITE_BLOCK_WAIT = ConfigKey.ofMillis(
      "server.memstore.block.wait", 10_000,
      "How long a write waits for memstore space before failing with a 'too busy' error.");

  public static final ConfigKey<Integer> FLUSH_THREADS = ConfigKey.ofInt(
      "server.flush.threads", 2,
      "Threads flushing memstores, each flushing a different region (HBase's "
          + "hbase.hstore.flusher.count): regions loaded evenly reach their flush size together, "
          + "and one thread left the last of them waiting, writers blocked, for the others' flushes.");

  public static final ConfigKey<Integer> OPEN_THREADS = ConfigKey.ofInt(
      "server.region.open.threads", 8,
      "How many regions of a batch the master sends (a dead server's regions, a master taking "
          + "charge, a standalone restart) this server opens at once, meta's and system tables' "
          + "first (HBase's hbase.regionserver.executor.openregion.threads, 3): each open waits "
          + "on the filesystem and replays its recovered edits.");

  public static final ConfigKey<Long> VALUE_MAX_SIZE = ConfigKey.ofBytes(
      "value.max.size", Limits.DEFAULT_MAX_VALUE_SIZE,
      "The largest cell value a client may write.");

  public static final ConfigKey<Long> ROW_LOCK_TIMEOUT = ConfigKey.ofMillis(
      "region.row.lock.timeout", 30_000,
      "How long a write waits for a row lock before failing.");

  public static final ConfigKey<Integer> COMPACTION_MIN_FILES = ConfigKey.ofInt(
      "compaction.min.files", 3,
      "A store with at least this many files is considered for a minor compaction.");

  public static final ConfigKey<Integer> COMPACTION_MAX_FILES = ConfigKey.ofInt(
      "compaction.max.files", 10,
      "The most files one minor compaction merges.");

  public static final ConfigKey<Double> COMPACTION_RATIO = ConfigKey.ofDouble(
      "compaction.ratio", 1.2,
      "A file joins a minor compaction only if it is at most this ratio times the sum of the "
          + "other selected files.");

  public static final ConfigKey<Long> COMPACTION_THROUGHPUT = ConfigKey.ofBytes(
      "compaction.throughput.limit", 0,
      "Bytes per second one compaction may read; 0 for no limit.");

  public static final ConfigKey<Double> COMPACTION_CALM_SHARE = ConfigKey.ofDouble(
      "compaction.calm.share", 0.25,
      "The share of its time a compaction works while no store of the server has more than "
          + "compaction.min.files files; it rests the rest, leaving the cores to writes and "
          + "flushes. The share grows with the most crowded store's file count, to all of the "
          + "time at compaction.urgent.files. 1: compactions never rest.");

  public static final ConfigKey<Integer> COMPACTION_URGENT_FILES = ConfigKey.ofInt(
      "compaction.urgent.files", 16,
      "A store with this many files makes the server's compactions work without rest (HBase's "
          + "hbase.hstore.blockingStoreFiles, at which HBase's compactions stop being paced).");

  public static final ConfigKey<Long> MAJOR_COMPACTION_PERIOD = ConfigKey.ofMillis(
      "compaction.major.period", 7L * 24 * 3600 * 1000,
      "A store whose last major compaction is older than this is major-compacted; 0 disables.");

  public static final ConfigKey<Long> BLOCK_CACHE_SIZE = ConfigKey.ofBytes(
      "blockcache.size", 0,
      "Bytes of the block cache; 0 uses blockcache.fraction of the heap.");

  public static final ConfigKey<Double> BLOCK_CACHE_FRACTION = ConfigKey.ofDouble(
      "blockcache.fraction", 0.25,
      "The block cache's share of the heap when blockcache.size is 0.");

  public static final ConfigKey<Long> SCANNER_TIMEOUT = ConfigKey.ofMillis(
      "scanner.timeout", 60_000, "An open scanner not used for this long is closed.");

  public static final ConfigKey<Long> SCANNER_RESUME_TIMEOUT = ConfigKey.ofMillis(
      "scanner.resume.timeout", 30_000, "How long a Thrift scan looks for a region it cannot "
          + "read (its server died, or it moved or split) before the call fails; the scan then "
          + "goes on strictly after the last row it returned, wherever the region is open now.");

  public static final ConfigKey<Integer> SCANNER_MAX_CACHING = ConfigKey.ofInt(
      "scanner.max.rows", 100_000, "The most rows one getScannerRows call on an open scanner "
          + "returns (the client calls again for more).");

  public static final ConfigKey<Long> SCANNER_MAX_RESULT_SIZE = ConfigKey.ofBytes(
      "scanner.max.result.size", 256L << 20, "The most bytes of cells one getScannerResults "
          + "reply may hold; a larger reply fails with an error naming this key instead of being "
          + "cut short (read such a scan through openScanner/getScannerRows).");

  public static final ConfigKey<Long> CHORE_PERIOD = ConfigKey.ofMillis("server.chore.period",
      10_000, "How often the server checks regions for compactions and expired scanners.");

  public static final ConfigKey<Long> RATE_PERIOD = ConfigKey.ofMillis("server.rate.period",
      5_000, "The window over which each region's requests per second are measured (status pages"
          + " and their heat maps; HBase's metrics period).");

  public static final ConfigKey<Long> REGION_SPLIT_SIZE = ConfigKey.ofBytes("region.split.size",
      10L << 30, "A region whose largest store's files pass this size is split at its middle "
          + "row (0 turns automatic splits off).");

  /** All keys, for documentation and validation. */
  public static final List<ConfigKey<?>> ALL = List.of(MEMSTORE_FLUSH_SIZE, MEMSTORE_PRUNE_CELLS,
      MEMSTORE_CHUNKS, MEMSTORE_CHUNK_SIZE,
      MEMSTORE_BLOCK_MULTIPLIER, GLOBAL_MEMSTORE_FRACTION, GLOBAL_MEMSTORE_LOWER_FRACTION, GLOBAL_MEMSTORE_LIMIT,
      WRITE_BLOCK_WAIT, FLUSH_THREADS, OPEN_THREADS,
      VALUE_MAX_SIZE, ROW_LOCK_TIMEOUT, COMPACTION_MIN_FILES, COMPACTION_MAX_FILES,
      COMPACTION_RATIO, COMPACTION_THROUGHPUT, COMPACTION_CALM_SHARE, COMPACTION_URGENT_FILES,
      MAJOR_COMPACTION_PERIOD, BLOCK_CACHE_SIZE,
      BLOCK_CACHE_FRACTION, SCANNER_TIMEOUT, SCANNER_RESUME_TIMEOUT, SCANNER_MAX_CACHING,
      SCANNER_MAX_RESULT_SIZE, CHORE_PERIOD, RATE_PERIOD, REGION_SPLIT_SIZE);
}
