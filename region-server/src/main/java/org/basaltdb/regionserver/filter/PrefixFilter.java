package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps the rows whose key starts with a prefix, decided in filterRowKey; the first row past the
 * prefix (in the scan's direction) ends the scan. As in HBase 2.6.1, which gives no seek hint
 * (HBASE-28043, a later HBase, lets rows before the prefix through to a hint in filterCell; a
 * {@code WHILE} then behaves differently, docs/hbase-compatibility.md). A row key shorter than
 * the prefix is rejected without further ado, as HBase 2.6.1 does.
 */
public final class PrefixFilter extends Filter {
  private final byte[] prefix;
  private boolean filterRow = true;
  private boolean passedPrefix;

  public PrefixFilter(byte[] prefix) {
    this.prefix = prefix;
  }

  public byte[] prefix() {
    return prefix;
  }

  @Override
  public void reset() {
    filterRow = true;
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) {
    if (passedPrefix) {
      return true;
    }
    byte[] row = firstRowCell.row();
    if (row.length < prefix.length) {
      return true;
    }
    int cmp = Bytes.compare(row, 0, prefix.length, prefix, 0, prefix.length);
    if ((!isReversed() && cmp > 0) || (isReversed() && cmp < 0)) {
      passedPrefix = true;
    }
    filterRow = cmp != 0;
    return filterRow;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    return filterRow ? ReturnCode.NEXT_ROW : ReturnCode.INCLUDE;
  }

  /** Repeats the row-key verdict, for FilterLists with a row-level member (as RowFilter). */
  @Override
  public boolean filterRow() {
    return filterRow;
  }

  @Override
  public boolean filterAllRemaining() {
    return passedPrefix;
  }

  @Override
  public String toString() {
    return "PrefixFilter(" + FilterStrings.quoted(prefix) + ")";
  }
}
