package org.basaltdb.regionserver.region;

import static org.basaltdb.regionserver.region.SplitMergeFixture.region;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.server.layout.SplitFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Merges by reference: the merged region answers exactly the union of what both parents
 * answered, compaction releases both parents, and only adjacent regions of one table merge.
 */
class RegionMergeTest {
  @TempDir
  java.nio.file.Path dir;

  /** Two adjacent regions [.., r100) and [r100, ..) loaded over several files, then closed. */
  private record Parents(RegionInfo a, RegionInfo b, SplitMergeFixture.Snapshot aBefore,
      SplitMergeFixture.Snapshot bBefore) {}

  private static Parents parents(SplitMergeFixture fx, String lo, String mid, String hi)
      throws Exception {
    Region a = fx.open(region(lo, mid, 5));
    Region b = fx.open(region(mid, hi, 7));
    SplitMergeFixture.load(a, 0, 200);
    SplitMergeFixture.load(b, 0, 200);
    SplitMergeFixture.Snapshot sa = SplitMergeFixture.snapshot(a,
        SplitMergeFixture.probeRows(0, 200));
    SplitMergeFixture.Snapshot sb = SplitMergeFixture.snapshot(b,
        SplitMergeFixture.probeRows(0, 200));
    a.close();
    b.close();
    return new Parents(a.info(), b.info(), sa, sb);
  }

  /** The union of both parents' answers: each probe answered by the parent holding its row. */
  private static SplitMergeFixture.Snapshot union(Parents p) {
    var a = p.aBefore();
    var b = p.bBefore();
    List<List<Cell>> gets = new ArrayList<>();
    List<List<Cell>> columnGets = new ArrayList<>();
    for (int i = 0; i < a.probeRows().size(); i++) {
      boolean inA = p.a().containsRow(Bytes.toBytes(a.probeRows().get(i)));
      gets.add(inA ? a.gets().get(i) : b.gets().get(i));
      columnGets.add(inA ? a.columnGets().get(i) : b.columnGets().get(i));
    }
    List<List<Cell>> reversed = new ArrayList<>(b.reversed());
    reversed.addAll(a.reversed());
    return new SplitMergeFixture.Snapshot(concat(a.forward(), b.forward()), reversed,
        concat(a.raw(), b.raw()), gets, columnGets, concat(a.bounded(), b.bounded()),
        a.probeRows());
  }

  private static List<List<Cell>> concat(List<List<Cell>> x, List<List<Cell>> y) {
    List<List<Cell>> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  @ParameterizedTest(name = "bloom {0}")
  @ValueSource(strings = {"NONE", "ROWCOL"})
  void theMergedRegionAnswersExactlyTheUnionOfItsParents(String bloom) throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, bloom)) {
      Parents p = parents(fx, "", "r100", "");
      RegionInfo m = SplitFiles.merged(p.a(), p.b(), SplitMergeFixture.NOW);
      assertTrue(m.regionId() > 7);
      assertArrayEquals(Bytes.EMPTY, m.startKey());
      assertArrayEquals(Bytes.EMPTY, m.endKey());
      RegionMerger.writeMerged(fx.fs, fx.root, p.a(), p.b(), fx.table, m);

      Region merged = fx.open(m);
      assertTrue(merged.hasReferences());
      for (Store st : merged.stores()) {
        for (StoreFile f : st.files()) {
          assertTrue(f.isReference());
          assertEquals(f.reader().info().fileSize(), f.length(), "a whole file: " + f);
        }
      }
      SplitMergeFixture.Snapshot want = union(p);
      SplitMergeFixture.assertReadsLike(merged, want, r -> true);
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, p.a(), fx.table));
      assertTrue(RegionSplitter.isReferenced(fx.fs, fx.root, p.b(), fx.table));

      merged.compact(false);
      assertFalse(merged.hasReferences());
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, p.a(), fx.table));
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, p.b(), fx.table));
      assertFalse(fx.fs.exists(fx.dir(p.a())));
      assertFalse(fx.fs.exists(fx.dir(p.b())));
      merged = fx.reopen(merged);
      SplitMergeFixture.assertReadsLike(merged, want, r -> true, false);
    }
  }

  @Test
  void mergesInnerRegionsAndTheirChildSplitsAgain() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Parents p = parents(fx, "r020", "r100", "r180");
      RegionInfo m = SplitFiles.merged(p.a(), p.b(), SplitMergeFixture.NOW);
      assertArrayEquals(Bytes.toBytes("r020"), m.startKey());
      assertArrayEquals(Bytes.toBytes("r180"), m.endKey());
      RegionMerger.writeMerged(fx.fs, fx.root, p.a(), p.b(), fx.table, m);
      Region merged = fx.open(m);
      SplitMergeFixture.assertReadsLike(merged, union(p), m::containsRow);

      merged.compact(false);
      merged.close();
      List<RegionInfo> d = SplitFiles.daughters(m, Bytes.toBytes("r150"),
          SplitMergeFixture.NOW + 1);
      RegionSplitter.writeDaughters(fx.fs, fx.root, m, fx.table, d);
      for (RegionInfo di : d) {
        SplitMergeFixture.assertReadsLike(fx.open(di), union(p), di::containsRow, false);
      }
    }
  }

  @Test
  void splitDaughtersMergeOnlyOnceCompacted() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Region parent = fx.open(region("", "", 1));
      SplitMergeFixture.load(parent, 0, 200);
      SplitMergeFixture.Snapshot before = SplitMergeFixture.snapshot(parent,
          SplitMergeFixture.probeRows(0, 200));
      parent.close();
      List<RegionInfo> d = SplitFiles.daughters(parent.info(), Bytes.toBytes("r100"),
          SplitMergeFixture.NOW);
      RegionSplitter.writeDaughters(fx.fs, fx.root, parent.info(), fx.table, d);
      RegionInfo m = SplitFiles.merged(d.get(0), d.get(1), SplitMergeFixture.NOW + 1);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> RegionMerger.writeMerged(fx.fs, fx.root, d.get(0), d.get(1), fx.table, m));
      assertTrue(e.getMessage().contains(d.get(0).encodedName())
          && e.getMessage().contains("reference"), e.getMessage());
      assertFalse(fx.fs.exists(fx.dir(m)), "nothing written");

      for (RegionInfo di : d) {
        Region r = fx.open(di);
        r.compact(false);
        r.close();
      }
      RegionMerger.writeMerged(fx.fs, fx.root, d.get(0), d.get(1), fx.table, m);
      assertTrue(RegionSplitter.deleteIfUnreferenced(fx.fs, fx.root, parent.info(), fx.table));
      SplitMergeFixture.assertReadsLike(fx.open(m), before, r -> true, false);
    }
  }

  @Test
  void onlyAdjacentRegionsOfOneTableMerge() {
    RegionInfo a = region("", "m", 1);
    RegionInfo b = region("m", "t", 2);
    RegionInfo c = region("t", "", 3);
    assertEquals(region("", "t", 3), SplitFiles.merged(a, b, 0), "id above both parents'");
    assertEquals(99, SplitFiles.merged(a, b, 99).regionId());

    IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
        () -> SplitFiles.merged(a, c, 10));
    assertTrue(gap.getMessage().contains("not adjacent") && gap.getMessage().contains("gap"),
        gap.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> SplitFiles.merged(b, a, 10));
    assertTrue(order.getMessage().contains("wrong order"), order.getMessage());
    IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
        () -> SplitFiles.merged(region("", "p", 1), b, 10));
    assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SplitFiles.merged(a, a, 10));
    assertThrows(IllegalArgumentException.class, () -> SplitFiles.merged(c, a, 10),
        "the last region does not end where the first starts");
    RegionInfo other = new RegionInfo(TableName.valueOf("u"), Bytes.toBytes("m"),
        Bytes.toBytes("t"), 2);
    IllegalArgumentException tables = assertThrows(IllegalArgumentException.class,
        () -> SplitFiles.merged(a, other, 10));
    assertTrue(tables.getMessage().contains("different tables"), tables.getMessage());
  }

  @Test
  void writeMergedRefusesAMergedRegionThatIsNotTheirMerge() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Parents p = parents(fx, "", "r100", "");
      RegionInfo wrongRange = region("", "r150", SplitMergeFixture.NOW);
      assertThrows(IllegalArgumentException.class, () -> RegionMerger.writeMerged(fx.fs,
          fx.root, p.a(), p.b(), fx.table, wrongRange));
      RegionInfo oldId = region("", "", 6);
      assertThrows(IllegalArgumentException.class, () -> RegionMerger.writeMerged(fx.fs,
          fx.root, p.a(), p.b(), fx.table, oldId));
      assertFalse(fx.fs.exists(fx.dir(wrongRange)));
      assertFalse(fx.fs.exists(fx.dir(oldId)));
    }
  }

  @Test
  void aFailedMergeLeavesNoMergedRegion() throws Exception {
    try (SplitMergeFixture fx = new SplitMergeFixture(dir, "ROW")) {
      Parents p = parents(fx, "", "r100", "");
      RegionInfo m = SplitFiles.merged(p.a(), p.b(), SplitMergeFixture.NOW);
      FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(fx.fs);
      for (int n = 1; ; n++) {
        faulty.heal();
        faulty.failNth(FaultInjectingFileSystem.Op.RENAME, n);
        try {
          RegionMerger.writeMerged(faulty, fx.root, p.a(), p.b(), fx.table, m);
          break;
        } catch (java.io.IOException e) {
          assertFalse(fx.fs.exists(fx.dir(m)), "rename #" + n + " left the merged region");
          assertFalse(RegionSplitter.isReferenced(fx.fs, fx.root, p.a(), fx.table));
        }
      }
      SplitMergeFixture.assertReadsLike(fx.open(m), union(p), r -> true);
    }
  }
}
