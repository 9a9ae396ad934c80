package org.basaltdb.regionserver.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;

/**
 * Combines filters with AND ({@link Operator#MUST_PASS_ALL}) or OR
 * ({@link Operator#MUST_PASS_ONE}), with HBase 2.x's semantics:
 *
 * <ul>
 *   <li>filterCell: answers are merged by {@link ReturnCodes} (AND: the larger step; OR: the
 *       smaller). AND stops asking once the merged answer excludes the cell, so later filters'
 *       counters (PageFilter, ColumnPaginationFilter) only see cells that could still pass,
 *       except the {@link HintingFilter}s after it: if one of them asks for a seek, AND seeks.
 *       A sub-filter whose filterAllRemaining is true makes AND answer NEXT_ROW (or seek, as
 *       before) and is left out of OR.</li>
 *   <li>OR remembers each sub-filter's last answer: a sub-filter that said NEXT_COL is not asked
 *       again about the same column, NEXT_ROW the same family, SEEK cells before its hint (the
 *       list as a whole may have moved on less far).</li>
 *   <li>Hints: AND seeks to the furthest hint of the sub-filters that asked for a seek; OR to
 *       the nearest, and only when all of them gave one.</li>
 *   <li>filterRowKey, filterRow: AND rejects if any rejects, OR if all reject; but AND lets a
 *       row through filterRowKey when a {@link HintingFilter} passed it (filterCell and
 *       filterRow then reject it), and rejects at once on a done sub-filter. Otherwise every
 *       live sub-filter is always asked for filterRowKey, because some track rows there.</li>
 *   <li>filterAllRemaining: AND if any, OR if all. hasFilterRow and isFamilyEssential: if any.
 *       filterRowCells: each in turn. transformCell: each sub-filter that included the cell,
 *       in list order.</li>
 * </ul>
 * An empty list passes everything.
 */
public final class FilterList extends Filter {
  /** How the sub-filters' verdicts combine. */
  public enum Operator {
    /** AND. */
    MUST_PASS_ALL,
    /** OR. */
    MUST_PASS_ONE
  }

  private final Operator operator;
  private final List<Filter> filters = new ArrayList<>();
  /** Per sub-filter: did it include the cell last offered to filterCell. */
  private final List<Boolean> included = new ArrayList<>();
  /** OR only, per sub-filter: its last answer and its cell (null after INCLUDE or SKIP). */
  private final List<ReturnCode> prevCodes = new ArrayList<>();
  private final List<Cell> prevCells = new ArrayList<>();
  /** AND only: the sub-filters that asked for a seek on the last cell. */
  private final List<Filter> seekHintFilters = new ArrayList<>();

  public FilterList(Operator operator, List<Filter> filters) {
    this.operator = Objects.requireNonNull(operator, "operator");
    for (Filter f : filters) {
      addFilter(f);
    }
  }

  public FilterList(Operator operator, Filter... filters) {
    this(operator, Arrays.asList(filters));
  }

  public Operator operator() {
    return operator;
  }

  public List<Filter> filters() {
    return Collections.unmodifiableList(filters);
  }

  public void addFilter(Filter filter) {
    Objects.requireNonNull(filter, "filter").setReversed(isReversed());
    filters.add(filter);
    included.add(false);
    prevCodes.add(null);
    prevCells.add(null);
  }

  private boolean isAnd() {
    return operator == Operator.MUST_PASS_ALL;
  }

  /**
   * Cell order as HBase's FilterListBase.compareCell has it: the whole comparison negated in a
   * reversed scan. HBase quirk, kept on purpose: cells within a row still come forwards in a
   * reversed scan, so after a sub-filter's column hint the later cells of the row count as
   * before the hint and are skipped unseen (an OR list with ColumnPrefixFilter('c') drops a
   * row's t:c after g:a; docs/hbase-compatibility.md).
   */
  private int compareCells(Cell a, Cell b) {
    int cmp = CellComparator.INSTANCE.compare(a, b);
    return isReversed() ? -cmp : cmp;
  }

  @Override
  public void reset() throws IOException {
    for (int i = 0; i < filters.size(); i++) {
      filters.get(i).reset();
      included.set(i, false);
      prevCodes.set(i, null);
      prevCells.set(i, null);
    }
    seekHintFilters.clear();
  }

  @Override
  public boolean filterRowKey(Cell firstRowCell) throws IOException {
    if (filters.isEmpty()) {
      return false;
    }
    if (isAnd()) {
      // As HBase 2.6: a done sub-filter rejects at once; otherwise a row one sub-filter rejects
      // still goes on to filterCell when a hinting filter let it through, so that its hints
      // can be used (the rejecting filters answer NEXT_ROW there, and filterRow rejects).
      boolean anyRejects = false;
      boolean hintingPassed = false;
      for (Filter f : filters) {
        if (f.filterAllRemaining()) {
          return true;
        }
        if (f.filterRowKey(firstRowCell)) {
          anyRejects = true;
        } else if (f instanceof HintingFilter) {
          hintingPassed = true;
        }
      }
      return anyRejects && !hintingPassed;
    }
    boolean allReject = true;
    for (Filter f : filters) {
      boolean rejects = f.filterAllRemaining() || f.filterRowKey(firstRowCell);
      allReject &= rejects;
    }
    return allReject;
  }

  @Override
  public boolean filterAllRemaining() throws IOException {
    if (filters.isEmpty()) {
      return false;
    }
    for (Filter f : filters) {
      if (f.filterAllRemaining() == isAnd()) {
        return isAnd(); // AND: one is done; OR: one is still live
      }
    }
    return !isAnd();
  }

  @Override
  public ReturnCode filterCell(Cell c) throws IOException {
    if (filters.isEmpty()) {
      return ReturnCode.INCLUDE;
    }
    return isAnd() ? filterCellAnd(c) : filterCellOr(c);
  }

  private ReturnCode filterCellAnd(Cell c) throws IOException {
    ReturnCode rc = ReturnCode.INCLUDE;
    seekHintFilters.clear();
    for (int i = 0; i < filters.size(); i++) {
      included.set(i, false);
    }
    for (int i = 0; i < filters.size(); i++) {
      Filter f = filters.get(i);
      if (f.filterAllRemaining()) {
        askHintingFilters(c, i + 1);
        return seekHintFilters.isEmpty() ? ReturnCode.NEXT_ROW : ReturnCode.SEEK_NEXT_USING_HINT;
      }
      ReturnCode local = f.filterCell(c);
      if (local == ReturnCode.SEEK_NEXT_USING_HINT) {
        seekHintFilters.add(f);
      }
      included.set(i, ReturnCodes.isInclude(local));
      rc = ReturnCodes.and(rc, local);
      if (!ReturnCodes.isInclude(rc)) {
        askHintingFilters(c, i + 1);
        return seekHintFilters.isEmpty() ? rc : ReturnCode.SEEK_NEXT_USING_HINT;
      }
    }
    return rc;
  }

  /**
   * Once AND has excluded a cell, HBase 2.6 still asks the hinting filters after the one that
   * decided ({@link HintingFilter}), and seeks if any of them wants to: so
   * {@code ColumnPaginationFilter(3, 2) AND ColumnPrefixFilter('c')} seeks past {@code f:ab} to
   * {@code f:c} although the pagination filter said NEXT_COL, and the pagination filter never
   * counts {@code f:ab}.
   */
  private void askHintingFilters(Cell c, int from) throws IOException {
    for (int i = from; i < filters.size(); i++) {
      Filter f = filters.get(i);
      if (f instanceof HintingFilter && f.filterCell(c) == ReturnCode.SEEK_NEXT_USING_HINT) {
        seekHintFilters.add(f);
      }
    }
  }

  private ReturnCode filterCellOr(Cell c) throws IOException {
    ReturnCode rc = null;
    for (int i = 0; i < filters.size(); i++) {
      Filter f = filters.get(i);
      included.set(i, false);
      if (f.filterAllRemaining()) {
        continue;
      }
      ReturnCode local = answerFromPrevious(f, c, prevCells.get(i), prevCodes.get(i));
      if (local == null) {
        local = f.filterCell(c);
      }
      prevCodes.set(i, local);
      prevCells.set(i, local == ReturnCode.INCLUDE || local == ReturnCode.SKIP ? null : c);
      rc = rc == null ? local : ReturnCodes.or(rc, local);
      included.set(i, ReturnCodes.isInclude(local));
    }
    return rc == null ? ReturnCode.SKIP : rc;
  }

  /**
   * OR only: the answer a sub-filter already gave for {@code c} by its last answer, or null if it
   * must be asked. Rows need no check: reset() clears the memory between rows.
   */
  private ReturnCode answerFromPrevious(Filter f, Cell c, Cell prevCell, ReturnCode prevCode)
      throws IOException {
    if (prevCell == null || prevCode == null) {
      return null;
    }
    switch (prevCode) {
      case SEEK_NEXT_USING_HINT:
        Cell hint = f.getNextCellHint(prevCell);
        return hint != null && compareCells(c, hint) < 0 ? ReturnCode.SEEK_NEXT_USING_HINT : null;
      case NEXT_COL:
      case INCLUDE_AND_NEXT_COL:
        return c.sameColumn(prevCell) ? ReturnCode.NEXT_COL : null;
      case NEXT_ROW:
      case INCLUDE_AND_SEEK_NEXT_ROW:
        return Bytes.equals(c.family(), prevCell.family()) ? ReturnCode.NEXT_ROW : null;
      default:
        return null;
    }
  }

  @Override
  public Cell transformCell(Cell c) throws IOException {
    Cell out = c;
    for (int i = 0; i < filters.size(); i++) {
      if (included.get(i)) {
        out = filters.get(i).transformCell(out);
      }
    }
    return out;
  }

  @Override
  public void filterRowCells(List<Cell> cells) throws IOException {
    for (Filter f : filters) {
      f.filterRowCells(cells);
    }
  }

  @Override
  public boolean filterRow() throws IOException {
    if (filters.isEmpty()) {
      return false;
    }
    for (Filter f : filters) {
      if (f.filterRow() == isAnd()) {
        return isAnd(); // AND: one rejects; OR: one keeps
      }
    }
    return !isAnd();
  }

  @Override
  public boolean hasFilterRow() {
    for (Filter f : filters) {
      if (f.hasFilterRow()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Cell getNextCellHint(Cell current) throws IOException {
    if (filters.isEmpty()) {
      return null;
    }
    Cell best = null;
    if (isAnd()) {
      for (Filter f : seekHintFilters) {
        if (f.filterAllRemaining()) {
          continue;
        }
        Cell hint = f.getNextCellHint(current);
        if (best == null || (hint != null && compareCells(best, hint) < 0)) {
          best = hint;
        }
      }
      return best;
    }
    for (Filter f : filters) {
      if (f.filterAllRemaining()) {
        continue;
      }
      Cell hint = f.getNextCellHint(current);
      if (hint == null) {
        return null; // one sub-filter cannot seek: neither can the list
      }
      if (best == null || compareCells(best, hint) > 0) {
        best = hint;
      }
    }
    return best;
  }

  @Override
  public boolean isFamilyEssential(byte[] family) throws IOException {
    if (filters.isEmpty()) {
      return true;
    }
    for (Filter f : filters) {
      if (f.isFamilyEssential(family)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void setReversed(boolean reversed) {
    super.setReversed(reversed);
    for (Filter f : filters) {
      f.setReversed(reversed);
    }
  }

  /** The filter-language form, e.g. {@code (A AND B)}; an empty list prints as FilterList(AND). */
  @Override
  public String toString() {
    String word = isAnd() ? "AND" : "OR";
    if (filters.isEmpty()) {
      return "FilterList(" + word + ")";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < filters.size(); i++) {
      sb.append(i == 0 ? "" : " " + word + " ").append(filters.get(i));
    }
    return sb.append(')').toString();
  }
}
