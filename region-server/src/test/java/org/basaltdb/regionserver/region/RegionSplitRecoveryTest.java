package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.basaltdb.server.layout.RegionLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.server.layout.SplitFiles;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.RecoveredEdits;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daughters and the log: a daughter starts at its parent's flushed sequence id, its own edits
 * (all above it) survive a crash through WAL splitting and recovered edits, are replayed exactly
 * once, and the parent's old edits in the same log never reach a daughter.
 */
class RegionSplitRecoveryTest {
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");

  @TempDir
  java.nio.file.Path dir;

  @Test
  void daughtersReplayTheirOwnEditsExactlyOnceAfterACrash() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path root = new Path(dir.toUri());
    Path oldWals = new Path(root, "oldWALs");
    Configuration conf = new Configuration(false);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.builder("f").maxVersions(10).build());
    RegionServices services = RegionServices.manual(new MemoryBudget(1L << 30));
    BlockCache cache = new BlockCache(16L << 20);
    Map<String, List<Long>> versions = new TreeMap<>(); // row -> timestamps it should hold

    FSWal wal = FSWal.open(fs, new Path(root, "WALs/s1"), oldWals, "s1", 0, conf, clock);
    RegionInfo parentInfo = new RegionInfo(table.name(), Bytes.EMPTY, Bytes.EMPTY, 1);
    Region parent = Region.open(fs, root, parentInfo, table, wal, cache, clock, conf, services);
    for (int i = 0; i < 200; i++) {
      put(parent, versions, SplitMergeFixture.row(i), 100);
    }
    parent.flush();
    for (int i = 0; i < 200; i += 2) {
      put(parent, versions, SplitMergeFixture.row(i), 200); // left for the close to flush
    }
    parent.close();
    long parentSeq = parent.flushedSequenceId();

    List<RegionInfo> d = SplitFiles.daughters(parentInfo, toBytes("r100"),
        clock.currentTimeMillis());
    RegionSplitter.writeDaughters(fs, root, parentInfo, table, d);
    List<Region> open = new ArrayList<>();
    for (RegionInfo di : d) {
      Region r = Region.open(fs, root, di, table, wal, cache, clock, conf, services);
      assertEquals(parentSeq, r.flushedSequenceId(), "daughter starts at the parent's id");
      open.add(r);
    }
    Region lo = open.get(0);
    Region hi = open.get(1);
    for (int i = 0; i < 100; i += 3) {
      put(lo, versions, SplitMergeFixture.row(i), 300);
    }
    put(lo, versions, "r050a", 300);
    lo.delete(new Delete(toBytes("r051")));
    versions.remove("r051");
    put(hi, versions, "r150", 300);
    put(hi, versions, "r199z", 300);

    // Crash: the daughters' edits are only in the log.
    lo.abort();
    hi.abort();
    wal.close();
    WalSplitter.Result split = new WalSplitter(fs, oldWals,
        (t, name) -> new Path(RegionLayout.tableDir(root, t), name), conf, clock)
        .split(new Path(root, "WALs/s1"));
    for (RegionInfo di : d) {
      assertTrue(split.recoveredEdits().containsKey(di.encodedName()), "edits of " + di);
    }
    long maxSeq = 0;
    for (Path p : split.recoveredEdits().values()) {
      maxSeq = Math.max(maxSeq, Long.parseLong(p.getName()));
    }
    FSWal wal2 = FSWal.open(fs, new Path(root, "WALs/s2"), oldWals, "s2", maxSeq, conf, clock);
    try {
      for (int round = 0; round < 2; round++) { // the second open must not replay anything again
        List<Region> reopened = new ArrayList<>();
        for (RegionInfo di : d) {
          Region r = Region.open(fs, root, di, table, wal2, cache, clock, conf, services);
          reopened.add(r);
          // The first open serves the replayed edits from memory; its close flushes them.
          assertEquals(round == 0, !RecoveredEdits.list(fs, r.dir()).isEmpty(),
              "recovered edits stay until a flush, and only then");
          assertEquals(round == 0, r.hasUnflushedRecoveredEdits());
          if (round == 1) {
            assertTrue(r.flushedSequenceId() > parentSeq, "the replayed edits were flushed");
          }
          assertTrue(r.hasReferences(), "the parent's halves are still read in place");
        }
        check(reopened, versions);
        for (Region r : reopened) {
          r.close();
        }
      }

      for (RegionInfo di : d) {
        Region r = Region.open(fs, root, di, table, wal2, cache, clock, conf, services);
        r.compact(false);
        r.close();
      }
      assertFalse(RegionSplitter.isReferenced(fs, root, parentInfo, table));
      assertTrue(RegionSplitter.deleteIfUnreferenced(fs, root, parentInfo, table));
      List<Region> last = new ArrayList<>();
      for (RegionInfo di : d) {
        last.add(Region.open(fs, root, di, table, wal2, cache, clock, conf, services));
      }
      check(last, versions);
      for (Region r : last) {
        r.close();
      }
    } finally {
      wal2.close();
    }
  }

  private static void put(Region r, Map<String, List<Long>> versions, String row, long ts)
      throws Exception {
    r.put(new Put(toBytes(row)).addColumn(F, Q, ts, toBytes(row + "@" + ts)));
    versions.computeIfAbsent(row, k -> new ArrayList<>()).add(0, ts);
  }

  /** Every row holds exactly its versions, each once (a raw scan would show a second copy). */
  private static void check(List<Region> regions, Map<String, List<Long>> versions)
      throws Exception {
    Map<String, List<Long>> got = new TreeMap<>();
    for (Region r : regions) {
      for (Result res : r.scanAll(new Scan().setRaw(true).readAllVersions())) {
        for (Cell c : res.cells()) {
          if (c.type() == Cell.Type.PUT) {
            got.computeIfAbsent(Bytes.toString(c.row()), k -> new ArrayList<>())
                .add(c.timestamp());
          }
        }
      }
      for (Map.Entry<String, List<Long>> e : versions.entrySet()) {
        byte[] row = toBytes(e.getKey());
        if (r.info().containsRow(row)) {
          Result res = r.get(new Get(row));
          assertEquals(e.getKey() + "@" + e.getValue().get(0), Bytes.toString(res.value(F, Q)),
              "latest value of " + e.getKey());
        }
      }
    }
    // r051 was deleted: its marker masks its versions, which a raw scan still lists.
    got.remove("r051");
    assertEquals(versions, got);
  }
}
