package org.basaltdb.regionserver.memstore;

import java.util.Iterator;
import java.util.NavigableSet;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;

/** A {@link CellIterator} over a sorted set of cells, hiding cells above a read point. */
final class SetIterator implements CellIterator {
  private final NavigableSet<Cell> set;
  private final long readPoint;
  private Iterator<Cell> it;
  private Cell current;

  SetIterator(NavigableSet<Cell> set, long readPoint) {
    this.set = set;
    this.readPoint = readPoint;
  }

  @Override
  public void seek(Cell key) {
    it = set.tailSet(key, true).iterator();
    advance();
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) {
    byte[] bound = row;
    while (true) {
      Cell before = set.lower(Cell.firstOnRow(bound));
      if (before == null) {
        current = null;
        return false;
      }
      byte[] candidate = before.row();
      seek(Cell.firstOnRow(candidate));
      if (current != null && current.sameRow(before)) {
        return true;
      }
      bound = candidate; // every cell of that row is invisible: look further back
    }
  }

  private void advance() {
    while (it.hasNext()) {
      Cell c = it.next();
      if (c.sequenceId() <= readPoint) {
        current = c;
        return;
      }
    }
    current = null;
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
