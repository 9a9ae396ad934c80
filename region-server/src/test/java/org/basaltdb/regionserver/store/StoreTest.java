package org.basaltdb.regionserver.store;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.scan.MergingIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One store on the local filesystem: flushes make files that a reopened store finds, with the
 * flushed sequence id; a minor compaction keeps delete markers and a major one drops them with
 * what they mask; files a compaction replaced live on until the last read using them closes;
 * a read sees the memstore up to its read point.
 */
class StoreTest {
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");

  @TempDir
  java.nio.file.Path dir;

  private Store open(FileSystem fs) throws Exception {
    Path root = new Path(dir.toUri());
    return Store.open(fs, new Path(root, "f"), new Path(root, ".tmp"),
        ColumnFamilyDescriptor.builder("f").maxVersions(1).build(), new BlockCache(1 << 20));
  }

  private static FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  private static Cell put(String row, long ts, long seq) {
    return new Cell(toBytes(row), F, Q, ts, Cell.Type.PUT, seq, toBytes(row + "@" + ts));
  }

  private static void flush(Store s, long seq, Cell... cells) throws Exception {
    for (Cell c : cells) {
      s.memstore().add(c);
    }
    s.flush(s.memstore().snapshot(), seq, 10_000);
  }

  /** Every cell of every live file, "row/type@ts", file by file. */
  private static List<String> contents(Store s) throws Exception {
    List<String> out = new ArrayList<>();
    for (StoreFile f : s.files()) {
      try (CellIterator it = f.iterator(false)) {
        it.seek(Cell.firstOnRow(new byte[0]));
        for (; it.valid(); it.next()) {
          Cell c = it.cell();
          out.add(Bytes.toString(c.row()) + "/" + c.type() + "@" + c.timestamp());
        }
      }
    }
    return out;
  }

  @Test
  void flushedFilesAreFoundAgainWithTheirSequenceId() throws Exception {
    FileSystem fs = fs();
    try (Store s = open(fs)) {
      flush(s, 5, put("a", 1, 3), put("b", 1, 4));
      flush(s, 9, put("c", 2, 8));
      assertEquals(2, s.files().size());
      assertEquals(9, s.maxFlushedSequenceId());
      assertTrue(s.memstore().isEmpty(), "a flush drops the snapshot it wrote");
    }
    try (Store s = open(fs)) {
      assertEquals(2, s.files().size());
      assertEquals(9, s.maxFlushedSequenceId());
      assertEquals(List.of("a/PUT@1", "b/PUT@1", "c/PUT@2"), contents(s));
    }
  }

  @Test
  void minorCompactionKeepsMarkersAndMajorDropsThemWithWhatTheyMask() throws Exception {
    try (Store s = open(fs())) {
      flush(s, 2, put("a", 1, 1), put("b", 1, 2));
      flush(s, 4, new Cell(toBytes("a"), F, Q, 5, Cell.Type.DELETE_COLUMN, 3, new byte[0]),
          put("b", 6, 4));
      s.compact(s.files(), false, 10_000, null);
      assertEquals(1, s.files().size());
      assertEquals(List.of("a/DELETE_COLUMN@5", "b/PUT@6"), contents(s),
          "minor: the marker stays, masked and excess versions go");
      s.compact(s.files(), true, 10_000, null);
      assertEquals(List.of("b/PUT@6"), contents(s), "major: the marker goes too");
      assertEquals(4, s.maxFlushedSequenceId());
    }
  }

  /** Every cell a read view returns, merged, "row/type@ts#seq". */
  private static List<String> read(Store.ReadView v) throws Exception {
    List<String> out = new ArrayList<>();
    try (MergingIterator it = new MergingIterator(new ArrayList<>(v.iterators()))) {
      it.seek(Cell.firstOnRow(new byte[0]));
      for (; it.valid(); it.next()) {
        Cell c = it.cell();
        out.add(Bytes.toString(c.row()) + "/" + c.type() + "@" + c.timestamp() + "#"
            + c.sequenceId());
      }
    }
    return out;
  }

  @Test
  void aReadOpenDuringACompactionKeepsItsFilesUntilItCloses() throws Exception {
    FileSystem fs = fs();
    try (Store s = open(fs)) {
      flush(s, 1, put("a", 1, 1));
      flush(s, 2, put("b", 1, 2));
      List<Path> before = new ArrayList<>();
      for (StoreFile f : s.files()) {
        before.add(f.path());
      }
      Store.ReadView view = s.openRead(Long.MAX_VALUE, null, false);
      s.compact(s.files(), true, 10_000, null);
      assertEquals(1, s.files().size());
      for (Path p : before) {
        assertTrue(fs.exists(p), p + " was deleted while a read still used it");
      }
      assertEquals(List.of("a/PUT@1#1", "b/PUT@1#2"), read(view));
      view.close();
      for (Path p : before) {
        assertFalse(fs.exists(p), p + " outlived the last read using it");
      }
      try (Store.ReadView after = s.openRead(Long.MAX_VALUE, null, false)) {
        assertEquals(List.of("a/PUT@1#1", "b/PUT@1#2"), read(after));
      }
    }
  }

  @Test
  void aCompactionLeavesTheBlockCacheToClientReads() throws Exception {
    FileSystem fs = fs();
    Path root = new Path(dir.toUri());
    BlockCache cache = new BlockCache(1 << 20);
    try (Store s = Store.open(fs, new Path(root, "f"), new Path(root, ".tmp"),
        ColumnFamilyDescriptor.builder("f").maxVersions(1).build(), cache)) {
      flush(s, 1, put("a", 1, 1));
      flush(s, 2, put("b", 1, 2));
      List<StoreFile> inputs = s.files();
      Store.ReadView view = s.openRead(Long.MAX_VALUE, null, false); // keeps the inputs open
      s.compact(inputs, true, 10_000, null);
      long[] readByCompaction = new long[inputs.size()];
      for (int i = 0; i < inputs.size(); i++) {
        readByCompaction[i] = inputs.get(i).reader().dataBlocksRead();
        assertTrue(readByCompaction[i] > 0);
      }
      assertEquals(List.of("a/PUT@1#1", "b/PUT@1#2"), read(view));
      for (int i = 0; i < inputs.size(); i++) {
        assertTrue(inputs.get(i).reader().dataBlocksRead() > readByCompaction[i],
            "the compaction put the data blocks it read into the cache");
      }
      view.close();
    }
  }

  @Test
  void aReadSeesTheMemstoreOnlyUpToItsReadPoint() throws Exception {
    try (Store s = open(fs())) {
      flush(s, 3, put("a", 1, 3));
      s.memstore().add(put("b", 1, 5));
      s.memstore().add(put("c", 1, 7));
      try (Store.ReadView v = s.openRead(6, null, false)) {
        assertEquals(List.of("a/PUT@1#3", "b/PUT@1#5"), read(v));
      }
      try (Store.ReadView v = s.openRead(7, null, false)) {
        assertEquals(List.of("a/PUT@1#3", "b/PUT@1#5", "c/PUT@1#7"), read(v));
      }
    }
  }

  /**
   * A compaction committed, its inputs not yet deleted (a read holds them, as the commit of a
   * server taken for dead can leave them), and the region opened again (elsewhere): the new open
   * reads only the output, deletes the inputs itself, and the old server's late deletes harm
   * nothing.
   */
  @Test
  void anOpenSkipsAndDeletesTheFilesACompactionOutputBesideThemReplaced() throws Exception {
    FileSystem fs = fs();
    try (Store old = open(fs)) {
      flush(old, 1, put("a", 1, 1));
      flush(old, 2, put("b", 1, 2));
      flush(old, 3, new Cell(toBytes("a"), F, Q, 5, Cell.Type.DELETE_COLUMN, 3, new byte[0]));
      List<Path> inputs = new ArrayList<>();
      for (StoreFile f : old.files()) {
        inputs.add(f.path());
      }
      Store.ReadView view = old.openRead(Long.MAX_VALUE, null, false);
      old.compact(old.files(), true, 10_000, null);
      Path output = old.files().get(0).path();
      assertEquals(3, StoreFile.decodeNames(old.files().get(0).reader().info()
          .fileInfo(StoreFile.COMPACTED_FILES), output).size(), "the output names its inputs");
      for (Path p : inputs) {
        assertTrue(fs.exists(p), p + " is still there, for the read");
      }

      try (Store reopened = open(fs)) {
        assertEquals(List.of(output), reopened.files().stream().map(StoreFile::path).toList(),
            "only the output is opened");
        assertEquals(List.of("b/PUT@1"), contents(reopened));
        for (Path p : inputs) {
          assertFalse(fs.exists(p), p + " was left behind by the new open");
        }
        view.close(); // the old server's deferred deletes: the files are gone already
        assertEquals(List.of("b/PUT@1"), contents(reopened));
        reopened.compact(reopened.files(), true, 10_000, null);
        assertEquals(List.of("b/PUT@1"), contents(reopened));
      }
    }
  }

  /**
   * The inputs vanish between the new open's listing and its opening them (the old server's
   * delete won the race): the open still succeeds on the output. A missing file that no output
   * replaced still fails the open.
   */
  @Test
  void aReplacedFileThatVanishesDuringTheOpenIsNoError() throws Exception {
    FileSystem fs = fs();
    List<String> inputs = new ArrayList<>();
    try (Store s = open(fs)) {
      flush(s, 1, put("a", 1, 1));
      flush(s, 2, put("b", 1, 2));
      for (StoreFile f : s.files()) {
        inputs.add(f.path().getName());
      }
      Store.ReadView view = s.openRead(Long.MAX_VALUE, null, false);
      s.compact(s.files(), false, 10_000, null);
      // Inputs newer than the output: opened before it, so they are opened and then vanish.
      for (String name : inputs) {
        java.io.File file = dir.resolve("f").resolve(name).toFile();
        assertTrue(file.setLastModified(System.currentTimeMillis() + 60_000), "touched " + file);
      }
      FileSystem vanishing = new org.apache.hadoop.fs.RawLocalFileSystem() {
        @Override
        public org.apache.hadoop.fs.FSDataInputStream open(Path f, int bufferSize)
            throws java.io.IOException {
          if (inputs.contains(f.getName())) {
            throw new java.io.FileNotFoundException(f + " (deleted by the old server)");
          }
          return super.open(f, bufferSize);
        }
      };
      vanishing.initialize(java.net.URI.create("file:///"), new Configuration());
      try (Store reopened = open(vanishing)) {
        assertEquals(1, reopened.files().size());
        assertEquals(List.of("a/PUT@1", "b/PUT@1"), contents(reopened));
      }
      view.close();
    }
    // A file no output replaced that cannot be opened is an error, as before.
    try (Store s = open(fs)) {
      flush(s, 4, put("c", 1, 4));
    }
    FileSystem failing = new org.apache.hadoop.fs.RawLocalFileSystem() {
      @Override
      public org.apache.hadoop.fs.FSDataInputStream open(Path f, int bufferSize)
          throws java.io.IOException {
        throw new java.io.FileNotFoundException(f + " is missing");
      }
    };
    failing.initialize(java.net.URI.create("file:///"), new Configuration());
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> open(failing));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void compactedFileNamesRoundTripAndBadBytesAreCorruption() throws Exception {
    Path p = new Path("/f/x");
    List<String> names = List.of("a", "0123456789abcdef_SeqId_7_", "parent.region");
    assertEquals(java.util.Set.copyOf(names),
        StoreFile.decodeNames(StoreFile.encodeNames(names), p));
    assertEquals(java.util.Set.of(), StoreFile.decodeNames(StoreFile.encodeNames(List.of()), p));
    byte[] good = StoreFile.encodeNames(names);
    for (byte[] bad : new byte[][] {new byte[0], java.util.Arrays.copyOf(good, good.length - 1),
        java.util.Arrays.copyOf(good, good.length + 1), {0x7f, 0, 0, 0}}) {
      org.junit.jupiter.api.Assertions.assertThrows(
          org.basaltdb.common.CorruptionException.class, () -> StoreFile.decodeNames(bad, p));
    }
  }
}
