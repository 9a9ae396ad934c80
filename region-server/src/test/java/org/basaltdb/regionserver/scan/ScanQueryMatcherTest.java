package org.basaltdb.regionserver.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.regionserver.filter.Filter;
import org.basaltdb.regionserver.filter.FilterParser;
import org.junit.jupiter.api.Test;

/**
 * The matcher's rules as a user meets them (HBase 2.x's): versions, deletes of each kind, time
 * ranges, TTL and MIN_VERSIONS, explicit columns, raw reads, what flushes and compactions keep,
 * and a filter's place before the read's versions. Cells are fed in sorted order, as a scanner
 * would, honouring the matcher's seeks.
 */
class ScanQueryMatcherTest {
  private static final byte[] F = Bytes.toBytes("f");
  private static final FamilyRules KEEP_3 = rules(3, 0, Long.MIN_VALUE, KeepDeletedCells.FALSE);

  private static FamilyRules rules(int max, int min, long oldest, KeepDeletedCells keep) {
    return new FamilyRules(max, min, oldest, keep);
  }

  private static long seq = 1;

  private static Cell put(String row, String q, long ts, String v) {
    return new Cell(Bytes.toBytes(row), F, Bytes.toBytes(q), ts, Cell.Type.PUT, seq++,
        Bytes.toBytes(v));
  }

  private static Cell marker(String row, String q, long ts, Cell.Type type) {
    return new Cell(Bytes.toBytes(row), F, Bytes.toBytes(q), ts, type, seq++, Bytes.EMPTY);
  }

  private static ScanQueryMatcher read(FamilyRules r, TimeRange tr, int versions, Filter filter) {
    return ScanQueryMatcher.forRead(false, f -> r, tr, versions, null, filter);
  }

  /** Feeds the sorted cells through {@code m} as a scanner would; returns what it includes. */
  private static List<String> run(ScanQueryMatcher m, Cell... cells) throws IOException {
    List<Cell> sorted = new ArrayList<>(List.of(cells));
    sorted.sort(CellComparator.INSTANCE);
    List<String> out = new ArrayList<>();
    byte[] row = null;
    Cell skipColumnOf = null;
    boolean skipRow = false;
    for (Cell c : sorted) {
      if (row == null || !Bytes.equals(row, c.row())) {
        row = c.row();
        m.startRow();
        skipRow = false;
        skipColumnOf = null;
      }
      if (skipRow || (skipColumnOf != null && skipColumnOf.sameColumn(c))) {
        continue;
      }
      skipColumnOf = null;
      MatchCode code = m.match(c);
      if (code.includes()) {
        out.add(show(c));
      }
      switch (code) {
        case SEEK_NEXT_COL, INCLUDE_AND_SEEK_NEXT_COL -> skipColumnOf = c;
        case SEEK_NEXT_ROW, INCLUDE_AND_SEEK_NEXT_ROW -> skipRow = true;
        case DONE_SCAN -> {
          return out;
        }
        default -> { }
      }
    }
    return out;
  }

  private static String show(Cell c) {
    String v = c.isDelete() ? c.type().name() : Bytes.toString(c.value());
    return Bytes.toString(c.row()) + "/" + Bytes.toString(c.qualifier()) + "@" + c.timestamp()
        + "=" + v;
  }

  @Test
  void newestVersionsFirstUpToTheReadsAndTheFamilysLimit() throws IOException {
    Cell[] cells = {put("r", "a", 1, "v1"), put("r", "a", 2, "v2"), put("r", "a", 3, "v3"),
        put("r", "a", 4, "v4")};
    assertEquals(List.of("r/a@4=v4", "r/a@3=v3"), run(read(KEEP_3, TimeRange.ALL, 2, null), cells));
    // the family keeps 3: a read asking for 10 gets 3
    assertEquals(List.of("r/a@4=v4", "r/a@3=v3", "r/a@2=v2"),
        run(read(KEEP_3, TimeRange.ALL, 10, null), cells));
  }

  @Test
  void versionsAreCountedPerColumn() throws IOException {
    assertEquals(List.of("r/a@2=a2", "r/b@5=b5"), run(read(KEEP_3, TimeRange.ALL, 1, null),
        put("r", "a", 1, "a1"), put("r", "a", 2, "a2"), put("r", "b", 5, "b5"),
        put("r", "b", 4, "b4")));
  }

  @Test
  void twoWritesAtOneTimestampAreOneVersionTheLaterWins() throws IOException {
    Cell first = put("r", "a", 7, "first");
    Cell second = put("r", "a", 7, "second"); // higher sequence id: written later
    assertEquals(List.of("r/a@7=second", "r/a@6=older"),
        run(read(KEEP_3, TimeRange.ALL, 2, null), first, second, put("r", "a", 6, "older")));
  }

  @Test
  void aDeleteColumnMasksItsTimestampAndOlderOnly() throws IOException {
    assertEquals(List.of("r/a@6=v6", "r/b@1=b1"), run(read(KEEP_3, TimeRange.ALL, 3, null),
        put("r", "a", 4, "v4"), put("r", "a", 5, "v5"), put("r", "a", 6, "v6"),
        marker("r", "a", 5, Cell.Type.DELETE_COLUMN), put("r", "b", 1, "b1")));
  }

  @Test
  void aDeleteVersionMasksExactlyOneTimestamp() throws IOException {
    assertEquals(List.of("r/a@6=v6", "r/a@4=v4"), run(read(KEEP_3, TimeRange.ALL, 3, null),
        put("r", "a", 4, "v4"), put("r", "a", 5, "v5"), put("r", "a", 6, "v6"),
        marker("r", "a", 5, Cell.Type.DELETE)));
  }

  @Test
  void aMaskedVersionDoesNotCountTowardsTheVersions() throws IOException {
    // versions=2 over a, with the newest deleted: the two below it come back
    assertEquals(List.of("r/a@5=v5", "r/a@4=v4"), run(read(KEEP_3, TimeRange.ALL, 2, null),
        put("r", "a", 4, "v4"), put("r", "a", 5, "v5"), put("r", "a", 6, "v6"),
        marker("r", "a", 6, Cell.Type.DELETE)));
  }

  @Test
  void aDeleteFamilyMasksEveryColumnAtOrBelowIt() throws IOException {
    assertEquals(List.of("r/b@9=b9"), run(read(KEEP_3, TimeRange.ALL, 3, null),
        marker("r", "", 8, Cell.Type.DELETE_FAMILY), put("r", "a", 8, "a8"),
        put("r", "b", 9, "b9"), put("r", "b", 2, "b2")));
  }

  @Test
  void aDeleteFamilyVersionMasksEveryColumnAtExactlyItsTimestamp() throws IOException {
    assertEquals(List.of("r/a@9=a9", "r/b@7=b7"), run(read(KEEP_3, TimeRange.ALL, 3, null),
        marker("r", "", 8, Cell.Type.DELETE_FAMILY_VERSION), put("r", "a", 8, "a8"),
        put("r", "a", 9, "a9"), put("r", "b", 8, "b8"), put("r", "b", 7, "b7")));
  }

  @Test
  void aDeleteMarkerOnlyMasksItsOwnRow() throws IOException {
    assertEquals(List.of("s/a@1=s1"), run(read(KEEP_3, TimeRange.ALL, 3, null),
        marker("r", "a", 5, Cell.Type.DELETE_COLUMN), put("r", "a", 1, "r1"),
        put("s", "a", 1, "s1")));
  }

  @Test
  void aTimeRangeIsMinInclusiveMaxExclusive() throws IOException {
    assertEquals(List.of("r/a@4=v4", "r/a@3=v3"),
        run(read(KEEP_3, new TimeRange(3, 5), 3, null), put("r", "a", 2, "v2"),
            put("r", "a", 3, "v3"), put("r", "a", 4, "v4"), put("r", "a", 5, "v5")));
  }

  @Test
  void aDeleteNewerThanTheTimeRangeStillMasksWhatIsInIt() throws IOException {
    Cell[] cells = {put("r", "a", 3, "v3"), marker("r", "a", 10, Cell.Type.DELETE_COLUMN)};
    assertEquals(List.of(), run(read(KEEP_3, new TimeRange(0, 5), 3, null), cells));
    // with KEEP_DELETED_CELLS a read of the past sees what was there then
    FamilyRules keep = rules(3, 0, Long.MIN_VALUE, KeepDeletedCells.TRUE);
    assertEquals(List.of("r/a@3=v3"), run(read(keep, new TimeRange(0, 5), 3, null), cells));
    assertEquals(List.of(), run(read(keep, TimeRange.ALL, 3, null), cells));
  }

  @Test
  void expiredVersionsAreGoneUnlessAmongTheMinVersions() throws IOException {
    Cell[] cells = {put("r", "a", 10, "old"), put("r", "a", 20, "older-but-kept"),
        put("r", "a", 150, "fresh")};
    // TTL: everything before ts 100 is expired
    assertEquals(List.of("r/a@150=fresh"),
        run(read(rules(3, 0, 100, KeepDeletedCells.FALSE), TimeRange.ALL, 3, null), cells));
    assertEquals(List.of("r/a@150=fresh", "r/a@20=older-but-kept"),
        run(read(rules(3, 2, 100, KeepDeletedCells.FALSE), TimeRange.ALL, 3, null), cells));
  }

  @Test
  void explicitColumnsLeaveTheOthersOut() throws IOException {
    NavigableSet<byte[]> qs = new TreeSet<>(Bytes.COMPARATOR);
    qs.add(Bytes.toBytes("b"));
    NavigableMap<byte[], NavigableSet<byte[]>> columns = new TreeMap<>(Bytes.COMPARATOR);
    columns.put(F, qs);
    ScanQueryMatcher m = ScanQueryMatcher.forRead(false, f -> KEEP_3, TimeRange.ALL, 1, columns,
        null);
    assertEquals(List.of("r/b@1=b"), run(m, put("r", "a", 1, "a"), put("r", "b", 1, "b"),
        put("r", "c", 1, "c")));
  }

  @Test
  void aRawReadReturnsMarkersAndWhatTheyMask() throws IOException {
    ScanQueryMatcher raw = ScanQueryMatcher.forRead(true, f -> KEEP_3, TimeRange.ALL, 10,
        null, null);
    assertEquals(List.of("r/a@5=DELETE_COLUMN", "r/a@5=v5", "r/a@4=v4"),
        run(raw, put("r", "a", 4, "v4"), put("r", "a", 5, "v5"),
            marker("r", "a", 5, Cell.Type.DELETE_COLUMN)));
  }

  @Test
  void aFlushKeepsMarkersAndDropsWhatTheyMaskAMajorCompactionDropsBoth() throws IOException {
    Cell[] cells = {marker("r", "a", 5, Cell.Type.DELETE_COLUMN), put("r", "a", 5, "v5"),
        put("r", "a", 6, "v6"), put("r", "b", 1, "b1"), put("r", "b", 2, "b2"),
        put("r", "b", 3, "b3"), put("r", "b", 4, "b4")};
    assertEquals(List.of("r/a@6=v6", "r/a@5=DELETE_COLUMN", "r/b@4=b4", "r/b@3=b3", "r/b@2=b2"),
        run(ScanQueryMatcher.forCompaction(false, KEEP_3), cells));
    assertEquals(List.of("r/a@6=v6", "r/b@4=b4", "r/b@3=b3", "r/b@2=b2"),
        run(ScanQueryMatcher.forCompaction(true, KEEP_3), cells));
    FamilyRules keep = rules(3, 0, Long.MIN_VALUE, KeepDeletedCells.TRUE);
    assertEquals(List.of("r/a@6=v6", "r/a@5=DELETE_COLUMN", "r/a@5=v5", "r/b@4=b4", "r/b@3=b3",
        "r/b@2=b2"), run(ScanQueryMatcher.forCompaction(true, keep), cells));
  }

  @Test
  void aMajorCompactionDropsKeptMarkersOlderThanEveryPutInItsFiles() throws IOException {
    FamilyRules keep = rules(3, 0, Long.MIN_VALUE, KeepDeletedCells.TRUE);
    Cell family = marker("r", "", 3, Cell.Type.DELETE_FAMILY);
    Cell column = marker("r", "a", 7, Cell.Type.DELETE_COLUMN);
    // The files' earliest put is at 5: the family marker at 3 masks nothing there.
    ScanQueryMatcher m = ScanQueryMatcher.forCompaction(true, keep, 5);
    m.startRow();
    assertEquals(MatchCode.SEEK_NEXT_COL, m.match(family));
    assertEquals(MatchCode.INCLUDE, m.match(column));
    // Files with no put at all (Long.MAX_VALUE) keep none; unknown (MIN_VALUE) keep all.
    m = ScanQueryMatcher.forCompaction(true, keep, Long.MAX_VALUE);
    m.startRow();
    assertEquals(MatchCode.SEEK_NEXT_COL, m.match(column));
    m = ScanQueryMatcher.forCompaction(true, keep);
    m.startRow();
    assertEquals(MatchCode.INCLUDE, m.match(family));
    // A flush keeps them whatever the puts.
    m = ScanQueryMatcher.forCompaction(false, keep, Long.MAX_VALUE);
    m.startRow();
    assertEquals(MatchCode.INCLUDE, m.match(family));
  }

  @Test
  void aFilterSeesOlderVersionsThanTheReadReturns() throws IOException {
    // versions=1 with a value filter: the newest version that passes, as in HBase 2.x
    Filter f = FilterParser.parse("ValueFilter(=, 'binary:match')");
    assertEquals(List.of("r/a@1=match"), run(read(KEEP_3, TimeRange.ALL, 1, f),
        put("r", "a", 1, "match"), put("r", "a", 2, "other"), put("r", "a", 3, "other")));
  }
}
