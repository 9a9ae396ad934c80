package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.basaltdb.regionserver.region.SplitMergeFixture.A;
import static org.basaltdb.regionserver.region.SplitMergeFixture.B;
import static org.basaltdb.regionserver.region.SplitMergeFixture.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.basaltdb.server.layout.RegionLayout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.server.layout.SplitFiles;
import org.basaltdb.wal.DisabledWal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Splits by reference: daughters answer exactly what the parent answered for their halves
 * (gets, forward, reversed and raw scans, over every bloom type), compaction rewrites the
 * references and releases the parent, scanners keep the parent's files alive, daughters with
 * references refuse to split, failures leave no daughter behind, damage is reported by file.
 */
class RegionSplitTest {
  @TempDir
  java.nio.file.Path dir;

  private static final byte[] SPLIT = toBytes("r100");

  /** A parent loaded with rows r000..r199 over several files, closed and split at r100. */
  private record Split(RegionInfo parent, RegionInfo lo, RegionInfo hi,
      SplitMergeFixture.Snapshot before, List<String> parentFiles) {}

  private static Split split(SplitMergeFixture fx) throws IOException {
    Region parent = fx.open(SplitMergeFixture.region("", "", 1));
    SplitMergeFixture.load(parent, 0, 200);
    SplitMergeFixture.Snapshot before = SplitMergeFixture.snapshot(parent,
        SplitMergeFixture.probeRows(0, 200));
    parent.close();
    List<String> files = listTree(fx.fs, fx.dir(parent.info()));
    List<RegionInfo> d = SplitFiles.daughters(parent.info(), SPLIT,
        fx.clock.currentTimeMillis());
    RegionSplitter.writeDaughters(fx.fs, fx.root, parent.info(), fx.table, d);
    assertEquals(files, listTree(fx.fs, fx.dir(parent.info())), "the parent is not modified");
    return new Split(parent.info(), d.get(0), d.get(1), before, files);
  }

  private static List<String> listTree(FileSystem fs, Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    var it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      out.add(it.next().getPath().toString().substring(dir.toString().length()));
    }
    out.sort(null);
    return out;
  }

  @ParameterizedTest(name = "bloom {0}")
  @ValueSource(strings = {"NONE", "ROW", "ROWCOL"})
  void daughtersAnswerExactlyWhatTheParentAnsweredForTheirHalves(String bloom) throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, bloom)) {
      Split s = split(fx);
      int requests = fx.compactionRequests.get();
      Region lo = fx.open(s.lo());
      Region hi = fx.open(s.hi());
      assertTrue(lo.hasReferences() && hi.hasReferences());
      assertEquals(requests + 2, fx.compactionRequests.get(),
          "opening a daughter asks for a compaction");
      for (Region d : List.of(lo, hi)) {
        for (Store st : d.stores()) {
          assertFalse(st.files().isEmpty());
          for (StoreFile f : st.files()) {
            assertTrue(f.isReference(), f + " is a reference");
            assertTrue(d.info().containsRow(f.firstKey().row()), "first key inside " + f);
            assertTrue(d.info().containsRow(f.lastKey().row()), "last key inside " + f);
            assertTrue(f.length() <= f.reader().info().fileSize());
          }
        }
      }
      SplitMergeFixture.assertReadsLike(lo, s.before(), lo.info()::containsRow);
      SplitMergeFixture.assertReadsLike(hi, s.before(), hi.info()::containsRow);
      lo = fx.reopen(lo);
      SplitMergeFixture.assertReadsLike(lo, s.before(), lo.info()::containsRow);
    }
  }

  @Test
  void daughtersCarryTheParentsFlushedSequenceId() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Region parent = fx.open(SplitMergeFixture.region("", "", 1));
      SplitMergeFixture.load(parent, 0, 200);
      parent.close();
      long parentSeq = parent.flushedSequenceId();
      List<RegionInfo> d = SplitFiles.daughters(parent.info(), SPLIT, SplitMergeFixture.NOW);
      RegionSplitter.writeDaughters(fx.fs, fx.root, parent.info(), fx.table, d);
      for (RegionInfo info : d) {
        Region r = fx.open(info);
        assertEquals(parentSeq, r.flushedSequenceId(), "daughter " + info);
        r.put(new Put(info.startKey().length == 0 ? toBytes("r000") : SPLIT)
            .addColumn(A, toBytes("new"), toBytes("v")));
        assertTrue(r.maxSequenceId() > parentSeq, "the daughter's own edits come after");
      }
    }
  }

  @Test
  void compactingBothDaughtersReleasesTheParent() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Split s = split(fx);
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table));
      Region lo = fx.open(s.lo());
      Region hi = fx.open(s.hi());

      lo.compact(false);
      assertFalse(lo.hasReferences());
      for (Store st : lo.stores()) {
        assertEquals(1, st.files().size(), "one compaction leaves one own file");
      }
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table),
          "the upper daughter still refers to the parent");
      assertFalse(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, s.parent(), fx.table));
      assertTrue(fx.fs.exists(fx.dir(s.parent())));

      hi.compact(false);
      assertFalse(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table));
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, s.parent(), fx.table));
      assertFalse(fx.fs.exists(fx.dir(s.parent())), "the parent's directory is gone");
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, s.parent(), fx.table),
          "idempotent");

      SplitMergeFixture.assertReadsLike(lo, s.before(), lo.info()::containsRow, false);
      SplitMergeFixture.assertReadsLike(hi, s.before(), hi.info()::containsRow, false);
      lo = fx.reopen(lo);
      hi = fx.reopen(hi);
      SplitMergeFixture.assertReadsLike(lo, s.before(), lo.info()::containsRow, false);
      SplitMergeFixture.assertReadsLike(hi, s.before(), hi.info()::containsRow, false);
    }
  }

  @Test
  void aMinorCompactionRewritesEveryReferenceTogetherWithTheDaughtersOwnFiles()
      throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROWCOL")) {
      fx.conf.setInt("compaction.min.files", 10); // the exploring policy alone picks nothing
      Split s = split(fx);
      Region lo = fx.open(s.lo());
      for (int f = 0; f < 2; f++) {
        for (int i = 0; i < 100; i += 9) {
          lo.put(new Put(toBytes(SplitMergeFixture.row(i) + "n" + f))
              .addColumn(A, toBytes("own"), toBytes("v" + f)));
        }
        lo.flush();
      }
      Store a = lo.store(A);
      assertTrue(a.files().size() >= 3 && a.hasReferences(), a.files().toString());
      List<Cell> expected = new ArrayList<>();
      lo.scanAll(new Scan().readAllVersions()).forEach(r -> expected.addAll(r.cells()));

      lo.compact(false);
      assertEquals(1, a.files().size(), "every reference and own file in one compaction");
      assertFalse(lo.hasReferences());
      List<Cell> after = new ArrayList<>();
      lo.scanAll(new Scan().readAllVersions()).forEach(r -> after.addAll(r.cells()));
      assertEquals(expected, after);
    }
  }

  @Test
  void anOpenScannerOnADaughterOutlivesItsCompactionAndHoldsTheParent() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "NONE")) {
      Split s = split(fx);
      Region lo = fx.open(s.lo());
      Region hi = fx.open(s.hi());
      hi.compact(false);
      List<List<Cell>> want = SplitMergeFixture.snapshot(lo, List.of()).forward();
      List<Path> refs = new ArrayList<>();
      lo.stores().forEach(st -> st.files().forEach(f -> refs.add(f.path())));

      RowScanner open = lo.scanner(new Scan().readAllVersions());
      List<List<Cell>> got = new ArrayList<>();
      got.add(open.next().cells());
      lo.compact(false);
      assertFalse(lo.hasReferences());
      for (Path p : refs) {
        assertTrue(fx.fs.exists(p), "the scanner still reads through " + p);
      }
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table));
      assertFalse(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, s.parent(), fx.table),
          "an open scanner's parent file must stay");

      got.addAll(SplitMergeFixture.drain(open));
      assertEquals(want, got, "the scanner reads on across the compaction");
      open.close();
      for (Path p : refs) {
        assertFalse(fx.fs.exists(p), "reference deleted with its last scanner: " + p);
      }
      assertFalse(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table));
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, s.parent(), fx.table));
      SplitMergeFixture.assertReadsLike(lo, s.before(), lo.info()::containsRow, false);
    }
  }

  @Test
  void aDaughterWithReferencesRefusesToSplitUntilCompacted() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Split s = split(fx);
      Region lo = fx.open(s.lo());
      assertTrue(lo.hasReferences());
      assertTrue(RegionSplitter.holdsReferences(fx.fs, fx.root, s.lo()));
      assertFalse(RegionSplitter.holdsReferences(fx.fs, fx.root, s.parent()));
      lo.close();
      List<RegionInfo> g = SplitFiles.daughters(s.lo(), toBytes("r050"),
          SplitMergeFixture.NOW + 1);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> RegionSplitter.writeDaughters(fx.fs, fx.root, s.lo(), fx.table, g));
      assertTrue(e.getMessage().contains(s.lo().toString())
          && e.getMessage().contains("reference"), e.getMessage());
      assertFalse(fx.fs.exists(fx.dir(g.get(0))), "nothing written");

      lo = fx.open(s.lo());
      lo.compact(false);
      lo.close();
      assertFalse(RegionSplitter.holdsReferences(fx.fs, fx.root, s.lo()));
      RegionSplitter.writeDaughters(fx.fs, fx.root, s.lo(), fx.table, g);
      for (RegionInfo gd : g) {
        Region r = fx.open(gd);
        SplitMergeFixture.assertReadsLike(r, s.before(), gd::containsRow, false);
      }
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, s.lo(), fx.table));
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, s.parent(), fx.table),
          "the upper daughter has not compacted");
    }
  }

  @Test
  void aDaughterOpensElsewhereFromPathsAlone() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROWCOL")) {
      Split s = split(fx);
      // Another "server": its own filesystem object, block cache, services and log.
      FileSystem otherFs = FileSystem.newInstanceLocal(new Configuration()).getRawFileSystem();
      Region hi = Region.open(otherFs, fx.root, s.hi(), fx.table, new DisabledWal(0),
          new BlockCache(1 << 20), fx.clock, new Configuration(false),
          RegionServices.manual(new MemoryBudget(1L << 30)));
      try {
        SplitMergeFixture.assertReadsLike(hi, s.before(), hi.info()::containsRow);
      } finally {
        hi.close();
        otherFs.close();
      }
    }
  }

  @Test
  void writeDaughtersLeavesNoDaughterBehindWhenAWriteFails() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Region parent = fx.open(SplitMergeFixture.region("", "", 1));
      SplitMergeFixture.load(parent, 0, 200);
      SplitMergeFixture.Snapshot before = SplitMergeFixture.snapshot(parent,
          SplitMergeFixture.probeRows(0, 200));
      parent.close();
      FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(fx.fs);
      List<RegionInfo> d = SplitFiles.daughters(parent.info(), SPLIT, SplitMergeFixture.NOW);
      int failures = 0;
      for (FaultInjectingFileSystem.Op op : List.of(FaultInjectingFileSystem.Op.CREATE,
          FaultInjectingFileSystem.Op.SYNC, FaultInjectingFileSystem.Op.RENAME)) {
        for (int n = 1; ; n++) {
          faulty.heal();
          faulty.failNth(op, n);
          try {
            RegionSplitter.writeDaughters(faulty, fx.root, parent.info(), fx.table, d);
          } catch (IOException e) {
            failures++;
            for (RegionInfo di : d) {
              assertFalse(fx.fs.exists(fx.dir(di)), op + " #" + n + " left " + di);
            }
            continue;
          }
          // This op kind has fewer than n uses in a split: it succeeded; start over for the next.
          for (RegionInfo di : d) {
            fx.fs.delete(fx.dir(di), true);
          }
          break;
        }
      }
      assertTrue(failures >= 10, "every step was failed once: " + failures);
      faulty.heal();
      Region again = fx.open(parent.info());
      SplitMergeFixture.assertReadsLike(again, before, r -> true);
      again.close();
      RegionSplitter.writeDaughters(faulty, fx.root, parent.info(), fx.table, d);
      for (RegionInfo di : d) {
        SplitMergeFixture.assertReadsLike(fx.open(di), before, di::containsRow);
      }
    }
  }

  @Test
  void aDamagedReferenceFailsTheOpenNamingTheFile() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Split s = split(fx);
      Path fam = RegionLayout.familyDir(fx.dir(s.lo()), B);
      FileStatus ref = fx.fs.listStatus(fam)[0];
      java.nio.file.Path local = java.nio.file.Path.of(ref.getPath().toUri());
      byte[] good = Files.readAllBytes(local);
      byte[] bad = good.clone();
      bad[bad.length / 2] ^= 0x04;
      Files.write(local, bad);
      CorruptionException e = assertThrows(CorruptionException.class, () -> fx.open(s.lo()));
      assertTrue(e.getMessage().contains(ref.getPath().toString()), e.getMessage());

      Files.write(local, good);
      fx.fs.rename(new Path(fx.dir(s.parent()), "b"), new Path(fx.dir(s.parent()), "gone"));
      FileNotFoundException missing = assertThrows(FileNotFoundException.class,
          () -> fx.open(s.lo()));
      assertTrue(missing.getMessage().contains(ref.getPath().getName()), missing.getMessage());
    }
  }

  @Test
  void daughtersOnlyGetReferencesForHalvesThatHoldRowsOfAFile() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Region parent = fx.open(SplitMergeFixture.region("", "", 1));
      parent.put(new Put(toBytes("r010")).addColumn(B, X, toBytes("low")));
      parent.flush();
      parent.put(new Put(toBytes("r150")).addColumn(B, X, toBytes("high")));
      parent.close();
      List<RegionInfo> d = SplitFiles.daughters(parent.info(), SPLIT, SplitMergeFixture.NOW);
      RegionSplitter.writeDaughters(fx.fs, fx.root, parent.info(), fx.table, d);
      for (RegionInfo di : d) {
        Region r = fx.open(di);
        assertEquals(1, r.store(B).files().size(), "one file holds rows of each half");
        assertEquals(0, r.store(A).files().size());
        assertNotNull(r.get(new org.basaltdb.common.ops.Get(
            di.startKey().length == 0 ? toBytes("r010") : toBytes("r150"))).value(B, X));
      }
    }
  }

  @Test
  void refusesDaughtersThatAreNotTheParentsHalves() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      RegionInfo parent = SplitMergeFixture.region("", "", 1);
      fx.open(parent).close();
      List<RegionInfo> d = SplitFiles.daughters(parent, SPLIT, SplitMergeFixture.NOW);
      List<RegionInfo> gap = List.of(d.get(0),
          SplitMergeFixture.region("r200", "", SplitMergeFixture.NOW));
      assertThrows(IllegalArgumentException.class,
          () -> RegionSplitter.writeDaughters(fx.fs, fx.root, parent, fx.table, gap));
      assertThrows(IllegalArgumentException.class,
          () -> RegionSplitter.writeDaughters(fx.fs, fx.root, parent, fx.table, d.subList(0, 1)));
      assertThrows(IllegalArgumentException.class,
          () -> SplitFiles.daughters(parent, Bytes.EMPTY, SplitMergeFixture.NOW));
      assertFalse(RegionSplitter.isReferenced(fx.fs, fx.root, parent, fx.table));
      TreeSet<String> dirs = new TreeSet<>();
      for (FileStatus st : fx.fs.listStatus(RegionLayout.tableDir(fx.root, parent.table()))) {
        dirs.add(st.getPath().getName());
      }
      assertEquals(new TreeSet<>(List.of(parent.encodedName())), dirs, "nothing written");
    }
  }
}
