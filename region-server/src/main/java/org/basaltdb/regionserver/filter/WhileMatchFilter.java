package org.basaltdb.regionserver.filter;

import java.io.IOException;
import java.util.Objects;
import org.basaltdb.common.Cell;

/**
 * Ends the whole scan the first time the wrapped filter rejects something: a row key, a cell
 * (any answer but INCLUDE), or a row ({@code WHILE} in the filter language). The row on which
 * that happens is still finished: its cells included so far are returned unless the wrapped
 * filter's {@link #filterRow()} drops it.
 *
 * <p>As HBase 2.6's WhileMatchFilter: the wrapped filter is never asked filterRowCells (so a
 * wrapped SingleColumnValueExcludeFilter keeps its column) and is not told the scan is reversed
 * (so {@code WHILE PrefixFilter('x')} in a reversed scan that starts after the prefix ends at
 * once).
 */
public final class WhileMatchFilter extends Filter {
  private final Filter filter;
  private boolean filterAllRemaining;

  public WhileMatchFilter(Filter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  public Filter filter() {
    return filter;
  }

  @Override
  public void reset() throws IOException {
    filter.reset();
  }

  @Override
  public boolean filterAllRemaining() throws IOException {
    return filterAllRemaining || filter.filterAllRemaining();
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) throws IOException {
    if (filterAllRemaining()) {
      return true;
    }
    boolean filtered = filter.filterRowKey(firstRowCell);
    filterAllRemaining |= filtered;
    return filtered;
  }

  @Override
  public ReturnCode filterCell(Cell c) throws IOException {
    ReturnCode rc = filter.filterCell(c);
    filterAllRemaining |= rc != ReturnCode.INCLUDE;
    return rc;
  }

  @Override
  public Cell transformCell(Cell c) throws IOException {
    return filter.transformCell(c);
  }


  @Override
  public boolean filterRow() throws IOException {
    boolean filtered = filter.filterRow();
    filterAllRemaining |= filtered;
    return filtered;
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
    return "WHILE " + filter;
  }
}
