package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.server.layout.RegionLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The janitor deletes region directories meta does not name once nothing was written under them
 * for the grace period, and keeps every other: regions meta names (open or retired), regions in
 * transition, young directories, directories reference files still name, and whatever is not
 * named like a region.
 */
class OrphanRegionDirsTest {
  static final org.basaltdb.common.TableName T = AssignmentManagerTest.T;
  static final long GRACE = 600_000;

  @TempDir
  java.nio.file.Path dir;

  private final FileSystem fs = rawLocal();

  private static FileSystem rawLocal() {
    try {
      return FileSystem.getLocal(new Configuration()).getRawFileSystem();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A region directory with a family and a file, as a split leaves a daughter. */
  private Path regionDir(RegionInfo r) throws Exception {
    Path d = RegionLayout.regionDir(new Path(dir.toUri()), r);
    fs.mkdirs(new Path(d, "f"));
    fs.create(new Path(new Path(d, "f"), "0123.0123456789abcdef0123456789abcdef")).close();
    fs.create(new Path(d, RegionLayout.REGION_INFO_FILE)).close();
    return d;
  }

  /** Sets the modification time of {@code p} and of everything under it. */
  private void age(Path p, long mtime) throws Exception {
    FileStatus st = fs.getFileStatus(p);
    if (st.isDirectory()) {
      for (FileStatus c : fs.listStatus(p)) {
        age(c.getPath(), mtime);
      }
    }
    fs.setTimes(p, mtime, -1);
  }

  @Test
  void deletesOldUnnamedRegionDirectoriesAndKeepsEverythingElse() throws Exception {
    MasterParts m = new MasterParts(new FakeRegionServers("a"), dir).start();
    m.ddl.createTable(AssignmentManagerTest.TABLE, List.of(toBytes("m")));
    long now = System.currentTimeMillis();
    m.clock.set(now);
    long old = now - GRACE - 60_000;
    List<RegionRecord> live = m.meta().regions(T);
    Path liveDir = regionDir(live.get(0).info());
    // A split committed (its parent retired in meta), and one a kill interrupted: daughters
    // written, meta never told.
    RegionRecord parent = live.get(1);
    m.files.referenced.add(parent.info().encodedName()); // so meta keeps it, retired
    m.splits.split(T, toBytes("t"), null);
    m.files.referenced.remove(parent.info().encodedName());
    assertEquals(1, m.meta().retiredRegions().size());
    Path retiredDir = regionDir(parent.info());
    List<RegionInfo> lost = org.basaltdb.server.layout.SplitFiles.daughters(
        m.meta().regions(T).get(0).info(), toBytes("c"), now);
    Path lostA = regionDir(lost.get(0));
    Path lostB = regionDir(lost.get(1));
    // A recent orphan, one a reference still names, one in transition, a non-region directory.
    RegionInfo recent = new RegionInfo(T, toBytes("x"), new byte[0], now + 1);
    Path recentDir = regionDir(recent);
    RegionInfo referenced = new RegionInfo(T, toBytes("y"), new byte[0], now + 2);
    Path referencedDir = regionDir(referenced);
    m.files.referenced.add(referenced.encodedName());
    RegionInfo moving = new RegionInfo(T, toBytes("z"), new byte[0], now + 3);
    Path movingDir = regionDir(moving);
    Path tableTmp = new Path(RegionLayout.tableDir(new Path(dir.toUri()), T), ".tmp");
    fs.mkdirs(tableTmp);
    for (Path p : List.of(liveDir, retiredDir, lostA, lostB, referencedDir, movingDir,
        tableTmp)) {
      age(p, old);
    }

    OrphanRegionDirs janitor = new OrphanRegionDirs(fs, new Path(dir.toUri()), m.files, GRACE,
        m.clock);
    OrphanRegionDirs.Result r = janitor.clean(m.meta(), Set.of(moving.encodedName()));
    assertEquals(Set.of(lostA.getName(), lostB.getName()),
        Set.copyOf(r.deleted().stream().map(Path::getName).toList()));
    assertFalse(fs.exists(lostA));
    assertFalse(fs.exists(lostB));
    for (Path kept : List.of(liveDir, retiredDir, recentDir, referencedDir, movingDir,
        tableTmp)) {
      assertTrue(fs.exists(kept), "kept: " + kept);
    }

    // Once the recent one has aged and the reference is gone, they go too.
    m.clock.set(now + GRACE + 60_000);
    m.files.referenced.clear();
    r = janitor.clean(m.meta(), Set.of(moving.encodedName()));
    assertEquals(Set.of(recentDir.getName(), referencedDir.getName()),
        Set.copyOf(r.deleted().stream().map(Path::getName).toList()));
    assertTrue(fs.exists(liveDir));
    assertTrue(fs.exists(retiredDir), "the retired parent is cleanRetired's, not this");
    assertTrue(fs.exists(movingDir));
  }

  @Test
  void aFileWrittenLateKeepsItsDirectory() throws Exception {
    MasterParts m = new MasterParts(new FakeRegionServers("a"), dir).start();
    m.ddl.createTable(AssignmentManagerTest.TABLE, List.of());
    long now = System.currentTimeMillis();
    m.clock.set(now);
    RegionInfo orphan = new RegionInfo(T, toBytes("q"), new byte[0], now);
    Path d = regionDir(orphan);
    age(d, now - GRACE - 60_000);
    // A deposed master still writing the daughter: its newest file is young.
    fs.setTimes(new Path(new Path(d, "f"), "0123.0123456789abcdef0123456789abcdef"), now, -1);
    OrphanRegionDirs janitor = new OrphanRegionDirs(fs, new Path(dir.toUri()), m.files, GRACE,
        m.clock);
    assertEquals(List.of(), janitor.clean(m.meta(), Set.of()).deleted());
    assertTrue(fs.exists(d));
  }
}
