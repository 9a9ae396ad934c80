package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SSTableSplitterTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void piecesHoldEveryCellOnceEachInsideItsRange() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path dir = new Path(tmp.toUri());
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(String.format("r%03d", i));
    }
    Path src = SSTables.write(fs, new Path(dir, "src"), "f", rows, "v", 5);
    // "r250x" falls between rows; "zzz" is past the last row (its piece is empty, left out).
    List<byte[]> keys = List.of(Bytes.toBytes("r100"), Bytes.toBytes("r250x"),
        Bytes.toBytes("zzz"));
    List<Path> pieces = SSTableSplitter.split(fs, src, keys, new Path(dir, "_tmp"),
        SSTableOptions.defaults().withBlockSize(256));
    assertEquals(3, pieces.size());
    List<String> seen = new ArrayList<>();
    String[][] ranges = {{"", "r100"}, {"r100", "r250x"}, {"r250x", "zzz"}};
    for (int i = 0; i < pieces.size(); i++) {
      try (SSTableReader r = SSTableReader.open(fs, pieces.get(i), null);
          CellIterator it = r.iterator(false)) {
        it.seek(Cell.firstOnRow(Bytes.EMPTY));
        for (; it.valid(); it.next()) {
          String row = Bytes.toString(it.cell().row());
          assertEquals(true, row.compareTo(ranges[i][0]) >= 0 && row.compareTo(ranges[i][1]) < 0,
              row + " in piece " + i);
          assertEquals("v" + row, Bytes.toString(it.cell().value()));
          seen.add(row);
        }
      }
    }
    assertEquals(rows, seen);
  }
}
