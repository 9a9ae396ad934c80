package org.basaltdb.common.ops;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Limits;

/**
 * Deletes from one row, in HBase's five kinds. A Delete with no cells deletes the whole row (every
 * family, versions at or before its timestamp).
 *
 * <ul>
 *   <li>{@link #addFamily}: every version of every column of a family with ts ≤ the timestamp.</li>
 *   <li>{@link #addFamilyVersion}: every column's version at exactly the timestamp.</li>
 *   <li>{@link #addColumns}: every version of a column with ts ≤ the timestamp.</li>
 *   <li>{@link #addColumn}: one version of a column: the latest when no timestamp is given.</li>
 * </ul>
 */
public final class Delete extends Mutation {
  private final long timestamp;

  public Delete(byte[] row) {
    this(row, Cell.LATEST_TIMESTAMP);
  }

  public Delete(byte[] row, long timestamp) {
    super(row);
    Put.checkTimestamp(timestamp);
    this.timestamp = timestamp;
  }

  /** The timestamp of a whole-row delete, or {@link Cell#LATEST_TIMESTAMP}. */
  public long timestamp() {
    return timestamp;
  }

  public Delete addFamily(byte[] family) {
    return addFamily(family, timestamp);
  }

  public Delete addFamily(byte[] family, long ts) {
    return marker(family, Bytes.EMPTY, ts, Cell.Type.DELETE_FAMILY);
  }

  public Delete addFamilyVersion(byte[] family, long ts) {
    return marker(family, Bytes.EMPTY, ts, Cell.Type.DELETE_FAMILY_VERSION);
  }

  public Delete addColumns(byte[] family, byte[] qualifier) {
    return addColumns(family, qualifier, timestamp);
  }

  public Delete addColumns(byte[] family, byte[] qualifier, long ts) {
    return marker(family, qualifier, ts, Cell.Type.DELETE_COLUMN);
  }

  public Delete addColumn(byte[] family, byte[] qualifier) {
    return addColumn(family, qualifier, timestamp);
  }

  public Delete addColumn(byte[] family, byte[] qualifier, long ts) {
    return marker(family, qualifier, ts, Cell.Type.DELETE);
  }

  private Delete marker(byte[] family, byte[] qualifier, long ts, Cell.Type type) {
    Limits.checkFamily(family);
    Put.checkTimestamp(ts);
    cells.add(new Cell(row, family, qualifier, ts, type, 0, Bytes.EMPTY));
    return this;
  }
}
