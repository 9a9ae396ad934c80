package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import org.basaltdb.common.Cell;

/** Keeps the cells whose qualifier passes the comparison; others are skipped one by one. */
public final class QualifierFilter extends CompareFilter {
  public QualifierFilter(CompareOperator op, ByteArrayComparable comparator) {
    super(op, comparator);
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    return passes(c.qualifier()) ? ReturnCode.INCLUDE : ReturnCode.SKIP;
  }
}
