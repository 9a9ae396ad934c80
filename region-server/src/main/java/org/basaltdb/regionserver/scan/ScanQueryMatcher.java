package org.basaltdb.regionserver.scan;

import java.io.IOException;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.function.Function;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.regionserver.filter.Filter;

/**
 * Decides, cell by cell in sorted order, what a read returns or what a flush or compaction
 * keeps. One class holds all of HBase's rules so reads and compactions can never disagree on
 * them:
 *
 * <ul>
 *   <li>Delete markers mask puts at or below their timestamp (see {@link DeleteTracker}).</li>
 *   <li>Versions are counted per column, newest first; of several puts with the same timestamp
 *       only the newest write counts (the later write wins).</li>
 *   <li>A cell older than the family's TTL is expired unless it is among the newest
 *       MIN_VERSIONS versions.</li>
 *   <li>User reads, in HBase 2.x's order (its UserScanQueryMatcher): deletes, time range, the
 *       explicit columns, the family's VERSIONS, then the filter, and last the read's own
 *       max versions counted over the cells the filter included. So a filter sees older versions
 *       than the read returns, and {@code versions=1} with a value filter returns the newest
 *       version that passes. Without a filter the read's max versions applies directly. A marker
 *       is honoured if its timestamp is in or after the time range, or, with KEEP_DELETED_CELLS,
 *       only if it is inside the range.</li>
 *   <li>Raw reads return markers and deleted cells; markers pass the time range, columns and
 *       versions checks like puts but do not count as versions. With a filter, a raw read
 *       counts its max versions only over what the filter included.</li>
 *   <li>Minor compactions and flushes drop masked, excess and expired puts but keep markers;
 *       major compactions drop markers too unless KEEP_DELETED_CELLS says otherwise, and even
 *       then those older than every put in the files compacted (HBase's rule). In every
 *       mode SEEK_NEXT_COL means the rest of the column is passed over unseen, markers
 *       included: HBase's compaction scanner seeks, so a flush drops the markers below a
 *       column's excess versions.</li>
 * </ul>
 *
 * <p>Thread safety: one matcher per scan, used by one thread.
 */
public final class ScanQueryMatcher {
  /** Who is reading. */
  public enum Mode {
    USER,
    RAW,
    /** Flushes and minor compactions: keep markers. */
    MINOR,
    /** Major compactions: drop markers where KEEP_DELETED_CELLS allows. */
    MAJOR
  }

  private final Mode mode;
  private final Function<byte[], FamilyRules> rulesOf;
  private final TimeRange timeRange;
  private final int scanMaxVersions;
  private final NavigableMap<byte[], NavigableSet<byte[]>> columns;
  private final Filter filter;
  private final DeleteTracker deletes = new DeleteTracker();

  private byte[] family;
  private byte[] qualifier;
  private FamilyRules rules;
  private NavigableSet<byte[]> wanted;
  /** Versions checked before the filter (all the read returns when there is no filter). */
  private int maxVersions;
  /** Versions returned per column after the filter; 0 when there is no filter. */
  private int versionsAfterFilter;
  private int versions;
  private int included;
  private long lastTs;
  private Cell.Type lastType;
  private boolean haveLastTs;

  private ScanQueryMatcher(Mode mode, Function<byte[], FamilyRules> rulesOf, TimeRange tr,
      int scanMaxVersions, NavigableMap<byte[], NavigableSet<byte[]>> columns, Filter filter) {
    this.mode = mode;
    this.rulesOf = rulesOf;
    this.timeRange = tr;
    this.scanMaxVersions = scanMaxVersions;
    this.columns = columns;
    this.filter = filter;
  }

  /** For a Get or Scan. {@code columns} maps a family to its wanted qualifiers (empty: all). */
  public static ScanQueryMatcher forRead(boolean raw, Function<byte[], FamilyRules> rulesOf,
      TimeRange tr, int maxVersions, NavigableMap<byte[], NavigableSet<byte[]>> columns,
      Filter filter) {
    return new ScanQueryMatcher(raw ? Mode.RAW : Mode.USER, rulesOf, tr, maxVersions, columns,
        filter);
  }

  /** For a flush or minor compaction ({@code major} false) or a major compaction. */
  public static ScanQueryMatcher forCompaction(boolean major, FamilyRules rules) {
    return forCompaction(major, rules, Long.MIN_VALUE);
  }

  /**
   * For a flush, a minor compaction ({@code major} false) or a major compaction of files whose
   * earliest put has timestamp {@code earliestPutTs} (Long.MAX_VALUE: they hold no put;
   * Long.MIN_VALUE: unknown). A major compaction drops the markers a family keeps (KEEP_DELETED_CELLS)
   * when they are older than every put of those files, as HBase does: they mask nothing there.
   */
  public static ScanQueryMatcher forCompaction(boolean major, FamilyRules rules,
      long earliestPutTs) {
    ScanQueryMatcher m = new ScanQueryMatcher(major ? Mode.MAJOR : Mode.MINOR, f -> rules,
        TimeRange.ALL, Integer.MAX_VALUE, null, null);
    m.earliestPutTs = earliestPutTs;
    return m;
  }

  /** A major compaction's: the earliest put timestamp in the files compacted. */
  private long earliestPutTs = Long.MIN_VALUE;

  /** Call at the start of every row. */
  public void startRow() {
    family = null;
    qualifier = null;
  }

  public MatchCode match(Cell c) throws IOException {
    if (filter != null && filter.filterAllRemaining()) {
      return MatchCode.DONE_SCAN;
    }
    if (family == null || !Bytes.equals(c.family(), family)) {
      enterFamily(c.family());
    }
    if (qualifier == null || !Bytes.equals(c.qualifier(), qualifier)) {
      qualifier = c.qualifier();
      deletes.resetColumn();
      versions = 0;
      included = 0;
      haveLastTs = false;
    }
    return c.isDelete() ? matchMarker(c) : matchPut(c);
  }

  private void enterFamily(byte[] f) {
    family = f;
    qualifier = null;
    rules = rulesOf.apply(f);
    deletes.resetFamily();
    wanted = null;
    if (columns != null) {
      NavigableSet<byte[]> qs = columns.get(f);
      wanted = qs == null || qs.isEmpty() ? null : qs;
    }
    // HBase's ScanQueryMatcher.getTrackers: with a filter, the column tracker keeps what the
    // family keeps (a raw read: everything) and the read's limit applies after the filter.
    int readVersions = switch (mode) {
      case USER -> Math.min(scanMaxVersions, rules.maxVersions());
      case RAW -> scanMaxVersions;
      default -> rules.maxVersions();
    };
    boolean filtered = filter != null && (mode == Mode.USER || mode == Mode.RAW);
    versionsAfterFilter = filtered ? readVersions : 0;
    maxVersions = !filtered ? readVersions
        : mode == Mode.RAW ? Integer.MAX_VALUE : rules.maxVersions();
  }

  private MatchCode matchMarker(Cell c) throws IOException {
    long ts = c.timestamp();
    KeepDeletedCells keep = rules.keepDeletedCells();
    switch (mode) {
      case USER: {
        boolean honour = keep == KeepDeletedCells.FALSE ? ts >= timeRange.min()
            : timeRange.contains(ts);
        if (honour) {
          deletes.add(c);
        }
        return MatchCode.SKIP;
      }
      case RAW: {
        int cmp = timeRange.compare(ts);
        if (cmp > 0) {
          return MatchCode.SKIP;
        }
        if (cmp < 0 || (wanted != null && !wanted.contains(c.qualifier()))) {
          return MatchCode.SEEK_NEXT_COL;
        }
        MatchCode v = countVersion(c);
        return v == MatchCode.INCLUDE ? applyFilter(c, v) : v;
      }
      case MINOR:
        if (keep == KeepDeletedCells.FALSE
            || (keep == KeepDeletedCells.TTL && rules.isExpired(ts))) {
          deletes.add(c);
        }
        return MatchCode.INCLUDE;
      case MAJOR:
      default:
        if (keep == KeepDeletedCells.FALSE
            || (keep == KeepDeletedCells.TTL && rules.isExpired(ts))) {
          deletes.add(c);
          return MatchCode.SKIP;
        }
        // HBase's DropDeletesCompactionScanQueryMatcher: a kept marker older than every put in
        // the files compacted masks nothing there, so it goes, with the rest of its column
        // (even though a later put may sort under it). Then its column tracker: an expired
        // marker past MIN_VERSIONS ends the column too.
        if (ts < earliestPutTs
            || (rules.isExpired(ts) && versions > rules.minVersions())) {
          return MatchCode.SEEK_NEXT_COL;
        }
        return MatchCode.INCLUDE;
    }
  }

  private MatchCode matchPut(Cell c) throws IOException {
    long ts = c.timestamp();
    if (mode == Mode.USER || mode == Mode.RAW) {
      if (mode == Mode.USER) {
        if (rules.minVersions() == 0 && rules.isExpired(ts)) {
          return MatchCode.SEEK_NEXT_COL; // every older version is expired too
        }
        DeleteTracker.Result d = deletes.check(ts);
        if (d == DeleteTracker.Result.COLUMN_DELETED) {
          return MatchCode.SEEK_NEXT_COL;
        }
        if (d == DeleteTracker.Result.VERSION_DELETED) {
          return MatchCode.SKIP;
        }
      }
      int cmp = timeRange.compare(ts);
      if (cmp > 0) {
        return MatchCode.SKIP;
      }
      if (cmp < 0) {
        return MatchCode.SEEK_NEXT_COL;
      }
      if (wanted != null && !wanted.contains(c.qualifier())) {
        return MatchCode.SEEK_NEXT_COL;
      }
      MatchCode v = countVersion(c);
      return v == MatchCode.INCLUDE ? applyFilter(c, v) : v;
    }
    DeleteTracker.Result d = deletes.check(ts);
    if (d == DeleteTracker.Result.COLUMN_DELETED) {
      return MatchCode.SEEK_NEXT_COL;
    }
    if (d == DeleteTracker.Result.VERSION_DELETED) {
      return MatchCode.SKIP;
    }
    return countVersion(c);
  }

  /**
   * HBase's column tracker: a put counts as a version, a marker (raw reads only) does not; a
   * cell with the timestamp and type of the one before is an older write of it and skipped.
   */
  private MatchCode countVersion(Cell c) {
    long ts = c.timestamp();
    Cell.Type type = c.type();
    if (haveLastTs && ts == lastTs && type == lastType) {
      return MatchCode.SKIP; // an older write of a version already counted
    }
    if (!c.isDelete()) {
      versions++;
    }
    if (versions > maxVersions) {
      return MatchCode.SEEK_NEXT_COL;
    }
    if (rules.isExpired(ts) && versions > rules.minVersions()) {
      return MatchCode.SEEK_NEXT_COL;
    }
    haveLastTs = true;
    lastTs = ts;
    lastType = type;
    return MatchCode.INCLUDE;
  }

  /** Combines the matcher's verdict with the filter's, as HBase's user matcher does. */
  private MatchCode applyFilter(Cell c, MatchCode matchCode) throws IOException {
    if (filter == null) {
      return matchCode;
    }
    Filter.ReturnCode rc = filter.filterCell(c);
    switch (rc) {
      case SKIP:
        return matchCode == MatchCode.INCLUDE ? MatchCode.SKIP
            : matchCode == MatchCode.INCLUDE_AND_SEEK_NEXT_COL ? MatchCode.SEEK_NEXT_COL
            : MatchCode.SEEK_NEXT_ROW;
      case NEXT_COL:
        return matchCode == MatchCode.INCLUDE_AND_SEEK_NEXT_ROW ? MatchCode.SEEK_NEXT_ROW
            : MatchCode.SEEK_NEXT_COL;
      case NEXT_ROW:
        return MatchCode.SEEK_NEXT_ROW;
      case SEEK_NEXT_USING_HINT:
        return MatchCode.SEEK_NEXT_USING_HINT;
      case INCLUDE_AND_NEXT_COL:
        if (matchCode == MatchCode.INCLUDE) {
          matchCode = MatchCode.INCLUDE_AND_SEEK_NEXT_COL;
        }
        break;
      case INCLUDE_AND_SEEK_NEXT_ROW:
        matchCode = MatchCode.INCLUDE_AND_SEEK_NEXT_ROW;
        break;
      case INCLUDE:
      default:
        break;
    }
    // The read's max versions, counted over what the filter let through.
    included++;
    if (included > versionsAfterFilter) {
      return matchCode == MatchCode.INCLUDE_AND_SEEK_NEXT_ROW ? MatchCode.SEEK_NEXT_ROW
          : MatchCode.SEEK_NEXT_COL;
    }
    return matchCode;
  }

  public Mode mode() {
    return mode;
  }
}
