package org.basaltdb.client;

import java.io.IOException;

/**
 * An operation kept meeting a transient failure (a region moving, a server too busy or
 * unreachable) until its attempts ran out; the cause is the last failure.
 */
public class RetriesExhaustedException extends IOException {
  public RetriesExhaustedException(String operation, int attempts, Throwable lastFailure) {
    super(operation + " failed after " + attempts + " attempts: " + lastFailure.getMessage(),
        lastFailure);
  }
}
