package org.basaltdb.regionserver.filter;

/**
 * How a cell's bytes must relate to a comparator's value for the cell to pass. Read the operator
 * as "cell OP comparator": {@code RowFilter(LESS, binary:m)} keeps the rows that sort before
 * {@code m}, as in HBase.
 *
 * <p>Comparators answer the other way round ({@link ByteArrayComparable#compareTo(byte[])} is
 * "comparator value vs cell bytes", HBase's convention), so {@link #passes(int)} flips the sign.
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

  /**
   * True when the cell passes, given {@code comparatorVsCell}, the result of
   * {@link ByteArrayComparable#compareTo(byte[])} on the cell's bytes.
   */
  public boolean passes(int comparatorVsCell) {
    switch (this) {
      case LESS:
        return comparatorVsCell > 0;
      case LESS_OR_EQUAL:
        return comparatorVsCell >= 0;
      case EQUAL:
        return comparatorVsCell == 0;
      case NOT_EQUAL:
        return comparatorVsCell != 0;
      case GREATER_OR_EQUAL:
        return comparatorVsCell <= 0;
      case GREATER:
        return comparatorVsCell < 0;
      default:
        return false;
    }
  }

  /** The operator spelled {@code symbol} in the filter language, or null. */
  static CompareOperator ofSymbol(String symbol) {
    for (CompareOperator op : values()) {
      if (op != NO_OP && op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }
}
