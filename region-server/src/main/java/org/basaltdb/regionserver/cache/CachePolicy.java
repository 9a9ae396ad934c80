package org.basaltdb.regionserver.cache;

/**
 * How one column family uses the {@link BlockCache}: HBase's {@code BLOCKCACHE} and
 * {@code IN_MEMORY} family options.
 *
 * <ul>
 *   <li>{@code cacheDataBlocks}: false for families read by one-off scans (HBase's
 *       {@code BLOCKCACHE => false}); their data blocks are read and dropped. Index and bloom
 *       blocks are cached regardless, as in HBase: every Get needs them.</li>
 *   <li>{@code inMemory}: data blocks go to the protected in-memory share of the cache, where
 *       blocks of ordinary families can never evict them.</li>
 * </ul>
 *
 * @param cacheDataBlocks whether data blocks read from the file are kept in the cache
 * @param inMemory whether data blocks are kept in the protected in-memory share
 */
public record CachePolicy(boolean cacheDataBlocks, boolean inMemory) {
  /** An ordinary family: data blocks cached in the general share. */
  public static final CachePolicy DEFAULT = new CachePolicy(true, false);
  /** An IN_MEMORY family. */
  public static final CachePolicy IN_MEMORY = new CachePolicy(true, true);
  /** A family with BLOCKCACHE => false: only index and bloom blocks are cached. */
  public static final CachePolicy NO_DATA_BLOCKS = new CachePolicy(false, false);
}
