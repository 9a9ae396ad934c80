package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.basaltdb.regionserver.cache.BlockCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random files with random options, compared against a TreeSet model under random seeks,
 * next runs and reversed row steps. The seed is printed; rerun with -Dseed=N.
 */
class SSTableRandomizedTest {
  private static final CellComparator CMP = CellComparator.INSTANCE;

  @TempDir
  java.nio.file.Path dir;

  @Test
  void matchesTheModel() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("SSTableRandomizedTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
    Random rnd = new Random(seed);
    FileSystem fs = SSTableTestUtil.localFs();
    BlockCache cache = new BlockCache(256 * 1024);
    for (int round = 0; round < 15; round++) {
      String ctx = "seed=" + seed + " round=" + round;
      TreeSet<Cell> model = new TreeSet<>(CMP);
      int rows = 1 + rnd.nextInt(400);
      int alphabet = 1 + rnd.nextInt(4);
      for (int i = 0; i < rows * 3; i++) {
        model.add(randomCell(rnd, alphabet));
      }
      SSTableOptions o = SSTableOptions.defaults()
          .withBlockSize(64 + rnd.nextInt(4096))
          .withCompression(Compression.values()[rnd.nextInt(Compression.values().length)])
          .withBloomType(BloomType.values()[rnd.nextInt(BloomType.values().length)]);
      Path p = new Path(dir.toUri().toString(), "r" + round);
      SSTableTestUtil.write(fs, p, o, new ArrayList<>(model));
      try (SSTableReader r = SSTableReader.open(fs, p, rnd.nextBoolean() ? cache : null)) {
        SSTableTestUtil.assertSameCells(new ArrayList<>(model), SSTableTestUtil.readAll(r));
        try (CellIterator it = r.iterator()) {
          for (int op = 0; op < 300; op++) {
            Cell probe = randomSearchKey(rnd, alphabet);
            if (rnd.nextInt(3) > 0) {
              it.seek(probe);
              Cell expected = model.ceiling(probe);
              int steps = rnd.nextInt(20);
              for (int s = 0; s <= steps && expected != null; s++) {
                assertTrue(it.valid(), ctx + " seek " + probe);
                assertEquals(expected, it.cell(), ctx + " seek " + probe + " step " + s);
                it.next();
                expected = model.higher(expected);
              }
              if (expected == null) {
                assertFalse(it.valid(), ctx);
              }
            } else {
              Cell before = model.lower(Cell.firstOnRow(probe.row()));
              boolean found = it.seekToPreviousRow(probe.row());
              assertEquals(before != null, found, ctx + " prevRow " + probe);
              if (before != null) {
                assertEquals(model.ceiling(Cell.firstOnRow(before.row())), it.cell(), ctx);
              }
            }
          }
        }
        for (Cell c : model) {
          assertTrue(r.mightContainRowCol(c.row(), c.family(), c.qualifier()), ctx);
        }
      }
    }
  }

  private static byte[] randomKey(Random rnd, int alphabet, int maxLen) {
    byte[] b = new byte[rnd.nextInt(maxLen + 1)];
    for (int i = 0; i < b.length; i++) {
      int x = rnd.nextInt(alphabet + 2);
      b[i] = x == 0 ? 0 : x == 1 ? (byte) 0xFF : (byte) ('a' + x);
    }
    return b;
  }

  private static Cell randomCell(Random rnd, int alphabet) {
    Cell.Type[] types = {Cell.Type.PUT, Cell.Type.DELETE, Cell.Type.DELETE_COLUMN,
        Cell.Type.DELETE_FAMILY, Cell.Type.DELETE_FAMILY_VERSION};
    Cell.Type t = types[rnd.nextInt(types.length)];
    byte[] row = randomKey(rnd, alphabet, 6);
    if (row.length == 0) {
      row = new byte[] {'r'};
    }
    byte[] q = t.isFamilyDelete() ? Bytes.EMPTY : randomKey(rnd, alphabet, 3);
    byte[] v = t.isDelete() ? Bytes.EMPTY : SSTableTestUtil.randomBytes(rnd,
        rnd.nextInt(10) == 0 ? rnd.nextInt(5000) : rnd.nextInt(30));
    return new Cell(row, SSTableTestUtil.FAMILY, q, rnd.nextInt(5), t, rnd.nextInt(5), v);
  }

  private static Cell randomSearchKey(Random rnd, int alphabet) {
    Cell c = randomCell(rnd, alphabet);
    return switch (rnd.nextInt(4)) {
      case 0 -> Cell.firstOnRow(c.row());
      case 1 -> Cell.firstOnColumn(c.row(), c.family(), c.qualifier());
      case 2 -> Cell.lastOnColumn(c.row(), c.family(), c.qualifier());
      default -> c;
    };
  }
}
