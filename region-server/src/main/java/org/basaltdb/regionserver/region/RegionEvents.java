package org.basaltdb.regionserver.region;

/**
 * Told of each flush and compaction a region completes, on the thread that ran it: how the
 * server's meters learn of them. Must be cheap and never block.
 */
public interface RegionEvents {
  /** Tells nobody. */
  RegionEvents NONE = new RegionEvents() { };

  /** {@code region} flushed {@code bytes} to new store files in {@code nanos}. */
  default void flushed(Region region, long bytes, long nanos) {}

  /** {@code region} compacted, reading {@code bytesRead} of store files, in {@code nanos}. */
  default void compacted(Region region, long bytesRead, long nanos) {}

  /** A compaction of {@code region} waited {@code nanos} for {@code compaction.throughput}. */
  default void compactionThrottled(Region region, long nanos) {}

  /**
   * A write to {@code region} waited {@code nanos} for flushes to make room: the region's
   * memstores were over its blocking size ({@code serverLimit} false) or the server's memstores
   * over their budget (true); {@code refused}: the room did not come in time and the write failed
   * as too busy.
   */
  default void writeBlocked(Region region, boolean serverLimit, long nanos, boolean refused) {}
}
