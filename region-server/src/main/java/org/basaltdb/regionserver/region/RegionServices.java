package org.basaltdb.regionserver.region;

import java.io.IOException;

/**
 * What a region asks of the server that hosts it: background flushes and compactions, and the
 * shared memstore budget. Tests may run these synchronously.
 */
public interface RegionServices {
  /** Asks for a flush of the region soon (deduplicated by the implementation). */
  void requestFlush(Region region);

  /**
   * The server's memstores are over their budget and {@code writer}'s write found it so: asks for
   * the flush that frees the most. By default {@code writer}'s own.
   */
  default void requestFlushForPressure(Region writer) {
    requestFlush(writer);
  }

  /**
   * The server's memstores have passed the budget's lower limit: flush the largest in the
   * background until they are back below it, without making anyone wait. Ignored by default.
   */
  default void relievePressure() {}

  /** Asks for a compaction check of the region soon. */
  void requestCompaction(Region region);

  /** The server-wide memstore budget. */
  MemoryBudget memoryBudget();

  /**
   * How far the server's compactions are behind: its most crowded store's
   * {@link org.basaltdb.regionserver.compaction.CompactionPacing#pressure}, which paces them.
   * By default 1, so compactions never rest (tests and tools run them themselves).
   */
  default double compactionPressure() {
    return 1;
  }

  /**
   * {@code region} has entered its failed state ({@link Region#fail}): a flush, or a bulk load
   * after its WAL marker, failed, so edits it acknowledged are in no file and only the WAL holds
   * them. Called on the thread that failed, with the region's locks possibly held: must not block
   * or close regions. Ignored by default.
   */
  default void regionFailed(Region region, IOException cause) {}

  /** Who is told of completed flushes and compactions; nobody by default. */
  default RegionEvents events() {
    return RegionEvents.NONE;
  }

  /**
   * Services that ignore flush and compaction requests: the caller runs {@link Region#flush()}
   * and {@link Region#compact(boolean)} itself (tests, benchmarks, tools).
   */
  static RegionServices manual(MemoryBudget budget) {
    return new RegionServices() {
      @Override
      public void requestFlush(Region region) {}

      @Override
      public void requestCompaction(Region region) {}

      @Override
      public MemoryBudget memoryBudget() {
        return budget;
      }
    };
  }
}
