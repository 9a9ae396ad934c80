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
 * <p>HBase quirk, kept on purpose (docs/hbase-compatibility.md): a qualifier is tested against
 * one prefix only, the greatest prefix not after it. A prefix covered by a shorter one ({@code aa}
 * under {@code a}) therefore hides the shorter one's later columns: with prefixes {@code a, aa}
 * the column {@code ab} sorts after {@code aa}, does not start with it, and is skipped (with the
 * rest of the family's row, as {@code aa} is the last prefix), although it starts with {@code a}.
 */
public final class MultipleColumnPrefixFilter extends Filter implements HintingFilter {
  private final List<byte[]> prefixes;
  private final TreeSet<byte[]> sorted = new TreeSet<>(Bytes.COMPARATOR);
  private byte[] hint;

  public MultipleColumnPrefixFilter(List<byte[]> prefixes) {
    this.prefixes = new ArrayList<>(prefixes);
    for (byte[] p : prefixes) {
      if (!sorted.add(p)) { // HBase 2.6 refuses a repeated prefix too
        throw new IllegalArgumentException("MultipleColumnPrefixFilter: prefixes must be "
            + "distinct, '" + Bytes.toStringBinary(p) + "' is given twice");
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
    // The greatest prefix not after q does not match: q is past its range, so the next prefix
    // is the next place a column can match (HBase never tries a shorter prefix here).
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
