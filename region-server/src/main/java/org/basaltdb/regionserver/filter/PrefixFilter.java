package org.basaltdb.regionserver.filter;

import java.util.Arrays;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps the rows whose key starts with a prefix.
 *
 * <p>Forward scans: a row before the prefix answers SEEK_NEXT_USING_HINT to the prefix's first
 * row, and the first row past the prefix ends the scan. Reversed scans: rows after the prefix are
 * skipped row by row (no hint) and the first row before it ends the scan. As in HBase 2.x.
 */
public final class PrefixFilter extends Filter {
  private final byte[] prefix;
  private boolean filterRow = true;
  private boolean provideHint;
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
    int n = Math.min(row.length, prefix.length);
    int cmp = Bytes.compare(row, 0, n, prefix, 0, n);
    if (cmp == 0 && row.length < prefix.length) {
      cmp = -1; // a proper prefix of the prefix sorts before every matching row
    }
    if ((!isReversed() && cmp > 0) || (isReversed() && cmp < 0)) {
      passedPrefix = true;
    }
    filterRow = cmp != 0;
    provideHint = !isReversed() && cmp < 0;
    // A row before the prefix is let through to filterCell, whose seek hint skips every row up to
    // the prefix at once (HBASE-28043); other rejected rows are skipped here.
    return filterRow && !provideHint;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (filterRow) {
      return provideHint ? ReturnCode.SEEK_NEXT_USING_HINT : ReturnCode.NEXT_ROW;
    }
    return ReturnCode.INCLUDE;
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
  public Cell getNextCellHint(Cell current) {
    return provideHint ? Cell.firstOnRow(Arrays.copyOf(prefix, prefix.length)) : null;
  }

  @Override
  public String toString() {
    return "PrefixFilter(" + FilterStrings.quoted(prefix) + ")";
  }
}
