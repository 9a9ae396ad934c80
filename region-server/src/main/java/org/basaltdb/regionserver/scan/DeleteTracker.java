package org.basaltdb.regionserver.scan;

import java.util.HashSet;
import java.util.Set;
import org.basaltdb.common.Cell;

/**
 * The delete markers seen so far in one family of one row, and whether they mask a put.
 *
 * <p>HBase's rule, kept here: a marker masks every matching put with a timestamp at or below its
 * own (exactly equal for the version kinds), whatever their sequence ids; so a put written after
 * a delete but with an older timestamp stays hidden until a major compaction removes the marker.
 * Markers come before what they mask in cell order, so one pass suffices.
 */
final class DeleteTracker {
  enum Result {
    NOT_DELETED,
    /** This version is deleted; older versions of the column may not be. */
    VERSION_DELETED,
    /** This and every older version of the column are deleted. */
    COLUMN_DELETED
  }

  private long familyTs = Long.MIN_VALUE;
  private final Set<Long> familyVersions = new HashSet<>();
  private long columnTs = Long.MIN_VALUE;
  private final Set<Long> columnVersions = new HashSet<>();

  void resetFamily() {
    familyTs = Long.MIN_VALUE;
    familyVersions.clear();
    resetColumn();
  }

  void resetColumn() {
    columnTs = Long.MIN_VALUE;
    columnVersions.clear();
  }

  void add(Cell marker) {
    long ts = marker.timestamp();
    switch (marker.type()) {
      case DELETE_FAMILY -> familyTs = Math.max(familyTs, ts);
      case DELETE_FAMILY_VERSION -> familyVersions.add(ts);
      case DELETE_COLUMN -> columnTs = Math.max(columnTs, ts);
      case DELETE -> columnVersions.add(ts);
      default -> throw new IllegalArgumentException("not a delete marker: " + marker);
    }
  }

  Result check(long ts) {
    if (ts <= familyTs || ts <= columnTs) {
      return Result.COLUMN_DELETED;
    }
    // isEmpty first: contains boxes the timestamp, and nearly every check (each cell a flush,
    // compaction or read passes) finds no version markers at all
    if ((!familyVersions.isEmpty() && familyVersions.contains(ts))
        || (!columnVersions.isEmpty() && columnVersions.contains(ts))) {
      return Result.VERSION_DELETED;
    }
    return Result.NOT_DELETED;
  }

  boolean isEmpty() {
    return familyTs == Long.MIN_VALUE && columnTs == Long.MIN_VALUE && familyVersions.isEmpty()
        && columnVersions.isEmpty();
  }
}
