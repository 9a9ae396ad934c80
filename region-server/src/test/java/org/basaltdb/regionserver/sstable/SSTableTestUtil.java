package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/** Shared fixtures of the SSTable tests: the raw local filesystem, cell sets, write and read. */
final class SSTableTestUtil {
  static final byte[] FAMILY = Bytes.toBytes("cf");

  private SSTableTestUtil() {}

  static FileSystem localFs() throws IOException {
    return FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  static Path write(FileSystem fs, Path path, SSTableOptions options, List<Cell> cells)
      throws IOException {
    SSTableWriter w = SSTableWriter.create(fs, path, options);
    try {
      for (Cell c : cells) {
        w.append(c);
      }
      w.putFileInfo("MAJOR_COMPACTION", new byte[] {1});
      w.finish();
    } catch (IOException | RuntimeException e) {
      w.abort();
      throw e;
    }
    return path;
  }

  static List<Cell> readAll(SSTableReader r) throws IOException {
    List<Cell> out = new ArrayList<>();
    try (CellIterator it = r.iterator()) {
      for (it.seek(Cell.firstOnRow(Bytes.EMPTY)); it.valid(); it.next()) {
        out.add(it.cell());
      }
    }
    return out;
  }

  /** Cell lists are equal including values (Cell.equals covers key and value). */
  static void assertSameCells(List<Cell> expected, List<Cell> actual) {
    assertEquals(expected.size(), actual.size(), "cell count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "cell " + i);
    }
  }

  static byte[] randomBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Bytes with some randomness but enough repetition for every codec to shrink them. */
  static byte[] compressibleBytes(Random rnd, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = i % 8 == 0 ? (byte) rnd.nextInt() : (byte) ('a' + i % 5);
    }
    return b;
  }

  /**
   * A varied, sorted cell set: every stored type, empty values, values larger than
   * {@code bigValue}, rows with long shared prefixes, binary rows with 0x00 and 0xFF, several
   * versions and duplicate keys that differ only in sequence id.
   */
  static List<Cell> variedCells(Random rnd, int rows, int bigValue) {
    TreeSet<Cell> set = new TreeSet<>(CellComparator.INSTANCE);
    Cell.Type[] types = {Cell.Type.PUT, Cell.Type.DELETE, Cell.Type.DELETE_COLUMN,
        Cell.Type.DELETE_FAMILY, Cell.Type.DELETE_FAMILY_VERSION};
    for (int r = 0; r < rows; r++) {
      byte[] row;
      switch (r % 4) {
        case 0 -> row = Bytes.toBytes(String.format("user%08d", r * 7));
        case 1 -> row = Bytes.toBytes("a-long-shared-prefix-for-many-rows/" + r);
        case 2 -> row = new byte[] {(byte) 0xFF, 0x00, (byte) (r >>> 8), (byte) r, (byte) 0xFF};
        default -> row = new byte[] {0x00, (byte) r, 0x00, (byte) (r >>> 8)};
      }
      int cols = 1 + rnd.nextInt(5);
      for (int q = 0; q < cols; q++) {
        byte[] qual = q == 0 && r % 5 == 0 ? Bytes.EMPTY : Bytes.toBytes("q" + q);
        int versions = 1 + rnd.nextInt(3);
        for (int v = 0; v < versions; v++) {
          long ts = 1000 + rnd.nextInt(1000);
          Cell.Type type = rnd.nextInt(4) == 0 ? types[rnd.nextInt(types.length)] : Cell.Type.PUT;
          byte[] fam = FAMILY;
          byte[] q2 = type.isFamilyDelete() ? Bytes.EMPTY : qual;
          int vlen = switch (rnd.nextInt(10)) {
            case 0 -> 0;
            case 1 -> bigValue + rnd.nextInt(bigValue);
            default -> rnd.nextInt(40);
          };
          byte[] value = type.isDelete() ? Bytes.EMPTY : compressibleBytes(rnd, vlen);
          long seq = 1 + rnd.nextInt(1_000_000);
          Cell c = new Cell(row, fam, q2, ts, type, seq, value);
          set.add(c);
          if (rnd.nextInt(8) == 0) {
            set.add(c.withSequenceId(seq + 1)); // same key, newer sequence id
          }
        }
      }
    }
    return new ArrayList<>(set);
  }
}
