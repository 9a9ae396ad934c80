package org.basaltdb.regionserver.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/**
 * Merges sorted iterators into one sorted stream (a binary heap of children keyed by their
 * current cell). Equal keys from different children come out one after another; the children's
 * order among equals is unspecified, which is fine because sequence ids make keys unique.
 */
public final class MergingIterator implements CellIterator {
  /**
   * Cells a child steps over in {@link #seekForward} before it seeks instead. The row scanner has
   * already stepped over a few cells before it asks for a seek, so the key is rarely one step
   * away.
   */
  private static final int STEPS_BEFORE_SEEK = 1;

  private final List<CellIterator> children;
  private final PriorityQueue<CellIterator> heap;
  private CellIterator current;
  /** Scratch for {@link #seekForward}: the children it moves. */
  private final List<CellIterator> behind = new ArrayList<>();

  public MergingIterator(List<CellIterator> children) {
    this.children = new ArrayList<>(children);
    this.heap = new PriorityQueue<>(Math.max(1, children.size()),
        (a, b) -> CellComparator.INSTANCE.compare(a.cell(), b.cell()));
  }

  @Override
  public void seek(Cell key) throws IOException {
    heap.clear();
    for (CellIterator c : children) {
      c.seek(key);
      if (c.valid()) {
        heap.add(c);
      }
    }
    current = heap.poll();
  }

  /**
   * Re-seeks only the children whose cell is before {@code key}; the others already sit at or past
   * it. A get of a row whose columns have many versions in the memstore skips each column with a
   * seek, and before this every such skip also re-seeked every SSTable of the store.
   */
  @Override
  public void seekForward(Cell key) throws IOException {
    if (current == null || CellComparator.INSTANCE.compare(current.cell(), key) >= 0) {
      return;
    }
    behind.clear();
    behind.add(current);
    while (!heap.isEmpty() && CellComparator.INSTANCE.compare(heap.peek().cell(), key) < 0) {
      behind.add(heap.poll());
    }
    for (CellIterator c : behind) {
      // The key is often a step or two ahead (the next column of a file holding one version per
      // column): stepping avoids the index and cache look-ups of a seek.
      int steps = 0;
      while (c.valid() && CellComparator.INSTANCE.compare(c.cell(), key) < 0) {
        if (steps++ == STEPS_BEFORE_SEEK) {
          c.seekForward(key);
          break;
        }
        c.next();
      }
      if (c.valid()) {
        heap.add(c);
      }
    }
    behind.clear();
    current = heap.poll();
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) throws IOException {
    byte[] best = null;
    for (CellIterator c : children) {
      if (c.seekToPreviousRow(row) && (best == null || Bytes.compare(c.cell().row(), best) > 0)) {
        best = c.cell().row();
      }
    }
    if (best == null) {
      heap.clear();
      current = null;
      return false;
    }
    seek(Cell.firstOnRow(best));
    return true;
  }

  @Override
  public boolean valid() {
    return current != null;
  }

  @Override
  public Cell cell() {
    return current.cell();
  }

  @Override
  public void next() throws IOException {
    current.next();
    if (!current.valid()) {
      current = heap.poll();
      return;
    }
    // Most steps stay in the same child: touch the heap only when another child is now smaller.
    CellIterator top = heap.peek();
    if (top != null && CellComparator.INSTANCE.compare(current.cell(), top.cell()) > 0) {
      heap.add(current);
      current = heap.poll();
    }
  }

  @Override
  public void close() {
    for (CellIterator c : children) {
      c.close();
    }
    heap.clear();
    current = null;
  }
}
