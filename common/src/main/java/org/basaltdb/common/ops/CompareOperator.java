package org.basaltdb.common.ops;

/**
 * Comparison of a stored value against an operand, as in HBase: {@code stored OP operand}. For
 * checkAndMutate HBase reads it the other way round (operand OP stored); see
 * {@code CheckAndMutate}.
 */
public enum CompareOperator {
  LESS,
  LESS_OR_EQUAL,
  EQUAL,
  NOT_EQUAL,
  GREATER_OR_EQUAL,
  GREATER,
  NO_OP;

  /** Whether a comparison result {@code cmp = compare(left, right)} satisfies {@code left OP right}. */
  public boolean matches(int cmp) {
    switch (this) {
      case LESS:
        return cmp < 0;
      case LESS_OR_EQUAL:
        return cmp <= 0;
      case EQUAL:
        return cmp == 0;
      case NOT_EQUAL:
        return cmp != 0;
      case GREATER_OR_EQUAL:
        return cmp >= 0;
      case GREATER:
        return cmp > 0;
      default:
        return false;
    }
  }
}
