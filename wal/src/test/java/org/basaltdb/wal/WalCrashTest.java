package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.fs.FaultInjectingFileSystem.Op;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pebble's TestErrors for the log: fail the 1st, 2nd, 3rd... operation of each kind (once, and
 * from then on), crash, and check that every edit acknowledged under SYNC_WAL or FSYNC_WAL is
 * read back, and that everything read back is exactly what was appended under its id.
 */
class WalCrashTest {
  private static final int EDITS = 30;
  @TempDir java.nio.file.Path tmp;

  /** What one run acknowledged. */
  private record Run(Map<Long, List<Cell>> appended, Map<Long, String> acked, long flushedA,
      long flushedB, FaultInjectingFileSystem fs, Path walDir) {}

  private Run run(int id, Op op, int n, boolean sticky) throws Exception {
    FileSystem raw = WalTests.rawLocal();
    FaultInjectingFileSystem ffs = new FaultInjectingFileSystem(raw);
    Path root = new Path(tmp.toUri().toString(), "run" + id);
    Path walDir = new Path(root, "WALs/rs1");
    Configuration conf = WalTests.conf();
    WalConfig.ROLL_SIZE.set(conf, 1500L);
    Map<Long, List<Cell>> appended = new TreeMap<>();
    Map<Long, String> acked = new TreeMap<>();
    long flushedA = -1;
    long flushedB = -1;
    FSWal wal = FSWal.open(ffs, walDir, new Path(root, "oldWALs"), "rs1", 0, conf, Clock.SYSTEM);
    if (op != null) {
      if (sticky) {
        ffs.failFrom(op, n);
      } else {
        ffs.failNth(op, n);
      }
    }
    Durability[] levels = {Durability.SYNC_WAL, Durability.FSYNC_WAL, Durability.ASYNC_WAL};
    for (int i = 0; i < EDITS; i++) {
      String region = i % 2 == 0 ? "a" : "b";
      try {
        Wal.Ticket t = wal.append(region, WalTests.TABLE, WalTests.cells(i, 100), levels[i % 3]);
        appended.put(t.sequenceId(), t.cells());
        t.await();
        if (levels[i % 3] != Durability.ASYNC_WAL) {
          acked.put(t.sequenceId(), region);
        }
        if (i == 10) {
          wal.flushStarted("a");
          wal.flushCompleted("a", t.sequenceId() - 1);
          flushedA = t.sequenceId() - 1;
        }
        if (i == 20) {
          wal.roll();
        }
        if (i == 25) {
          // Every file before the roll at 20 is now flushed: archiving renames them.
          wal.flushStarted("a");
          wal.flushCompleted("a", t.sequenceId() - 5);
          wal.flushStarted("b");
          wal.flushCompleted("b", t.sequenceId() - 5);
          flushedA = flushedB = t.sequenceId() - 5;
        }
      } catch (IOException e) {
        // Not acknowledged; the log may have failed for good.
      }
    }
    ffs.crash();
    wal.close();
    return new Run(appended, acked, flushedA, flushedB, ffs, walDir);
  }

  private void verify(Run r, String label) throws IOException {
    FileSystem raw = WalTests.rawLocal();
    List<WalEntry> read = WalTests.readAll(raw, r.walDir());
    Map<Long, WalEntry> bySeq = new HashMap<>();
    for (WalEntry e : read) {
      List<Cell> expected = r.appended().get(e.sequenceId());
      assertNotNull(expected, label + ": read an edit never appended: " + e);
      assertEquals(expected, e.cells(), label + ": content of seq " + e.sequenceId());
      bySeq.put(e.sequenceId(), e);
    }
    for (Map.Entry<Long, String> a : r.acked().entrySet()) {
      boolean flushed = a.getKey() <= (a.getValue().equals("a") ? r.flushedA() : r.flushedB());
      assertTrue(flushed || bySeq.containsKey(a.getKey()),
          label + ": acknowledged edit " + a.getKey() + " lost; read " + bySeq.keySet());
    }
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void everyAcknowledgedEditSurvivesAFailureAtEveryPoint(Op op) throws Exception {
    Run clean = run(0, null, 0, false);
    verify(clean, "clean run");
    assertEquals(EDITS * 2 / 3, clean.acked().size());
    int total = clean.fs().count(op);
    assertTrue(total > 0, "the workload performs no " + op);
    int id = 1;
    for (int n = 1; n <= total + 1; n++) {
      verify(run(id++, op, n, false), op + " #" + n + " fails once");
      verify(run(id++, op, n, true), op + " #" + n + " and later fail");
    }
  }
}
