package org.basaltdb.wal;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;

/**
 * The region server's one shared write-ahead log, as the regions see it.
 *
 * <p>A region writes in this order: {@link #append} (which assigns the sequence id) → memstore
 * → {@link Ticket#await()} → advance its read point → acknowledge. A region calls
 * {@code append} while holding its own append lock, so the sequence ids a region receives
 * increase in the order it appended.
 *
 * <p>Thread safety: every method may be called from any number of threads.
 */
public interface Wal extends Closeable {
  /**
   * Assigns the next sequence id (greater than every id assigned before by this log), returns
   * the cells stamped with it, and queues the edit for writing. {@link Durability#SKIP_WAL}
   * assigns an id but writes nothing. {@code USE_DEFAULT} must be resolved by the caller.
   *
   * @throws IOException when the log has failed and accepts no more writes
   */
  Ticket append(String region, TableName table, List<Cell> cells, Durability durability)
      throws IOException;

  /**
   * Assigns the next sequence id to a bulk load's marker and writes it, fsynced when the ticket
   * is awaited. The loaded files carry that id (see {@link BulkLoadMarker}).
   *
   * @throws IOException when the log has failed and accepts no more writes
   */
  Ticket appendBulkLoad(String region, TableName table, BulkLoadMarker marker) throws IOException;

  /** Called when a region starts flushing; edits appended after this may stay in the log. */
  void flushStarted(String region);

  /**
   * Called when a region's flush is durable: every edit of the region with a sequence id
   * {@code <= flushedSequenceId} is in an SSTable, so log files holding only such edits (of all
   * regions) can be archived.
   */
  void flushCompleted(String region, long flushedSequenceId);

  /** Forgets a closed region: it holds no unflushed edits any more. */
  void regionClosed(String region);

  /** The highest sequence id assigned so far. */
  long highestSequenceId();

  /**
   * Raises the counter so every later id is above {@code seq}: a region opening here may hold
   * edits numbered by the server that had it before, and its new edits must sort as newer.
   */
  void advanceTo(long seq);

  /** The handle of one appended edit. */
  interface Ticket {
    long sequenceId();

    /** The appended cells, each stamped with {@link #sequenceId()}. */
    List<Cell> cells();

    /**
     * Returns once the edit is as durable as its durability asks. SKIP_WAL returns at once;
     * ASYNC_WAL does not wait for a sync, but when no other thread is writing the log it first
     * writes the queued edits itself (and syncs them if one of them asks for it). Throws if the
     * edit cannot be made durable: it must then not be acknowledged.
     */
    void await() throws IOException;
  }
}
