package org.basaltdb.common;

import java.util.Comparator;

/**
 * The one order of cells: row ↑, family ↑, qualifier ↑, timestamp ↓, type code ↓ (so delete
 * markers come before puts at an equal timestamp, and the search-only {@code MAXIMUM} type
 * before everything), sequence id ↓ (the newer write of two equal keys first).
 *
 * <p>The value is not part of the key.
 */
public final class CellComparator implements Comparator<Cell> {
  public static final CellComparator INSTANCE = new CellComparator();

  private CellComparator() {}

  @Override
  public int compare(Cell a, Cell b) {
    int c = compareColumns(a, b);
    if (c != 0) {
      return c;
    }
    return compareVersions(a, b);
  }

  /** Compares row, family and qualifier only. */
  public static int compareColumns(Cell a, Cell b) {
    int c = compareRows(a, b);
    if (c != 0) {
      return c;
    }
    c = a.family() == b.family() ? 0 : Bytes.compare(a.family(), b.family());
    if (c != 0) {
      return c;
    }
    return Bytes.compare(a.qualifier(), b.qualifier());
  }

  /** Compares timestamp ↓, type ↓, sequence id ↓ of two cells in the same column. */
  public static int compareVersions(Cell a, Cell b) {
    int c = Long.compare(b.timestamp(), a.timestamp());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(b.type().code, a.type().code);
    if (c != 0) {
      return c;
    }
    return Long.compare(b.sequenceId(), a.sequenceId());
  }

  /** Compares rows: by their 8-byte prefixes, then the next 8 bytes, else byte by byte. */
  public static int compareRows(Cell a, Cell b) {
    if (a.row() == b.row()) {
      return 0;
    }
    long pa = a.rowPrefix();
    long pb = b.rowPrefix();
    if (pa != pb) {
      return Long.compareUnsigned(pa, pb);
    }
    pa = a.rowPrefix2();
    pb = b.rowPrefix2();
    if (pa != pb) {
      return Long.compareUnsigned(pa, pb);
    }
    return Bytes.compare(a.row(), b.row());
  }

  /** Compares everything but the sequence id: true duplicates of one write compare equal. */
  public static int compareWithoutSequence(Cell a, Cell b) {
    int c = compareColumns(a, b);
    if (c != 0) {
      return c;
    }
    c = Long.compare(b.timestamp(), a.timestamp());
    if (c != 0) {
      return c;
    }
    return Integer.compare(b.type().code, a.type().code);
  }
}
