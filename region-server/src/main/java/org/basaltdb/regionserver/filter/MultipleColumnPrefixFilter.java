package org.basaltdb.regionserver.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps the columns whose qualifier starts with any of several prefixes, seeking from one prefix
 * range to the next.
 *
 * <p>Prefixes covered by a shorter one in the set ({@code ab} under {@code a}) are dropped at
 * construction, so at most one prefix can match a qualifier: the greatest one not after it.
 * (HBase keeps them and can then wrongly skip {@code abd} with prefixes {@code ab, abc}.)
 */
public final class MultipleColumnPrefixFilter extends Filter {
  private final List<byte[]> prefixes;
  private final TreeSet<byte[]> sorted = new TreeSet<>(Bytes.COMPARATOR);
  private byte[] hint;

  public MultipleColumnPrefixFilter(List<byte[]> prefixes) {
    this.prefixes = new ArrayList<>(prefixes);
    TreeSet<byte[]> all = new TreeSet<>(Bytes.COMPARATOR);
    for (byte[] p : prefixes) {
      if (!all.add(p)) { // HBase 2.6 refuses a repeated prefix too
        throw new IllegalArgumentException("MultipleColumnPrefixFilter: prefixes must be "
            + "distinct, '" + Bytes.toStringBinary(p) + "' is given twice");
      }
    }
    byte[] last = null;
    for (byte[] p : all) {
      if (last == null || !Bytes.startsWith(p, last)) {
        sorted.add(p);
        last = p;
      }
    }
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (sorted.isEmpty()) {
      return ReturnCode.INCLUDE;
    }
    byte[] q = c.qualifier();
    byte[] floor = sorted.floor(q);
    if (floor != null && Bytes.startsWith(q, floor)) {
      return ReturnCode.INCLUDE;
    }
    byte[] next = floor == null ? sorted.first() : sorted.higher(floor);
    if (next == null) {
      return ReturnCode.NEXT_ROW;
    }
    hint = next;
    return ReturnCode.SEEK_NEXT_USING_HINT;
  }

  @Override
  public Cell getNextCellHint(Cell current) {
    return hint == null ? null : Cell.firstOnColumn(current.row(), current.family(), hint);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("MultipleColumnPrefixFilter(");
    for (int i = 0; i < prefixes.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(FilterStrings.quoted(prefixes.get(i)));
    }
    return sb.append(')').toString();
  }
}
