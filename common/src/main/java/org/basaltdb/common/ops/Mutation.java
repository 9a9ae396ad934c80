package org.basaltdb.common.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.Limits;

/** A change to one row: a {@link Put} or a {@link Delete}. Cells keep the order they were added. */
public abstract class Mutation {
  protected final byte[] row;
  protected final List<Cell> cells = new ArrayList<>();
  private Durability durability = Durability.USE_DEFAULT;

  protected Mutation(byte[] row) {
    Limits.checkRow(row);
    this.row = row;
  }

  public byte[] row() {
    return row;
  }

  public List<Cell> cells() {
    return Collections.unmodifiableList(cells);
  }

  public boolean isEmpty() {
    return cells.isEmpty();
  }

  public Durability durability() {
    return durability;
  }

  public Mutation setDurability(Durability d) {
    this.durability = d;
    return this;
  }

  /** Adds an already-built cell (its row must be this mutation's row). */
  public Mutation add(Cell c) {
    if (!java.util.Arrays.equals(c.row(), row)) {
      throw new IllegalArgumentException("cell row differs from the mutation's row");
    }
    cells.add(c);
    return this;
  }
}
