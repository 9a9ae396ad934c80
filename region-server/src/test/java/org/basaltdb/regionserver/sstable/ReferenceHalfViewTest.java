package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference's half view against a filtered list of the file's cells (a simple model), seeded
 * and printed: full iteration, random seeks (below, inside and above the half), random
 * seekToPreviousRow steps as a reversed scan makes them, and the half's first and last keys, for
 * split rows before, between, on and after the file's rows, over tiny and default block sizes.
 */
class ReferenceHalfViewTest {
  private static final String PARENT = "dcf7e733e62bb59214bc84eb0d6da6e0";

  @TempDir
  java.nio.file.Path dir;

  @Test
  void halfViewsExposeExactlyTheirHalf() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("ReferenceHalfViewTest seed=" + seed + "; replay with -Dseed=" + seed);
    Random rnd = new Random(seed);
    FileSystem fs = SSTableTestUtil.localFs();
    for (int blockSize : new int[] {128, 65536}) {
      List<Cell> cells = SSTableTestUtil.variedCells(rnd, 60, 200);
      Path p = new Path(dir.toUri().toString(), "t" + blockSize);
      SSTableTestUtil.write(fs, p, SSTableOptions.defaults().withBlockSize(blockSize)
          .withBloomType(BloomType.ROW), cells);
      TreeSet<byte[]> rows = new TreeSet<>(Bytes.COMPARATOR);
      cells.forEach(c -> rows.add(c.row()));
      List<byte[]> splits = new ArrayList<>(List.of(new byte[] {0}, Bytes.toBytes("zzzz"),
          new byte[] {(byte) 0xFF, (byte) 0xFF}, rows.first(), rows.last()));
      for (int i = 0; i < 12; i++) {
        byte[] r = new ArrayList<>(rows).get(rnd.nextInt(rows.size()));
        splits.add(rnd.nextBoolean() ? r : Bytes.concat(r, new byte[] {0}));
      }
      try (SSTableReader reader = SSTableReader.open(fs, p, null)) {
        for (byte[] split : splits) {
          for (Reference ref : List.of(Reference.bottom(PARENT, "f", split),
              Reference.top(PARENT, "f", split))) {
            String what = ref + " (seed " + seed + ", block " + blockSize + ")";
            List<Cell> expected = new ArrayList<>();
            for (Cell c : cells) {
              if (ref.containsRow(c.row())) {
                expected.add(c);
              }
            }
            check(reader, ref, cells, expected, rows, rnd, what);
          }
        }
      }
    }
  }

  private static void check(SSTableReader reader, Reference ref, List<Cell> all,
      List<Cell> expected, TreeSet<byte[]> rows, Random rnd, String what) throws Exception {
    try (CellIterator it = ref.halfOf(reader.iterator())) {
      List<Cell> got = new ArrayList<>();
      for (it.seek(Cell.firstOnRow(Bytes.EMPTY)); it.valid(); it.next()) {
        got.add(it.cell());
      }
      assertEquals(expected, got, "full iteration of " + what);

      for (int i = 0; i < 40; i++) {
        Cell key = i % 3 == 0 ? Cell.firstOnRow(randomRow(rows, rnd))
            : all.get(rnd.nextInt(all.size()));
        it.seek(key);
        Cell want = firstAtOrAfter(expected, key);
        if (want == null) {
          assertFalse(it.valid(), "seek past the half of " + what);
        } else {
          assertEquals(want, it.cell(), "seek to " + key + " in " + what);
        }
      }

      for (int i = 0; i < 40; i++) {
        byte[] row = randomRow(rows, rnd);
        boolean found = it.seekToPreviousRow(row);
        Cell want = null;
        for (Cell c : expected) {
          if (Bytes.compare(c.row(), row) < 0
              && (want == null || Bytes.compare(c.row(), want.row()) > 0)) {
            want = c; // the first cell of the greatest row below: the list is sorted
          }
        }
        if (want == null) {
          assertFalse(found || it.valid(), "no row of " + what + " below "
              + Bytes.toStringBinary(row));
          continue;
        }
        assertEquals(want, it.cell(), "previous row of " + Bytes.toStringBinary(row) + " in "
            + what);
        // A reversed scan reads the row forward, then steps back again.
        int at = expected.indexOf(want);
        for (int k = at; k < expected.size() && expected.get(k).sameRow(want); k++) {
          assertEquals(expected.get(k), it.cell());
          it.next();
        }
        if (at + 1 < expected.size() && it.valid()) {
          assertFalse(it.cell().sameRow(want));
        }
      }
    }
    Cell first = ref.firstKeyIn(reader);
    Cell last = ref.lastKeyIn(reader);
    if (expected.isEmpty()) {
      assertNull(first, what);
      assertNull(last, what);
    } else {
      assertEquals(expected.get(0).withValue(Bytes.EMPTY), first, "first key of " + what);
      assertEquals(expected.get(expected.size() - 1).withValue(Bytes.EMPTY), last,
          "last key of " + what);
    }
  }

  private static Cell firstAtOrAfter(List<Cell> cells, Cell key) {
    for (Cell c : cells) {
      if (CellComparator.INSTANCE.compare(c, key) >= 0) {
        return c;
      }
    }
    return null;
  }

  /** A row of the file, just after one, the empty row or a row above every other. */
  private static byte[] randomRow(TreeSet<byte[]> rows, Random rnd) {
    List<byte[]> list = new ArrayList<>(rows);
    return switch (rnd.nextInt(6)) {
      case 0 -> Bytes.EMPTY;
      case 1 -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
      case 2 -> Bytes.concat(list.get(rnd.nextInt(list.size())), new byte[] {0});
      default -> list.get(rnd.nextInt(list.size()));
    };
  }
}
