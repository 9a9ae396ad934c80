package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;

/** Helpers that print filters in (approximately) the filter language, for logs and the shell. */
final class FilterStrings {
  private FilterStrings() {}

  /** Bytes as printable text, non-printables as {@code \xNN}, quotes doubled. */
  static String bytes(byte[] b) {
    return Bytes.toStringBinary(b).replace("'", "''");
  }

  /** Bytes as a quoted filter-language string argument. */
  static String quoted(byte[] b) {
    return "'" + bytes(b) + "'";
  }
}
