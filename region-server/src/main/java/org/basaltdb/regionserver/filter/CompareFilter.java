package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.util.Objects;

/**
 * Base of the filters that compare one part of a cell (row, family, qualifier, value) with a
 * {@link ByteArrayComparable} under a {@link CompareOperator}.
 */
public abstract class CompareFilter extends Filter {
  private final CompareOperator op;
  private final ByteArrayComparable comparator;

  protected CompareFilter(CompareOperator op, ByteArrayComparable comparator) {
    this.op = Objects.requireNonNull(op, "op");
    this.comparator = Objects.requireNonNull(comparator, "comparator");
  }

  public CompareOperator operator() {
    return op;
  }

  public ByteArrayComparable comparator() {
    return comparator;
  }

  /** True when {@code cellBytes} pass "cell OP comparator". NO_OP passes nothing. */
  protected boolean passes(byte[] cellBytes) {
    return op != CompareOperator.NO_OP && op.passes(comparator.compareTo(cellBytes));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + op.symbol() + ", '" + comparator + "')";
  }
}
