package org.basaltdb.regionserver.store;

import java.io.IOException;

/**
 * A flush or compaction found its region's output directory gone: the region was opened again
 * since (on another server, after this one was taken for dead), so its output must not become
 * visible. The server that sees it has lost the region.
 */
public final class RegionFencedException extends IOException {
  public RegionFencedException(String message) {
    super(message);
  }
}
