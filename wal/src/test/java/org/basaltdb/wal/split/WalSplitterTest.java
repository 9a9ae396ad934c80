package org.basaltdb.wal.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.fs.FaultInjectingFileSystem.Op;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.RecoveredEdits;
import org.basaltdb.wal.WalConfig;
import org.basaltdb.wal.WalEntry;
import org.basaltdb.wal.WalTests;
import org.basaltdb.wal.format.RecordCodec;
import org.basaltdb.wal.format.WalFileWriter;
import org.basaltdb.wal.format.WalFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WalSplitterTest {
  @TempDir java.nio.file.Path tmp;
  private FileSystem fs;
  private Path source;
  /** region → entries, as the dead server's log holds them. */
  private final Map<String, List<WalEntry>> expected = new TreeMap<>();

  @BeforeEach
  void writeDeadServersLog() throws Exception {
    fs = WalTests.rawLocal();
    source = new Path(tmp.toUri().toString(), "source/WALs/rs1");
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
    Configuration conf = WalTests.conf();
    WalConfig.ROLL_SIZE.set(conf, 2000L);
    FSWal wal = FSWal.open(ffs, source, new Path(tmp.toUri().toString(), "source/oldWALs"), "rs1",
        0, conf, Clock.SYSTEM);
    for (int i = 0; i < 60; i++) {
      wal.append("r" + (i % 4), WalTests.TABLE, WalTests.cells(i, 50), Durability.SYNC_WAL)
          .await();
    }
    ffs.crash(); // the server dies without closing its log
    wal.close();
    for (WalEntry e : WalTests.readAll(fs, source)) {
      expected.computeIfAbsent(e.region(), k -> new ArrayList<>()).add(e);
    }
    assertEquals(4, expected.size());
  }

  /** A copy of the dead server's log under a fresh root; returns the root. */
  private Path copy(String name) throws IOException {
    Path root = new Path(tmp.toUri().toString(), name);
    fs.mkdirs(new Path(root, "WALs"));
    FileUtil.copy(fs, source, fs, new Path(root, "WALs/rs1"), false, new Configuration());
    for (String region : expected.keySet()) {
      fs.mkdirs(layout(root).apply(WalTests.TABLE, region)); // each region open somewhere
    }
    return root;
  }

  private static BiFunction<TableName, String, Path> layout(Path root) {
    return (t, r) -> new Path(root, "data/" + t.namespace() + "/" + t.qualifier() + "/" + r);
  }

  private WalSplitter splitter(FileSystem f, Path root) {
    return new WalSplitter(f, new Path(root, "oldWALs"), layout(root), new Configuration(false),
        Clock.SYSTEM);
  }

  private void assertRecovered(Path root, long flushed) throws IOException {
    for (Map.Entry<String, List<WalEntry>> r : expected.entrySet()) {
      List<WalEntry> replayed = new ArrayList<>();
      Path regionDir = layout(root).apply(WalTests.TABLE, r.getKey());
      long max = RecoveredEdits.replay(fs, regionDir, flushed, replayed::add);
      List<WalEntry> want = r.getValue().stream().filter(e -> e.sequenceId() > flushed).toList();
      assertEquals(want, replayed, "region " + r.getKey());
      assertEquals(want.isEmpty() ? flushed : want.get(want.size() - 1).sequenceId(), max);
    }
  }

  @Test
  void splitWritesPerRegionRecoveredEditsAndReplaySkipsFlushed() throws IOException {
    Path root = copy("plain");
    WalSplitter.Result res = splitter(fs, root).split(new Path(root, "WALs/rs1"));
    assertEquals(4, res.recoveredEdits().size());
    assertEquals(60, res.entries());
    assertFalse(fs.exists(new Path(root, "WALs/rs1")));
    assertFalse(fs.exists(new Path(root, "WALs/rs1-splitting")));
    assertEquals(res.splitFiles().size(), fs.listStatus(new Path(root, "oldWALs/rs1")).length);
    Path regionDir = layout(root).apply(WalTests.TABLE, "r1");
    List<Path> files = RecoveredEdits.list(fs, regionDir);
    assertEquals(1, files.size());
    assertEquals(RecoveredEdits.fileName(expected.get("r1").get(14).sequenceId()),
        files.get(0).getName());
    assertRecovered(root, -1);
    assertRecovered(root, 30);
    RecoveredEdits.deleteAll(fs, regionDir);
    assertTrue(RecoveredEdits.list(fs, regionDir).isEmpty());
  }

  /**
   * A region whose directory is gone (split or merged away and deleted) gets no recovered edits
   * and no directory back: the orphan directories the chaos run found were made so.
   */
  @Test
  void theEditsOfARegionWhoseDirectoryIsGoneAreDropped() throws IOException {
    Path root = copy("gone");
    Path r3 = layout(root).apply(WalTests.TABLE, "r3");
    fs.delete(r3, true);
    WalSplitter.Result res = splitter(fs, root).split(new Path(root, "WALs/rs1"));
    assertEquals(List.of("r0", "r1", "r2"), new ArrayList<>(res.recoveredEdits().keySet()));
    assertEquals(60, res.entries(), "every entry was read");
    assertFalse(fs.exists(r3), "no directory is made for it");
    expected.remove("r3");
    assertRecovered(root, -1);
  }

  /** Writes {@code entries}, in the order given, as a recovered-edits file of {@code regionDir}. */
  private void writeRecoveredEdits(Path regionDir, List<WalEntry> entries) throws IOException {
    fs.mkdirs(RecoveredEdits.dir(regionDir));
    long max = entries.stream().mapToLong(WalEntry::sequenceId).max().orElseThrow();
    WalFileWriter w = WalFileWriter.create(fs, new Path(RecoveredEdits.dir(regionDir),
        RecoveredEdits.fileName(max)), WalFormat.KIND_RECOVERED_EDITS, "split:test", 0);
    for (WalEntry e : entries) {
      w.append(RecordCodec.encode(e), e.sequenceId());
    }
    w.close();
  }

  @Test
  void replayMergesOverlappingFilesInOrderEachIdOnce() throws IOException {
    List<WalEntry> all = expected.get("r1");
    Path regionDir = new Path(tmp.toUri().toString(), "overlap/r1");
    writeRecoveredEdits(regionDir, all.subList(5, all.size())); // a restarted split's file
    writeRecoveredEdits(regionDir, all.subList(0, 10));
    List<WalEntry> replayed = new ArrayList<>();
    long max = RecoveredEdits.replay(fs, regionDir, all.get(1).sequenceId(), replayed::add);
    assertEquals(all.subList(2, all.size()), replayed);
    assertEquals(all.get(all.size() - 1).sequenceId(), max);
  }

  @Test
  void replayRefusesAFileOutOfSequenceIdOrderNamingIt() throws IOException {
    List<WalEntry> backwards = new ArrayList<>(expected.get("r2"));
    java.util.Collections.reverse(backwards);
    Path regionDir = new Path(tmp.toUri().toString(), "backwards/r2");
    writeRecoveredEdits(regionDir, backwards);
    IOException e = assertThrows(IOException.class,
        () -> RecoveredEdits.replay(fs, regionDir, -1, x -> {}));
    assertTrue(e.getMessage().contains(RecoveredEdits.fileName(backwards.get(0).sequenceId())),
        e.getMessage());
  }

  @Test
  void recoveredEditsNamesUseAsciiDigitsWhateverTheDefaultLocale() {
    // Under ar-SA, String.format's %d writes Arabic-Indic digits; a file written under one
    // locale must be found and ordered by a server running under another.
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-SA"));
      assertEquals("00000000000000000042", RecoveredEdits.fileName(42));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void aSplitThatCrashesHalfWayAndRunsAgainGivesTheSameResult(Op op) throws IOException {
    int n = 1;
    while (true) {
      Path root = copy("crash-" + op + "-" + n);
      FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
      ffs.failNth(op, n);
      boolean failed;
      try {
        splitter(ffs, root).split(new Path(root, "WALs/rs1"));
        failed = false;
      } catch (IOException e) {
        failed = true;
        ffs.crash();
        splitter(fs, root).split(new Path(root, "WALs/rs1"));
      }
      assertRecovered(root, -1);
      assertFalse(fs.exists(new Path(root, "WALs/rs1-splitting")));
      if (!failed) {
        break;
      }
      n++;
      assertTrue(n < 200, "split never completed");
    }
    assertTrue(n > 1, "no " + op + " was ever failed");
  }

  @Test
  void corruptionPolicyFailOrSkipToNextFile() throws Exception {
    Path root = copy("corrupt");
    List<Path> files = org.basaltdb.wal.reader.WalReader.listFiles(fs,
        new Path(root, "WALs/rs1"));
    assertTrue(files.size() > 2);
    java.nio.file.Path first = java.nio.file.Path.of(files.get(0).toUri());
    byte[] b = java.nio.file.Files.readAllBytes(first);
    b[80] ^= 0x55; // inside the first record after the header
    java.nio.file.Files.write(first, b);
    org.basaltdb.common.CorruptionException e = assertThrows(
        org.basaltdb.common.CorruptionException.class,
        () -> splitter(fs, root).split(new Path(root, "WALs/rs1")));
    assertTrue(e.getMessage().contains(files.get(0).getName()), e.getMessage());
    Configuration skip = new Configuration(false);
    WalConfig.CORRUPTION_POLICY.set(skip, "skip-to-next-file");
    WalSplitter.Result res = new WalSplitter(fs, new Path(root, "oldWALs"), layout(root), skip,
        Clock.SYSTEM).split(new Path(root, "WALs/rs1-splitting"));
    assertEquals(1, res.skipped().size());
    assertTrue(res.entries() < 60 && res.entries() > 0);
  }
}
