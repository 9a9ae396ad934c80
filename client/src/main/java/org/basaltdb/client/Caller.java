package org.basaltdb.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes calls to servers: one attempt on a pooled channel ({@link #once}), and attempts repeated
 * with a growing pause while they meet transient failures ({@link #withRetries}).
 *
 * <p>Errors: the server's {@code TIOError} becomes an {@link IOException} carrying its message,
 * or a {@link RetryableException} when it says {@code canRetry} (region moved, server too busy).
 * A server that cannot be reached is retryable; a connection that breaks during a call is
 * retryable only for idempotent calls, since the server may have applied the request.
 *
 * <p>Thread safety: safe for concurrent use.
 */
final class Caller {
  private static final Logger LOG = LoggerFactory.getLogger(Caller.class);

  /** The longest pause is this many times the first: 100 ms grows to 3.2 s by default. */
  private static final int MAX_BACKOFF_MULTIPLE = 32;

  /** One call on a Thrift client. */
  interface Call<T> {
    T call(THBaseService.Client client) throws TException, IOException;
  }

  /** One attempt of an operation; it may throw {@link RetryableException} to be tried again. */
  interface Attempt<T> {
    T run() throws IOException;
  }

  private final ChannelPool pool;
  private final int retries;
  private final long pauseMs;

  Caller(ChannelPool pool, int retries, long pauseMs) {
    this.pool = pool;
    this.retries = Math.max(0, retries);
    this.pauseMs = Math.max(0, pauseMs);
  }

  /** Calls {@code server} once. */
  <T> T once(ServerAddress server, boolean idempotent, Call<T> call) throws IOException {
    ChannelPool.Channel ch;
    try {
      ch = pool.borrow(server);
    } catch (TTransportException e) {
      throw new RetryableException("cannot connect to " + server + ": " + e.getMessage(), e);
    }
    try {
      T result = call.call(ch.client);
      pool.release(ch);
      return result;
    } catch (IOException e) {
      pool.release(ch); // the answer was read whole and found wanting
      throw e;
    } catch (TIOError e) {
      pool.release(ch);
      if (e.isCanRetry()) {
        throw new RetryableException(server + ": " + e.getMessage(), e);
      }
      throw new IOException(e.getMessage(), e);
    } catch (TIllegalArgument e) {
      pool.release(ch);
      throw new IOException(e.getMessage(), e);
    } catch (TApplicationException e) {
      pool.release(ch); // the answer was read whole; the stream is in step
      throw new IOException(server + " failed the call: " + e.getMessage(), e);
    } catch (TTransportException e) {
      pool.discard(ch);
      String msg = "connection to " + server + " broke during the call: " + e.getMessage();
      if (idempotent) {
        throw new RetryableException(msg, e);
      }
      throw new IOException(msg + " (it may or may not have been applied)", e);
    } catch (TException | RuntimeException e) {
      pool.discard(ch);
      throw new IOException("call to " + server + " failed: " + e, e);
    }
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or has met a transient failure on
   * each of 1 + retries attempts. {@code beforeRetry} runs before each later attempt (it drops
   * cached region locations, so the attempt looks them up again).
   */
  <T> T withRetries(String operation, Runnable beforeRetry, Attempt<T> attempt)
      throws IOException {
    RetryableException last = null;
    for (int i = 0; i <= retries; i++) {
      if (i > 0) {
        LOG.debug("{}: attempt {} of {} after: {}", operation, i + 1, retries + 1,
            last.getMessage());
        pause(i);
        beforeRetry.run();
      }
      try {
        return attempt.run();
      } catch (RetryableException e) {
        last = e;
      }
    }
    throw new RetriesExhaustedException(operation, retries + 1, last);
  }

  private void pause(int attempt) throws InterruptedIOException {
    long ms = pauseMs * Math.min(MAX_BACKOFF_MULTIPLE, 1L << Math.min(attempt - 1, 30));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
