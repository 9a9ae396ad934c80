package org.basaltdb.regionserver.region;

/**
 * What a region asks of the server that hosts it: background flushes and compactions, and the
 * shared memstore budget. Tests may run these synchronously.
 */
public interface RegionServices {
  /** Asks for a flush of the region soon (deduplicated by the implementation). */
  void requestFlush(Region region);

  /** Asks for a compaction check of the region soon. */
  void requestCompaction(Region region);

  /** The server-wide memstore budget. */
  MemoryBudget memoryBudget();
}
