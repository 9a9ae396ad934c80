package org.basaltdb.client;

import java.io.IOException;

/**
 * A failure that another attempt may not meet: the server said so ({@code TIOError.canRetry}:
 * the region moved or the server is too busy), or the server could not be reached before the
 * request was sent. Internal: callers see a {@link RetriesExhaustedException} once the
 * operation timeout has passed.
 */
final class RetryableException extends IOException {
  RetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
