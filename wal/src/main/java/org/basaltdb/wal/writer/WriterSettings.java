package org.basaltdb.wal.writer;

/**
 * The log writer's tuning, read from {@code WalConfig} by {@code FSWal}.
 *
 * @param rollSize roll once the current file passes this many bytes
 * @param rollPeriodMillis roll once the current file is this old
 * @param maxFiles live files beyond which the oldest file's regions are asked to flush
 * @param asyncSyncIntervalMillis longest time an ASYNC_WAL edit stays unsynced
 * @param ringSlots ring buffer slots (a power of two)
 * @param syncTimeoutMillis how long Ticket.await() waits
 * @param rollRetries attempts to roll after a failed sync before the log fails
 */
public record WriterSettings(long rollSize, long rollPeriodMillis, int maxFiles,
    long asyncSyncIntervalMillis, int ringSlots, long syncTimeoutMillis, int rollRetries) {
  public WriterSettings {
    if (Integer.bitCount(ringSlots) != 1) {
      throw new IllegalArgumentException("wal.ring.buffer.slots must be a power of two");
    }
    if (rollSize <= 0 || rollPeriodMillis <= 0 || maxFiles < 1 || asyncSyncIntervalMillis <= 0
        || syncTimeoutMillis <= 0 || rollRetries < 1) {
      throw new IllegalArgumentException("WAL settings must be positive: " + this);
    }
  }
}
