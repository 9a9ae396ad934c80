package org.basaltdb.common.ops;

import org.basaltdb.common.Cell;
import org.basaltdb.common.Limits;

/** Writes cells to one row. Cells without a timestamp get the server's time when applied. */
public final class Put extends Mutation {
  private final long defaultTimestamp;

  public Put(byte[] row) {
    this(row, Cell.LATEST_TIMESTAMP);
  }

  public Put(byte[] row, long timestamp) {
    super(row);
    this.defaultTimestamp = timestamp;
  }

  public Put addColumn(byte[] family, byte[] qualifier, byte[] value) {
    return addColumn(family, qualifier, defaultTimestamp, value);
  }

  public Put addColumn(byte[] family, byte[] qualifier, long ts, byte[] value) {
    Limits.checkFamily(family);
    checkTimestamp(ts);
    cells.add(new Cell(row, family, qualifier, ts, Cell.Type.PUT, 0, value));
    return this;
  }

  static void checkTimestamp(long ts) {
    if (ts < 0) {
      throw new IllegalArgumentException("timestamp must not be negative: " + ts);
    }
  }
}
