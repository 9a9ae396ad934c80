package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Ends the scan after the stop row, which is itself included (a scan's own stop row is
 * exclusive). In a reversed scan the stop row is the lowest row returned.
 */
public final class InclusiveStopFilter extends Filter {
  private final byte[] stopRow;
  private boolean done;

  public InclusiveStopFilter(byte[] stopRow) {
    this.stopRow = stopRow;
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) {
    int cmp = Bytes.compare(stopRow, firstRowCell.row());
    done = isReversed() ? cmp > 0 : cmp < 0;
    return done;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    return done ? ReturnCode.NEXT_ROW : ReturnCode.INCLUDE;
  }

  @Override
  public boolean filterAllRemaining() {
    return done;
  }

  @Override
  public String toString() {
    return "InclusiveStopFilter(" + FilterStrings.quoted(stopRow) + ")";
  }
}
