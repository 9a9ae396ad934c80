package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Returns keys without values: each cell's value becomes empty or, with {@code lenAsVal}, the
 * original value's length as a 4-byte big-endian int (HBase's format).
 */
public final class KeyOnlyFilter extends Filter {
  private final boolean lenAsVal;

  public KeyOnlyFilter() {
    this(false);
  }

  public KeyOnlyFilter(boolean lenAsVal) {
    this.lenAsVal = lenAsVal;
  }

  @Override
  public Cell transformCell(Cell c) {
    if (!lenAsVal) {
      return c.withValue(Bytes.EMPTY);
    }
    int n = c.valueLength();
    return c.withValue(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8),
        (byte) n});
  }

  @Override
  public String toString() {
    return "KeyOnlyFilter(" + (lenAsVal ? "true" : "") + ")";
  }
}
