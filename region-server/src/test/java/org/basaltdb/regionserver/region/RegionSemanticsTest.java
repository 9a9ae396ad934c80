package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HBase 2.x semantics, one case per behaviour users rely on. Every case runs three ways: with
 * everything in the memstore, after a flush, and after a major compaction where that does not
 * change the answer by HBase's own rules.
 */
class RegionSemanticsTest {
  enum Stage {
    MEMSTORE,
    FLUSHED,
    COMPACTED
  }

  @TempDir
  Path dir;

  static final byte[] F = toBytes("f");
  static final byte[] G = toBytes("g");
  static final byte[] Q = toBytes("q");
  static final byte[] R = toBytes("r");

  private static ColumnFamilyDescriptor fam(String name, int versions) {
    return ColumnFamilyDescriptor.builder(name).maxVersions(versions).build();
  }

  private static void stage(RegionHarness h, Stage s) throws Exception {
    if (s != Stage.MEMSTORE) {
      h.region.flush();
    }
    if (s == Stage.COMPACTED) {
      h.region.compact(true);
    }
  }

  private static Put put(String row, byte[] f, String q, long ts, String v) {
    return new Put(toBytes(row)).addColumn(f, toBytes(q), ts, toBytes(v));
  }

  private static List<String> values(Result r) {
    List<String> out = new ArrayList<>();
    for (Cell c : r.cells()) {
      out.add(Bytes.toString(c.value()));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void versionsNewestFirstLimitedByFamilyAndGet(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      for (int ts = 1; ts <= 5; ts++) {
        h.region.put(put("r", F, "q", ts, "v" + ts));
      }
      stage(h, s);
      assertEquals(List.of("v5"), values(h.region.get(new Get(R))));
      assertEquals(List.of("v5", "v4"), values(h.region.get(new Get(R).readVersions(2))));
      assertEquals(List.of("v5", "v4", "v3"), values(h.region.get(new Get(R).readAllVersions())));
      // Versions beyond VERSIONS linger in the memstore until a flush drops them, as in HBase.
      assertEquals(s == Stage.MEMSTORE ? List.of("v3", "v2") : List.of("v3"),
          values(h.region.get(new Get(R).readAllVersions().setTimeRange(new TimeRange(2, 4)))));
      assertEquals(List.of("v4"), values(h.region.get(new Get(R).setTimestamp(4))));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void equalTimestampsLaterWriteWins(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      h.region.put(put("r", F, "q", 10, "first"));
      if (s != Stage.MEMSTORE) {
        h.region.flush();
      }
      h.region.put(put("r", F, "q", 10, "second"));
      stage(h, s);
      assertEquals(List.of("second"), values(h.region.get(new Get(R).readAllVersions())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void deleteLatestVersionUncoversThePreviousOne(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 5))) {
      h.region.put(put("r", F, "q", 1, "old"));
      h.region.put(put("r", F, "q", 2, "new"));
      h.region.delete(new Delete(R).addColumn(F, Q));
      stage(h, s);
      assertEquals(List.of("old"), values(h.region.get(new Get(R))));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void deleteExactVersionLeavesOthers(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 5))) {
      for (int ts = 1; ts <= 3; ts++) {
        h.region.put(put("r", F, "q", ts, "v" + ts));
      }
      h.region.delete(new Delete(R).addColumn(F, Q, 2));
      stage(h, s);
      assertEquals(List.of("v3", "v1"), values(h.region.get(new Get(R).readAllVersions())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void deleteColumnsRemovesVersionsAtOrBelow(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 5))) {
      for (int ts = 1; ts <= 4; ts++) {
        h.region.put(put("r", F, "q", ts, "v" + ts));
      }
      h.region.put(put("r", F, "other", 1, "o1"));
      h.region.delete(new Delete(R).addColumns(F, Q, 3));
      stage(h, s);
      assertEquals(List.of("o1", "v4"), values(h.region.get(new Get(R).readAllVersions())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void deleteFamilyAndFamilyVersion(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 5), fam("g", 5))) {
      for (int ts = 1; ts <= 3; ts++) {
        h.region.put(put("r", F, "a", ts, "a" + ts));
        h.region.put(put("r", F, "b", ts, "b" + ts));
        h.region.put(put("r", G, "a", ts, "ga" + ts));
      }
      h.region.delete(new Delete(R).addFamilyVersion(F, 3));
      h.region.delete(new Delete(R).addFamily(G, 2));
      stage(h, s);
      assertEquals(List.of("a2", "a1", "b2", "b1", "ga3"),
          values(h.region.get(new Get(R).readAllVersions())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void deleteRowWithoutTimestampUsesServerTime(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 1), fam("g", 1))) {
      h.region.put(new Put(R).addColumn(F, Q, toBytes("x")).addColumn(G, Q, toBytes("y")));
      h.clock.advance(1);
      h.region.delete(new Delete(R));
      stage(h, s);
      assertTrue(h.region.get(new Get(R)).isEmpty());
      h.clock.advance(1);
      h.region.put(new Put(R).addColumn(F, Q, toBytes("z")));
      assertEquals(List.of("z"), values(h.region.get(new Get(R))));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Stage.class, names = {"MEMSTORE", "FLUSHED"})
  void markerMasksALaterPutWithAnOlderTimestampUntilMajorCompaction(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 1))) {
      h.region.delete(new Delete(R, 100));
      h.region.put(put("r", F, "q", 50, "hidden"));
      stage(h, s);
      assertTrue(h.region.get(new Get(R)).isEmpty(), "HBase hides it until a major compaction");
      h.region.flush();
      h.region.compact(true);
      assertTrue(h.region.get(new Get(R)).isEmpty(), "the compaction drops the masked put");
      h.region.put(put("r", F, "q", 50, "visible"));
      assertEquals(List.of("visible"), values(h.region.get(new Get(R))));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void ttlExpiresButMinVersionsKeepsTheNewest(Stage s) throws Exception {
    ColumnFamilyDescriptor f = ColumnFamilyDescriptor.builder("f").maxVersions(3).ttlSeconds(10)
        .build();
    ColumnFamilyDescriptor g = ColumnFamilyDescriptor.builder("g").maxVersions(3).minVersions(1)
        .ttlSeconds(10).build();
    try (RegionHarness h = new RegionHarness(dir, f, g)) {
      long t0 = h.clock.currentTimeMillis();
      h.region.put(new Put(R).addColumn(F, Q, t0 - 1, toBytes("f1")).addColumn(F, Q, t0,
          toBytes("f2")).addColumn(G, Q, t0 - 1, toBytes("g1")).addColumn(G, Q, t0,
          toBytes("g2")));
      assertEquals(List.of("f2", "f1", "g2", "g1"),
          values(h.region.get(new Get(R).readAllVersions())));
      h.clock.advance(20_000);
      stage(h, s);
      assertEquals(List.of("g2"), values(h.region.get(new Get(R).readAllVersions())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void keepDeletedCellsLetsTimeRangeReadsSeeBeforeTheDelete(Stage s) throws Exception {
    ColumnFamilyDescriptor keep = ColumnFamilyDescriptor.builder("f").maxVersions(5)
        .keepDeletedCells(KeepDeletedCells.TRUE).build();
    try (RegionHarness h = new RegionHarness(dir, keep)) {
      h.region.put(put("r", F, "q", 10, "v10"));
      h.region.delete(new Delete(R, 20));
      stage(h, s);
      assertTrue(h.region.get(new Get(R)).isEmpty());
      assertEquals(List.of("v10"), values(h.region.get(new Get(R).setTimeRange(
          new TimeRange(0, 15)))));
      Result raw = h.region.scanAll(new Scan().setRaw(true).readAllVersions()).get(0);
      assertEquals(2, raw.size(), "raw scans return the marker and the deleted put");
    }
  }

  /**
   * HBase quirk (differential test, seed 465135364951129093 reduced): a flush seeks past the
   * rest of a column once its versions exceed VERSIONS, so the version marker below the excess
   * put is not written; the put it masked, in an older file, is visible again once the newer
   * version is deleted.
   */
  @ParameterizedTest
  @EnumSource(KeepDeletedCells.class)
  void flushDropsAVersionMarkerBelowAnExcessVersion(KeepDeletedCells keep) throws Exception {
    ColumnFamilyDescriptor g = ColumnFamilyDescriptor.builder("g").maxVersions(1)
        .keepDeletedCells(keep).build();
    try (RegionHarness h = new RegionHarness(dir, g)) {
      h.region.put(put("r", G, "q", 5, "v5"));
      h.region.flush();
      h.region.delete(new Delete(R).addColumn(G, Q)); // the latest: a marker at 5
      assertTrue(h.region.get(new Get(R)).isEmpty());
      h.region.put(put("r", G, "q", 7, "v7"));
      h.region.put(put("r", G, "q", 11, "v11"));
      h.region.flush(); // keeps 11; 7 is past VERSIONS, and the marker at 5 goes with it
      h.region.delete(new Delete(R).addColumn(G, Q)); // a marker at 11
      assertEquals(List.of("v5"), values(h.region.get(new Get(R))));
      assertEquals(List.of("v5"), values(h.region.scanAll(new Scan().setReversed(true)).get(0)));
    }
  }

  /**
   * HBase's rule (differential test, seed 4084733244655941660 reduced): a major compaction
   * drops a KEEP_DELETED_CELLS family's marker older than every put in the files it compacts
   * (here there is none), so a put written after it, under its timestamp, is not masked.
   */
  @Test
  void aMajorCompactionDropsAKeptMarkerWithNoOlderPut() throws Exception {
    ColumnFamilyDescriptor g = ColumnFamilyDescriptor.builder("g").maxVersions(1)
        .keepDeletedCells(KeepDeletedCells.TRUE).build();
    try (RegionHarness h = new RegionHarness(dir, g)) {
      h.region.delete(new Delete(R, 3));
      h.region.flush();
      h.region.compact(true);
      h.region.put(put("r", G, "a", 3, "v3"));
      assertEquals(List.of("v3"), values(h.region.get(new Get(R))));
      assertEquals(List.of("v3"), values(h.region.get(new Get(R).readVersions(4)
          .setTimeRange(new TimeRange(0, 4)))));
    }
    // With an older put in the files the marker stays, and masks the later put.
    try (RegionHarness h = new RegionHarness(dir.resolve("2"), g)) {
      h.region.put(put("r", G, "b", 1, "v1"));
      h.region.delete(new Delete(R, 3));
      h.region.flush();
      h.region.compact(true);
      h.region.put(put("r", G, "a", 3, "v3"));
      assertTrue(h.region.get(new Get(R)).isEmpty());
      assertEquals(List.of("v1"), values(h.region.get(new Get(R).setTimeRange(
          new TimeRange(0, 3)))));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void withoutKeepDeletedCellsTimeRangeReadsStayDeleted(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 5))) {
      h.region.put(put("r", F, "q", 10, "v10"));
      h.region.delete(new Delete(R, 20));
      stage(h, s);
      assertTrue(h.region.get(new Get(R).setTimeRange(new TimeRange(0, 15))).isEmpty());
    }
  }

  private static void load(RegionHarness h, int rows) throws Exception {
    for (int i = 0; i < rows; i++) {
      String row = String.format("row%02d", i);
      h.region.put(new Put(toBytes(row)).addColumn(F, toBytes("a"), toBytes(row + "a"))
          .addColumn(F, toBytes("b"), toBytes(row + "b")).addColumn(F, toBytes("c"),
              toBytes(row + "c")));
    }
  }

  private static List<String> rows(List<Result> rs) {
    List<String> out = new ArrayList<>();
    for (Result r : rs) {
      out.add(Bytes.toString(r.row()));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void scanBoundsDirectionLimitAndBatch(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      load(h, 10);
      stage(h, s);
      Region r = h.region;
      assertEquals(List.of("row02", "row03", "row04"), rows(r.scanAll(new Scan()
          .withStartRow(toBytes("row02")).withStopRow(toBytes("row05")))));
      assertEquals(List.of("row03", "row04", "row05"), rows(r.scanAll(new Scan()
          .withStartRow(toBytes("row02"), false).withStopRow(toBytes("row05"), true))));
      assertEquals(List.of("row05", "row04", "row03"), rows(r.scanAll(new Scan()
          .withStartRow(toBytes("row05")).withStopRow(toBytes("row02")).setReversed(true))));
      assertEquals(List.of("row09", "row08"), rows(r.scanAll(new Scan().setReversed(true)
          .setLimit(2))));
      assertEquals(List.of("row04", "row03", "row02"), rows(r.scanAll(new Scan()
          .withStartRow(toBytes("row04"), true).withStopRow(toBytes("row02"), true)
          .setReversed(true))));
      assertEquals(List.of("row00", "row01"), rows(r.scanAll(new Scan().setLimit(2))));
      List<Result> batched = r.scanAll(new Scan().withStartRow(toBytes("row01"))
          .withStopRow(toBytes("row03")).setBatch(2));
      assertEquals(4, batched.size(), "two rows of three cells in batches of two");
      assertEquals(List.of(2, 1, 2, 1), batched.stream().map(Result::size).toList());
      assertEquals(List.of("row03a", "row04a"), r.scanAll(new Scan().addColumn(F, toBytes("a"))
          .withStartRow(toBytes("row03")).withStopRow(toBytes("row05"))).stream()
          .map(x -> Bytes.toString(x.cells().get(0).value())).toList());
      assertEquals(List.of("row07"), rows(r.scanAll(new Scan().setRowPrefixFilter(
          toBytes("row07")))));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void reversedScanSkipsDeletedRows(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      load(h, 5);
      h.clock.advance(1);
      h.region.delete(new Delete(toBytes("row03")));
      h.region.delete(new Delete(toBytes("row01")));
      stage(h, s);
      assertEquals(List.of("row04", "row02", "row00"), rows(h.region.scanAll(new Scan()
          .setReversed(true))));
      assertEquals(List.of("row00", "row02", "row04"), rows(h.region.scanAll(new Scan())));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void incrementAndAppend(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      Result r1 = h.region.increment(new Increment(R).addColumn(F, Q, 5));
      assertEquals(5, Bytes.toLong(r1.value(F, Q)));
      stage(h, s);
      Result r2 = h.region.increment(new Increment(R).addColumn(F, Q, -2).addColumn(F, Q, 10));
      assertEquals(13, Bytes.toLong(r2.value(F, Q)));
      assertEquals(13, Bytes.toLong(h.region.get(new Get(R)).value(F, Q)));
      h.region.put(new Put(R).addColumn(F, toBytes("s"), toBytes("ab")));
      Result a = h.region.append(new Append(R).addColumn(F, toBytes("s"), toBytes("cd")));
      assertEquals("abcd", Bytes.toString(a.value(F, toBytes("s"))));
      h.region.put(new Put(R).addColumn(F, toBytes("text"), toBytes("not a long")));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.region.increment(new Increment(R).addColumn(F, toBytes("text"), 1)));
      assertTrue(e.getMessage().contains("8-byte"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void checkAndMutateComparesOperandAgainstStoredValue(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      byte[] c = toBytes("c");
      Put p = new Put(R).addColumn(F, toBytes("x"), toBytes("1"));
      assertTrue(h.region.checkAndMutate(CheckAndMutate.of(R, F, c, CompareOperator.EQUAL, null,
          p)), "absent check passes on a missing cell");
      h.region.put(new Put(R).addColumn(F, c, toBytes("5")));
      stage(h, s);
      assertFalse(h.region.checkAndMutate(CheckAndMutate.of(R, F, c, CompareOperator.EQUAL,
          null, p)), "absent check fails on a present cell");
      // operand LESS stored: "3" < "5" holds.
      assertTrue(h.region.checkAndMutate(CheckAndMutate.of(R, F, c, CompareOperator.LESS,
          toBytes("3"), p)));
      assertFalse(h.region.checkAndMutate(CheckAndMutate.of(R, F, c, CompareOperator.GREATER,
          toBytes("3"), p)));
      RowMutations rm = new RowMutations(R).add(new Delete(R).addColumns(F, c))
          .add(new Put(R).addColumn(F, toBytes("y"), toBytes("2")));
      assertTrue(h.region.checkAndMutate(CheckAndMutate.of(R, F, c, CompareOperator.EQUAL,
          toBytes("5"), rm)));
      Result r = h.region.get(new Get(R));
      assertNull(r.value(F, c));
      assertArrayEquals(toBytes("2"), r.value(F, toBytes("y")));
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void dataSurvivesReopen(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      load(h, 20);
      stage(h, s);
      h.reopen();
      assertEquals(20, h.region.scanAll(new Scan()).size());
      assertEquals("row07b", Bytes.toString(h.region.get(new Get(toBytes("row07")))
          .value(F, toBytes("b"))));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Stage.class, names = "MEMSTORE")
  void badInputIsRefusedWithAClearError(Stage s) throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.region.put(new Put(R).addColumn(toBytes("nope"), Q, toBytes("v"))));
      assertTrue(e.getMessage().contains("'nope' does not exist"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new Put(new byte[0]));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new Put(new byte[40_000]));
      assertTrue(e.getMessage().contains("32767"), e.getMessage());
      h.conf.setLong("value.max.size", 100);
      h.reopen();
      e = assertThrows(IllegalArgumentException.class,
          () -> h.region.put(new Put(R).addColumn(F, Q, new byte[101])));
      assertTrue(e.getMessage().contains("value.max.size"), e.getMessage());
      assertTrue(h.region.get(new Get(R)).isEmpty(), "nothing of a refused write is applied");
    }
  }

  @Test
  void memstoreCellsShareTheStoresFamilyArray() throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      // Each request decodes its own family array; the memstore keeps the store's one.
      h.region.put(new Put(R).addColumn(toBytes("f"), toBytes("a"), toBytes("1"))
          .addColumn(toBytes("f"), toBytes("b"), 7, toBytes("2")));
      h.region.delete(new Delete(R).addColumn(toBytes("f"), toBytes("c")));
      byte[] shared = h.region.store(F).family().name();
      Result r = h.region.get(new Get(R));
      assertEquals(List.of("1", "2"), values(r));
      for (Cell c : r.cells()) {
        assertSame(shared, c.family(), c.toString());
      }
      assertEquals(7, r.latest(F, toBytes("b")).timestamp(), "an explicit timestamp is kept");
      assertEquals(h.clock.currentTimeMillis(), r.latest(F, toBytes("a")).timestamp());
    }
  }

  // ---- Differences from Apache HBase 2.6.1 found by the differential test (issue 23).

  private static List<String> cells(List<Result> rs) {
    List<String> out = new ArrayList<>();
    for (Result r : rs) {
      for (Cell c : r.cells()) {
        out.add(Bytes.toString(c.row()) + "/" + Bytes.toString(c.qualifier()) + "@"
            + c.timestamp() + "=" + Bytes.toString(c.value()));
      }
    }
    return out;
  }

  /** put r f:q@5=first, f:q@5=second in one Put: HBase keeps "second" alone. */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void sameColumnTwiceInOnePutLaterCellWins(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3), fam("g", 3))) {
      h.region.put(new Put(R).addColumn(F, Q, 5, toBytes("first"))
          .addColumn(G, Q, 5, toBytes("other family"))
          .addColumn(F, Q, 5, toBytes("second")));
      stage(h, s);
      assertEquals(List.of("second"), values(h.region.get(new Get(R).addFamily(F).readVersions(3))));
      Result raw = h.region.scanAll(new Scan().setRaw(true).readAllVersions()).get(0);
      assertEquals(2, raw.cells().size(), raw.toString());
    }
  }

  /** f:q@10=v7 then f:q@11=v2; versions=1 with ValueFilter(=,'substring:7') returns v7. */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void filterIsAppliedBeforeVersionsAreCounted(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      h.region.put(put("r", F, "q", 10, "v7"));
      h.region.put(put("r", F, "q", 11, "v2"));
      stage(h, s);
      assertEquals(List.of("v7"), values(h.region.get(new Get(R).readVersions(1)
          .setFilter("ValueFilter(=, 'substring:7')"))));
      assertEquals(List.of("r/q@10=v7"), cells(h.region.scanAll(new Scan().readVersions(1)
          .setFilter("ValueFilter(=, 'substring:7')"))));
      // The family's VERSIONS still bounds what the filter may see.
      h.region.put(put("r", F, "q", 12, "v3"));
      h.region.put(put("r", F, "q", 13, "v4"));
      stage(h, s);
      assertEquals(List.of(), values(h.region.get(
          new Get(R).readVersions(1).setFilter("ValueFilter(=, 'substring:7')"))));
    }
  }

  /** Rows a, b, c; start row b equals stop row b: the one row b, as a get, both directions. */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void scanWithStopRowIncludedReadsThatRow(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      for (String row : List.of("a", "b", "c")) {
        h.region.put(put(row, F, "q", 1, row));
      }
      stage(h, s);
      byte[] b = toBytes("b");
      assertEquals(List.of("b"), rows(h.region.scanAll(
          new Scan().withStartRow(b).withStopRow(b, true))));
      assertEquals(List.of("b"), rows(h.region.scanAll(
          new Scan().withStartRow(b).withStopRow(b, true).setReversed(true))));
    }
  }

  /** Rows a, b, c of three columns; ColumnCountGetFilter(2): a's first two columns, then stop. */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void columnCountGetFilterEndsTheScan(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3))) {
      for (String row : List.of("a", "b", "c")) {
        for (String q : List.of("x", "y", "z")) {
          h.region.put(put(row, F, q, 1, row + q));
        }
      }
      stage(h, s);
      assertEquals(List.of("c/x@1=cx", "c/y@1=cy"), cells(h.region.scanAll(
          new Scan().setReversed(true).setFilter("ColumnCountGetFilter(2)"))));
      assertEquals(List.of("a/x@1=ax", "a/y@1=ay"), cells(h.region.scanAll(
          new Scan().setFilter("ColumnCountGetFilter(2)"))));
      // A row with no more columns than the count does not end the scan.
      assertEquals(List.of("a/x@1=ax", "a/y@1=ay", "a/z@1=az", "b/x@1=bx", "b/y@1=by",
          "b/z@1=bz", "c/x@1=cx", "c/y@1=cy", "c/z@1=cz"), cells(h.region.scanAll(
              new Scan().setFilter("ColumnCountGetFilter(3)"))));
    }
  }

  /**
   * HBase scans each family with its own store scanner, and only the one reading when
   * ColumnCountGetFilter passes its count (and those after it in that row) stop: r0 g:a, g:b
   * and r3 f:a with ColumnCountGetFilter(1) return r0's g:a and r3's f:a.
   */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void aFilterDoneWithinARowStopsOnlyTheFamiliesThatMetIt(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3), fam("g", 3))) {
      h.region.put(put("r0", G, "a", 1, "r0ga"));
      h.region.put(put("r0", G, "b", 7, "r0gb"));
      h.region.put(put("r3", G, "a", 9, "r3ga"));
      h.region.put(put("r3", F, "a", 9, "r3fa"));
      h.region.put(put("r4", F, "a", 9, "r4fa"));
      stage(h, s);
      // r0: g:a passes, g:b passes the count: family g stops; r3 and r4 go on with family f.
      assertEquals(List.of("r0/a@1=r0ga", "r3/a@9=r3fa", "r4/a@9=r4fa"), cells(
          h.region.scanAll(new Scan().setFilter("ColumnCountGetFilter(1)"))));
      // r3 reads f:a (passes), then g:a (over the count): g stops, f goes on into r4.
      assertEquals(List.of("r3/a@9=r3fa", "r4/a@9=r4fa"), cells(h.region.scanAll(new Scan()
          .withStartRow(toBytes("r3")).setFilter("ColumnCountGetFilter(1)"))));
    }
  }

  /**
   * HBase loads the families a filter calls inessential (SingleColumnValueFilter with
   * filterIfMissing: every family but its own) only for rows whose essential families passed.
   * A row with cells in g alone is never seen, even when SKIP keeps the wrapped filter's
   * filterRow from dropping it; a reversed scan with such a filter is refused.
   */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void inessentialFamiliesAreLoadedOnlyForRowsThatPassed(Stage s) throws Exception {
    try (RegionHarness h = new RegionHarness(dir, fam("f", 3), fam("g", 3))) {
      h.region.put(put("r1", G, "q", 1, "g1"));
      h.region.put(put("r2", F, "a", 1, "x").addColumn(G, Q, 1, toBytes("g2")));
      h.region.put(put("r3", F, "a", 1, "y").addColumn(G, Q, 1, toBytes("g3")));
      stage(h, s);
      String scvf = "SingleColumnValueFilter('f', 'a', =, 'binary:x', true, false)";
      assertEquals(List.of("r2/a@1=x", "r2/q@1=g2"),
          cells(h.region.scanAll(new Scan().setFilter(scvf))));
      assertEquals(List.of("r2/a@1=x", "r2/q@1=g2", "r3/a@1=y", "r3/q@1=g3"),
          cells(h.region.scanAll(new Scan().setFilter("SKIP " + scvf))));
      assertEquals(List.of(), values(h.region.get(new Get(toBytes("r1")).setFilter("SKIP " + scvf))));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.region.scanAll(new Scan().setReversed(true).setFilter(scvf)));
      assertTrue(e.getMessage().contains("on demand"), e.getMessage());
    }
  }
}
