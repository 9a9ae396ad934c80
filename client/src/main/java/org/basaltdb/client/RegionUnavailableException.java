package org.basaltdb.client;

import java.io.IOException;

/**
 * A region-level call was not done because the region moved, split, merged or is closing (or,
 * for a bulk load, a file no longer fits it): re-read the region boundaries and try again. The
 * message is the server's.
 */
public class RegionUnavailableException extends IOException {
  public RegionUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
