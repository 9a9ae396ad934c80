package org.basaltdb.client;

import java.io.IOException;

/**
 * The server refused the request and would refuse it again (a bad request, a missing family, a
 * disabled table...). The message is the server's.
 */
public class DoNotRetryIOException extends IOException {
  public DoNotRetryIOException(String message) {
    super(message);
  }

  public DoNotRetryIOException(String message, Throwable cause) {
    super(message, cause);
  }
}
