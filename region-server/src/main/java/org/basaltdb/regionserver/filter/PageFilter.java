package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Cell;

/**
 * Returns at most {@code pageSize} rows, counting the rows that reach
 * {@link #filterRow()} (rows left empty by other filters do not count). Each region applies the
 * limit on its own, so a client may see more rows overall, as in HBase.
 */
public final class PageFilter extends Filter {
  private final long pageSize;
  private long rowsAccepted;

  public PageFilter(long pageSize) {
    if (pageSize < 0) {
      throw new IllegalArgumentException("page size must be >= 0, got " + pageSize);
    }
    this.pageSize = pageSize;
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) {
    return filterAllRemaining();
  }

  @Override
  public boolean filterAllRemaining() {
    return rowsAccepted >= pageSize;
  }

  @Override
  public boolean filterRow() {
    rowsAccepted++;
    return rowsAccepted > pageSize;
  }

  @Override
  public boolean hasFilterRow() {
    return true;
  }

  @Override
  public String toString() {
    return "PageFilter(" + pageSize + ")";
  }
}
