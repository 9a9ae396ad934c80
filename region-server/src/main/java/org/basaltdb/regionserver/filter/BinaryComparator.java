package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;

/** Unsigned lexicographic comparison with the whole value ({@code binary:} in the language). */
public final class BinaryComparator extends ByteArrayComparable {
  public BinaryComparator(byte[] value) {
    super(value);
  }

  @Override
  public int compareTo(byte[] cellBytes) {
    return Bytes.compare(value(), cellBytes);
  }

  @Override
  protected String typeName() {
    return "binary";
  }
}
