package org.basaltdb.common.ops;

/**
 * A comparison, with HBase's names. Two readings exist, both HBase's:
 *
 * <ul>
 *   <li>Filters read "cell OP operand": {@code RowFilter(<, 'binary:m')} keeps rows before m.
 *       Comparators answer "operand vs cell", so {@link #passes(int)} flips the sign.</li>
 *   <li>checkAndMutate reads "operand OP stored" ({@link #matches(int)} on
 *       {@code compare(operand, stored)}).</li>
 * </ul>
 */
public enum CompareOperator {
  LESS("<"),
  LESS_OR_EQUAL("<="),
  EQUAL("="),
  NOT_EQUAL("!="),
  GREATER_OR_EQUAL(">="),
  GREATER(">"),
  /** Nothing passes (HBase's NO_OP); it has no symbol in the filter language. */
  NO_OP("NO_OP");

  private final String symbol;

  CompareOperator(String symbol) {
    this.symbol = symbol;
  }

  /** The filter-language spelling: {@code <}, {@code <=}, {@code =}, {@code !=}, ... */
  public String symbol() {
    return symbol;
  }

  /** Whether {@code left OP right} holds, given {@code cmp = compare(left, right)}. */
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

  /**
   * Whether a cell passes a filter, given {@code comparatorVsCell = compare(operand, cell)}:
   * "cell OP operand" is "operand (reversed OP) cell".
   */
  public boolean passes(int comparatorVsCell) {
    return matches(-Integer.signum(comparatorVsCell));
  }

  /** The operator spelled {@code symbol} in the filter language, or null. */
  public static CompareOperator ofSymbol(String symbol) {
    for (CompareOperator op : values()) {
      if (op != NO_OP && op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }
}
