package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

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

  /**
   * Repeats the row-key verdict. Only asked inside a FilterList that has a row-level member:
   * an OR list then drops the row only if this filter rejected it too.
   */
  @Override
  public boolean filterRow() {
    return filterOutRow;
  }
}
