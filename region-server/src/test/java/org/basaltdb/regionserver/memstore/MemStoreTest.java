package org.basaltdb.regionserver.memstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MemStore} against a model: two sorted sets of cells (active and snapshot), through
 * adds of whole rows in any order, rollbacks, snapshots, and every kind of seek. Rows are few,
 * so some outgrow {@link RowCells#ARRAY_LIMIT} and change shape. With and without chunks
 * ({@link MemStoreChunks}, small ones here so that rows fill several).
 */
class MemStoreTest {
  private static final byte[] FAMILY = Bytes.toBytes("f");
  private static final Cell.Type[] TYPES = {Cell.Type.PUT, Cell.Type.PUT, Cell.Type.PUT,
      Cell.Type.DELETE, Cell.Type.DELETE_COLUMN, Cell.Type.DELETE_FAMILY};

  @ParameterizedTest(name = "chunks {0}")
  @ValueSource(booleans = {false, true})
  void matchesASortedSetThroughAddsRemovesSnapshotsAndSeeks(boolean chunks) throws IOException {
    long seed = System.nanoTime();
    System.out.println("MemStoreTest seed " + seed + ", chunks " + chunks);
    Random rnd = new Random(seed);
    MemStore store = new MemStore();
    if (chunks) {
      store.setChunks(new MemStoreChunks(MemStoreChunks.FIRST_CHUNK));
    }
    TreeSet<Cell> active = new TreeSet<>(CellComparator.INSTANCE);
    TreeSet<Cell> snap = new TreeSet<>(CellComparator.INSTANCE);
    List<Cell> added = new ArrayList<>();
    long activeHeap = 0;
    long snapHeap = 0;
    long seq = 0;
    for (int step = 0; step < 3000; step++) {
      int op = rnd.nextInt(100);
      if (op < 75) {
        seq++;
        List<Cell> batch = new ArrayList<>();
        int rows = 1 + rnd.nextInt(3);
        for (int r = 0; r < rows; r++) {
          byte[] row = row(rnd);
          int n = 1 + rnd.nextInt(12);
          for (int i = 0; i < n; i++) {
            batch.add(cell(rnd, row, seq));
          }
        }
        if (rnd.nextBoolean()) {
          Collections.shuffle(batch, rnd);
        }
        long cellsHeap = 0;
        boolean replaced = false;
        for (Cell c : batch) {
          if (active.add(c)) {
            cellsHeap += RowCells.cellHeap(c);
            added.add(c);
          } else { // the same column twice in one write: the later cell wins
            Cell old = active.ceiling(c);
            active.remove(old);
            active.add(c);
            added.replaceAll(a -> a == old ? c : a);
            replaced = true;
          }
        }
        long charged = store.add(batch);
        if (replaced) {
          // a replaced cell changes the charge by its size difference; checked below in total
        } else if (cellsHeap == 0) {
          assertEquals(0, charged, "nothing new, step " + step + ", seed " + seed);
        } else {
          // With chunks a value is charged its length, not its own array's size.
          assertTrue(charged > (chunks ? 0 : cellsHeap), "heap added, step " + step + ", seed "
              + seed);
        }
        activeHeap += charged;
      } else if (op < 85 && !added.isEmpty()) {
        Cell c = added.get(rnd.nextInt(added.size()));
        Cell held = find(store, c); // the memstore's copy: its value may be in a chunk
        boolean fromActive = active.remove(c);
        boolean fromSnap = !fromActive && snap.remove(c);
        assertEquals(fromActive || fromSnap, held != null, "seed " + seed);
        assertTrue(held == null || chunks || held == c, "seed " + seed);
        long expected = held != null ? RowCells.freedHeap(held) : 0;
        assertEquals(expected, store.remove(c), "heap removed, step " + step + ", seed " + seed);
        if (fromActive) {
          activeHeap -= expected;
        } else {
          snapHeap -= expected;
        }
      } else if (op < 88) {
        if (snap.isEmpty()) {
          MemStore.Snapshot s = store.snapshot();
          assertEquals(active.size(), s.cellCount(), "seed " + seed);
          assertEquals(activeHeap, s.heapSize(), "seed " + seed);
          snap.addAll(active);
          active.clear();
          snapHeap = activeHeap;
          activeHeap = 0;
          assertEquals(new ArrayList<>(snap), drain(s.iterator(), Long.MAX_VALUE));
        } else {
          store.clearSnapshot();
          snap.clear();
          snapHeap = 0;
        }
      } else {
        long readPoint = rnd.nextInt((int) seq + 2);
        checkReads(store, active, snap, readPoint, rnd, "step " + step + ", seed " + seed);
      }
      assertEquals(activeHeap + snapHeap, store.heapSize(), "seed " + seed);
      assertTrue(store.heapSize() >= heldHeap(store), "seed " + seed);
      assertEquals(active.isEmpty() && snap.isEmpty(), store.isEmpty(), "seed " + seed);
    }
  }

  @Test
  void aCellAddedTwiceKeepsTheLaterValueAndCountsOnce() throws IOException {
    MemStore store = new MemStore();
    byte[] row = Bytes.toBytes("r");
    Cell first = new Cell(row, FAMILY, Bytes.toBytes("q"), 5, Cell.Type.PUT, 1, Bytes.toBytes("a"));
    Cell again = new Cell(row, FAMILY, Bytes.toBytes("q"), 5, Cell.Type.PUT, 1, Bytes.toBytes("b"));
    long charged = store.add(List.of(first, again));
    assertEquals(RowCells.ROW_ENTRY + RowCells.cellHeap(again) + RowCells.arrayHeap(1), charged);
    assertEquals("b", Bytes.toString(onlyCell(store, row).value()));
    // The same write adding the column again (a later run of its cells): the newest value wins.
    Cell third = new Cell(row, FAMILY, Bytes.toBytes("q"), 5, Cell.Type.PUT, 1,
        Bytes.toBytes("ccc"));
    long more = store.add(third);
    assertEquals(RowCells.cellHeap(third) - RowCells.cellHeap(again), more);
    assertEquals(charged + more, store.heapSize());
    assertEquals("ccc", Bytes.toString(onlyCell(store, row).value()));
  }

  private static Cell onlyCell(MemStore store, byte[] row) throws IOException {
    CellIterator it = store.iterators(Long.MAX_VALUE).get(0);
    it.seek(Cell.firstOnRow(row));
    Cell c = it.cell();
    it.next();
    assertFalse(it.valid());
    return c;
  }

  @Test
  void readersSeeSortedRowsWhileWritersRaceOnTheSameRows() throws Exception {
    MemStore store = new MemStore();
    int writers = 4;
    int perWriter = 400;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            // Ten rows shared by all writers: each grows past the array limit into a skip list.
            byte[] row = Bytes.toBytes("row" + (i % 10));
            List<Cell> cells = new ArrayList<>();
            for (int q = 0; q < 3; q++) {
              cells.add(new Cell(row, FAMILY, Bytes.toBytes("q" + q), i, Cell.Type.PUT,
                  1 + id, Bytes.toBytes(id)));
            }
            store.add(cells);
          }
          return null;
        }));
      }
      Future<Integer> reader = pool.submit(() -> {
        start.await();
        int scans = 0;
        do {
          List<Cell> seen = drain(store.iterators(Long.MAX_VALUE).get(0), Long.MAX_VALUE);
          for (int i = 1; i < seen.size(); i++) {
            assertTrue(CellComparator.INSTANCE.compare(seen.get(i - 1), seen.get(i)) < 0,
                "out of order: " + seen.get(i - 1) + " then " + seen.get(i));
          }
          scans++;
        } while (writing.get());
        return scans;
      });
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
    } finally {
      pool.shutdownNow();
    }
    List<Cell> all = drain(store.iterators(Long.MAX_VALUE).get(0), Long.MAX_VALUE);
    assertEquals(writers * perWriter * 3, all.size());
  }

  private static void checkReads(MemStore store, NavigableSet<Cell> active,
      NavigableSet<Cell> snap, long readPoint, Random rnd, String where) throws IOException {
    List<CellIterator> its = store.iterators(readPoint);
    List<NavigableSet<Cell>> models = new ArrayList<>();
    models.add(active);
    if (its.size() > 1) {
      models.add(snap);
    } else {
      assertTrue(snap.isEmpty(), where);
    }
    for (int i = 0; i < its.size(); i++) {
      CellIterator it = its.get(i);
      NavigableSet<Cell> model = models.get(i);
      assertEquals(visible(model, readPoint), drain(it, readPoint), "full scan, " + where);
      for (int k = 0; k < 5; k++) {
        Cell key = seekKey(rnd);
        it.seek(key);
        assertEquals(first(model.tailSet(key, true), readPoint), current(it), "seek, " + where);
        if (it.valid()) {
          it.next();
          Cell forward = seekKey(rnd, it.valid() ? it.cell().row() : key.row());
          if (it.valid() && CellComparator.INSTANCE.compare(forward, it.cell()) >= 0) {
            it.seekForward(forward);
            assertEquals(first(model.tailSet(forward, true), readPoint), current(it),
                "seekForward, " + where);
          }
        }
        byte[] before = key.row();
        boolean found = it.seekToPreviousRow(before);
        Cell expected = previousRowStart(model, before, readPoint);
        assertEquals(expected != null, found, "seekToPreviousRow, " + where);
        assertEquals(expected, current(it), "seekToPreviousRow, " + where);
      }
    }
  }

  /** The first visible cell of the greatest row before {@code row} holding a visible cell. */
  private static Cell previousRowStart(NavigableSet<Cell> model, byte[] row, long readPoint) {
    Cell best = null;
    for (Cell c : visible(model, readPoint)) {
      if (Bytes.compare(c.row(), row) >= 0) {
        break;
      }
      if (best == null || !best.sameRow(c)) {
        best = c;
      }
    }
    return best;
  }

  private static List<Cell> visible(NavigableSet<Cell> cells, long readPoint) {
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells) {
      if (c.sequenceId() <= readPoint) {
        out.add(c);
      }
    }
    return out;
  }

  private static Cell first(NavigableSet<Cell> cells, long readPoint) {
    for (Cell c : cells) {
      if (c.sequenceId() <= readPoint) {
        return c;
      }
    }
    return null;
  }

  private static Cell current(CellIterator it) {
    return it.valid() ? it.cell() : null;
  }

  private static List<Cell> drain(CellIterator it, long readPoint) throws IOException {
    List<Cell> out = new ArrayList<>();
    it.seek(Cell.firstOnRow(Bytes.EMPTY));
    while (it.valid()) {
      assertTrue(it.cell().sequenceId() <= readPoint);
      out.add(it.cell());
      it.next();
    }
    return out;
  }

  /** What the cells a memstore holds charge, as {@link RowCells#cellHeap} counts them. */
  private static long heldHeap(MemStore store) throws IOException {
    long n = 0;
    for (CellIterator it : store.iterators(Long.MAX_VALUE)) {
      for (Cell c : drain(it, Long.MAX_VALUE)) {
        n += RowCells.cellHeap(c);
      }
    }
    return n;
  }

  /** The memstore's cell equal to {@code c} (active set first), or null. */
  private static Cell find(MemStore store, Cell c) throws IOException {
    for (CellIterator it : store.iterators(Long.MAX_VALUE)) {
      it.seek(c);
      if (it.valid() && CellComparator.INSTANCE.compare(it.cell(), c) == 0) {
        return it.cell();
      }
    }
    return null;
  }

  private static byte[] row(Random rnd) {
    return Bytes.toBytes("row" + rnd.nextInt(12));
  }

  private static Cell cell(Random rnd, byte[] row, long seq) {
    return new Cell(row, FAMILY, Bytes.toBytes("q" + rnd.nextInt(4)), 1 + rnd.nextInt(8),
        TYPES[rnd.nextInt(TYPES.length)], seq, Bytes.toBytes(rnd.nextInt()));
  }

  private static Cell seekKey(Random rnd) {
    return seekKey(rnd, Bytes.toBytes("row" + rnd.nextInt(13)));
  }

  private static Cell seekKey(Random rnd, byte[] row) {
    return switch (rnd.nextInt(3)) {
      case 0 -> Cell.firstOnRow(row);
      case 1 -> Cell.firstOnColumn(row, FAMILY, Bytes.toBytes("q" + rnd.nextInt(4)));
      default -> Cell.firstOnColumnAt(row, FAMILY, Bytes.toBytes("q" + rnd.nextInt(4)),
          1 + rnd.nextInt(8));
    };
  }
}
