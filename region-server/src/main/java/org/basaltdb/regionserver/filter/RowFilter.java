package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Cell;

/** Keeps the rows whose key passes the comparison; decided once per row, in filterRowKey. */
public final class RowFilter extends CompareFilter {
  private boolean filterOutRow;

  public RowFilter(CompareOperator op, ByteArrayComparable comparator) {
    super(op, comparator);
  }

  @Override
  public void reset() {
    filterOutRow = false;
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) {
    filterOutRow = !passes(firstRowCell.row());
    return filterOutRow;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    return filterOutRow ? ReturnCode.NEXT_ROW : ReturnCode.INCLUDE;
  }
}
