package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Returns a page of columns per row: {@code limit} columns (newest version each) after skipping
 * {@code offset} columns, or, in the column-offset form, {@code limit} columns starting at the
 * first qualifier not before {@code columnOffset} (reached with a seek). The count runs across
 * the row's families.
 */
public final class ColumnPaginationFilter extends Filter {
  private final int limit;
  private final int offset;
  private final byte[] columnOffset;
  private int count;

  public ColumnPaginationFilter(int limit, int offset) {
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "limit and offset must be >= 0, got " + limit + ", " + offset);
    }
    this.limit = limit;
    this.offset = offset;
    this.columnOffset = null;
  }

  public ColumnPaginationFilter(int limit, byte[] columnOffset) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    this.limit = limit;
    this.offset = -1;
    this.columnOffset = columnOffset;
  }

  @Override
  public void reset() {
    count = 0;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (columnOffset != null) {
      if (count >= limit) {
        return ReturnCode.NEXT_ROW;
      }
      if (count == 0 && Bytes.compare(c.qualifier(), columnOffset) < 0) {
        return ReturnCode.SEEK_NEXT_USING_HINT;
      }
      count++;
      return ReturnCode.INCLUDE_AND_NEXT_COL;
    }
    if (count >= offset + limit) {
      return ReturnCode.NEXT_ROW;
    }
    ReturnCode rc = count < offset ? ReturnCode.NEXT_COL : ReturnCode.INCLUDE_AND_NEXT_COL;
    count++;
    return rc;
  }

  @Override
  public Cell getNextCellHint(Cell current) {
    return columnOffset == null ? null
        : Cell.firstOnColumn(current.row(), current.family(), columnOffset);
  }

  @Override
  public String toString() {
    return "ColumnPaginationFilter(" + limit + ", "
        + (columnOffset != null ? FilterStrings.quoted(columnOffset) : offset) + ")";
  }
}
