package org.basaltdb.regionserver.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.junit.jupiter.api.Test;

/** {@link MergingIterator}: one sorted stream, and forward seeks that leave alone who is ahead. */
class MergingIteratorTest {

  private static Cell cell(int row, int column, long ts, long seq) {
    return new Cell(String.format("r%03d", row).getBytes(), "f".getBytes(),
        ("q" + column).getBytes(), ts, Cell.Type.PUT, seq, new byte[0]);
  }

  @Test
  void seekForwardMatchesTheSortedUnion() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("MergingIteratorTest seed=" + seed + "; replay with -Dseed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      TreeSet<Cell> all = new TreeSet<>(CellComparator.INSTANCE);
      List<ListCellIterator> children = new ArrayList<>();
      long seq = 1;
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        TreeSet<Cell> mine = new TreeSet<>(CellComparator.INSTANCE);
        for (int i = 0; i < random.nextInt(60); i++) {
          mine.add(cell(random.nextInt(10), random.nextInt(4), random.nextInt(5), seq++));
        }
        all.addAll(mine);
        children.add(new ListCellIterator(new ArrayList<>(mine)));
      }
      MergingIterator merged = new MergingIterator(new ArrayList<>(children));
      merged.seek(cell(0, 0, Long.MAX_VALUE, Long.MAX_VALUE));
      Cell expected = all.isEmpty() ? null : all.first();
      while (expected != null) {
        assertTrue(merged.valid(), "seed " + seed);
        assertSame(expected, merged.cell(), "seed " + seed);
        if (random.nextInt(3) == 0) {
          Cell key = cell(random.nextInt(11), random.nextInt(5), random.nextInt(5), seq++);
          if (CellComparator.INSTANCE.compare(key, expected) < 0) {
            key = expected; // forward only
          }
          merged.seekForward(key);
          expected = all.ceiling(key);
        } else {
          merged.next();
          expected = all.higher(expected);
        }
      }
      assertFalse(merged.valid(), "seed " + seed);
    }
  }

  @Test
  void seekForwardLeavesChildrenAlreadyPastTheKeyAndStepsOverFewCells() throws Exception {
    List<Cell> versions = new ArrayList<>();
    for (int ts = 20; ts > 10; ts--) {
      versions.add(cell(1, 0, ts, ts)); // ten versions of q0: too many to step over
    }
    versions.add(cell(1, 1, 9, 30));
    ListCellIterator memstore = new ListCellIterator(versions);
    ListCellIterator older = new ListCellIterator(List.of(cell(1, 0, 5, 1), cell(1, 1, 5, 2)));
    ListCellIterator past = new ListCellIterator(List.of(cell(1, 1, 1, 3), cell(1, 2, 1, 4)));
    MergingIterator merged = new MergingIterator(List.of(memstore, older, past));
    merged.seek(cell(1, 0, Long.MAX_VALUE, Long.MAX_VALUE));

    merged.seekForward(Cell.lastOnColumn(cell(1, 0, 0, 0).row(), "f".getBytes(),
        "q0".getBytes()));
    assertSame(versions.get(10), merged.cell());
    assertEquals(2, memstore.seeks, "ten versions behind the key: sought");
    assertEquals(1, older.seeks, "one cell behind the key: stepped over");
    assertEquals(1, past.seeks, "already at column q1: left alone");
  }
}
