package org.basaltdb.common;

/** Size and shape limits on what a client may write; each violation is an IllegalArgumentException. */
public final class Limits {
  /** HBase stores the row length in a short. */
  public static final int MAX_ROW_LENGTH = Short.MAX_VALUE;

  /** Default for {@code value.max.size}: 10 MiB, HBase's {@code hbase.client.keyvalue.maxsize}. */
  public static final int DEFAULT_MAX_VALUE_SIZE = 10 << 20;

  private Limits() {}

  public static void checkRow(byte[] row) {
    if (row == null || row.length == 0) {
      throw new IllegalArgumentException("row key must not be empty");
    }
    if (row.length > MAX_ROW_LENGTH) {
      throw new IllegalArgumentException(
          "row key is " + row.length + " bytes; the limit is " + MAX_ROW_LENGTH);
    }
  }

  /** Family names are non-empty printable ASCII without ':' (they appear in paths and "f:q"). */
  public static void checkFamily(byte[] family) {
    if (family == null || family.length == 0) {
      throw new IllegalArgumentException("column family name must not be empty");
    }
    for (int i = 0; i < family.length; i++) {
      int c = family[i] & 0xFF;
      if (c <= ' ' || c > '~' || c == ':' || c == '/' || (i == 0 && c == '.')) {
        throw new IllegalArgumentException("illegal column family name '"
            + Bytes.toStringBinary(family) + "': byte " + i
            + " must be printable, not ':' or '/', and the name may not start with '.'");
      }
    }
  }

  public static void checkValue(byte[] value, int maxValueSize) {
    if (value.length > maxValueSize) {
      throw new IllegalArgumentException("value is " + value.length
          + " bytes; the limit (value.max.size) is " + maxValueSize);
    }
  }
}
