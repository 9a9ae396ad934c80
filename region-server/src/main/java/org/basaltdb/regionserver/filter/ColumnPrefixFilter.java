package org.basaltdb.regionserver.filter;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps the columns whose qualifier starts with a prefix. A qualifier before the prefix seeks to
 * the prefix's first column in the same family; one after it skips the rest of the family's row.
 */
public final class ColumnPrefixFilter extends Filter implements HintingFilter {
  private final byte[] prefix;

  public ColumnPrefixFilter(byte[] prefix) {
    this.prefix = prefix;
  }

  public byte[] prefix() {
    return prefix;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    byte[] q = c.qualifier();
    int n = Math.min(q.length, prefix.length);
    int cmp = Bytes.compare(q, 0, n, prefix, 0, n);
    if (cmp == 0 && q.length < prefix.length) {
      cmp = -1;
    }
    if (cmp < 0) {
      return ReturnCode.SEEK_NEXT_USING_HINT;
    }
    return cmp == 0 ? ReturnCode.INCLUDE : ReturnCode.NEXT_ROW;
  }

  @Override
  public Cell getNextCellHint(Cell current) {
    return Cell.firstOnColumn(current.row(), current.family(), prefix);
  }

  @Override
  public String toString() {
    return "ColumnPrefixFilter(" + FilterStrings.quoted(prefix) + ")";
  }
}
