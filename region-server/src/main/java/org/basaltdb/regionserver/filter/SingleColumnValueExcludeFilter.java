package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.util.List;
import org.basaltdb.common.Cell;

/**
 * A {@link SingleColumnValueFilter} that leaves the tested column out of the rows it keeps.
 */
public final class SingleColumnValueExcludeFilter extends SingleColumnValueFilter {
  public SingleColumnValueExcludeFilter(byte[] family, byte[] qualifier, CompareOperator op,
      ByteArrayComparable comparator) {
    super(family, qualifier, op, comparator);
  }

  public SingleColumnValueExcludeFilter(byte[] family, byte[] qualifier, CompareOperator op,
      ByteArrayComparable comparator, boolean filterIfMissing, boolean latestVersionOnly) {
    super(family, qualifier, op, comparator, filterIfMissing, latestVersionOnly);
  }

  @Override
  public void filterRowCells(List<Cell> cells) {
    cells.removeIf(this::isTestedColumn);
  }
}
