package org.basaltdb.common.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.basaltdb.common.Durability;
import org.basaltdb.common.Limits;

/** Appends bytes to the latest value of columns of one row, atomically under the row lock. */
public final class Append {
  public record Column(byte[] family, byte[] qualifier, byte[] value) {}

  private final byte[] row;
  private final List<Column> columns = new ArrayList<>();
  private Durability durability = Durability.USE_DEFAULT;
  private boolean returnResults = true;

  public Append(byte[] row) {
    Limits.checkRow(row);
    this.row = row;
  }

  public Append addColumn(byte[] family, byte[] qualifier, byte[] value) {
    Limits.checkFamily(family);
    columns.add(new Column(family, qualifier, value));
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

  public Append setDurability(Durability d) {
    this.durability = d;
    return this;
  }

  public boolean returnResults() {
    return returnResults;
  }

  public Append setReturnResults(boolean r) {
    this.returnResults = r;
    return this;
  }
}
