package org.basaltdb.common.ops;

import org.basaltdb.common.Limits;

/** Reads one row. */
public final class Get extends Query<Get> {
  private final byte[] row;
  private boolean existenceOnly;

  public Get(byte[] row) {
    Limits.checkRow(row);
    this.row = row;
  }

  public byte[] row() {
    return row;
  }

  /** Asks only whether the row has any matching cell; the result carries no cells. */
  public Get setCheckExistenceOnly(boolean b) {
    this.existenceOnly = b;
    return this;
  }

  public boolean isCheckExistenceOnly() {
    return existenceOnly;
  }
}
