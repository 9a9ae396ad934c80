package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.basaltdb.server.layout.RegionLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.WalConfig;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole durability path of one region: writers acknowledged under SYNC_WAL and FSYNC_WAL,
 * flushes, then a crash that drops every unsynced byte; the dead server's log is split and the
 * region reopened. Every acknowledged write must be back, and no row may be half there.
 */
class RegionWalRecoveryTest {
  @TempDir
  Path dir;

  private static final byte[] F = toBytes("f");

  @ParameterizedTest(name = "crash after {0} writes")
  @ValueSource(ints = {0, 1, 37, 400, 1500})
  void everyAcknowledgedWriteSurvivesACrash(int writesBeforeCrash) throws Exception {
    long seed = System.nanoTime();
    System.out.println("RegionWalRecoveryTest seed=" + seed);
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem(
        FileSystem.getLocal(new Configuration()).getRawFileSystem());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    org.apache.hadoop.fs.Path oldWals = new org.apache.hadoop.fs.Path(root, "oldWALs");
    org.apache.hadoop.fs.Path walDir = new org.apache.hadoop.fs.Path(root, "WALs/server1");
    Configuration conf = new Configuration(false);
    WalConfig.ASYNC_SYNC_INTERVAL.set(conf, 100L);
    TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.of("f"));
    RegionInfo info = new RegionInfo(table.name(), new byte[0], new byte[0], 1);
    MemoryBudget budget = new MemoryBudget(1L << 30);
    RegionServices services = RegionServices.manual(budget);
    BlockCache cache = new BlockCache(16L << 20);

    FSWal wal = FSWal.open(fs, walDir, oldWals, "server1", 0, conf, Clock.SYSTEM);
    Region region = Region.open(fs, root, info, table, wal, cache, Clock.SYSTEM, conf, services);
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        Random rnd = new Random(seed + id);
        while (true) {
          int i = next.getAndIncrement();
          if (i >= writesBeforeCrash) {
            return;
          }
          String row = "row" + i;
          String v = "v" + i;
          Durability d = rnd.nextBoolean() ? Durability.SYNC_WAL : Durability.FSYNC_WAL;
          try {
            region.put((Put) new Put(toBytes(row)).addColumn(F, toBytes("a"), toBytes(v))
                .addColumn(F, toBytes("b"), toBytes(v)).setDurability(d));
            acked.put(row, v);
            if (i % 300 == 299) {
              region.flush();
            }
          } catch (IOException e) {
            // not acknowledged
          }
        }
      });
      th.start();
      writers.add(th);
    }
    for (Thread th : writers) {
      th.join(120_000);
    }
    // Crash: unsynced bytes vanish, the memstore is gone, the log is never closed cleanly.
    fs.crash();
    region.abort();
    try {
      wal.close();
    } catch (IOException expected) {
      // the filesystem is down
    }
    fs.restart();

    WalSplitter.Result split = new WalSplitter(fs, oldWals,
        (tn, name) -> RegionLayout.regionDir(root, info), conf, Clock.SYSTEM).split(walDir);
    long maxSeq = region.flushedSequenceId();
    for (org.apache.hadoop.fs.Path p : split.recoveredEdits().values()) {
      maxSeq = Math.max(maxSeq, Long.parseLong(p.getName()));
    }
    FSWal wal2 = FSWal.open(fs, new org.apache.hadoop.fs.Path(root, "WALs/server2"), oldWals,
        "server2", maxSeq, conf, Clock.SYSTEM);
    Region reopened = Region.open(fs, root, info, table, wal2, cache, Clock.SYSTEM, conf,
        services);
    try {
      int rows = 0;
      for (Result r : reopened.scanAll(new Scan())) {
        rows++;
        assertEquals(2, r.size(), "half a row is visible: " + r);
        assertTrue(Bytes.equals(r.cells().get(0).value(), r.cells().get(1).value()));
      }
      for (Map.Entry<String, String> e : acked.entrySet()) {
        Result r = reopened.get(new org.basaltdb.common.ops.Get(toBytes(e.getKey())));
        assertEquals(e.getValue(), r.isEmpty() ? null : Bytes.toString(r.value(F, toBytes("a"))),
            "acknowledged " + e.getKey() + " lost (seed " + seed + ")");
      }
      assertTrue(rows >= acked.size());
      boolean replayed = reopened.hasUnflushedRecoveredEdits();
      assertEquals(replayed,
          !org.basaltdb.wal.RecoveredEdits.list(fs, reopened.dir()).isEmpty(),
          "replayed recovered edits stay until the first flush");
      reopened.flush();
      assertTrue(org.basaltdb.wal.RecoveredEdits.list(fs, reopened.dir()).isEmpty(),
          "recovered edits are deleted once flushed");
      assertFalse(reopened.hasUnflushedRecoveredEdits());
    } finally {
      reopened.close();
      wal2.close();
    }
  }

  @org.junit.jupiter.api.Test
  void aWriteWhoseSyncFailsIsNeitherAcknowledgedNorVisible() throws Exception {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem(
        FileSystem.getLocal(new Configuration()).getRawFileSystem());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    Configuration conf = new Configuration(false);
    WalConfig.ROLL_RETRIES.set(conf, 2);
    TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.of("f"));
    RegionInfo info = new RegionInfo(table.name(), new byte[0], new byte[0], 1);
    MemoryBudget budget = new MemoryBudget(1L << 30);
    RegionServices services = RegionServices.manual(budget);
    FSWal wal = FSWal.open(fs, new org.apache.hadoop.fs.Path(root, "WALs/s"),
        new org.apache.hadoop.fs.Path(root, "oldWALs"), "s", 0, conf, Clock.SYSTEM);
    Region region = Region.open(fs, root, info, table, wal, new BlockCache(1 << 20), Clock.SYSTEM,
        conf, services);
    region.put(new Put(toBytes("ok")).addColumn(F, toBytes("q"), toBytes("1")));
    // Every later sync and every attempt to roll to a new file fails: the log cannot recover.
    fs.failFrom(FaultInjectingFileSystem.Op.SYNC, 1);
    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1);
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> region.put(
        new Put(toBytes("lost")).addColumn(F, toBytes("q"), toBytes("2"))));
    assertTrue(region.get(new org.basaltdb.common.ops.Get(toBytes("lost"))).isEmpty(),
        "a write that was not made durable must not be visible");
    // A later write fails too (the failure is sticky) and the earlier one is still readable.
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> region.put(
        new Put(toBytes("later")).addColumn(F, toBytes("q"), toBytes("3"))));
    assertEquals("1", Bytes.toString(region.get(new org.basaltdb.common.ops.Get(toBytes("ok")))
        .value(F, toBytes("q"))));
    assertTrue(region.get(new org.basaltdb.common.ops.Get(toBytes("later"))).isEmpty());
    region.abort();
    try {
      wal.close();
    } catch (IOException expected) {
      // the log has failed
    }
  }

  /**
   * A region serves its replayed edits from memory and keeps their recovered-edits files until a
   * flush: a second crash before that flush loses neither the replayed edits nor the ones written
   * since, and the flush deletes exactly the files it covers.
   */
  @org.junit.jupiter.api.Test
  void replayedEditsSurviveASecondCrashBeforeTheirFlush() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    org.apache.hadoop.fs.Path oldWals = new org.apache.hadoop.fs.Path(root, "oldWALs");
    Configuration conf = new Configuration(false);
    TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.of("f"));
    RegionInfo info = new RegionInfo(table.name(), new byte[0], new byte[0], 1);
    RegionServices services = RegionServices.manual(new MemoryBudget(1L << 30));
    BlockCache cache = new BlockCache(16L << 20);
    long nextSeq = 0;
    for (int server = 1; server <= 3; server++) {
      org.apache.hadoop.fs.Path walDir = new org.apache.hadoop.fs.Path(root, "WALs/s" + server);
      FSWal wal = FSWal.open(fs, walDir, oldWals, "s" + server, nextSeq, conf, Clock.SYSTEM);
      Region r = Region.open(fs, root, info, table, wal, cache, Clock.SYSTEM, conf, services);
      for (int i = 0; i < (server - 1) * 50; i++) {
        assertEquals("v" + i, Bytes.toString(r.get(new org.basaltdb.common.ops.Get(
            toBytes("row" + i))).value(F, toBytes("a"))), "row" + i + " on server " + server);
      }
      assertEquals(server > 1, r.hasUnflushedRecoveredEdits(), "replayed, not yet flushed");
      if (server == 3) {
        r.flush();
        assertFalse(r.hasUnflushedRecoveredEdits());
        assertTrue(org.basaltdb.wal.RecoveredEdits.list(fs, r.dir()).isEmpty(),
            "the flush deleted the files it covers");
        r.close();
        wal.close();
        return;
      }
      for (int i = (server - 1) * 50; i < server * 50; i++) {
        r.put(new Put(toBytes("row" + i)).addColumn(F, toBytes("a"), toBytes("v" + i)));
      }
      r.abort(); // a crash: nothing flushed, the WAL and the recovered edits are all there is
      wal.close();
      WalSplitter.Result split = new WalSplitter(fs, oldWals,
          (tn, name) -> RegionLayout.regionDir(root, info), conf, Clock.SYSTEM).split(walDir);
      for (org.apache.hadoop.fs.Path p : split.recoveredEdits().values()) {
        nextSeq = Math.max(nextSeq, Long.parseLong(p.getName()));
      }
      assertEquals(server, org.basaltdb.wal.RecoveredEdits.list(fs, r.dir()).size(),
          "the earlier replay's file is kept beside the new split's");
    }
  }
}
