package org.basaltdb.standalone;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.master.RegionServers;
import org.basaltdb.regionserver.region.RegionSplitFiles;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master over the one region server of standalone mode, in this process. */
class LocalMasterTest {
  @TempDir
  Path dir;

  private int incarnation;
  RegionServer rs;
  Master master;

  private void start() throws Exception {
    start(new Configuration(false));
  }

  private void start(Configuration conf) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    rs = new RegionServer(conf, fs, new org.apache.hadoop.fs.Path(dir.toUri()),
        "localhost,9090," + (++incarnation), Clock.SYSTEM);
    rs.start(server -> true);
    master = Standalone.localMaster(rs);
    master.start();
  }

  private static final TableName T = TableName.valueOf("t");
  private static final byte[] F = toBytes("f");

  private void put(String row, String v) throws Exception {
    rs.region(T, toBytes(row)).put(new Put(toBytes(row)).addColumn(F, toBytes("q"), toBytes(v)));
  }

  private String get(String row) throws Exception {
    byte[] v = rs.region(T, toBytes(row)).get(new Get(toBytes(row))).value(F, toBytes("q"));
    return v == null ? null : Bytes.toString(v);
  }

  /** Archived WAL files go once past their TTL; the table's rows do not. */
  @Test
  void masterDeletesArchivedWalFilesPastTheirTtl() throws Exception {
    Configuration conf = new Configuration(false);
    org.basaltdb.master.MasterConfig.JANITOR_PERIOD.set(conf, 100L);
    org.basaltdb.master.MasterConfig.WAL_ARCHIVE_TTL.set(conf, 3_600_000L);
    start(conf);
    master.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")), List.of());
    put("apple", "1");
    org.apache.hadoop.fs.Path first = rs.wal().currentFile();
    for (org.basaltdb.regionserver.region.Region r : rs.onlineRegions()) {
      r.flush(); // meta's edits (the table's records) are in the file too
    }
    rs.wal().roll(); // every edit of the first file is flushed: the roll archives it
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    org.apache.hadoop.fs.Path archived = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(dir.toUri()), "oldWALs/" + rs.serverName() + "/"
            + first.getName());
    // The writer archives after the roll, on its own thread; an hour's TTL keeps the file there.
    org.basaltdb.common.Await.until("the flushed WAL file is archived", 60_000,
        () -> exists(fs, archived));
    // The janitor's passes (every 100 ms) keep it until it is an hour old: make it so, once.
    // The writer archives it by a rename, closed, and never writes it again (FSWalTest's
    // anArchivedFileIsCompleteAndNeverWrittenAgain), so its age stays what is set here.
    age(fs, archived, rs.clock().currentTimeMillis() - 3_700_000L);
    org.basaltdb.common.Await.until("the archived WAL file is deleted past its TTL", 60_000,
        () -> !exists(fs, archived));
    assertTrue(fs.exists(archived.getParent()), "the live server's directory stays");
    assertEquals("1", get("apple"));
  }

  /** Sets p's modification time to {@code mtime}; false, or true if p has just gone. */
  private static boolean age(FileSystem fs, org.apache.hadoop.fs.Path p, long mtime) {
    try {
      fs.setTimes(p, mtime, -1);
      return false;
    } catch (java.io.IOException e) {
      if (exists(fs, p)) {
        throw new java.io.UncheckedIOException(e);
      }
      return true; // deleted between the two looks
    }
  }

  private static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path p) {
    try {
      return fs.exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void preSplitTableRoutesRowsAndSurvivesRestartAndCrash() throws Exception {
    start();
    master.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
        List.of(toBytes("m"), toBytes("g")));
    assertEquals(3, master.regionLocations(T).size());
    assertTrue(master.isTableAvailable(T));
    put("apple", "1");
    put("hello", "2");
    put("zebra", "3");
    assertEquals("a", Bytes.toString(new byte[] {'a'}));
    assertEquals(toBytes("g").length, rs.region(T, toBytes("hello")).info().startKey().length);

    rs.close(); // clean shutdown: flushes
    start();
    assertEquals("2", get("hello"));
    put("kiwi", "4");

    rs.abort(); // crash: the memstore is lost, the WAL is not closed
    start();
    assertEquals("4", get("kiwi"), "an acknowledged write survives a crash through the WAL");
    assertEquals("3", get("zebra"));
    rs.close();
  }

  /**
   * After a crash, the master opens meta first and then the other regions several at once, in
   * one batch on the region server's open pool: no region opens before meta, and two opens are
   * under way together (each waits, as it makes its open's output directory, until another has
   * begun, so one after another would not get past the first).
   */
  @Test
  void restartOpensMetaFirstThenRegionsSeveralAtOnce() throws Exception {
    start();
    List<byte[]> splits = new java.util.ArrayList<>();
    for (int i = 1; i < 12; i++) {
      splits.add(toBytes(String.format("k%02d", i)));
    }
    master.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")), splits);
    for (int i = 0; i < 12; i++) {
      put(String.format("k%02d", i), "v" + i);
    }
    rs.abort(); // crash: every edit is only in the WAL

    Configuration conf = new Configuration(false);
    conf.setInt("server.region.open.threads", 4);
    List<String> beforeMeta = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch twoUnderWay = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicBoolean together =
        new java.util.concurrent.atomic.AtomicBoolean();
    String tableDir = "/" + T.namespace() + "/" + T.qualifier() + "/";
    FileSystem fs = new org.apache.hadoop.fs.FilterFileSystem(rs.fileSystem()) {
      @Override
      public boolean mkdirs(org.apache.hadoop.fs.Path f) throws java.io.IOException {
        return mkdirs(f, org.apache.hadoop.fs.permission.FsPermission.getDirDefault());
      }

      @Override
      public boolean mkdirs(org.apache.hadoop.fs.Path f,
          org.apache.hadoop.fs.permission.FsPermission p) throws java.io.IOException {
        String path = f.toUri().getPath();
        if (path.contains(tableDir) && path.contains("/.tmp/")) { // an open of one of T's regions
          if (rs.regionByName(Master.META_REGION) == null) {
            beforeMeta.add(path);
          }
          twoUnderWay.countDown();
          try {
            if (twoUnderWay.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
              together.set(true);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
          }
        }
        return super.mkdirs(f, p);
      }
    };
    rs = new RegionServer(conf, fs, rs.rootDir(), "localhost,9090," + (++incarnation),
        Clock.SYSTEM);
    rs.start(server -> true);
    RegionServers watched = new LocalRegionServers(rs);
    master = Master.standalone(conf, fs, rs.rootDir(), Clock.SYSTEM, watched,
        new RegionSplitFiles(), rs.serverName());
    master.start();
    assertEquals(List.of(), beforeMeta, "regions opened before meta");
    assertTrue(together.get(), "no two regions were opened at once");
    for (int i = 0; i < 12; i++) {
      assertEquals("v" + i, get(String.format("k%02d", i)), "row " + i + " after the crash");
    }
    master.stop();
    rs.close();
  }

  @Test
  void ddlLifecycleAndErrors() throws Exception {
    start();
    TableDescriptor d = TableDescriptor.of(T, ColumnFamilyDescriptor.of("f"));
    master.createTable(d, List.of());
    assertThrows(Master.TableExistsException.class, () -> master.createTable(d, List.of()));
    assertThrows(IllegalStateException.class, () -> master.deleteTable(T));
    put("r", "v");
    master.disableTable(T);
    assertTrue(master.isTableDisabled(T));
    assertThrows(NotServingRegionException.class, () -> get("r"));
    master.enableTable(T);
    assertEquals("v", get("r"));

    master.addColumnFamily(T, ColumnFamilyDescriptor.builder("g").maxVersions(5).build());
    assertEquals(5, master.tableDescriptor(T).family(toBytes("g")).maxVersions());
    assertEquals("v", get("r"), "data survives the reopen after a schema change");
    master.deleteColumnFamily(T, toBytes("g"));
    assertFalse(master.tableDescriptor(T).hasFamily(toBytes("g")));

    master.disableTable(T);
    master.truncateTable(T, true);
    assertTrue(master.isTableEnabled(T));
    assertEquals(null, get("r"));

    master.createNamespace(NamespaceDescriptor.of("ns"));
    master.createTable(TableDescriptor.of(TableName.valueOf("ns:x"),
        ColumnFamilyDescriptor.of("f")), List.of());
    assertThrows(IllegalStateException.class, () -> master.deleteNamespace("ns"));
    assertEquals(1, master.tablesInNamespace("ns").size());
    var missing = assertThrows(java.io.IOException.class, () -> master.createTable(
        TableDescriptor.of(TableName.valueOf("nope:x"), ColumnFamilyDescriptor.of("f")),
        List.of()));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> master.disableTable(
        TableName.valueOf("basalt:meta")));
    assertEquals(2, master.tables(null, false).size());
    assertEquals(List.of("basalt", "default", "ns"),
        master.namespaces().stream().map(NamespaceDescriptor::name).sorted().toList());

    rs.close();
    start();
    assertEquals(2, master.tables(null, false).size(), "the catalog survives a restart");
    master.disableTable(T);
    master.deleteTable(T);
    assertFalse(master.tableExists(T));
    rs.close();
  }

  @Test
  void splitsAtAKeyAndAtTheMiddleKeepingEveryRow() throws Exception {
    start();
    master.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.builder("f").maxVersions(3)
        .build()), List.of());
    for (int i = 0; i < 200; i++) {
      put(String.format("row%03d", i), "v" + i);
    }
    rs.region(T, toBytes("row000")).delete(new org.basaltdb.common.ops.Delete(toBytes("row007")));
    var parent = master.regionLocations(T).get(0).region();
    master.split(T, toBytes("row150"), null);
    assertEquals(2, master.regionLocations(T).size());
    assertEquals("row150", Bytes.toString(rs.region(T, toBytes("row199")).info().startKey()));
    // Daughters refer to their parent's files (and may not split) until a compaction, which
    // their opening asked for, rewrites them; the janitor then deletes the parent.
    org.apache.hadoop.fs.Path parentDir = org.basaltdb.server.layout.RegionLayout
        .regionDir(rs.rootDir(), parent);
    for (var r : rs.regions(T)) {
      r.compact(true);
    }
    master.cleanRetired();
    assertFalse(rs.fileSystem().exists(parentDir), "the parent goes once unreferenced");
    master.split(T, null, null); // each region at its middle row
    assertEquals(4, master.regionLocations(T).size());
    for (int i = 0; i < 200; i++) {
      String row = String.format("row%03d", i);
      assertEquals(i == 7 ? null : "v" + i, get(row), row);
    }
    assertThrows(IllegalArgumentException.class, () -> master.split(T, toBytes("row150"),
        null), "a region's start key is not strictly inside it");
    rs.close();
    start();
    assertEquals(4, master.regionLocations(T).size(), "the split survives a restart");
    assertEquals("v123", get("row123"));
    assertEquals(null, get("row007"), "the delete marker went to its daughter too");
    rs.close();
  }
}
