package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableWriter;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.WalConfig;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk loads into one region over a real WAL: ordering against memstore edits, all-or-nothing
 * visibility across two families, validation, and crashes before and after the files go live.
 */
class BulkLoadTest {
  @TempDir
  Path dir;

  private static final byte[] F = toBytes("f");
  private static final byte[] G = toBytes("g");
  private static final byte[] Q = toBytes("q");

  private FaultInjectingFileSystem fs;
  private org.apache.hadoop.fs.Path root;
  private org.apache.hadoop.fs.Path oldWals;
  private final Configuration conf = new Configuration(false);
  private TableDescriptor table;
  private RegionInfo info;
  private RegionServices services;
  private final BlockCache cache = new BlockCache(16L << 20);
  private FSWal wal;
  private Region region;
  private int servers;
  private int files;

  @BeforeEach
  void open() throws IOException {
    fs = new FaultInjectingFileSystem(FileSystem.getLocal(new Configuration()).getRawFileSystem());
    root = new org.apache.hadoop.fs.Path(dir.toUri());
    oldWals = new org.apache.hadoop.fs.Path(root, "oldWALs");
    WalConfig.ASYNC_SYNC_INTERVAL.set(conf, 100L);
    table = TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"),
        ColumnFamilyDescriptor.of("g"));
    info = new RegionInfo(table.name(), toBytes("b"), toBytes("y"), 1);
    services = RegionServices.manual(new MemoryBudget(1L << 30));
    startServer(0);
  }

  @AfterEach
  void close() throws IOException {
    if (!region.isClosed()) {
      region.close();
    }
    try {
      wal.close();
    } catch (IOException e) {
      // a test failed the log on purpose
    }
  }

  private org.apache.hadoop.fs.Path walDir() {
    return new org.apache.hadoop.fs.Path(root, "WALs/server" + servers);
  }

  private void startServer(long startSeq) throws IOException {
    servers++;
    wal = FSWal.open(fs, walDir(), oldWals, "server" + servers, startSeq, conf, Clock.SYSTEM);
    region = Region.open(fs, root, info, table, wal, cache, Clock.SYSTEM, conf, services);
  }

  /** kill -9 of the server: unsynced bytes vanish; then the log is split and the region reopened. */
  private void crashAndRecover() throws IOException {
    org.apache.hadoop.fs.Path deadWal = walDir();
    fs.crash();
    region.abort();
    try {
      wal.close();
    } catch (IOException expected) {
      // the filesystem is down
    }
    fs.restart();
    WalSplitter.Result split = new WalSplitter(fs, oldWals,
        (tn, name) -> RegionLayout.regionDir(root, info), conf, Clock.SYSTEM).split(deadWal);
    long maxSeq = region.maxSequenceId();
    for (org.apache.hadoop.fs.Path p : split.recoveredEdits().values()) {
      maxSeq = Math.max(maxSeq, Long.parseLong(p.getName()));
    }
    startServer(maxSeq);
  }

  /** An SSTable of {@code family} in the staging area: one cell per row, value {@code v + row}. */
  private org.apache.hadoop.fs.Path sstable(byte[] family, List<String> rows, String v, long ts)
      throws IOException {
    return sstable(family, rows, v, ts, SSTableOptions.defaults());
  }

  private org.apache.hadoop.fs.Path sstable(byte[] family, List<String> rows, String v, long ts,
      SSTableOptions options) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root,
        "staging/" + Bytes.toString(family) + "/file" + (files++));
    try (SSTableWriter w = SSTableWriter.create(fs, p, options)) {
      for (String r : new java.util.TreeSet<>(rows)) {
        w.append(Cell.put(toBytes(r), family, Q, ts, toBytes(v + r)));
      }
      w.finish();
    }
    return p;
  }

  private static Map<byte[], List<org.apache.hadoop.fs.Path>> load(byte[] f,
      org.apache.hadoop.fs.Path... ps) {
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = new TreeMap<>(Bytes.COMPARATOR);
    m.put(f, List.of(ps));
    return m;
  }

  private String value(String row, byte[] family) throws IOException {
    Result r = region.get(new Get(toBytes(row)));
    byte[] v = r.value(family, Q);
    return v == null ? null : Bytes.toString(v);
  }

  private int versions(String row) throws IOException {
    return region.get(new Get(toBytes(row)).readVersions(100)).size();
  }

  @Test
  void loadedCellsSortBetweenOlderAndNewerEditsWithoutAFlush() throws Exception {
    region.put(new Put(toBytes("c")).addColumn(F, Q, 100, toBytes("older")));
    region.put(new Put(toBytes("d")).addColumn(F, Q, 50, toBytes("unflushed")));
    long seq = region.bulkLoad(load(F, sstable(F, List.of("c", "e"), "bulk-", 100)));
    assertTrue(seq > 0);
    assertEquals("bulk-c", value("c", F), "the load is newer than the edit before it");
    assertEquals("unflushed", value("d", F));
    region.put(new Put(toBytes("c")).addColumn(F, Q, 100, toBytes("newer")));
    assertEquals("newer", value("c", F), "an edit after the load is newer than it");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(region.dir(), ".bulkload")),
        "the staging directory is gone");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root, "staging/f/file0")),
        "the file was moved, not copied");

    region.close();
    wal.close();
    startServer(wal.highestSequenceId());
    assertEquals("newer", value("c", F));
    assertEquals("bulk-e", value("e", F));
    assertEquals("unflushed", value("d", F));
    region.compact(true);
    assertEquals("newer", value("c", F), "a compaction keeps the order");
    assertEquals("bulk-e", value("e", F));
  }

  @Test
  void aCrashRightAfterALoadBringsEveryLoadedRowBackOnce() throws Exception {
    region.put(new Put(toBytes("c")).addColumn(F, Q, 100, toBytes("edit-before")));
    List<String> rows = List.of("c", "d", "e", "f");
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = load(F, sstable(F, rows, "bf-", 200));
    m.put(G, List.of(sstable(G, rows, "bg-", 200)));
    region.bulkLoad(m);
    region.put(new Put(toBytes("x")).addColumn(G, Q, toBytes("edit-after")));
    crashAndRecover();
    for (String r : rows) {
      assertEquals("bf-" + r, value(r, F));
      assertEquals("bg-" + r, value(r, G));
    }
    assertEquals(2, versions("c"), "the edit before the load and the loaded cell, once each");
    assertEquals(2, versions("d"));
    assertEquals("edit-after", value("x", G));
    crashAndRecover(); // a second recovery (markers replayed again) doubles nothing
    assertEquals(2, versions("d"));
    assertEquals(1, fs.listStatus(new org.apache.hadoop.fs.Path(region.dir(), "f")).length
        - (int) java.util.Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(
            region.dir(), "f"))).filter(s -> !s.getPath().getName().contains("_SeqId_")).count());
  }

  /**
   * A bulk-load job does not sync its files (SSTableOutputFormat), and on a local disk a closed
   * file's bytes can be lost with the machine: the load must make them durable before its marker
   * names them. The filesystem here loses every closed file's unsynced bytes in a crash.
   */
  @Test
  void filesAJobDidNotSyncAreMadeDurableByTheLoadBeforeItsMarker() throws Exception {
    fs.closedFilesNeedSync();
    List<String> rows = List.of("c", "d", "e");
    SSTableOptions unsynced = SSTableOptions.defaults().withSyncOnFinish(false);
    org.apache.hadoop.fs.Path f = sstable(F, rows, "bf-", 200, unsynced);
    org.apache.hadoop.fs.Path g = sstable(G, rows, "bg-", 200, unsynced);
    org.apache.hadoop.fs.Path notLoaded = sstable(F, List.of("q"), "nl-", 200, unsynced);
    assertTrue(fs.isClosedUnsynced(f), "the writer did not sync the file");
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = load(F, f);
    m.put(G, List.of(g));
    region.bulkLoad(m);
    crashAndRecover();
    assertEquals(0, fs.getFileStatus(notLoaded).getLen(),
        "the crash drops what a closed file never synced (the model bites)");
    for (String r : rows) {
      assertEquals("bf-" + r, value(r, F));
      assertEquals("bg-" + r, value(r, G));
      assertEquals(2, versions(r), "one cell in each family, once");
    }
  }

  @Test
  void aCrashBetweenTheMarkerAndTheRenamesIsFinishedByReplay() throws Exception {
    List<String> rows = List.of("c", "d");
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = load(F, sstable(F, rows, "bf-", 200));
    m.put(G, List.of(sstable(G, rows, "bg-", 200)));
    // Two renames stage the files; the fourth (the second into a family directory) fails.
    fs.failNth(FaultInjectingFileSystem.Op.RENAME, 4);
    IOException e = assertThrows(IOException.class, () -> region.bulkLoad(m));
    assertTrue(e.getMessage().contains("bulkload"), e.getMessage());
    assertEquals(null, value("c", F), "a half-installed load is not visible");
    assertThrows(IOException.class,
        () -> region.put(new Put(toBytes("c")).addColumn(F, Q, toBytes("v"))),
        "the region refuses writes until reopened");
    crashAndRecover();
    for (String r : rows) {
      assertEquals("bf-" + r, value(r, F));
      assertEquals("bg-" + r, value(r, G));
      assertEquals(2, versions(r));
    }
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(region.dir(), ".bulkload")));
  }

  @Test
  void stagedFilesOfALoadThatNeverHappenedLeaveTheRegionAtOpenAndADurableOneIsFinished()
      throws Exception {
    // A load whose marker is durable but whose file is still staged (the rename out of the
    // staging directory, the 2nd, fails)...
    List<String> rows = List.of("c", "d");
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = load(F, sstable(F, rows, "bf-", 200));
    fs.failNth(FaultInjectingFileSystem.Op.RENAME, 2);
    assertThrows(IOException.class, () -> region.bulkLoad(m));
    // ...and a load the server died in the middle of staging: its files are staged, no marker.
    org.apache.hadoop.fs.Path orphan = sstable(G, List.of("e", "f"), "orphan-", 300);
    org.apache.hadoop.fs.Path staged = new org.apache.hadoop.fs.Path(
        RegionLayout.bulkLoadDir(region.dir(), G), "0123456789abcdef");
    fs.mkdirs(staged.getParent());
    assertTrue(fs.rename(orphan, staged));
    crashAndRecover();

    for (String r : rows) {
      assertEquals("bf-" + r, value(r, F), "the load whose marker was durable is finished");
    }
    assertEquals(null, value("e", G), "a load without a durable marker is not loaded");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(region.dir(), ".bulkload")),
        "nothing stays staged in the region");
    org.apache.hadoop.fs.Path moved = new org.apache.hadoop.fs.Path(
        RegionLayout.bulkLoadOrphansDir(root, info), "g/0123456789abcdef");
    assertTrue(fs.exists(moved), "the orphan's file is kept for the user, at " + moved);

    // That directory is one completebulkload takes: loading it from there works.
    region.bulkLoad(load(G, moved));
    assertEquals("orphan-e", value("e", G));
    assertEquals("orphan-f", value("f", G));
  }

  @Test
  void readersSeeAllOfATwoFamilyLoadOrNoneOfIt() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> broken = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        while (!stop.get() && broken.get() == null) {
          for (Result r : region.scanAll(new Scan())) {
            if (r.size() != 2) {
              broken.set("half a row: " + r);
            }
          }
        }
      } catch (IOException e) {
        broken.set(e.toString());
      }
    });
    reader.start();
    for (int load = 0; load < 15; load++) {
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        rows.add(String.format("m%02d-%02d", load, i));
      }
      Map<byte[], List<org.apache.hadoop.fs.Path>> m = load(F, sstable(F, rows, "f", 1));
      m.put(G, List.of(sstable(G, rows, "g", 1)));
      region.bulkLoad(m);
    }
    stop.set(true);
    reader.join(60_000);
    assertEquals(null, broken.get());
    assertEquals(300, region.scanAll(new Scan()).size());
  }

  @Test
  void badInputIsRefusedNamingTheFileAndNothingMoves() throws Exception {
    org.apache.hadoop.fs.Path outside = sstable(F, List.of("a", "c"), "v", 1);
    Exception e = assertThrows(WrongRegionException.class,
        () -> region.bulkLoad(load(F, outside)));
    assertTrue(e.getMessage().contains(outside.toString()), e.getMessage());
    assertTrue(fs.exists(outside));

    org.apache.hadoop.fs.Path garbage = new org.apache.hadoop.fs.Path(root, "staging/f/junk");
    try (var out = fs.create(garbage)) {
      out.write(toBytes("not an sstable at all, just some text"));
    }
    e = assertThrows(IOException.class, () -> region.bulkLoad(load(F, garbage)));
    assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

    org.apache.hadoop.fs.Path ok = sstable(F, List.of("c"), "v", 1);
    Map<byte[], List<org.apache.hadoop.fs.Path>> m = new LinkedHashMap<>();
    m.put(toBytes("nope"), List.of(ok));
    e = assertThrows(IllegalArgumentException.class, () -> region.bulkLoad(m));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> region.bulkLoad(load(G, ok)));
    assertTrue(e.getMessage().contains("family f, not g"), e.getMessage());

    // The log fails the marker: the staged file goes back where it came from.
    fs.failFrom(FaultInjectingFileSystem.Op.SYNC, 1);
    assertThrows(IOException.class, () -> region.bulkLoad(load(F, ok)));
    assertTrue(fs.exists(ok), "the file is back in the caller's directory");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(region.dir(), ".bulkload/f")));
    fs.heal();
    region.abort(); // the log has failed for good: the server would abort
  }
}
