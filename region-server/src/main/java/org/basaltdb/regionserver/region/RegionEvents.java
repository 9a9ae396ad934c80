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
}
