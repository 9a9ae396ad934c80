package org.basaltdb.wal.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.WalEntry;
import org.basaltdb.wal.WalTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-level tests in the manner of LevelDB's log_test. */
class WalFormatTest {
  @TempDir java.nio.file.Path tmp;
  private FileSystem fs;
  private Path file;
  private final List<Long> recordEnds = new ArrayList<>();
  private long headerLength;

  @BeforeEach
  void setUp() throws IOException {
    fs = WalTests.rawLocal();
    file = new Path(tmp.toUri().toString(), "log");
  }

  private List<WalEntry> write(int n, boolean trailer) throws IOException {
    WalFileWriter w = WalFileWriter.create(fs, file, WalFormat.KIND_WAL, "rs1,16020,1", 42L);
    headerLength = w.length();
    List<WalEntry> written = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      List<Cell> cells = WalTests.cells(i, 10 + i);
      w.append(RecordCodec.encodeEntry("r" + (i % 3), WalTests.TABLE, i, 1000 + i, cells), i);
      recordEnds.add(w.length());
      written.add(new WalEntry("r" + (i % 3), WalTests.TABLE, i, 1000 + i, cells));
    }
    if (trailer) {
      w.close();
    } else {
      w.hflush();
      w.abort();
    }
    return written;
  }

  private List<WalEntry> readAll(WalFileReader r) throws IOException {
    List<WalEntry> out = new ArrayList<>();
    WalEntry e;
    while ((e = r.next()) != null) {
      out.add(e);
    }
    return out;
  }

  private List<WalEntry> readAll() throws IOException {
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      return readAll(r);
    }
  }

  private byte[] bytes() throws IOException {
    return Files.readAllBytes(java.nio.file.Path.of(file.toUri()));
  }

  private void rewrite(byte[] b) throws IOException {
    Files.write(java.nio.file.Path.of(file.toUri()), b);
  }

  private static void assertSameEntry(WalEntry expected, WalEntry actual) {
    assertEquals(expected.sequenceId(), actual.sequenceId());
    assertEquals(expected.region(), actual.region());
    assertEquals(expected.table(), actual.table());
    assertEquals(expected.writeTime(), actual.writeTime());
    assertEquals(expected.cells().size(), actual.cells().size());
    for (int i = 0; i < expected.cells().size(); i++) {
      assertEquals(expected.cells().get(i).withSequenceId(expected.sequenceId()),
          actual.cells().get(i));
    }
  }

  @Test
  void emptyFileHasNoEntries() throws IOException {
    rewrite(new byte[0]);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      assertNull(r.next());
      assertNull(r.header());
      assertEquals(WalFileReader.End.EOF, r.end());
    }
  }

  @Test
  void headerOnlyFileHasNoEntries() throws IOException {
    write(0, false);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      assertNull(r.next());
      assertEquals("rs1,16020,1", r.header().writer());
      assertEquals(42L, r.header().createdAt());
      assertEquals(WalFileReader.End.EOF, r.end());
    }
  }

  @Test
  void roundTripEveryCellTypeWithTrailer() throws IOException {
    WalFileWriter w = WalFileWriter.create(fs, file, WalFormat.KIND_WAL, "rs", 1L);
    List<Cell> cells = new ArrayList<>();
    byte[] r = "row".getBytes(StandardCharsets.UTF_8);
    byte[] f = "f".getBytes(StandardCharsets.UTF_8);
    for (Cell.Type t : new Cell.Type[] {Cell.Type.PUT, Cell.Type.DELETE,
        Cell.Type.DELETE_FAMILY_VERSION, Cell.Type.DELETE_COLUMN, Cell.Type.DELETE_FAMILY}) {
      cells.add(new Cell(r, f, new byte[] {(byte) t.code}, 77, t, 0, new byte[] {1, 2, 3}));
    }
    cells.add(new Cell(r, f, new byte[0], Long.MAX_VALUE, Cell.Type.PUT, 0, new byte[0]));
    TableName table = TableName.valueOf("default:x");
    w.append(RecordCodec.encodeEntry("region-é", table, 9, 5, cells), 9);
    w.close();
    try (WalFileReader rd = WalFileReader.open(fs, file)) {
      WalEntry e = rd.next();
      assertSameEntry(new WalEntry("region-é", table, 9, 5, cells), e);
      assertNull(rd.next());
      assertEquals(WalFileReader.End.TRAILER, rd.end());
      assertEquals(new Trailer(1, 9, 9), rd.trailer());
    }
  }

  @Test
  void truncatedTrailingRecordIsTheEndOfTheLog() throws IOException {
    List<WalEntry> written = write(3, false);
    byte[] b = bytes();
    rewrite(java.util.Arrays.copyOf(b, b.length - 5));
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      List<WalEntry> read = readAll(r);
      assertEquals(2, read.size());
      assertSameEntry(written.get(1), read.get(1));
      assertEquals(WalFileReader.End.TORN_TAIL, r.end());
      assertEquals(recordEnds.get(1), r.offset());
    }
  }

  @Test
  void recordCutAtEveryByteBoundary() throws IOException {
    List<WalEntry> written = write(4, true);
    byte[] full = bytes();
    for (int cut = 0; cut <= full.length; cut++) {
      rewrite(java.util.Arrays.copyOf(full, cut));
      int complete = 0;
      for (long end : recordEnds) {
        if (end <= cut) {
          complete++;
        }
      }
      if (cut < headerLength) {
        complete = 0;
      }
      List<WalEntry> read = readAll();
      assertEquals(complete, read.size(), "cut at " + cut);
      for (int i = 0; i < complete; i++) {
        assertSameEntry(written.get(i), read.get(i));
      }
    }
  }

  @Test
  void badChecksumBeforeTheEndIsCorruptionNamingFileAndOffset() throws IOException {
    write(3, true);
    byte[] b = bytes();
    long off = recordEnds.get(0);
    b[(int) off + WalFormat.RECORD_HEADER + 3] ^= 0x40;
    rewrite(b);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      r.next();
      CorruptionException e = assertThrows(CorruptionException.class, r::next);
      assertEquals(off, e.offset());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
  }

  @Test
  void badChecksumOfTheLastRecordIsTheEndOfTheLog() throws IOException {
    write(3, false);
    byte[] b = bytes();
    b[b.length - 2] ^= 0x01;
    rewrite(b);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      assertEquals(2, readAll(r).size());
      assertEquals(WalFileReader.End.TORN_TAIL, r.end());
    }
  }

  @Test
  void badRecordTypeIsCorruption() throws IOException {
    write(3, true);
    byte[] b = bytes();
    int off = (int) (long) recordEnds.get(0);
    int len = ByteBuffer.wrap(b, off, 4).getInt();
    b[off + 8] = 7;
    ByteBuffer.wrap(b).putInt(off + 4, RecordCodec.crc(b, off + 8, len + 1));
    rewrite(b);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      r.next();
      CorruptionException e = assertThrows(CorruptionException.class, r::next);
      assertEquals(off, e.offset());
      assertTrue(e.getMessage().contains("unknown record type 7"), e.getMessage());
    }
  }

  @Test
  void badRecordLengthIsCorruption() throws IOException {
    write(3, true);
    byte[] b = bytes();
    int off = (int) (long) recordEnds.get(0);
    ByteBuffer.wrap(b).putInt(off, -2);
    rewrite(b);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      r.next();
      CorruptionException e = assertThrows(CorruptionException.class, r::next);
      assertTrue(e.getMessage().contains("bad record length"), e.getMessage());
    }
  }

  @Test
  void tooShortEntryLengthIsCorruption() throws IOException {
    write(3, true);
    byte[] b = bytes();
    int off = (int) (long) recordEnds.get(0);
    // A well-checksummed entry of 2 bytes followed by the rest of the file.
    byte[] small = {0, 0, 0, 2, 0, 0, 0, 0, (byte) WalFormat.TYPE_ENTRY, 1, 2};
    ByteBuffer.wrap(small).putInt(4, RecordCodec.crc(small, 8, 3));
    byte[] out = new byte[b.length + small.length];
    System.arraycopy(b, 0, out, 0, off);
    System.arraycopy(small, 0, out, off, small.length);
    System.arraycopy(b, off, out, off + small.length, b.length - off);
    rewrite(out);
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      r.next();
      assertThrows(CorruptionException.class, r::next);
    }
  }

  @Test
  void badMagicIsCorruption() throws IOException {
    write(1, true);
    byte[] b = bytes();
    b[0] = 'X';
    rewrite(b);
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> WalFileReader.open(fs, file));
    assertEquals(0, e.offset());
  }

  @Test
  void bytesAfterTrailerAreCorruption() throws IOException {
    write(2, true);
    byte[] b = bytes();
    rewrite(java.util.Arrays.copyOf(b, b.length + 3));
    try (WalFileReader r = WalFileReader.open(fs, file)) {
      r.next();
      r.next();
      assertThrows(CorruptionException.class, r::next);
    }
  }

  @Test
  void headerBytesAreStable() {
    byte[] h = RecordCodec.encodeHeader(WalFormat.KIND_WAL, 0, "rs");
    assertArrayEquals("BSLTWAL\0".getBytes(StandardCharsets.US_ASCII),
        java.util.Arrays.copyOf(h, 8));
    assertEquals(WalFormat.FILE_HEADER_FIXED + 2 + 4, h.length);
  }
}
