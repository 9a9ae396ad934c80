package org.basaltdb.regionserver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The region server's one block cache: parsed SSTable blocks (data, index, bloom) bounded by
 * their heap bytes, built on Caffeine (W-TinyLFU eviction, a byte weigher).
 *
 * <h2>Priority: two shares</h2>
 * The capacity is split into two independent Caffeine caches:
 * <ul>
 *   <li>the <b>in-memory share</b> ({@code inMemoryShare} of the capacity, default 25% as in
 *       HBase's LruBlockCache) holds data blocks of IN_MEMORY families and the index and bloom
 *       blocks of every file. A scan over ordinary families never evicts them: they compete only
 *       with each other.</li>
 *   <li>the <b>general share</b> (the rest) holds data blocks of ordinary families.</li>
 * </ul>
 * The price of the split is that an unused share is not lent to the other; it keeps the rule
 * simple to reason about ("IN_MEMORY data up to N bytes is never pushed out by scans").
 *
 * <h2>Keys</h2>
 * {@link BlockKey}: (per-reader unique file id, block offset). SSTables are immutable, so a key
 * always names the same bytes; a reader calls {@link #evictFile} when it closes.
 *
 * <h2>Thread safety</h2>
 * All methods are thread-safe. Two readers that miss the same block at once both load it and the
 * second put wins; blocks are immutable, so either copy is correct. Caffeine's maintenance work
 * runs on the given executor (the calling thread by default, which keeps tests deterministic).
 */
public final class BlockCache {
  /** HBase's LruBlockCache reserves 25% for in-memory blocks; the same default here. */
  public static final double DEFAULT_IN_MEMORY_SHARE = 0.25;

  private static final AtomicLong FILE_IDS = new AtomicLong();

  /** Counters at one instant. Sizes are heap bytes as charged by {@link Cacheable#heapSize()}. */
  public record Stats(long hits, long misses, long evictions, long sizeBytes, long blockCount) {
    public double hitRatio() {
      long n = hits + misses;
      return n == 0 ? 0 : (double) hits / n;
    }
  }

  private final long capacity;
  private final boolean hasInMemoryShare;
  private final Cache<BlockKey, Cacheable> general;
  private final Cache<BlockKey, Cacheable> inMemory;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  public BlockCache(long capacityBytes) {
    this(capacityBytes, DEFAULT_IN_MEMORY_SHARE, Runnable::run);
  }

  /**
   * @param capacityBytes total heap bytes of cached blocks
   * @param inMemoryShare fraction of the capacity reserved for IN_MEMORY data, index and bloom
   *     blocks, in [0, 1]
   * @param executor runs Caffeine's maintenance (eviction bookkeeping)
   */
  public BlockCache(long capacityBytes, double inMemoryShare, Executor executor) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("block cache capacity must be positive: " + capacityBytes);
    }
    if (!(inMemoryShare >= 0 && inMemoryShare <= 1)) {
      throw new IllegalArgumentException("in-memory share must be in [0, 1]: " + inMemoryShare);
    }
    this.capacity = capacityBytes;
    long inMemoryBytes = (long) (capacityBytes * inMemoryShare);
    this.hasInMemoryShare = inMemoryBytes > 0;
    this.inMemory = build(inMemoryBytes, executor);
    this.general = build(capacityBytes - inMemoryBytes, executor);
  }

  private Cache<BlockKey, Cacheable> build(long maxBytes, Executor executor) {
    return Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((BlockKey k, Cacheable v) -> (int) Math.min(Integer.MAX_VALUE, v.heapSize()))
        .executor(executor)
        .evictionListener((BlockKey k, Cacheable v, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.increment();
          }
        })
        .build();
  }

  /** A number unique to one open file in this JVM, for {@link BlockKey#fileId()}. */
  public static long nextFileId() {
    return FILE_IDS.incrementAndGet();
  }

  /** The cached block, or null; counts one hit or one miss. */
  public Cacheable getIfPresent(BlockKey key) {
    Cacheable b = inMemory.getIfPresent(key);
    if (b == null) {
      b = general.getIfPresent(key);
    }
    if (b == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return b;
  }

  /**
   * Caches {@code block}; {@code inMemory} selects the protected share (or the general share
   * when the protected share is configured as 0, so index and bloom blocks are still cached).
   */
  public void put(BlockKey key, Cacheable block, boolean inMemory) {
    (inMemory && hasInMemoryShare ? this.inMemory : general).put(key, block);
  }

  /** Drops every block of one file (its reader is closing). Not counted as evictions. */
  public void evictFile(long fileId) {
    inMemory.asMap().keySet().removeIf(k -> k.fileId() == fileId);
    general.asMap().keySet().removeIf(k -> k.fileId() == fileId);
  }

  public long capacity() {
    return capacity;
  }

  public Stats stats() {
    inMemory.cleanUp();
    general.cleanUp();
    long size = inMemory.policy().eviction().orElseThrow().weightedSize().orElse(0)
        + general.policy().eviction().orElseThrow().weightedSize().orElse(0);
    return new Stats(hits.sum(), misses.sum(), evictions.sum(), size,
        inMemory.estimatedSize() + general.estimatedSize());
  }

  @Override
  public String toString() {
    return "BlockCache{capacity=" + capacity + ", " + stats() + "}";
  }
}
