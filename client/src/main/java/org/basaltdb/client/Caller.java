package org.basaltdb.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.regex.Pattern;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.admin.BasaltAdmin;
import org.basaltdb.thrift.generated.admin.TAdminError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes calls to servers: one attempt on a pooled channel ({@link #once}, {@link #onceAdmin}),
 * and attempts repeated with a growing pause while they meet transient failures, until the
 * operation timeout ({@link #withRetries}).
 *
 * <p>Errors: a server error becomes a {@link TableNotFoundException} when it says a table or
 * namespace does not exist, a {@link RetryableException} when the server says {@code canRetry}
 * (region moved, server too busy), else a {@link DoNotRetryIOException}; each carries the
 * server's message. A server that cannot be reached is retryable; a connection that breaks
 * during a call is retryable only for idempotent calls, since the server may have applied it.
 *
 * <p>Thread safety: safe for concurrent use.
 */
final class Caller {
  private static final Logger LOG = LoggerFactory.getLogger(Caller.class);

  /** The longest pause is this many times the first: 100 ms grows to 3.2 s by default. */
  private static final int MAX_BACKOFF_MULTIPLE = 32;

  /** How the server words a missing table or namespace (master and region server alike). */
  private static final Pattern NOT_FOUND =
      Pattern.compile("(table|namespace) \\S+ does not exist");

  /** One call on a THBaseService client. */
  interface Call<T> {
    T call(THBaseService.Client client) throws TException, IOException;
  }

  /** One call on a BasaltAdmin client. */
  interface AdminCall<T> {
    T call(BasaltAdmin.Client client) throws TException, IOException;
  }

  /** One attempt of an operation; it may throw {@link RetryableException} to be tried again. */
  interface Attempt<T> {
    T run() throws IOException;
  }

  private interface ChannelCall<T> {
    T call(ChannelPool.Channel channel) throws TException, IOException;
  }

  private final ChannelPool pool;
  private final Clock clock;
  private final long timeoutMs;
  private final long pauseMs;

  Caller(ChannelPool pool, Clock clock, long operationTimeoutMs, long pauseMs) {
    this.pool = pool;
    this.clock = clock;
    this.timeoutMs = operationTimeoutMs;
    this.pauseMs = Math.max(1, pauseMs);
  }

  /** Calls THBaseService on {@code server} once. */
  <T> T once(ServerAddress server, boolean idempotent, Call<T> call) throws IOException {
    return run(server, idempotent, ch -> call.call(ch.hbase()));
  }

  /** Calls BasaltAdmin on {@code server} (an admin port) once. */
  <T> T onceAdmin(ServerAddress server, boolean idempotent, AdminCall<T> call)
      throws IOException {
    return run(server, idempotent, ch -> call.call(ch.admin()));
  }

  private <T> T run(ServerAddress server, boolean idempotent, ChannelCall<T> call)
      throws IOException {
    ChannelPool.Channel ch;
    try {
      ch = pool.borrow(server);
    } catch (TTransportException e) {
      throw new RetryableException("cannot connect to " + server + ": " + e.getMessage(), e);
    }
    try {
      T result = call.call(ch);
      pool.release(ch);
      return result;
    } catch (IOException e) {
      pool.release(ch); // the answer was read whole and found wanting
      throw e;
    } catch (TIOError e) {
      pool.release(ch);
      throw serverError(server, e.getMessage(), e.isCanRetry(), e);
    } catch (TAdminError e) {
      pool.release(ch);
      throw serverError(server, e.getMessage(), e.isCanRetry(), e);
    } catch (TIllegalArgument e) {
      pool.release(ch);
      throw new DoNotRetryIOException(e.getMessage(), e);
    } catch (TApplicationException e) {
      pool.release(ch); // the answer was read whole; the stream is in step
      throw new DoNotRetryIOException(server + " failed the call: " + e.getMessage(), e);
    } catch (TTransportException e) {
      pool.discard(ch);
      String msg = "connection to " + server + " broke during the call: " + e.getMessage();
      if (idempotent) {
        throw new RetryableException(msg, e);
      }
      throw new IOException(msg + " (it may or may not have been applied)", e);
    } catch (TException e) {
      pool.discard(ch);
      throw new IOException("call to " + server + " failed: " + e, e);
    } catch (RuntimeException e) {
      pool.discard(ch); // a bug: the stream may be out of step
      throw e;
    }
  }

  private static IOException serverError(ServerAddress server, String message, boolean canRetry,
      Exception cause) {
    if (canRetry) {
      return new RetryableException(server + ": " + message, cause);
    }
    if (message != null && NOT_FOUND.matcher(message).find()) {
      return new TableNotFoundException(message, cause);
    }
    return new DoNotRetryIOException(message, cause);
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or the operation timeout has passed.
   * {@code beforeRetry} runs before each later attempt (it drops cached region locations, so
   * the attempt looks them up again). {@code table} and {@code row} (either may be null) name
   * the target in the exception when time runs out.
   */
  <T> T withRetries(String operation, TableName table, byte[] row, Runnable beforeRetry,
      Attempt<T> attempt) throws IOException {
    long start = clock.nanoTime();
    for (int attempts = 1; ; attempts++) {
      RetryableException failure;
      try {
        return attempt.run();
      } catch (RetryableException e) {
        failure = e;
      }
      long elapsedMs = (clock.nanoTime() - start) / 1_000_000;
      long leftMs = timeoutMs - elapsedMs;
      if (leftMs <= 0) {
        throw new RetriesExhaustedException(operation, table, row, attempts, elapsedMs, failure);
      }
      LOG.debug("{}: attempt {} failed, retrying: {}", operation, attempts, failure.getMessage());
      pause(Math.min(leftMs, pauseMs * Math.min(MAX_BACKOFF_MULTIPLE,
          1L << Math.min(attempts - 1, 30))));
      beforeRetry.run();
    }
  }

  private static void pause(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
