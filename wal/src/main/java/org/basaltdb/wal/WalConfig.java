package org.basaltdb.wal;

import org.basaltdb.common.ConfigKey;

/**
 * Every configuration key of the write-ahead log. {@code docs/configuration.md} (section "wal")
 * lists the same keys; change both together.
 */
public final class WalConfig {
  /** A file is rolled once it passes this size: bounds replay and split work per file. */
  public static final ConfigKey<Long> ROLL_SIZE = ConfigKey.ofBytes("wal.roll.size",
      128L << 20, "roll the current log file once it is larger than this");

  /** A file is rolled after this long even if small, so old files can be archived. */
  public static final ConfigKey<Long> ROLL_PERIOD = ConfigKey.ofMillis("wal.roll.period",
      3_600_000L, "roll the current log file once it is older than this");

  /** Past this many live files the regions holding the oldest edits are asked to flush. */
  public static final ConfigKey<Integer> MAX_FILES = ConfigKey.ofInt("wal.max.files", 32,
      "live log files beyond which the regions with the oldest edits are asked to flush");

  /** ASYNC_WAL edits are synced at most this long after they are appended. */
  public static final ConfigKey<Long> ASYNC_SYNC_INTERVAL = ConfigKey.ofMillis(
      "wal.async.sync.interval", 1000L, "longest time an ASYNC_WAL edit stays unsynced");

  /** Slots of the Disruptor ring; a power of two. Appenders block when it is full. */
  public static final ConfigKey<Integer> RING_BUFFER_SLOTS = ConfigKey.ofInt(
      "wal.ring.buffer.slots", 16_384, "slots in the append ring buffer (a power of two)");

  /** How long Ticket.await() waits for a sync before failing the edit (HBase: 5 min). */
  public static final ConfigKey<Long> SYNC_TIMEOUT = ConfigKey.ofMillis("wal.sync.timeout",
      300_000L, "how long an append waits for its sync before it fails");

  /** Attempts to open a new file after a failed write or sync before the log fails for good. */
  public static final ConfigKey<Integer> ROLL_RETRIES = ConfigKey.ofInt("wal.roll.retries", 3,
      "attempts to roll to a new file after a failed sync before the log enters the failed state");

  /** What readers (replay, split) do with damage before the end of the log. */
  public static final ConfigKey<String> CORRUPTION_POLICY = ConfigKey.ofString(
      "wal.corruption.policy", "fail",
      "on damage before the end of the log: 'fail' or 'skip-to-next-file'");

  /** How long the splitter waits for HDFS lease recovery to close a dead writer's file. */
  public static final ConfigKey<Long> LEASE_RECOVERY_TIMEOUT = ConfigKey.ofMillis(
      "wal.lease.recovery.timeout", 900_000L,
      "how long splitting waits for HDFS lease recovery of one log file");

  private WalConfig() {}

  public static CorruptionPolicy corruptionPolicy(org.apache.hadoop.conf.Configuration conf) {
    return CorruptionPolicy.parse(CORRUPTION_POLICY.get(conf));
  }
}
