package org.basaltdb.server.rpc;

import java.io.IOException;

/**
 * An open or close carried an assignment epoch older than one this server has already seen for
 * the region: it comes from a master that is no longer in charge, and must not be retried.
 */
public final class StaleEpochException extends IOException {
  public StaleEpochException(String message) {
    super(message);
  }
}
