package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Cell;

/**
 * Returns the first {@code limit} columns (newest version each) of a row. Meant for gets: once
 * the quota is passed, {@link #filterAllRemaining()} ends the whole scan, as in HBase.
 */
public final class ColumnCountGetFilter extends Filter {
  private final int limit;
  private int count;

  public ColumnCountGetFilter(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    this.limit = limit;
  }

  @Override
  public void reset() {
    count = 0;
  }

  @Override
  public boolean filterAllRemaining() {
    return count > limit;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    count++;
    return filterAllRemaining() ? ReturnCode.NEXT_COL : ReturnCode.INCLUDE_AND_NEXT_COL;
  }

  @Override
  public String toString() {
    return "ColumnCountGetFilter(" + limit + ")";
  }
}
