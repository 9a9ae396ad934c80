package org.basaltdb.regionserver.scan;

import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/**
 * Cells in a list, sorted, as a {@link CellIterator} (forward and reversed), counting the seeks
 * it receives and telling whether it was closed.
 */
public final class ListCellIterator implements CellIterator {
  private final List<Cell> cells;
  private int pos;
  public boolean closed;
  public int seeks;

  public ListCellIterator(List<Cell> cells) {
    this.cells = new ArrayList<>(cells);
    this.cells.sort(CellComparator.INSTANCE);
    this.pos = this.cells.size();
  }

  @Override
  public void seek(Cell key) {
    seeks++;
    pos = 0;
    while (pos < cells.size() && CellComparator.INSTANCE.compare(cells.get(pos), key) < 0) {
      pos++;
    }
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) {
    int i = cells.size() - 1;
    while (i >= 0 && Bytes.compare(cells.get(i).row(), row) >= 0) {
      i--;
    }
    if (i < 0) {
      pos = cells.size();
      return false;
    }
    byte[] prev = cells.get(i).row();
    while (i > 0 && Bytes.equals(cells.get(i - 1).row(), prev)) {
      i--;
    }
    pos = i;
    return true;
  }

  @Override
  public boolean valid() {
    return pos < cells.size();
  }

  @Override
  public Cell cell() {
    return cells.get(pos);
  }

  @Override
  public void next() {
    pos++;
  }

  @Override
  public void close() {
    closed = true;
  }
}
