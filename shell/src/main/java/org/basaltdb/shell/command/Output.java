package org.basaltdb.shell.command;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/** The HBase shell's output forms, in one place. */
final class Output {
  /** Width of the left column ({@code ROW}, {@code COLUMN}) before the cell text. */
  static final int LEFT = 32;

  private Output() {}

  /** {@code ROW                             COLUMN+CELL}. */
  static String header(String left, String right) {
    return pad(left, LEFT) + right;
  }

  /** A left cell indented by one space, padded, then the right text. */
  static String line(String left, String right) {
    return pad(" " + left, LEFT) + right;
  }

  private static String pad(String s, int width) {
    if (s.length() >= width) {
      return s + " ";
    }
    return s + " ".repeat(width - s.length());
  }

  static String column(Cell c) {
    return Bytes.toStringBinary(c.family()) + ":" + Bytes.toStringBinary(c.qualifier());
  }

  /** {@code timestamp=..., value=...}, with the marker type for deletes in raw scans. */
  static String cell(Cell c) {
    String s = "timestamp=" + c.timestamp();
    if (c.isDelete()) {
      return s + ", type=" + typeName(c.type());
    }
    return s + ", value=" + Bytes.toStringBinary(c.value());
  }

  private static String typeName(Cell.Type t) {
    return switch (t) {
      case DELETE -> "Delete";
      case DELETE_COLUMN -> "DeleteColumn";
      case DELETE_FAMILY -> "DeleteFamily";
      case DELETE_FAMILY_VERSION -> "DeleteFamilyVersion";
      default -> t.name();
    };
  }

  static String rows(long n) {
    return n + " row(s)";
  }
}
