package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;

/**
 * Compares the value with the cell bytes cut to the value's length ({@code binaryprefix:}), so
 * every cell starting with the value compares equal. Cell bytes shorter than the value are
 * compared whole, as HBase does.
 */
public final class BinaryPrefixComparator extends ByteArrayComparable {
  public BinaryPrefixComparator(byte[] value) {
    super(value);
  }

  @Override
  public int compareTo(byte[] cellBytes) {
    byte[] v = value();
    return Bytes.compare(v, 0, v.length, cellBytes, 0, Math.min(v.length, cellBytes.length));
  }

  @Override
  protected String typeName() {
    return "binaryprefix";
  }
}
