package org.basaltdb.client;

import java.io.IOException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;

/**
 * An operation kept meeting transient failures (a region moving, a server too busy or
 * unreachable) until its operation timeout ({@link ClientConfig#OPERATION_TIMEOUT}) ran out. The
 * message names the operation, table and row; the cause is the last failure.
 */
public class RetriesExhaustedException extends IOException {
  public RetriesExhaustedException(String operation, TableName table, byte[] row, int attempts,
      long elapsedMs, Throwable lastFailure) {
    super(operation + (table == null ? "" : " on table " + table)
        + (row == null ? "" : " row '" + Bytes.toStringBinary(row) + "'") + " failed after "
        + attempts + " attempts in " + elapsedMs + " ms; last: " + lastFailure.getMessage(),
        lastFailure);
  }
}
