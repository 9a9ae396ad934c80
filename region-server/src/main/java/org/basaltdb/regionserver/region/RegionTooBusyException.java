package org.basaltdb.regionserver.region;

import java.io.IOException;

/**
 * A write was refused because memstores are full and flushes have not caught up in time. The
 * client may retry later; nothing of the write was applied.
 */
public class RegionTooBusyException extends IOException {
  public RegionTooBusyException(String message) {
    super(message);
  }
}
