package org.basaltdb.regionserver.filter;

import java.io.IOException;
import java.util.Objects;
import org.basaltdb.common.Cell;

/**
 * Drops a whole row as soon as the wrapped filter answers anything but INCLUDE for one of its
 * cells ({@code SKIP} in the filter language). Typically wraps a ValueFilter: "rows none of
 * whose values are 0".
 *
 * <p>As HBase 2.6's SkipFilter (users' code depends on it, so its quirks are kept): the wrapped
 * filter is never asked filterRowKey, filterRowCells or filterRow, and is not told the scan is
 * reversed. So {@code SKIP PrefixFilter('x')} passes no row, and
 * {@code SKIP SingleColumnValueExcludeFilter(...)} neither drops rows nor removes its column.
 */
public final class SkipFilter extends Filter {
  private final Filter filter;
  private boolean filterRow;

  public SkipFilter(Filter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  public Filter filter() {
    return filter;
  }

  @Override
  public void reset() throws IOException {
    filter.reset();
    filterRow = false;
  }

  @Override
  public ReturnCode filterCell(Cell c) throws IOException {
    ReturnCode rc = filter.filterCell(c);
    filterRow |= rc != ReturnCode.INCLUDE;
    return rc;
  }

  @Override
  public Cell transformCell(Cell c) throws IOException {
    return filter.transformCell(c);
  }


  @Override
  public boolean filterRow() {
    return filterRow;
  }

  @Override
  public boolean hasFilterRow() {
    return true;
  }

  @Override
  public boolean isFamilyEssential(byte[] family) throws IOException {
    return filter.isFamilyEssential(family);
  }

  @Override
  public String toString() {
    return "SKIP " + filter;
  }
}
