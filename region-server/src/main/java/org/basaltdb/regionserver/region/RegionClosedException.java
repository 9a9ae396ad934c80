package org.basaltdb.regionserver.region;

import java.io.IOException;

/** The region is closed (or closing) on this server; a client should locate it again. */
public class RegionClosedException extends IOException {
  public RegionClosedException(String message) {
    super(message);
  }
}
