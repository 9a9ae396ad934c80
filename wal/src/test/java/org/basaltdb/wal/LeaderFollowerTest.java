package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Await;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log is written by whichever waiting thread finds nobody else writing: these tests race
 * appenders of every durability with work between append and await (as a region inserts into
 * its memstore there), hold a leader's sync while a follower gives up, and interrupt a leader.
 */
class LeaderFollowerTest {
  @TempDir java.nio.file.Path tmp;
  private WalTests.Dirs dirs;
  private FileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    dirs = WalTests.Dirs.under(tmp);
    fs = dirs.fs();
  }

  private FSWal open(FileSystem f, Configuration conf) throws IOException {
    return FSWal.open(f, dirs.walDir(), dirs.oldDir(), "rs1,16020,1", 0, conf, Clock.SYSTEM);
  }

  private Set<Long> written() throws IOException {
    Set<Long> seqs = new TreeSet<>();
    long prev = -1;
    for (WalEntry e : WalTests.readAll(fs, dirs.walDir())) {
      assertTrue(e.sequenceId() > prev, "ids increase in file order: " + e.sequenceId());
      prev = e.sequenceId();
      seqs.add(e.sequenceId());
    }
    return seqs;
  }

  @Test
  void racingAppendersOfEveryDurabilityLoseNothingAndKeepIdOrder() throws Exception {
    long seed = System.nanoTime();
    System.out.println("LeaderFollowerTest seed " + seed);
    int threads = 12;
    int perThread = 250;
    Set<Long> acked = new ConcurrentSkipListSet<>();
    Set<Long> logged = new ConcurrentSkipListSet<>();
    try (FSWal wal = open(fs, WalTests.conf())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random rnd = new Random(seed + t);
        boolean roller = t == 0;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            int pick = rnd.nextInt(100);
            Durability d = pick < 70 ? Durability.SYNC_WAL : pick < 75 ? Durability.FSYNC_WAL
                : pick < 90 ? Durability.ASYNC_WAL : Durability.SKIP_WAL;
            Wal.Ticket tk = wal.append("r" + i % 3, WalTests.TABLE, WalTests.cells(i, 32), d);
            spin(rnd.nextInt(100_000));
            tk.await();
            if (d != Durability.SKIP_WAL) {
              logged.add(tk.sequenceId());
            }
            if (d == Durability.SYNC_WAL || d == Durability.FSYNC_WAL) {
              acked.add(tk.sequenceId());
            }
            if (roller && i % 50 == 49) {
              wal.roll();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertNull(wal.failure());
      Set<Long> before = written();
      assertTrue(before.containsAll(acked), "every acknowledged edit is readable before close"
          + " (seed " + seed + ")");
    }
    assertEquals(new TreeSet<>(logged), written(), "exactly the logged edits, once each (seed "
        + seed + ")");
  }

  /** Busy work between append and await, as the memstore insert is in a region. */
  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aFollowerThatGivesUpBehindAHeldSyncLeavesItsEditToBeWritten() throws Exception {
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
    Configuration conf = WalTests.conf();
    WalConfig.SYNC_TIMEOUT.set(conf, 300L);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (FSWal wal = open(ffs, conf)) {
      wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      CountDownLatch gate = new CountDownLatch(1);
      ffs.holdSyncs(gate);
      Future<?> leader = pool.submit(() -> {
        wal.append("r", WalTests.TABLE, WalTests.cells(2, 8), Durability.SYNC_WAL).await();
        return null;
      });
      Await.until("the leader's sync to be held", 60_000, () -> ffs.syncsHeld() == 1);
      Wal.Ticket follower = wal.append("r", WalTests.TABLE, WalTests.cells(3, 8),
          Durability.SYNC_WAL);
      IOException e = assertThrows(IOException.class, follower::await);
      assertTrue(e.getMessage().contains("not synced within 300 ms"), e.getMessage());
      ffs.holdSyncs(null);
      gate.countDown();
      leader.get();
      Await.until("the abandoned edit to be written", 60_000, () -> {
        try {
          return written().contains(3L);
        } catch (IOException ex) {
          throw new AssertionError(ex);
        }
      });
      wal.append("r", WalTests.TABLE, WalTests.cells(4, 8), Durability.SYNC_WAL).await();
      assertEquals(Set.of(1L, 2L, 3L, 4L), written());
      assertNull(wal.failure());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anInterruptedLeaderStillSyncsAndKeepsItsInterrupt() throws Exception {
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(fs);
    try (FSWal wal = open(ffs, WalTests.conf())) {
      wal.append("r", WalTests.TABLE, WalTests.cells(1, 8), Durability.SYNC_WAL).await();
      Path file = wal.currentFile();
      // An open gate still throws at a thread whose interrupt flag is set, as HDFS's sync does.
      ffs.holdSyncs(new CountDownLatch(0));
      Thread.currentThread().interrupt();
      try {
        wal.append("r", WalTests.TABLE, WalTests.cells(2, 8), Durability.SYNC_WAL).await();
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
      }
      assertEquals(file, wal.currentFile(), "no failed sync, so no roll");
      assertEquals(Set.of(1L, 2L), written());
    }
  }
}
