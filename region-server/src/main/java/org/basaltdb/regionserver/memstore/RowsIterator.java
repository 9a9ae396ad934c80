package org.basaltdb.regionserver.memstore;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/**
 * A {@link CellIterator} over a memstore's rows (see {@link RowCells} for their two shapes),
 * hiding cells above a read point.
 *
 * <p>An array row is read from the array the iterator found when it reached the row, so a row
 * updated meanwhile is seen whole as it was; cells added since have sequence ids above any read
 * point taken before they were added.
 */
final class RowsIterator implements CellIterator {
  private final NavigableMap<Cell, Object> rows;
  private final long readPoint;
  /** The rows after the current one. */
  private Iterator<Object> nextRows;
  /** The current row if it is an array, and the index of its next cell. */
  private Cell[] array;
  private int index;
  /** The current row if it is a skip list, and its remaining cells. */
  private NavigableSet<Cell> set;
  private Iterator<Cell> inSet;
  private Cell current;

  RowsIterator(NavigableMap<Cell, Object> rows, long readPoint) {
    this.rows = rows;
    this.readPoint = readPoint;
  }

  @Override
  public void seek(Cell key) {
    nextRows = rows.tailMap(key, true).values().iterator();
    array = null;
    set = null;
    inSet = null;
    if (nextRows.hasNext()) {
      enterRow(nextRows.next(), key);
    }
    advance();
  }

  /**
   * Within the current row, moves inside the row only: a get of a row whose columns have many
   * versions skips each column with a seek, and a new descent of the rows map for each (two
   * descents for a row past {@link RowCells}' array limit) was a quarter of a read-only load's
   * server time after an update-heavy one.
   */
  @Override
  public void seekForward(Cell key) {
    if (current != null && CellComparator.compareRows(current, key) == 0) {
      if (array != null) {
        index = RowCells.lowerBound(array, key, index - 1);
        advance();
        return;
      }
      if (set != null) {
        inSet = set.tailSet(key, true).iterator();
        advance();
        return;
      }
    }
    seek(key);
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) {
    Cell bound = Cell.firstOnRow(row);
    while (true) {
      Map.Entry<Cell, Object> before = rows.lowerEntry(bound);
      if (before == null) {
        current = null;
        return false;
      }
      nextRows = rows.tailMap(before.getKey(), false).values().iterator();
      enterRow(before.getValue(), null);
      current = nextVisibleInRow();
      if (current != null) {
        return true;
      }
      bound = before.getKey(); // every cell of that row is invisible: look further back
    }
  }

  /** Makes {@code row} the current row, positioned at its first cell {@code >= from} (or its first). */
  private void enterRow(Object row, Cell from) {
    if (!RowCells.isSet(row)) {
      array = RowCells.asArray(row);
      index = from == null ? 0 : RowCells.lowerBound(array, from, 0);
      set = null;
      inSet = null;
    } else {
      array = null;
      set = RowCells.asSet(row);
      inSet = from == null ? set.iterator() : set.tailSet(from, true).iterator();
    }
  }

  private Cell nextVisibleInRow() {
    if (array != null) {
      while (index < array.length) {
        Cell c = array[index++];
        if (c.sequenceId() <= readPoint) {
          return c;
        }
      }
    } else if (inSet != null) {
      while (inSet.hasNext()) {
        Cell c = inSet.next();
        if (c.sequenceId() <= readPoint) {
          return c;
        }
      }
    }
    return null;
  }

  private void advance() {
    while (true) {
      Cell c = nextVisibleInRow();
      if (c != null) {
        current = c;
        return;
      }
      if (nextRows == null || !nextRows.hasNext()) {
        current = null;
        return;
      }
      enterRow(nextRows.next(), null);
    }
  }

  @Override
  public boolean valid() {
    return current != null;
  }

  @Override
  public Cell cell() {
    return current;
  }

  @Override
  public void next() {
    advance();
  }

  @Override
  public void close() {
    current = null;
  }
}
