package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import org.basaltdb.common.Cell;

/** Keeps the cells whose value passes the comparison; others are skipped one by one. */
public final class ValueFilter extends CompareFilter {
  public ValueFilter(CompareOperator op, ByteArrayComparable comparator) {
    super(op, comparator);
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    return passes(c.value()) ? ReturnCode.INCLUDE : ReturnCode.SKIP;
  }
}
