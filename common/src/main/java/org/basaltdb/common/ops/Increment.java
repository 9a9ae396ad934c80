package org.basaltdb.common.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.basaltdb.common.Durability;
import org.basaltdb.common.Limits;

/**
 * Adds amounts to 8-byte big-endian counters of one row, atomically under the row lock. A
 * missing counter counts as 0; a cell that is not 8 bytes is an error.
 */
public final class Increment {
  public record Column(byte[] family, byte[] qualifier, long amount) {}

  private final byte[] row;
  private final List<Column> columns = new ArrayList<>();
  private Durability durability = Durability.USE_DEFAULT;
  private boolean returnResults = true;
  private TimeRange timeRange = TimeRange.ALL;

  public Increment(byte[] row) {
    Limits.checkRow(row);
    this.row = row;
  }

  public Increment addColumn(byte[] family, byte[] qualifier, long amount) {
    Limits.checkFamily(family);
    columns.add(new Column(family, qualifier, amount));
    return this;
  }

  public byte[] row() {
    return row;
  }

  public List<Column> columns() {
    return Collections.unmodifiableList(columns);
  }

  public Durability durability() {
    return durability;
  }

  public Increment setDurability(Durability d) {
    this.durability = d;
    return this;
  }

  public boolean returnResults() {
    return returnResults;
  }

  public Increment setReturnResults(boolean r) {
    this.returnResults = r;
    return this;
  }

  public TimeRange timeRange() {
    return timeRange;
  }

  public Increment setTimeRange(TimeRange tr) {
    this.timeRange = tr;
    return this;
  }
}
