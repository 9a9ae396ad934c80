package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps the columns whose qualifier lies between two bounds, each inclusive or not; a null (or,
 * from the filter language, empty) bound is open. A qualifier below the range seeks to the lower
 * bound; one above it skips the rest of the family's row.
 */
public final class ColumnRangeFilter extends Filter implements HintingFilter {
  private final byte[] minColumn;
  private final boolean minInclusive;
  private final byte[] maxColumn;
  private final boolean maxInclusive;

  public ColumnRangeFilter(byte[] minColumn, boolean minInclusive, byte[] maxColumn,
      boolean maxInclusive) {
    this.minColumn = minColumn;
    this.minInclusive = minInclusive;
    this.maxColumn = maxColumn;
    this.maxInclusive = maxInclusive;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    byte[] q = c.qualifier();
    if (minColumn != null) {
      int cmpMin = Bytes.compare(q, minColumn);
      if (cmpMin < 0) {
        return ReturnCode.SEEK_NEXT_USING_HINT;
      }
      if (cmpMin == 0 && !minInclusive) {
        return ReturnCode.NEXT_COL;
      }
    }
    if (maxColumn == null) {
      return ReturnCode.INCLUDE;
    }
    int cmpMax = Bytes.compare(q, maxColumn);
    return cmpMax < 0 || (cmpMax == 0 && maxInclusive) ? ReturnCode.INCLUDE : ReturnCode.NEXT_ROW;
  }

  @Override
  public Cell getNextCellHint(Cell current) {
    return minColumn == null ? null
        : Cell.firstOnColumn(current.row(), current.family(), minColumn);
  }

  @Override
  public String toString() {
    return "ColumnRangeFilter(" + FilterStrings.quoted(minColumn == null ? Bytes.EMPTY : minColumn)
        + ", " + minInclusive + ", "
        + FilterStrings.quoted(maxColumn == null ? Bytes.EMPTY : maxColumn) + ", " + maxInclusive
        + ")";
  }
}
