package org.basaltdb.common;

/**
 * How durable a mutation must be before it is acknowledged. Names and meanings are HBase's.
 * Codes are written to the WAL and the wire; never renumber them.
 */
public enum Durability {
  /** Take the table's default (which itself defaults to SYNC_WAL). */
  USE_DEFAULT(0),
  /** Not written to the WAL at all: lost on a crash before flush. */
  SKIP_WAL(1),
  /** Written to the WAL, acknowledged at once, synced within {@code wal.async.sync.interval}. */
  ASYNC_WAL(2),
  /** Acknowledged after hflush: in the memory of every HDFS replica. The default. */
  SYNC_WAL(3),
  /** Acknowledged after hsync: on the disk of every replica. */
  FSYNC_WAL(4);

  public final int code;

  Durability(int code) {
    this.code = code;
  }

  public static Durability ofCode(int code) {
    for (Durability d : values()) {
      if (d.code == code) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown durability code " + code);
  }
}
