package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Cell;

/** Returns only the first cell of each row (handy for counting rows). */
public final class FirstKeyOnlyFilter extends Filter {
  private boolean foundCell;

  @Override
  public void reset() {
    foundCell = false;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (foundCell) {
      return ReturnCode.NEXT_ROW;
    }
    foundCell = true;
    return ReturnCode.INCLUDE;
  }

  @Override
  public String toString() {
    return "FirstKeyOnlyFilter()";
  }
}
