package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.RecoveredEdits;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying recovered edits is bounded in memory as writing is: a region whose edits are many
 * times its flush size, or the server's whole memstore limit, flushes while it replays, and
 * loses nothing, even when the server dies again in the middle.
 */
class ReplayMemoryTest {
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");
  /** Entries of 50 rows, then one of 20 (the tail a replay leaves unflushed). */
  private static final int ROWS = 3_020;
  /** About 1.3 MB of edits with their cells' overhead. */
  private static final int VALUE = 300;

  @TempDir
  java.nio.file.Path dir;
  private FileSystem fs;
  private Path root;
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"),
      ColumnFamilyDescriptor.builder("f").build());
  private final RegionInfo info = new RegionInfo(table.name(), Bytes.EMPTY, Bytes.EMPTY, 1);
  private final BlockCache cache = new BlockCache(4L << 20);
  private long maxSeq;

  /** A server that wrote ROWS rows, never flushed and died; its log is split. */
  @BeforeEach
  void editsOnlyInTheDeadServersLog() throws Exception {
    fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    root = new Path(dir.toUri());
    Configuration conf = new Configuration(false);
    FSWal wal = FSWal.open(fs, new Path(root, "WALs/s1"), new Path(root, "oldWALs"), "s1", 0,
        conf, clock);
    Region r = Region.open(fs, root, info, table, wal, cache, clock, conf,
        RegionServices.manual(new MemoryBudget(1L << 30)));
    for (int i = 0; i < ROWS; i += 50) { // an entry of 50 rows: one sync each
      java.util.List<Put> batch = new java.util.ArrayList<>();
      for (int j = i; j < Math.min(ROWS, i + 50); j++) {
        batch.add(new Put(row(j)).addColumn(F, Q, value(j)));
      }
      r.mutate(batch);
    }
    r.abort();
    wal.close();
    WalSplitter.Result split = new WalSplitter(fs, new Path(root, "oldWALs"),
        (t, name) -> new Path(RegionLayout.tableDir(root, t), name), conf, clock)
        .split(new Path(root, "WALs/s1"));
    maxSeq = Long.parseLong(split.recoveredEdits().get(info.encodedName()).getName());
  }

  private static byte[] row(int i) {
    return toBytes(String.format("row%05d", i));
  }

  private static byte[] value(int i) {
    byte[] v = new byte[VALUE];
    java.util.Arrays.fill(v, (byte) i);
    return v;
  }

  private Region open(Configuration conf, RegionServices services, String server)
      throws Exception {
    FSWal wal = FSWal.open(fs, new Path(root, "WALs/" + server), new Path(root, "oldWALs"),
        server, maxSeq, conf, clock);
    return Region.open(fs, root, info, table, wal, cache, clock, conf, services);
  }

  private static void assertAllThere(Region r) throws Exception {
    java.util.List<Result> rows = r.scanAll(new Scan());
    assertEquals(ROWS, rows.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(Bytes.toStringBinary(row(i)), Bytes.toStringBinary(rows.get(i).row()));
      assertEquals(Bytes.toStringBinary(value(i)),
          Bytes.toStringBinary(rows.get(i).value(F, Q)), "row " + i);
    }
  }

  @Test
  void replayFlushesAtTheFlushSizeAndACrashAfterwardsLosesNothing() throws Exception {
    Configuration small = new Configuration(false);
    RegionServerConfig.MEMSTORE_FLUSH_SIZE.set(small, 128L << 10);
    Region r = open(small, RegionServices.manual(new MemoryBudget(1L << 30)), "s2");
    int files = r.store(F).files().size();
    assertTrue(files >= 5, "replay flushed " + files + " times, not once a flush size");
    assertTrue(r.memstoreSize() < 128L << 10, "memstores after replay: " + r.memstoreSize());
    assertTrue(r.hasUnflushedRecoveredEdits(), "the last edits are still only in memory");
    assertAllThere(r);

    r.abort(); // the tail of the replay, not flushed, is in the recovered edits still
    Region again = open(new Configuration(false),
        RegionServices.manual(new MemoryBudget(1L << 30)), "s3");
    assertAllThere(again);
    again.close();
    assertTrue(RecoveredEdits.list(fs, again.dir()).isEmpty(), "flushed: the files go");
  }

  @Test
  void replayPastTheServersMemstoreLimitFlushesInsteadOfGrowing() throws Exception {
    MemoryBudget budget = new MemoryBudget(256L << 10);
    AtomicLong peak = new AtomicLong();
    RegionServices services = new RegionServices() {
      @Override
      public void requestFlush(Region region) {}

      @Override
      public void relievePressure() {
        peak.accumulateAndGet(budget.used(), Math::max);
      }

      @Override
      public void requestCompaction(Region region) {}

      @Override
      public MemoryBudget memoryBudget() {
        return budget;
      }
    };
    Region r = open(new Configuration(false), services, "s2"); // flush size 128 MiB
    assertTrue(r.store(F).files().size() >= 4, "replay flushed under the server limit");
    assertTrue(peak.get() > 0, "the limit was reached");
    assertTrue(peak.get() < budget.limit() + (64L << 10), // the limit and one entry at most
        "memstores reached " + peak.get() + " bytes, limit " + budget.limit());
    assertFalse(budget.overLimit());
    assertAllThere(r);
    r.close();
  }
}
