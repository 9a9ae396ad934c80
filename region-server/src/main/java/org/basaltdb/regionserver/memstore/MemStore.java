package org.basaltdb.regionserver.memstore;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/**
 * The in-memory, sorted buffer of one store's recent writes: an active skip list that takes
 * writes, and at most one immutable snapshot being flushed.
 *
 * <p>The skip list is keyed by row, and each row holds its cells together ({@link RowCells}):
 * writing a row of ten fields descends the skip list once, not ten times, and adds one entry.
 *
 * <p>Thread safety: {@link #add} and reads may run concurrently from any threads.
 * {@link #snapshot()} and {@link #clearSnapshot()} are called by the one flusher of the region
 * while writers are held off by the region's update lock. An iterator keeps reading the maps it
 * was opened on, even after a snapshot moves or is cleared, so a scan is never torn by a flush.
 *
 * <p>Versions no reader can see any more are dropped from a row while it is still here, once
 * a {@link VersionPruner} is set ({@link #setPruner}) and the row passes its threshold.
 *
 * <p>Once chunks are set ({@link #setChunks}), a row new to the active set has its values copied
 * into large shared arrays ({@link MemStoreChunks}) so that the collector does not copy them one
 * by one; a write to a row already held keeps its own arrays, which pruning can free (a chunk's
 * bytes are freed only with the whole chunk).
 *
 * <p>Visibility: iterators skip cells whose sequence id is above the read point they were given;
 * the region advances its read point only once a write is durable.
 */
public final class MemStore {
  private volatile NavigableMap<Cell, Object> active = newMap();
  private volatile NavigableMap<Cell, Object> snapshot = newMap();
  private final AtomicLong activeHeap = new AtomicLong();
  private final AtomicLong activeCells = new AtomicLong();
  private final AtomicLong activeMaxSeq = new AtomicLong();
  private volatile long snapshotHeap;
  private volatile long snapshotCells;
  private volatile long snapshotMaxSeq;
  private volatile VersionPruner pruner;
  private volatile MemStoreChunks chunks;

  /** Rows ordered by their row key alone; any cell of a row serves as its key. */
  private static NavigableMap<Cell, Object> newMap() {
    return new ConcurrentSkipListMap<>(CellComparator::compareRows);
  }

  /** From now on, rows that pass {@code p}'s threshold are pruned when written; null: never. */
  public void setPruner(VersionPruner p) {
    this.pruner = p;
  }

  /** From now on, rows new to the memstore keep their values in {@code c}; null: in their own. */
  public void setChunks(MemStoreChunks c) {
    this.chunks = c;
  }

  /**
   * Adds a cell; returns the heap bytes it added (0 if an identical key was already there). Heap
   * is estimated for the structure as held (see {@link RowCells}), not measured.
   */
  public long add(Cell c) {
    return addRow(new Cell[] {c});
  }

  /**
   * Adds cells of this store, in any order; the cells of one row are best kept together, since
   * each run of one row's cells is added in one step. A cell equal to one already present (or
   * earlier in {@code cells}) replaces it: equal keys share a sequence id, so both come from one
   * write, where the later cell wins as in HBase. Returns the heap bytes added, which is
   * negative when pruning the row freed more than the write added.
   */
  public long add(List<Cell> cells) {
    int n = cells.size();
    long added = 0;
    int start = 0;
    while (start < n) {
      Cell first = cells.get(start);
      int end = start + 1;
      while (end < n && CellComparator.compareRows(first, cells.get(end)) == 0) {
        end++;
      }
      added += addRow(cells.subList(start, end).toArray(new Cell[0]));
      start = end;
    }
    return added;
  }

  /** Adds cells of one row; takes over the array. */
  private long addRow(Cell[] cells) {
    Cell[] sorted = RowCells.sortedDistinct(cells);
    MemStoreChunks ch = chunks;
    Cell[] row = sorted;
    MemStoreChunks.Claim claim = null;
    if (ch != null) {
      row = sorted.clone();
      claim = ch.copy(row); // before knowing the row is new: see below
    }
    if (claim == null) {
      RowCells.ownValues(row);
    }
    long addedHeap = claim == null ? 0 : claim.charge();
    int addedCells;
    // A new row is one descent of the skip list; compute() would take two (find, then put).
    if (active.putIfAbsent(row[0], RowCells.newRow(row)) == null) {
      addedHeap += RowCells.newRowHeap(row);
      addedCells = row.length;
    } else {
      // The row is held: its cells may be pruned or replaced, which frees a cell's own arrays
      // but not its bytes in a chunk. So the chunk's space goes back, unless another write
      // claimed space after it (then the copies, already paid for, are kept).
      if (claim != null && ch.giveBack(claim)) {
        addedHeap = claim.chargeWhenGivenBack();
        row = sorted;
        ch.shareQualifiers(row);
        RowCells.ownValues(row);
      }
      RowCells.Upsert upsert = new RowCells.Upsert(row, pruner);
      active.compute(row[0], upsert);
      if (upsert.set != null) {
        upsert.addToSet();
      }
      addedHeap += upsert.addedHeap;
      addedCells = upsert.addedCells;
      if (upsert.newCells == 0) {
        activeHeap.addAndGet(addedHeap); // a replaced cell may change the row's size
        activeCells.addAndGet(addedCells);
        return addedHeap;
      }
    }
    // The write's row key, shared by its cells (and by the row's entry when the row is new).
    addedHeap += RowCells.arrayHeap(row[0].row().length);
    long maxSeq = 0;
    for (Cell c : row) {
      maxSeq = Math.max(maxSeq, c.sequenceId());
    }
    activeHeap.addAndGet(addedHeap);
    activeCells.addAndGet(addedCells);
    activeMaxSeq.accumulateAndGet(maxSeq, Math::max);
    return addedHeap;
  }

  /**
   * Takes back a cell whose write failed before it was acknowledged; it may have moved into the
   * snapshot meanwhile. Returns the heap bytes released: the cell's own, not its row's, which
   * stay charged until the flush.
   */
  public long remove(Cell c) {
    Cell removed = removeFrom(active, c);
    if (removed != null) {
      long heap = RowCells.freedHeap(removed);
      activeHeap.addAndGet(-heap);
      activeCells.decrementAndGet();
      return heap;
    }
    removed = removeFrom(snapshot, c);
    if (removed != null) {
      long heap = RowCells.freedHeap(removed);
      snapshotHeap -= heap;
      snapshotCells--;
      return heap;
    }
    return 0;
  }

  /** Takes the cell equal to {@code c} out of {@code rows}; returns it, or null if absent. */
  private static Cell removeFrom(NavigableMap<Cell, Object> rows, Cell c) {
    RowCells.Removal removal = new RowCells.Removal(c);
    rows.computeIfPresent(c, removal);
    if (removal.set != null) {
      removal.removeFromSet();
    }
    return removal.removed;
  }

  /**
   * Moves the active set to the snapshot and starts a fresh active set. REQUIRES: no snapshot
   * pending (the previous flush cleared it), and writers held off.
   */
  public Snapshot snapshot() {
    if (snapshotCells != 0) {
      throw new IllegalStateException("a memstore snapshot is already being flushed");
    }
    MemStoreChunks ch = chunks;
    if (ch != null) {
      ch.retire(); // the snapshot's chunks, charged to it, go with its flush
    }
    snapshot = active;
    snapshotHeap = activeHeap.get();
    snapshotCells = activeCells.get();
    snapshotMaxSeq = activeMaxSeq.get();
    active = newMap();
    activeHeap.set(0);
    activeCells.set(0);
    activeMaxSeq.set(0);
    return new Snapshot(snapshot, snapshotCells, snapshotHeap, snapshotMaxSeq);
  }

  /** Drops the snapshot once its SSTable is in place. */
  public void clearSnapshot() {
    snapshot = newMap();
    snapshotHeap = 0;
    snapshotCells = 0;
    snapshotMaxSeq = 0;
  }

  /** Heap held by the active set and the snapshot. */
  public long heapSize() {
    return activeHeap.get() + snapshotHeap;
  }

  public long activeHeapSize() {
    return activeHeap.get();
  }

  /** Cells held by the active set (after pruning). */
  public long activeCellCount() {
    return activeCells.get();
  }

  public boolean isEmpty() {
    return activeCells.get() == 0 && snapshotCells == 0;
  }

  /** Iterators over the active set and the snapshot, showing cells with sequence id ≤ readPoint. */
  public List<CellIterator> iterators(long readPoint) {
    List<CellIterator> its = new ArrayList<>(2);
    its.add(new RowsIterator(active, readPoint));
    NavigableMap<Cell, Object> snap = snapshot;
    if (!snap.isEmpty()) {
      its.add(new RowsIterator(snap, readPoint));
    }
    return its;
  }

  /** An immutable view of what one flush writes. */
  public record Snapshot(NavigableMap<Cell, Object> rows, long cellCount, long heapSize,
      long maxSequenceId) {
    public CellIterator iterator() {
      return new RowsIterator(rows, Long.MAX_VALUE);
    }

    public boolean isEmpty() {
      return cellCount == 0;
    }
  }
}
