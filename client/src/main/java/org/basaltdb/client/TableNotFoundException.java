package org.basaltdb.client;

/**
 * The table named in the request does not exist (nor, for namespace operations, the namespace).
 * The message is the server's.
 */
public class TableNotFoundException extends DoNotRetryIOException {
  public TableNotFoundException(String message) {
    super(message);
  }

  public TableNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
