package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Await;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.fs.FaultInjectingFileSystem.Op;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FSWalTest {
  @TempDir java.nio.file.Path tmp;
  private FileSystem fs;
  private Path walDir;
  private Path oldDir;

  @BeforeEach
  void setUp() throws IOException {
    WalTests.Dirs dirs = WalTests.Dirs.under(tmp);
    fs = dirs.fs();
    walDir = dirs.walDir();
    oldDir = dirs.oldDir();
  }

  private FSWal open(FileSystem f, Configuration conf, Clock clock) throws IOException {
    return FSWal.open(f, walDir, oldDir, "rs1,16020,1", 100, conf, clock);
  }

  @Test
  void concurrentAppendersEveryAcknowledgedEditIsReadableInSequenceOrder() throws Exception {
    Map<Long, String> acked = new ConcurrentHashMap<>();
    try (FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM)) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<?>> fs1 = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        String region = "region" + t;
        fs1.add(pool.submit(() -> {
          long last = 0;
          for (int i = 0; i < 100; i++) {
            Wal.Ticket tk = wal.append(region, WalTests.TABLE, WalTests.cells(i, 64),
                Durability.SYNC_WAL);
            assertTrue(tk.sequenceId() > last);
            last = tk.sequenceId();
            tk.await();
            acked.put(tk.sequenceId(), region);
          }
          return null;
        }));
      }
      for (Future<?> f : fs1) {
        f.get();
      }
      pool.shutdown();
      assertEquals(3300, wal.highestSequenceId());
    }
    List<WalEntry> read = WalTests.readAll(fs, walDir);
    assertEquals(3200, read.size());
    long prev = 100;
    for (WalEntry e : read) {
      assertEquals(prev + 1, e.sequenceId(), "dense, increasing sequence ids in file order");
      prev = e.sequenceId();
      assertEquals(acked.get(e.sequenceId()), e.region());
      assertEquals(e.sequenceId(), e.cells().get(0).sequenceId());
    }
    assertEquals(acked.size(), read.size());
  }

  /**
   * A zombie's log: a master declared this server dead and renamed its log directory to split
   * it. On the raw local filesystem the open file still takes writes, so the sync's check that
   * the file has not moved is the fence: nothing more is acknowledged, and the log fails for
   * good (the server aborts), while every edit acknowledged before is in what the split reads.
   */
  @Test
  void aLogRenamedForSplittingAcknowledgesNothingMore() throws Exception {
    Path splitting = new Path(walDir.getParent(), walDir.getName() + "-splitting");
    FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM);
    try {
      wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      assertTrue(fs.rename(walDir, splitting), "the master's fence");
      Wal.Ticket late = wal.append("r", WalTests.TABLE, WalTests.cells(2, 8),
          Durability.SYNC_WAL);
      IOException e = assertThrows(IOException.class, late::await);
      assertTrue(e.getMessage().contains("moved away"), e.getMessage());
      assertNotNull(wal.failure(), "the log failed for good: the server must abort");
      assertThrows(IOException.class, () -> wal.append("r", WalTests.TABLE,
          WalTests.cells(3, 8), Durability.FSYNC_WAL).await());
    } finally {
      try {
        wal.close();
      } catch (IOException e) {
        // a failed log may refuse to close cleanly
      }
    }
    assertFalse(fs.exists(walDir), "the fenced writer did not recreate its directory");
    assertEquals(101L, WalTests.readAll(fs, splitting).get(0).sequenceId(),
        "the acknowledged edit is in what the split reads");
  }

  @Test
  void durabilityLevels() throws Exception {
    try (FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM)) {
      Wal.Ticket skip = wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SKIP_WAL);
      skip.await();
      Wal.Ticket async = wal.append("r", WalTests.TABLE, WalTests.cells(2, 8),
          Durability.ASYNC_WAL);
      async.await();
      Wal.Ticket sync = wal.append("r", WalTests.TABLE, WalTests.cells(3, 8), Durability.SYNC_WAL);
      sync.await();
      Wal.Ticket fsync = wal.append("r", WalTests.TABLE, WalTests.cells(4, 8),
          Durability.FSYNC_WAL);
      fsync.await();
      assertEquals(List.of(101L, 102L, 103L, 104L), List.of(skip.sequenceId(),
          async.sequenceId(), sync.sequenceId(), fsync.sequenceId()));
      assertEquals(101L, skip.cells().get(0).sequenceId());
      assertThrows(IllegalArgumentException.class, () -> wal.append("r", WalTests.TABLE,
          WalTests.cells(5, 8), Durability.USE_DEFAULT));
      // SYNC and FSYNC are readable before close; SKIP never is.
      List<Long> seqs = WalTests.readAll(fs, walDir).stream().map(WalEntry::sequenceId).toList();
      assertEquals(List.of(102L, 103L, 104L), seqs);
    }
  }

  @Test
  void asyncEditIsSyncedWithinTheInterval() throws Exception {
    try (FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM)) {
      Wal.Ticket t = wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.ASYNC_WAL);
      t.await();
      // Nothing else syncs: only the interval's background sync can bring it to the file. How
      // soon is not asserted (a loaded machine delays any thread by seconds).
      Await.until("the async edit to reach the file", 60_000, () -> {
        try {
          return WalTests.readAll(fs, walDir).size() == 1;
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  @Test
  void rollsBySizeAndKeepsEveryEdit() throws Exception {
    Configuration conf = WalTests.conf();
    WalConfig.ROLL_SIZE.set(conf, 4096L);
    try (FSWal wal = open(fs, conf, Clock.SYSTEM)) {
      for (int i = 0; i < 40; i++) {
        wal.append("r", WalTests.TABLE, WalTests.cells(i, 1024), Durability.SYNC_WAL).await();
      }
      assertTrue(wal.liveFiles().size() >= 8, "files: " + wal.liveFiles());
    }
    assertEquals(40, WalTests.readAll(fs, walDir).size());
  }

  @Test
  void rollsByPeriodOnTheInjectedClock() throws Exception {
    Configuration conf = WalTests.conf();
    WalConfig.ROLL_PERIOD.set(conf, 60_000L);
    ManualClock clock = new ManualClock(1_000_000);
    try (FSWal wal = open(fs, conf, clock)) {
      Path first = wal.currentFile();
      wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      clock.advance(61_000);
      Await.until("a roll by period", 60_000, () -> !first.equals(wal.currentFile()));
    }
  }

  @Test
  void archivesAFileOnceEveryRegionInItHasFlushed() throws Exception {
    try (FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM)) {
      long a = wal.append("a", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL)
          .sequenceId();
      Wal.Ticket tb = wal.append("b", WalTests.TABLE, WalTests.cells(2, 8), Durability.SYNC_WAL);
      tb.await();
      Path first = wal.currentFile();
      wal.roll();
      wal.append("a", WalTests.TABLE, WalTests.cells(3, 8), Durability.SYNC_WAL).await();
      assertEquals(a, wal.lowestUnflushedSequenceId("a"));
      wal.flushStarted("a");
      wal.flushCompleted("a", a);
      assertTrue(fs.exists(first), "b has not flushed yet");
      wal.flushStarted("b");
      wal.flushCompleted("b", tb.sequenceId());
      assertFalse(fs.exists(first));
      assertTrue(fs.exists(new Path(new Path(oldDir, "rs1"), first.getName())));
      assertEquals(1, wal.liveFiles().size());
      assertEquals(a + 2, wal.lowestUnflushedSequenceId("a"));
    }
  }

  /**
   * A file reaches the archive by a rename (the same file, not a copy), closed (its trailer
   * written), and is never written again: its modification time, set back an hour after
   * archiving, stays so through further appends, rolls, flushes, archives and the log's close.
   * The first archive of a server used to be a copy: its archive directory was not made, and
   * the raw local filesystem's rename into a missing directory copies, so the file showed empty
   * and filled up later with a new modification time (a test of the master's WAL-archive
   * cleaner had to age its file again at every check).
   */
  @Test
  void anArchivedFileIsCompleteAndNeverWrittenAgain() throws Exception {
    Path archived;
    long mtime = System.currentTimeMillis() - 3_600_000L;
    long length;
    try (FSWal wal = open(fs, WalTests.conf(), Clock.SYSTEM)) {
      Wal.Ticket ta = wal.append("a", WalTests.TABLE, WalTests.cells(1, 64), Durability.SYNC_WAL);
      ta.await();
      long a = ta.sequenceId();
      Path first = wal.currentFile();
      wal.flushStarted("a");
      wal.flushCompleted("a", a);
      assertTrue(fs.exists(first), "the current file is never archived");
      Object file = fileKey(first);
      wal.roll(); // the writer archives the first file after the roll, on its own thread
      archived = new Path(new Path(oldDir, "rs1"), first.getName());
      Await.until("the first file is archived", 60_000, () -> exists(archived));
      assertEquals(file, fileKey(archived), "archived by a rename, not a copy");
      try (org.basaltdb.wal.format.WalFileReader r =
          org.basaltdb.wal.format.WalFileReader.open(fs, archived)) {
        while (r.next() != null) {
          // read to the end
        }
        assertEquals(org.basaltdb.wal.format.WalFileReader.End.TRAILER, r.end(),
            "closed before it was archived");
      }
      length = fs.getFileStatus(archived).getLen();
      fs.setTimes(archived, mtime, -1);
      for (int i = 0; i < 5; i++) {
        Wal.Ticket t = wal.append("a", WalTests.TABLE, WalTests.cells(10 + i, 64),
            Durability.SYNC_WAL);
        t.await();
        long s = t.sequenceId();
        wal.append("b", WalTests.TABLE, WalTests.cells(20 + i, 64), Durability.FSYNC_WAL)
            .await();
        wal.roll();
        wal.flushStarted("a");
        wal.flushCompleted("a", s);
      }
    }
    assertEquals(mtime, fs.getFileStatus(archived).getModificationTime());
    assertEquals(length, fs.getFileStatus(archived).getLen());
  }

  /** The local file's identity (device and inode), which a rename keeps and a copy does not. */
  private static Object fileKey(Path p) throws IOException {
    return java.nio.file.Files.readAttributes(java.nio.file.Path.of(p.toUri()),
        java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void pastMaxFilesTheOldestRegionsAreAskedToFlush() throws Exception {
    Configuration conf = WalTests.conf();
    WalConfig.MAX_FILES.set(conf, 2);
    List<String> requested = new CopyOnWriteArrayList<>();
    try (FSWal wal = open(fs, conf, Clock.SYSTEM)) {
      wal.setFlushRequester(requested::add);
      wal.append("old", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      for (int i = 0; i < 3; i++) {
        wal.roll();
        wal.append("busy", WalTests.TABLE, WalTests.cells(i, 8), Durability.SYNC_WAL).await();
      }
      Await.until("a flush request for region 'old'", 60_000, () -> requested.contains("old"));
      assertFalse(requested.contains("busy"));
    }
  }

  @Test
  void failedSyncRollsReappendsAndAcknowledges() throws Exception {
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
    try (FSWal wal = open(ffs, WalTests.conf(), Clock.SYSTEM)) {
      wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      Path first = wal.currentFile();
      ffs.failNth(Op.SYNC, 1);
      wal.append("r", WalTests.TABLE, WalTests.cells(2, 8), Durability.SYNC_WAL).await();
      assertEquals(1, ffs.injected());
      assertFalse(first.equals(wal.currentFile()), "rolled after the failed sync");
      assertEquals(null, wal.failure());
    }
    List<Long> seqs = WalTests.readAll(fs, walDir).stream().map(WalEntry::sequenceId).toList();
    assertEquals(List.of(101L, 102L), seqs);
  }

  @Test
  void whenRollingKeepsFailingTheLogFailsForGood() throws Exception {
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
    FSWal wal = open(ffs, WalTests.conf(), Clock.SYSTEM);
    wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
    ffs.failFrom(Op.CREATE, 1);
    ffs.failNth(Op.SYNC, 1);
    Wal.Ticket t = wal.append("r", WalTests.TABLE, WalTests.cells(2, 8), Durability.SYNC_WAL);
    IOException e = assertThrows(IOException.class, t::await);
    assertTrue(e.getMessage().contains("has failed"), e.getMessage());
    assertNotNull(wal.failure());
    assertThrows(IOException.class,
        () -> wal.append("r", WalTests.TABLE, WalTests.cells(3, 8), Durability.SYNC_WAL));
    wal.close();
  }
}
