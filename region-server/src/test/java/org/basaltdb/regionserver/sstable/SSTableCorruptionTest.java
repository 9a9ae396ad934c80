package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.CorruptionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Byte-level damage (LevelDB's log_test / table_test style): every flipped byte and every
 * truncation either fails with a CorruptionException naming the file and an offset inside it,
 * or reads back exactly the original cells. Never other data, never another exception type.
 */
class SSTableCorruptionTest {
  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs;
  private List<Cell> cells;

  @BeforeEach
  void setUp() throws IOException {
    fs = SSTableTestUtil.localFs();
    cells = SSTableTestUtil.variedCells(new Random(7), 8, 150);
  }

  private Path writeOriginal(Compression c) throws IOException {
    Path p = new Path(dir.toUri().toString(), "orig-" + c);
    SSTableOptions o = SSTableOptions.defaults().withBlockSize(256).withCompression(c)
        .withBloomType(BloomType.ROWCOL);
    return SSTableTestUtil.write(fs, p, o, cells);
  }

  private static java.nio.file.Path local(Path p) {
    return java.nio.file.Path.of(p.toUri());
  }

  /**
   * Opens and reads everything (iteration, seeks, reversed steps, bloom probes); returns true if
   * that failed with a proper CorruptionException. With {@code mustMatch}, a read that succeeds
   * must return exactly the original cells.
   */
  private boolean openAndCheck(Path p, long fileSize, boolean mustMatch) {
    try (SSTableReader r = SSTableReader.open(fs, p, null)) {
      List<Cell> got = SSTableTestUtil.readAll(r);
      // Seeks and reversed steps also decode blocks; they must be just as safe.
      try (CellIterator it = r.iterator()) {
        for (int i = 0; i < cells.size(); i += 5) {
          it.seek(cells.get(i));
          it.seekToPreviousRow(cells.get(i).row());
        }
      }
      for (Cell c : cells) {
        r.mightContainRowCol(c.row(), c.family(), c.qualifier());
      }
      if (mustMatch) {
        SSTableTestUtil.assertSameCells(cells, got);
        assertEquals(cells.size(), r.info().cellCount());
      }
      return false;
    } catch (CorruptionException e) {
      assertEquals(p.toString(), e.file(), e.getMessage());
      assertTrue(e.offset() >= 0 && e.offset() <= fileSize, e.getMessage());
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
      return true;
    } catch (Throwable e) {
      throw new AssertionError("unexpected " + e + " for " + p, e);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyFlippedByteIsDetectedOrHarmless(Compression c) throws Exception {
    Path orig = writeOriginal(c);
    byte[] bytes = Files.readAllBytes(local(orig));
    assertTrue(bytes.length > 800 && bytes.length < 8000, "file size " + bytes.length);
    Path bad = new Path(dir.toUri().toString(), "flipped-" + c);
    long dataEnd;
    try (SSTableReader r = SSTableReader.open(fs, orig, null)) {
      dataEnd = r.trailer().dataEnd();
    }
    // Every byte of the meta blocks and trailer; every 2nd (NONE) or 5th data byte.
    int dataStep = c == Compression.NONE ? 2 : 5;
    int tried = 0;
    int detected = 0;
    for (int i = 0; i < bytes.length; i += i < dataEnd ? dataStep : 1) {
      byte[] copy = bytes.clone();
      copy[i] ^= (byte) (1 << (i % 8));
      Files.write(local(bad), copy);
      tried++;
      if (openAndCheck(bad, copy.length, true)) {
        detected++;
      }
    }
    // Every byte is covered by a block CRC or the trailer CRC/magic: there is no padding.
    assertEquals(tried, detected);
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"NONE", "SNAPPY"})
  void everyTruncationIsDetected(Compression c) throws Exception {
    Path orig = writeOriginal(c);
    byte[] bytes = Files.readAllBytes(local(orig));
    Path bad = new Path(dir.toUri().toString(), "truncated-" + c);
    // Every length near the start and the end (trailer, meta blocks); every 7th in between.
    int n = bytes.length;
    for (int len = 0; len < n; len += len < 100 || len > n - 200 ? 1 : 7) {
      Files.write(local(bad), java.util.Arrays.copyOf(bytes, len));
      long size = len;
      CorruptionException e = assertThrows(CorruptionException.class,
          () -> SSTableReader.open(fs, bad, null).close(), "truncated to " + len);
      assertTrue(e.offset() >= 0 && e.offset() <= size, e.getMessage());
      assertTrue(e.getMessage().contains(bad.toString()));
    }
  }

  /**
   * Damage that a checksum cannot catch (the CRC is recomputed after the flip, as a buggy
   * writer or a forger would): decoding must still fail cleanly with a CorruptionException, or
   * succeed; never an ArrayIndexOutOfBounds, NegativeArraySize or a huge allocation.
   */
  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"NONE", "ZSTD"})
  void forgedChecksumsStillDecodeSafely(Compression c) throws Exception {
    Path orig = writeOriginal(c);
    byte[] bytes = Files.readAllBytes(local(orig));
    List<BlockHandle> blocks = new ArrayList<>();
    Trailer t;
    try (SSTableReader r = SSTableReader.open(fs, orig, null)) {
      t = r.trailer();
      for (int i = 0; i < r.index().size(); i++) {
        blocks.add(r.index().handle(i));
      }
    }
    blocks.add(t.bloomHandle());
    blocks.add(t.indexHandle());
    blocks.add(t.infoHandle());
    Path bad = new Path(dir.toUri().toString(), "forged-" + c);
    for (BlockHandle h : blocks) {
      int start = (int) h.offset();
      int end = start + h.size() + 1; // payload and the compression code byte
      // Every byte of small blocks, every other byte of data blocks (keeps the suite fast).
      int step = h.size() > 100 ? 2 : 1;
      for (int i = start; i < end; i += step) {
        byte[] copy = bytes.clone();
        copy[i] ^= (byte) (1 << (i * 5 % 8));
        int code = copy[start + h.size()] & 0xFF;
        ByteWriter.putU32(copy, start + h.size() + 1,
            SSTableFormat.crc(copy, start, h.size(), code));
        Files.write(local(bad), copy);
        openAndCheck(bad, copy.length, false);
      }
    }
    // The trailer with its CRC recomputed: offsets and sizes must still be range-checked.
    int at = bytes.length - Trailer.SIZE;
    for (int i = at; i < at + 56; i++) {
      byte[] copy = bytes.clone();
      copy[i] ^= (byte) (1 << (i % 8));
      CRC32C crc = new CRC32C();
      crc.update(copy, at, 56);
      ByteWriter.putU32(copy, at + 56, (int) crc.getValue());
      Files.write(local(bad), copy);
      openAndCheck(bad, copy.length, false);
    }
  }

  @Test
  void badMagicAndUnsupportedVersionAreNamed() throws Exception {
    Path orig = writeOriginal(Compression.NONE);
    byte[] bytes = Files.readAllBytes(local(orig));
    Path bad = new Path(dir.toUri().toString(), "magic");
    byte[] copy = bytes.clone();
    copy[copy.length - 1] ^= 1;
    Files.write(local(bad), copy);
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> SSTableReader.open(fs, bad, null));
    assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    assertEquals(bytes.length - Trailer.SIZE, e.offset());

    copy = bytes.clone();
    int at = copy.length - Trailer.SIZE;
    ByteWriter.putU32(copy, at + 52, 2);
    CRC32C crc = new CRC32C();
    crc.update(copy, at, 56);
    ByteWriter.putU32(copy, at + 56, (int) crc.getValue());
    Files.write(local(bad), copy);
    e = assertThrows(CorruptionException.class, () -> SSTableReader.open(fs, bad, null));
    assertTrue(e.getMessage().contains("unsupported format version 2"), e.getMessage());
  }

  @Test
  void damagedDataBlockNamesItsOffset() throws Exception {
    Path orig = writeOriginal(Compression.NONE);
    byte[] bytes = Files.readAllBytes(local(orig));
    BlockHandle second;
    try (SSTableReader r = SSTableReader.open(fs, orig, null)) {
      second = r.index().handle(1);
    }
    bytes[(int) second.offset() + 3] ^= 0x10;
    Path bad = new Path(dir.toUri().toString(), "block");
    Files.write(local(bad), bytes);
    try (SSTableReader r = SSTableReader.open(fs, bad, null)) {
      CorruptionException e = assertThrows(CorruptionException.class,
          () -> SSTableTestUtil.readAll(r));
      assertEquals(second.offset(), e.offset());
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"LZ4", "ZSTD", "SNAPPY"})
  void undecompressableBlockIsCorruption(Compression c) throws Exception {
    Path orig = writeOriginal(c);
    byte[] bytes = Files.readAllBytes(local(orig));
    BlockHandle h = null;
    try (SSTableReader r = SSTableReader.open(fs, orig, null)) {
      for (int i = 0; i < r.index().size() && h == null; i++) {
        BlockHandle x = r.index().handle(i);
        if (bytes[(int) x.offset() + x.size()] == c.code) {
          h = x;
        }
      }
    }
    assertTrue(h != null, "some block is compressed");
    // Garble the compressed payload and forge its CRC: only the codec can notice.
    int start = (int) h.offset();
    for (int i = 0; i < h.size(); i++) {
      bytes[start + i] = (byte) (0xA5 ^ i);
    }
    ByteWriter.putU32(bytes, start + h.size() + 1, SSTableFormat.crc(bytes, start, h.size(),
        c.code));
    Path bad = new Path(dir.toUri().toString(), "garbled-" + c);
    Files.write(local(bad), bytes);
    long offset = h.offset();
    try (SSTableReader r = SSTableReader.open(fs, bad, null)) {
      CorruptionException e = assertThrows(CorruptionException.class,
          () -> SSTableTestUtil.readAll(r));
      assertEquals(offset, e.offset(), e.getMessage());
    }
  }
}
