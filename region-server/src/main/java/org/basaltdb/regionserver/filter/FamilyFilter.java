package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import org.basaltdb.common.Cell;

/**
 * Keeps the families whose name passes the comparison. A failing family answers NEXT_ROW, which
 * (families being separate stores, as in HBase) skips only that family's part of the row.
 */
public final class FamilyFilter extends CompareFilter {
  public FamilyFilter(CompareOperator op, ByteArrayComparable comparator) {
    super(op, comparator);
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (c.family().length > 0 && !passes(c.family())) {
      return ReturnCode.NEXT_ROW;
    }
    return ReturnCode.INCLUDE;
  }
}
