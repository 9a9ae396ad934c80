package org.basaltdb.wal.writer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.wal.Wal;

/**
 * One appended edit's handle. The consumer thread completes it after the sync that covers the
 * edit, or fails it; {@link #await()} waits for that, up to the sync timeout.
 */
final class WalTicket implements Wal.Ticket {
  private final long sequenceId;
  private final List<Cell> cells;
  private final Durability durability;
  private final long timeoutMillis;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  WalTicket(long sequenceId, List<Cell> cells, Durability durability, long timeoutMillis) {
    this.sequenceId = sequenceId;
    this.cells = cells;
    this.durability = durability;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public long sequenceId() {
    return sequenceId;
  }

  @Override
  public List<Cell> cells() {
    return cells;
  }

  Durability durability() {
    return durability;
  }

  void complete() {
    done.complete(null);
  }

  void fail(IOException e) {
    done.completeExceptionally(e);
  }

  boolean isDone() {
    return done.isDone();
  }

  @Override
  public void await() throws IOException {
    if (durability == Durability.SKIP_WAL || durability == Durability.ASYNC_WAL) {
      return;
    }
    awaitDone();
  }

  /** Waits for completion whatever the durability (roll and close requests use this). */
  void awaitDone() throws IOException {
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException) {
        throw new IOException(c.getMessage(), c);
      }
      throw new IllegalStateException("WAL consumer failed", c);
    } catch (TimeoutException e) {
      throw new IOException("sequence id " + sequenceId + " not synced within "
          + timeoutMillis + " ms (wal.sync.timeout); its fate is unknown, do not acknowledge it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the WAL sync");
    }
  }
}
