package org.basaltdb.wal;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.writer.RingWriter;
import org.basaltdb.wal.writer.WriterSettings;

/**
 * The real write-ahead log: one per region server, in {@code <root>/WALs/<server>/}, on any
 * Hadoop {@link FileSystem} that supports hflush/hsync (HDFS, or the raw local filesystem).
 *
 * <p>Appends go through a Disruptor ring buffer to one writer thread that group-commits:
 * SYNC_WAL edits are acknowledged ({@link Ticket#await()} returns) after an hflush covering
 * them, FSYNC_WAL after an hsync, ASYNC_WAL at once (synced within
 * {@code wal.async.sync.interval}), SKIP_WAL writes nothing but still takes a sequence id.
 * Sequence ids start after {@code startSequenceId} and strictly increase in file order.
 *
 * <p>The file rolls at {@code wal.roll.size}, after {@code wal.roll.period}, on {@link #roll()},
 * and after a failed write or sync; files whose edits are all flushed move to the old-logs
 * directory; past {@code wal.max.files} live files the flush requester is asked to flush the
 * regions holding the oldest edits.
 *
 * <p><b>Failed state.</b> A failed sync never acknowledges: the writer opens a new file,
 * re-appends the unsynced edits and syncs them before acknowledging. If that fails
 * {@code wal.roll.retries} times the log fails for good: every waiting and later
 * {@link Ticket#await()} and every later {@link #append} throws an IOException, and the server
 * must abort (its edits are then recovered by splitting this log). {@link #failure()} tells.
 *
 * <p>Thread safety: every method may be called from any number of threads.
 */
public final class FSWal implements Wal {
  private final RingWriter writer;

  private FSWal(RingWriter writer) {
    this.writer = writer;
  }

  /**
   * Opens a new log file in {@code walDir} (created if missing) and starts the writer.
   *
   * @param fs the filesystem; for the local one pass the raw filesystem
   * @param walDir this server's log directory, {@code <root>/WALs/<server>}
   * @param oldWalDir where flushed files move, {@code <root>/oldWALs} (into a directory named
   *     as {@code walDir}: every server numbers its files from 1)
   * @param serverName written into each file's header
   * @param startSequenceId the highest sequence id the server recovered; ids continue above it
   */
  public static FSWal open(FileSystem fs, Path walDir, Path oldWalDir, String serverName,
      long startSequenceId, Configuration conf, Clock clock) throws IOException {
    return new FSWal(new RingWriter(fs, walDir, oldWalDir, serverName, startSequenceId,
        settings(conf), clock));
  }

  static WriterSettings settings(Configuration conf) {
    return new WriterSettings(WalConfig.ROLL_SIZE.get(conf), WalConfig.ROLL_PERIOD.get(conf),
        WalConfig.MAX_FILES.get(conf), WalConfig.ASYNC_SYNC_INTERVAL.get(conf),
        WalConfig.RING_BUFFER_SLOTS.get(conf), WalConfig.SYNC_TIMEOUT.get(conf),
        WalConfig.ROLL_RETRIES.get(conf));
  }

  @Override
  public Ticket append(String region, TableName table, List<Cell> cells, Durability durability)
      throws IOException {
    return writer.append(region, table, cells, durability);
  }

  @Override
  public Ticket appendBulkLoad(String region, TableName table, BulkLoadMarker marker)
      throws IOException {
    return writer.appendBulkLoad(region, table, marker);
  }

  /** What the WAL's writer has done since it opened: appends, syncs, rolls. */
  public WalStats stats() {
    return writer.stats();
  }

  @Override
  public void flushStarted(String region) {
    writer.flushStarted(region);
  }

  @Override
  public void flushCompleted(String region, long flushedSequenceId) {
    writer.flushCompleted(region, flushedSequenceId);
  }

  @Override
  public void regionClosed(String region) {
    writer.regionClosed(region);
  }

  @Override
  public long highestSequenceId() {
    return writer.highestSequenceId();
  }

  @Override
  public void advanceTo(long seq) {
    writer.advanceTo(seq);
  }

  /**
   * Sets who is asked to flush a region when there are more than {@code wal.max.files} live
   * files. Called on the log's ticker thread: it must not block (queue a flush and return).
   */
  public void setFlushRequester(Consumer<String> regionToFlush) {
    writer.setFlushRequester(regionToFlush);
  }

  /** Syncs what is pending, closes the current file with a trailer and opens a new one. */
  public void roll() throws IOException {
    writer.roll();
  }

  /** The file being written. */
  public Path currentFile() {
    return writer.currentFile();
  }

  /** Files not yet archived, oldest first, the current one last. */
  public List<Path> liveFiles() {
    return writer.liveFiles();
  }

  /** The lowest sequence id of {@code region} not yet flushed that a live file holds, or -1. */
  public long lowestUnflushedSequenceId(String region) {
    return writer.lowestUnflushedSequenceId(region);
  }

  /** The sticky failure once the log has failed, else null. */
  public IOException failure() {
    return writer.failure();
  }

  /** Syncs pending edits, writes the trailer and stops the writer threads. */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
