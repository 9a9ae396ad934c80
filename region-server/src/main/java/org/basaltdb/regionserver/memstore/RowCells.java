package org.basaltdb.regionserver.memstore;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;

/**
 * The cells of one row in a memstore, and the updates that replace or grow them.
 *
 * <p>A row is held as one of three shapes, all in {@link CellComparator} order with no two cells
 * comparing equal:
 * <ul>
 *   <li>a lone {@link Cell}, for a row of one cell (no array to allocate and keep);
 *   <li>a {@code Cell[]} that is never changed once published: an update builds a merged copy
 *       and swaps it in. Most rows are this: a row of ten fields costs one skip-list entry, not
 *       ten, and a reader holding the old array sees a consistent row.
 *   <li>a {@link ConcurrentSkipListSet}, once a row holds more than {@link #ARRAY_LIMIT} cells
 *       (a hot row updated many times between flushes): copying its whole array on every update
 *       would cost time quadratic in its versions.
 * </ul>
 *
 * <p>A write that takes a row past the {@link VersionPruner}'s threshold also drops the versions
 * of the row no reader can see any more: an array row as part of the same merge, a skip-list row
 * (in place) each time as many cells were added to it as it held after its last pruning, so the
 * work stays proportional to the writes.
 *
 * <p>Thread safety: {@link Upsert} and {@link Removal} are applied by
 * {@code ConcurrentSkipListMap.compute}, which may call them more than once for one update when
 * writers race on a row; they are pure on arrays, and what they report describes their last
 * application, the one that was installed. Set rows are changed outside {@code compute}.
 */
final class RowCells {
  /**
   * Above this many cells a row becomes a skip list. Chosen, not tuned: a ten-field row can take
   * a few versions of every field as an array, while a copy per write stays a few hundred bytes.
   */
  static final int ARRAY_LIMIT = 64;

  /*
   * Heap accounting, in bytes, for a JVM with compressed references (the default below 32 GiB
   * of heap). Measured: 200k ten-field YCSB rows held 221 B per cell and are charged 220; 1M
   * one-cell rows (8-byte keys, 100-byte values) held 268 B per cell and are charged 282. With
   * chunks, 50k ten-field rows held ~185 B per cell (a class histogram) and are charged ~200: a
   * shared qualifier is still charged.
   */
  /** A Cell object: header, two row-prefix longs, timestamp, sequence id, five references. */
  private static final long CELL_OBJECT = 64;
  /** A cell whose value lies in a chunk: a Cell object and the value's offset and length. */
  private static final long CHUNK_CELL_OBJECT = CELL_OBJECT + 8;
  /** A row entry: its skip-list node, its share of index nodes, its array's header. */
  static final long ROW_ENTRY = 24 + 8 + 16;
  /** A cell of a row held as a skip list: its node and share of index nodes. */
  private static final long SET_NODE = 32;

  private RowCells() {}

  /** The bytes a byte array of {@code length} takes: 16-byte header, 8-byte alignment. */
  static long arrayHeap(int length) {
    return (16L + length + 7) & ~7L;
  }

  /**
   * What a cell adds to a row: the object, its slot in the row's array, its qualifier and value
   * (for a value in a chunk, its bytes there). The family array is the store's, shared by every
   * cell; the row array is charged once per write of the row ({@link MemStore}); a qualifier is
   * charged even when shared ({@link MemStoreChunks#qualifier}), erring high.
   */
  static long cellHeap(Cell c) {
    return inChunk(c)
        ? CHUNK_CELL_OBJECT + 4 + arrayHeap(c.qualifier().length) + c.valueLength()
        : CELL_OBJECT + 4 + arrayHeap(c.qualifier().length) + arrayHeap(c.valueLength());
  }

  /**
   * What dropping a cell from a row frees: all of {@link #cellHeap} but a chunk's bytes, which
   * stay until the whole chunk dies (after the flush).
   */
  static long freedHeap(Cell c) {
    return inChunk(c) ? cellHeap(c) - c.valueLength() : cellHeap(c);
  }

  /**
   * Whether a memstore cell's value lies in a chunk ({@link MemStoreChunks}): in a memstore, the
   * only cells whose value is a slice of a larger array are those (see {@link MemStore#add}).
   */
  static boolean inChunk(Cell c) {
    return c.valueLength() != c.valueArray().length;
  }

  /**
   * Gives each cell whose value is a slice of a larger array (a block's, say) an array of its
   * own, in place: a memstore keeps cells for long, and a slice would keep its whole array.
   */
  static void ownValues(Cell[] cells) {
    for (int i = 0; i < cells.length; i++) {
      if (inChunk(cells[i])) {
        cells[i] = cells[i].withValue(cells[i].value());
      }
    }
  }

  /** The value that holds a new row of sorted, distinct cells: the lone cell, or the array. */
  static Object newRow(Cell[] sorted) {
    return sorted.length == 1 ? sorted[0] : sorted;
  }

  /** What a new row of sorted, distinct cells charges, its row key array aside. */
  static long newRowHeap(Cell[] sorted) {
    long heap = ROW_ENTRY;
    for (Cell c : sorted) {
      heap += cellHeap(c);
    }
    return heap;
  }

  /**
   * Sorts {@code cells} (one row) and keeps only the last of cells comparing equal. Equal cells
   * come from one write (they share its sequence id): a Put naming a column twice at one
   * timestamp. HBase keeps the later one, and so does every step here.
   */
  static Cell[] sortedDistinct(Cell[] cells) {
    if (cells.length == 1) {
      return cells;
    }
    Arrays.sort(cells, CellComparator.INSTANCE); // stable: equal cells keep their write order
    int n = 1;
    for (int i = 1; i < cells.length; i++) {
      if (CellComparator.INSTANCE.compare(cells[n - 1], cells[i]) != 0) {
        cells[n++] = cells[i];
      } else {
        cells[n - 1] = cells[i];
      }
    }
    return n == cells.length ? cells : Arrays.copyOf(cells, n);
  }

  /** The index of the first cell of {@code row} that is {@code >= key}, searching from {@code from}. */
  static int lowerBound(Cell[] row, Cell key, int from) {
    int lo = from;
    int hi = row.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (CellComparator.INSTANCE.compare(row[mid], key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A row that is not a skip list, as an array (a lone cell becomes an array of one). */
  static Cell[] asArray(Object row) {
    return row instanceof Cell c ? new Cell[] {c} : (Cell[]) row;
  }

  /** The cells of {@code all} (sorted) that {@code kept} (a subsequence of it) leaves out. */
  static Cell[] dropped(Cell[] all, Cell[] kept) {
    Cell[] out = new Cell[all.length - kept.length];
    int j = 0;
    int n = 0;
    for (Cell c : all) {
      if (j < kept.length && kept[j] == c) {
        j++;
      } else {
        out[n++] = c;
      }
    }
    return out;
  }

  /**
   * The heap that dropping {@code dropped} from a row frees: each cell's {@link #freedHeap}, and
   * each write's row key
   * array that no cell of {@code kept} still shares.
   */
  static long droppedHeap(Cell[] dropped, int count, Cell[] kept) {
    Set<byte[]> rowKeys = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Cell c : kept) {
      rowKeys.add(c.row());
    }
    long heap = 0;
    for (int i = 0; i < count; i++) {
      Cell c = dropped[i];
      heap += freedHeap(c);
      if (rowKeys.add(c.row())) {
        heap += arrayHeap(c.row().length);
      }
    }
    return heap;
  }

  /** A row held as a skip list, with what its pruning needs to know. */
  static final class RowSet extends ConcurrentSkipListSet<Cell> {
    private static final long serialVersionUID = 1L;
    /** Cells added since the last pruning; pruned again once this passes {@link #keptAtPrune}. */
    final AtomicInteger addedSincePrune = new AtomicInteger();
    volatile int keptAtPrune;
    /** One pruning of a row at a time; a writer finding one running leaves it be. */
    final AtomicBoolean pruning = new AtomicBoolean();

    RowSet() {
      super(CellComparator.INSTANCE);
    }
  }

  static boolean isSet(Object row) {
    return row instanceof NavigableSet;
  }

  @SuppressWarnings("unchecked")
  static NavigableSet<Cell> asSet(Object row) {
    return (NavigableSet<Cell>) row;
  }

  /**
   * Adds sorted, distinct cells to a row. After {@code compute} returns, {@link #set} is the
   * row's skip list if the cells still have to be added to it (by {@link #addToSet}); otherwise
   * {@link #addedCells} and {@link #addedHeap} say what the installed value added.
   */
  static final class Upsert implements BiFunction<Cell, Object, Object> {
    private final Cell[] cells;
    private final VersionPruner pruner;
    /** The smallest open read point, taken once when first needed (it stays a safe bound). */
    private long smallestReadPoint = -1;
    NavigableSet<Cell> set;
    /** Cells of this write that are new to the row (not replacing an equal cell). */
    int newCells;
    /** Net change in the row's cells and heap: new cells less those pruned. */
    int addedCells;
    long addedHeap;

    /** {@code pruner} null: keep every version until the flush. */
    Upsert(Cell[] cells, VersionPruner pruner) {
      this.cells = cells;
      this.pruner = pruner;
    }

    private long smallestReadPoint() {
      if (smallestReadPoint < 0) {
        smallestReadPoint = pruner.smallestReadPoint();
      }
      return smallestReadPoint;
    }

    @Override
    public Object apply(Cell key, Object current) {
      set = null;
      newCells = 0;
      addedCells = 0;
      addedHeap = 0;
      if (current == null) { // the row went (a rollback) after putIfAbsent found it
        addedHeap = newRowHeap(cells);
        addedCells = cells.length;
        newCells = cells.length;
        return newRow(cells);
      }
      if (isSet(current)) {
        set = asSet(current);
        return current;
      }
      Cell[] merged = merge(asArray(current), cells);
      newCells = addedCells;
      boolean pruned = false;
      if (pruner != null && merged.length > pruner.threshold()) {
        Cell[] kept = pruner.prune(merged, smallestReadPoint());
        if (kept != merged) {
          addedCells -= merged.length - kept.length;
          Cell[] gone = dropped(merged, kept);
          addedHeap -= droppedHeap(gone, gone.length, kept);
          merged = kept;
        }
        pruned = true;
      }
      if (merged.length <= ARRAY_LIMIT) {
        return merged.length == 1 ? merged[0] : merged;
      }
      RowSet grown = new RowSet();
      grown.addAll(Arrays.asList(merged));
      grown.keptAtPrune = pruned ? merged.length : 0;
      addedHeap += SET_NODE * merged.length;
      return grown;
    }

    /** Adds the cells to a row that is a skip list; safe against writers racing on the row. */
    void addToSet() {
      for (Cell c : cells) {
        if (set.add(c)) {
          addedCells++;
          newCells++;
          addedHeap += cellHeap(c) + SET_NODE;
        } else {
          Cell old = set.ceiling(c); // the equal cell: an earlier part of the same write
          if (old != null && old != c && set.remove(old) && set.add(c)) {
            addedHeap += cellHeap(c) - freedHeap(old);
          }
        }
      }
      if (pruner != null && set instanceof RowSet rs) {
        int added = rs.addedSincePrune.addAndGet(newCells);
        if (added > Math.max(pruner.threshold(), rs.keptAtPrune)
            && rs.pruning.compareAndSet(false, true)) {
          try {
            pruneSet(rs);
          } finally {
            rs.pruning.set(false);
          }
        }
      }
    }

    /**
     * Prunes a skip-list row in place. Writers may add to it meanwhile: their cells are above
     * every open read point, so they are kept, and they only hide more.
     */
    private void pruneSet(RowSet rs) {
      rs.addedSincePrune.set(0);
      Cell[] all = rs.toArray(new Cell[0]);
      Cell[] kept = pruner.prune(all, smallestReadPoint());
      rs.keptAtPrune = kept.length;
      if (kept == all) {
        return;
      }
      int j = 0;
      Cell[] removed = new Cell[all.length - kept.length];
      int n = 0;
      for (Cell c : all) {
        if (j < kept.length && kept[j] == c) {
          j++;
        } else if (rs.remove(c)) {
          removed[n++] = c;
        }
      }
      addedCells -= n;
      addedHeap -= droppedHeap(removed, n, kept) + SET_NODE * n;
    }

    /**
     * Merges two sorted, distinct arrays; a cell of {@code add} equal to one of {@code row}
     * replaces it (both are of one write, and the later one wins).
     */
    private Cell[] merge(Cell[] row, Cell[] add) {
      Cell[] out = new Cell[row.length + add.length];
      int i = 0;
      int j = 0;
      int n = 0;
      while (i < row.length && j < add.length) {
        int c = CellComparator.INSTANCE.compare(row[i], add[j]);
        if (c < 0) {
          out[n++] = row[i++];
        } else if (c > 0) {
          addedCells++;
          addedHeap += cellHeap(add[j]);
          out[n++] = add[j++];
        } else {
          addedHeap += cellHeap(add[j]) - freedHeap(row[i]);
          out[n++] = add[j++];
          i++;
        }
      }
      while (i < row.length) {
        out[n++] = row[i++];
      }
      while (j < add.length) {
        addedCells++;
        addedHeap += cellHeap(add[j]);
        out[n++] = add[j++];
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    }
  }

  /**
   * Takes one cell out of an array row; an array row left empty is removed from the map. After
   * {@code compute} returns, {@link #set} is the row's skip list if the cell has to be removed
   * from it (by {@link #removeFromSet}); otherwise {@link #removed} is the cell taken out.
   */
  static final class Removal implements BiFunction<Cell, Object, Object> {
    private final Cell cell;
    NavigableSet<Cell> set;
    /** The cell taken out (equal to the one asked for, maybe not the same object), or null. */
    Cell removed;

    Removal(Cell cell) {
      this.cell = cell;
    }

    @Override
    public Object apply(Cell key, Object current) {
      set = null;
      removed = null;
      if (current == null) {
        return null;
      }
      if (isSet(current)) {
        set = asSet(current);
        return current;
      }
      Cell[] row = asArray(current);
      int i = lowerBound(row, cell, 0);
      if (i == row.length || CellComparator.INSTANCE.compare(row[i], cell) != 0) {
        return current;
      }
      removed = row[i];
      if (row.length == 1) {
        return null;
      }
      if (row.length == 2) {
        return row[1 - i];
      }
      Cell[] out = new Cell[row.length - 1];
      System.arraycopy(row, 0, out, 0, i);
      System.arraycopy(row, i + 1, out, i, row.length - i - 1);
      return out;
    }

    void removeFromSet() {
      Cell present = set.ceiling(cell);
      if (present != null && CellComparator.INSTANCE.compare(present, cell) == 0
          && set.remove(cell)) {
        removed = present;
      }
    }
  }
}
