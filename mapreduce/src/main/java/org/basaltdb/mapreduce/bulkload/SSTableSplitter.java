package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.sstable.SSTableWriter;

/**
 * Splits an SSTable at row keys into real, reference-free files, one per key range, in one read
 * of the source: rows below {@code keys[0]}, rows in {@code [keys[0], keys[1])}, ... rows at or
 * above the last key. (HBase splits a straddling file in two and repeats; one pass writes the
 * same pieces reading the file once.) Cells are copied unchanged, sequence ids included.
 */
public final class SSTableSplitter {
  private SSTableSplitter() {}

  /**
   * Writes the pieces of {@code src} into {@code dir} as {@code <name>.<i>}; returns them in key
   * order, leaving out empty pieces. On failure the pieces written so far are deleted.
   */
  public static List<Path> split(FileSystem fs, Path src, List<byte[]> keys, Path dir,
      SSTableOptions options) throws IOException {
    List<Path> out = new ArrayList<>();
    fs.mkdirs(dir);
    try (SSTableReader r = SSTableReader.open(fs, src, null);
        CellIterator it = r.iterator(false)) {
      it.seek(Cell.firstOnRow(Bytes.EMPTY));
      int piece = 0;
      while (it.valid()) {
        byte[] end = piece < keys.size() ? keys.get(piece) : null;
        if (end != null && Bytes.compare(it.cell().row(), end) >= 0) {
          piece++;
          continue;
        }
        Path p = new Path(dir, src.getName() + "." + piece);
        out.add(p);
        SSTableWriter w = SSTableWriter.create(fs, p, options);
        try {
          while (it.valid() && (end == null || Bytes.compare(it.cell().row(), end) < 0)) {
            w.append(it.cell());
            it.next();
          }
          w.finish();
        } catch (IOException | RuntimeException e) {
          w.abort();
          throw e;
        }
        piece++;
      }
    } catch (IOException | RuntimeException e) {
      for (Path p : out) {
        fs.delete(p, false);
      }
      throw e;
    }
    return out;
  }
}
