package org.basaltdb.regionserver.sstable;

import static org.basaltdb.regionserver.sstable.SSTableTestUtil.assertSameCells;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.cache.BlockCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write then read back over the option matrix compression x bloom type x block size (LevelDB's
 * ChangeOptions): iteration, seeks to, between and past every key, seekToPreviousRow, the file
 * info figures and the bloom filter.
 */
class SSTableRoundTripTest {
  private static final CellComparator CMP = CellComparator.INSTANCE;
  private static List<Cell> cells;
  private static List<byte[]> rows;

  @TempDir
  static java.nio.file.Path dir;

  @BeforeAll
  static void makeCells() {
    Random rnd = new Random(42);
    java.util.TreeSet<Cell> set = new java.util.TreeSet<>(CMP);
    set.addAll(SSTableTestUtil.variedCells(rnd, 300, 1500));
    // One value larger than even the 64 KiB block target.
    set.add(Cell.put(Bytes.toBytes("huge-value-row"), SSTableTestUtil.FAMILY, Bytes.toBytes("q"),
        5, SSTableTestUtil.compressibleBytes(rnd, 100 * 1024)).withSequenceId(3));
    cells = new ArrayList<>(set);
    Set<String> seen = new LinkedHashSet<>();
    rows = new ArrayList<>();
    for (Cell c : cells) {
      if (seen.add(Bytes.toStringBinary(c.row()))) {
        rows.add(c.row());
      }
    }
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Compression c : Compression.values()) {
      for (BloomType b : BloomType.values()) {
        for (int bs : new int[] {1024, 65536}) {
          out.add(Arguments.of(c, b, bs));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("matrix")
  void roundTrip(Compression compression, BloomType bloom, int blockSize) throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    Path path = new Path(dir.toUri().toString(), compression + "-" + bloom + "-" + blockSize);
    SSTableOptions opts = SSTableOptions.defaults().withCompression(compression)
        .withBloomType(bloom).withBlockSize(blockSize).withMaxCells(cells.size());
    SSTableTestUtil.write(fs, path, opts, cells);
    BlockCache cache = blockSize == 1024 ? new BlockCache(1 << 20) : null;
    try (SSTableReader r = SSTableReader.open(fs, path, cache)) {
      assertSameCells(cells, SSTableTestUtil.readAll(r));
      checkInfo(r, compression, bloom, blockSize, Files.size(java.nio.file.Path.of(path.toUri())));
      checkSeeks(r);
      checkPreviousRow(r);
      checkBloom(r, bloom);
      if (blockSize == 1024) {
        assertTrue(r.index().size() > 10, "small blocks give many blocks");
      }
      boolean someCompressed = false;
      for (int i = 0; i < r.index().size(); i++) {
        someCompressed |= r.index().handle(i).size() < r.index().handle(i).rawSize();
      }
      assertEquals(compression != Compression.NONE, someCompressed, "codec used");
    }
  }

  /**
   * Decoded cells refer to their values inside the block and share their row with the cell
   * before when it is the same; written again (a compaction), they make the same file content.
   */
  @org.junit.jupiter.api.Test
  void decodedCellsShareTheRowAndPointIntoTheBlock() throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    List<Cell> row = new ArrayList<>();
    for (int q = 0; q < 40; q++) {
      row.add(Cell.put(Bytes.toBytes("the-row"), SSTableTestUtil.FAMILY, Bytes.toBytes(String.format("q%02d", q)),
          7, Bytes.toBytes("value-" + q)).withSequenceId(1));
    }
    row.add(Cell.put(Bytes.toBytes("the-row"), SSTableTestUtil.FAMILY, Bytes.toBytes("z"), 7,
        Bytes.EMPTY).withSequenceId(1));
    Path first = SSTableTestUtil.write(fs, new Path(dir.toUri().toString(), "shared-1"),
        SSTableOptions.defaults(), row);
    List<Cell> read;
    try (SSTableReader r = SSTableReader.open(fs, first, null)) {
      read = SSTableTestUtil.readAll(r);
    }
    assertSameCells(row, read);
    for (int i = 0; i < row.size() - 1; i++) {
      Cell c = read.get(i);
      assertTrue(c.valueArray().length > c.valueLength(), "value is a slice of the block");
      assertTrue(c.row() == read.get(0).row(), "row array shared within one block");
    }
    assertEquals(0, read.get(row.size() - 1).value().length);
    Path second = SSTableTestUtil.write(fs, new Path(dir.toUri().toString(), "shared-2"),
        SSTableOptions.defaults(), read);
    try (SSTableReader r = SSTableReader.open(fs, second, null)) {
      assertSameCells(row, SSTableTestUtil.readAll(r));
    }
  }

  private void checkInfo(SSTableReader r, Compression compression, BloomType bloom,
      int blockSize, long fileSize) {
    SSTableInfo info = r.info();
    assertEquals(cells.size(), info.cellCount());
    assertEquals(cells.stream().filter(Cell::isDelete).count(), info.deleteMarkerCount());
    assertEquals(cells.stream().mapToLong(Cell::timestamp).min().getAsLong(),
        info.minTimestamp());
    assertEquals(cells.stream().mapToLong(Cell::timestamp).max().getAsLong(),
        info.maxTimestamp());
    assertEquals(cells.stream().mapToLong(Cell::sequenceId).max().getAsLong(),
        info.maxSequenceId());
    assertEquals(0, CMP.compare(cells.get(0), info.firstKey()));
    assertEquals(0, CMP.compare(cells.get(cells.size() - 1), info.lastKey()));
    assertEquals(compression, info.compression());
    assertEquals(bloom, info.bloomType());
    assertEquals(blockSize, info.blockSize());
    assertEquals(fileSize, info.fileSize());
    assertArrayEquals(new byte[] {1}, info.fileInfo("MAJOR_COMPACTION"));
    assertNull(info.fileInfo("BULKLOAD"));
  }

  private void checkSeeks(SSTableReader r) throws Exception {
    try (CellIterator it = r.iterator()) {
      for (int i = 0; i < cells.size(); i++) {
        Cell c = cells.get(i);
        it.seek(c);
        assertTrue(it.valid());
        assertEquals(c, it.cell(), "seek to cell " + i);
        // Between c and the next cell: the same key with a smaller sequence id sorts after c.
        if (c.sequenceId() > Long.MIN_VALUE) {
          it.seek(c.withSequenceId(c.sequenceId() - 1));
          if (i + 1 < cells.size()) {
            assertTrue(it.valid());
            assertEquals(cells.get(i + 1), it.cell(), "seek just after cell " + i);
          } else {
            assertFalse(it.valid());
          }
        }
      }
      for (int j = 0; j < rows.size(); j++) {
        it.seek(Cell.firstOnRow(rows.get(j)));
        assertTrue(it.valid());
        assertArrayEquals(rows.get(j), it.cell().row());
        it.seek(Cell.firstOnNextRow(rows.get(j)));
        if (j + 1 < rows.size()) {
          assertArrayEquals(rows.get(j + 1), it.cell().row());
        } else {
          assertFalse(it.valid());
        }
      }
      it.seek(Cell.firstOnRow(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
      assertFalse(it.valid(), "past the end");
      it.seek(Cell.firstOnRow(Bytes.EMPTY));
      assertEquals(cells.get(0), it.cell(), "before the start");
      // Walking from a mid seek reaches the end with every cell in order.
      int mid = cells.size() / 2;
      int n = 0;
      for (it.seek(cells.get(mid)); it.valid(); it.next()) {
        assertEquals(cells.get(mid + n++), it.cell());
      }
      assertEquals(cells.size() - mid, n);
    }
  }

  private void checkPreviousRow(SSTableReader r) throws Exception {
    try (CellIterator it = r.iterator()) {
      assertFalse(it.seekToPreviousRow(rows.get(0)));
      assertFalse(it.valid());
      assertFalse(it.seekToPreviousRow(Bytes.EMPTY));
      for (int j = 1; j < rows.size(); j++) {
        assertTrue(it.seekToPreviousRow(rows.get(j)));
        Cell expected = firstCellOf(rows.get(j - 1));
        assertEquals(expected, it.cell(), "previous row of row " + j);
        // A key between rows j-1 and j has the same previous row.
        assertTrue(it.seekToPreviousRow(Bytes.successor(rows.get(j - 1))));
        assertEquals(expected, it.cell());
      }
      byte[] last = rows.get(rows.size() - 1);
      assertTrue(it.seekToPreviousRow(Bytes.successor(last)));
      assertEquals(firstCellOf(last), it.cell());
      // A full reversed walk visits every row.
      List<byte[]> reversed = new ArrayList<>();
      byte[] row = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
      while (it.seekToPreviousRow(row)) {
        row = it.cell().row();
        reversed.add(row);
      }
      assertEquals(rows.size(), reversed.size());
    }
  }

  private Cell firstCellOf(byte[] row) {
    for (Cell c : cells) {
      if (Bytes.equals(c.row(), row)) {
        return c;
      }
    }
    throw new AssertionError();
  }

  private void checkBloom(SSTableReader r, BloomType bloom) throws Exception {
    for (Cell c : cells) {
      assertTrue(r.mightContainRow(c.row()), "no false negative for " + c);
      assertTrue(r.mightContainRowCol(c.row(), c.family(), c.qualifier()), "rowcol " + c);
      if (c.type().isFamilyDelete()) {
        // A Get of any column must find the row's family delete markers.
        assertTrue(r.mightContainRowCol(c.row(), c.family(), Bytes.toBytes("never-written")));
      }
    }
    int falsePositives = 0;
    int absent = 2000;
    long before = r.dataBlocksRead();
    for (int i = 0; i < absent; i++) {
      byte[] row = Bytes.toBytes("absent-row-" + i);
      if (r.mightContainRow(row)) {
        falsePositives++;
      }
    }
    assertEquals(before, r.dataBlocksRead(), "bloom checks never touch data blocks");
    if (bloom == BloomType.NONE) {
      assertEquals(absent, falsePositives);
    } else {
      assertTrue(falsePositives < absent * 0.03, "false positives: " + falsePositives);
    }
  }
}
