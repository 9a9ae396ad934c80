package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.cache.BlockCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's contract and the reader behaviours the engine relies on. */
class SSTableWriterTest {
  private static final byte[] CF = SSTableTestUtil.FAMILY;

  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    fs = SSTableTestUtil.localFs();
  }

  private Path path(String name) {
    return new Path(dir.toUri().toString(), name);
  }

  private static Cell put(String row, String q, long ts, long seq) {
    return new Cell(Bytes.toBytes(row), CF, Bytes.toBytes(q), ts, Cell.Type.PUT, seq,
        Bytes.toBytes("v-" + row + q + ts));
  }

  @Test
  void rejectsCellsOutOfOrderOrDuplicated() throws Exception {
    try (SSTableWriter w = SSTableWriter.create(fs, path("order"), SSTableOptions.defaults())) {
      w.append(put("b", "q", 10, 5));
      assertThrows(IllegalArgumentException.class, () -> w.append(put("a", "q", 10, 5)));
      assertThrows(IllegalArgumentException.class, () -> w.append(put("b", "q", 10, 5)));
      assertThrows(IllegalArgumentException.class, () -> w.append(put("b", "q", 11, 5)));
      w.append(put("b", "q", 10, 4)); // same key, older sequence id: allowed
      assertThrows(IllegalArgumentException.class,
          () -> w.append(Cell.firstOnRow(Bytes.toBytes("c"))));
      w.append(put("c", "q", 10, 1));
    }
    assertFalse(fs.exists(path("order")), "close without finish discards");
  }

  @Test
  void abortDeletesThePartialFileAndFinishedWriterRefusesMore() throws Exception {
    SSTableWriter w = SSTableWriter.create(fs, path("abort"), SSTableOptions.defaults()
        .withBlockSize(64));
    for (int i = 0; i < 100; i++) {
      w.append(put(String.format("r%03d", i), "q", 1, 1));
    }
    assertTrue(w.bytesWritten() > 1000);
    assertTrue(fs.exists(path("abort")));
    w.abort();
    assertFalse(fs.exists(path("abort")));
    assertThrows(IllegalStateException.class, () -> w.append(put("z", "q", 1, 1)));

    SSTableWriter w2 = SSTableWriter.create(fs, path("done"), SSTableOptions.defaults());
    w2.append(put("a", "q", 1, 1));
    w2.finish();
    w2.abort(); // no-op after finish
    assertTrue(fs.exists(path("done")));
    assertThrows(IllegalStateException.class, () -> w2.append(put("b", "q", 1, 1)));
    assertThrows(IOException.class,
        () -> SSTableWriter.create(fs, path("done"), SSTableOptions.defaults()),
        "never overwrites a file");
  }

  @Test
  void bytesWrittenMatchesTheFileAfterFinish() throws Exception {
    SSTableWriter w = SSTableWriter.create(fs, path("size"), SSTableOptions.defaults()
        .withBlockSize(256));
    long last = 0;
    for (int i = 0; i < 200; i++) {
      w.append(put(String.format("r%04d", i), "q", 1, 1));
      assertTrue(w.bytesWritten() >= last);
      last = w.bytesWritten();
    }
    w.finish();
    assertEquals(fs.getFileStatus(path("size")).getLen(), w.bytesWritten());
  }

  @Test
  void emptyFileOpensAndIteratesNothing() throws Exception {
    Path p = path("empty");
    SSTableWriter w = SSTableWriter.create(fs, p, SSTableOptions.defaults());
    w.putFileInfo("BULKLOAD", Bytes.toBytes("true"));
    w.finish();
    try (SSTableReader r = SSTableReader.open(fs, p, new BlockCache(1 << 20))) {
      assertEquals(0, r.info().cellCount());
      assertNull(r.info().firstKey());
      assertNull(r.info().lastKey());
      assertArrayEquals(Bytes.toBytes("true"), r.info().fileInfo("BULKLOAD"));
      assertFalse(r.mightContainRow(Bytes.toBytes("x")));
      try (CellIterator it = r.iterator()) {
        it.seek(Cell.firstOnRow(Bytes.EMPTY));
        assertFalse(it.valid());
        assertFalse(it.seekToPreviousRow(Bytes.toBytes("x")));
      }
    }
  }

  @Test
  void fileInfoEntriesRoundTrip() throws Exception {
    Path p = path("info");
    SSTableWriter w = SSTableWriter.create(fs, p, SSTableOptions.defaults());
    w.append(put("a", "q", 1, 1));
    w.putFileInfo("MAJOR_COMPACTION", new byte[] {1});
    w.putFileInfo("BULKLOAD", new byte[0]);
    w.putFileInfo("MAJOR_COMPACTION", new byte[] {0}); // replaced
    w.finish();
    try (SSTableReader r = SSTableReader.open(fs, p, null)) {
      assertArrayEquals(new byte[] {0}, r.info().fileInfo("MAJOR_COMPACTION"));
      assertArrayEquals(new byte[0], r.info().fileInfo("BULKLOAD"));
      assertEquals(List.of("BULKLOAD", "MAJOR_COMPACTION"),
          new ArrayList<>(r.info().fileInfoMap().keySet()));
    }
  }

  /** The engine's Get: ask the bloom first; an absent row must not load any data block. */
  @Test
  void absentRowGetTouchesNoDataBlock() throws Exception {
    Path p = path("get");
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      cells.add(put(String.format("row%05d", i * 2), "q", 1, 1));
    }
    SSTableTestUtil.write(fs, p, SSTableOptions.defaults().withBlockSize(1024), cells);
    try (SSTableReader r = SSTableReader.open(fs, p, null)) {
      int skipped = 0;
      for (int i = 0; i < 2000; i++) {
        byte[] absent = Bytes.toBytes(String.format("row%05d", i * 2 + 1));
        long before = r.dataBlocksRead();
        if (!r.mightContainRow(absent)) {
          skipped++;
          assertEquals(before, r.dataBlocksRead());
          continue;
        }
        try (CellIterator it = r.iterator()) {
          it.seek(Cell.firstOnRow(absent));
          assertTrue(!it.valid() || !Bytes.equals(absent, it.cell().row()));
        }
      }
      assertTrue(skipped > 1940, "bloom skipped " + skipped + " of 2000 absent rows");
      assertTrue(r.dataBlocksRead() < 60, "only false positives read blocks");
    }
  }

  /** A ROWCOL Get of one column still sees a row-level DeleteFamily marker in this file. */
  @Test
  void rowColBloomKeepsFamilyDeletesVisible() throws Exception {
    Path p = path("rowcol");
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] row = Bytes.toBytes(String.format("row%05d", i));
      if (i % 10 == 0) {
        cells.add(new Cell(row, CF, Bytes.EMPTY, 5, Cell.Type.DELETE_FAMILY, 9, Bytes.EMPTY));
      } else {
        cells.add(new Cell(row, CF, Bytes.toBytes("a"), 5, Cell.Type.PUT, 9, Bytes.toBytes("x")));
      }
    }
    SSTableTestUtil.write(fs, p, SSTableOptions.defaults().withBloomType(BloomType.ROWCOL),
        cells);
    try (SSTableReader r = SSTableReader.open(fs, p, null)) {
      int fp = 0;
      for (int i = 0; i < 500; i++) {
        byte[] row = Bytes.toBytes(String.format("row%05d", i));
        assertTrue(r.mightContainRow(row));
        if (i % 10 == 0) {
          assertTrue(r.mightContainRowCol(row, CF, Bytes.toBytes("any-column")), "row " + i);
        } else {
          assertTrue(r.mightContainRowCol(row, CF, Bytes.toBytes("a")));
          if (r.mightContainRowCol(row, CF, Bytes.toBytes("b"))) {
            fp++;
          }
        }
      }
      assertTrue(fp < 25, "absent column false positives: " + fp);
    }
  }
}
