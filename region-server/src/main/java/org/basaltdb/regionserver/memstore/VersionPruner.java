package org.basaltdb.regionserver.memstore;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.basaltdb.common.Cell;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.scan.FamilyRules;
import org.basaltdb.regionserver.scan.ScanQueryMatcher;

/**
 * Drops, from a row still in the memstore, the versions no reader can see: those beyond the
 * family's VERSIONS and the puts delete markers mask, as a flush would drop them, in the manner
 * of HBase's in-memory compaction. Without it a row that YCSB's workload A updates thousands of
 * times between flushes holds every version, and each read of it steps over them all.
 *
 * <p>The rules are the flush's own ({@link ScanQueryMatcher} in minor-compaction mode: markers are
 * kept; with KEEP_DELETED_CELLS, masked puts are kept and count as versions), with two guards:
 * <ul>
 *   <li><b>Open read points.</b> A cell above the smallest read point of any open read is kept and
 *       neither counted as a version nor used as a mask (HBase's compaction matcher does the same
 *       with {@code maxReadPointToTrackVersions}): a reader that cannot see it may still need the
 *       versions it would hide. Every cell at or below that point is in the memstore already
 *       (writes enter the memstore before the read point passes them), and every reader sees all
 *       of them, so what they hide is hidden from every reader.
 *   <li><b>TTL.</b> Nothing is dropped for being expired: a read that began a moment earlier may
 *       still count the cell as live. Keeping the newest VERSIONS of a column is enough for every
 *       read, since reads count versions newest first and cut expired ones (beyond MIN_VERSIONS)
 *       only from the old end.
 * </ul>
 * Reads with a time range or raw reads can see versions beyond VERSIONS only until a flush or
 * this drops them; HBase behaves the same.
 *
 * <p>Thread safety: immutable; {@link #prune} is a pure function of its arguments and the
 * family's current options.
 */
public final class VersionPruner {
  private final Supplier<ColumnFamilyDescriptor> family;
  private final LongSupplier smallestReadPoint;
  private final int threshold;

  /**
   * @param family the store's current options (they may change with an alter)
   * @param smallestReadPoint the smallest read point of the region's open reads
   * @param threshold rows are pruned once they hold more cells than this
   */
  public VersionPruner(Supplier<ColumnFamilyDescriptor> family, LongSupplier smallestReadPoint,
      int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("prune threshold must be at least 1: " + threshold);
    }
    this.family = family;
    this.smallestReadPoint = smallestReadPoint;
    this.threshold = threshold;
  }

  /** A row holding more cells than this is pruned when it is next written. */
  public int threshold() {
    return threshold;
  }

  long smallestReadPoint() {
    return smallestReadPoint.getAsLong();
  }

  /**
   * The cells of {@code row} (one row of this store, sorted and distinct) that some reader may
   * still see; {@code row} itself when every cell stays.
   */
  Cell[] prune(Cell[] row, long smallestReadPoint) {
    ColumnFamilyDescriptor f = family.get();
    FamilyRules rules = new FamilyRules(f.maxVersions(), f.minVersions(), Long.MIN_VALUE,
        f.keepDeletedCells());
    ScanQueryMatcher m = ScanQueryMatcher.forCompaction(false, rules);
    m.startRow();
    Cell[] kept = null;
    int n = 0;
    for (int i = 0; i < row.length; i++) {
      Cell c = row[i];
      boolean keep = c.sequenceId() > smallestReadPoint || includes(m, c);
      if (kept != null) {
        if (keep) {
          kept[n++] = c;
        }
      } else if (!keep) {
        kept = new Cell[row.length - 1];
        System.arraycopy(row, 0, kept, 0, i);
        n = i;
      }
    }
    return kept == null ? row : Arrays.copyOf(kept, n);
  }

  private static boolean includes(ScanQueryMatcher m, Cell c) {
    try {
      return m.match(c).includes();
    } catch (IOException e) {
      // Only a filter's comparator throws, and a compaction matcher has no filter.
      throw new IllegalStateException("compaction matcher failed on " + c, e);
    }
  }
}
