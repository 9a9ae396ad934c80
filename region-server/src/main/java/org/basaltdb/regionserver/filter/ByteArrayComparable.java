package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

/**
 * A value a filter compares cell bytes (row, family, qualifier or value) against.
 *
 * <p>{@link #compareTo(byte[])} returns the comparator's value relative to the cell bytes
 * (negative: the comparator's value sorts first), HBase's convention; {@link CompareOperator}
 * turns that into pass or fail. Matching comparators (regex, substring) return 0 on a match and
 * non-zero otherwise, so they are only meaningful with {@code EQUAL} and {@code NOT_EQUAL}.
 *
 * <p>Immutable; safe to share between filters.
 */
public abstract class ByteArrayComparable {
  private final byte[] value;

  protected ByteArrayComparable(byte[] value) {
    this.value = value;
  }

  /** The bytes this comparator was built from. */
  public byte[] value() {
    return value;
  }

  /** The comparator's value relative to {@code cellBytes}: negative, zero or positive. */
  public abstract int compareTo(byte[] cellBytes);

  /** True for comparators that only say match / no match (regex, substring). */
  public boolean isMatchOnly() {
    return false;
  }

  /** The filter-language prefix, e.g. {@code binary}. */
  protected abstract String typeName();

  /** The filter-language form, e.g. {@code binary:abc}. */
  @Override
  public String toString() {
    return typeName() + ":" + FilterStrings.bytes(value);
  }
}
