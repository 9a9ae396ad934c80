package org.basaltdb.server.layout;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * The file work of splits and merges, as the master drives it. Writing a daughter's or a merged
 * region's references needs the storage engine's formats (each SSTable's key range, the
 * reference file), so the region server implements it ({@code RegionSplitFiles}, over
 * {@code RegionSplitter} and {@code RegionMerger}) and whoever starts a master hands it one;
 * the master itself never reads a store file. The region boundaries of a split or a merge are
 * plain arithmetic on {@link RegionInfo}, here as static methods both sides use.
 *
 * <p>Crash safety and the order of steps are {@code RegionSplitter}'s and
 * {@code RegionMerger}'s: parents are never modified, children's {@code .regioninfo} come last,
 * and the caller's meta update is the commit point.
 */
public interface SplitFiles {
  /**
   * Writes both daughters' directories from the closed {@code parent}'s files. REQUIRES: the
   * parent is closed (flushed). On failure nothing of the daughters is left (best effort).
   */
  void writeDaughters(FileSystem fs, Path root, RegionInfo parent, TableDescriptor table,
      List<RegionInfo> daughters) throws IOException;

  /**
   * Writes the directory of {@code merged} ({@link #merged} of {@code a} and {@code b}) from the
   * closed parents' files. REQUIRES: both parents closed (flushed).
   */
  void writeMerged(FileSystem fs, Path root, RegionInfo a, RegionInfo b, TableDescriptor table,
      RegionInfo merged) throws IOException;

  /**
   * Whether {@code region}'s own directory holds reference files (an uncompacted daughter or
   * merged region, which can be neither split nor merged), from directory listings alone.
   */
  boolean holdsReferences(FileSystem fs, Path root, RegionInfo region) throws IOException;

  /**
   * Whether a reference file of another region of {@code table} names region
   * {@code encodedRegion} (it reads that region's files), from directory listings alone. For a
   * directory meta does not name, whose {@code .regioninfo} may be missing.
   */
  boolean isReferenced(FileSystem fs, Path root, org.basaltdb.common.TableName table,
      String encodedRegion) throws IOException;

  /**
   * Deletes a retired parent's directory once no reference names it; true when it is gone.
   * REQUIRES: meta no longer lists {@code parent}.
   */
  boolean deleteIfUnreferenced(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table) throws IOException;

  /** The two daughters of {@code parent} at {@code splitRow}, with ids above the parent's. */
  static List<RegionInfo> daughters(RegionInfo parent, byte[] splitRow, long now) {
    if (Bytes.compare(splitRow, parent.startKey()) <= 0 || !parent.containsRow(splitRow)) {
      throw new IllegalArgumentException("split key '" + Bytes.toStringBinary(splitRow)
          + "' is not strictly inside region " + parent);
    }
    long id = Math.max(now, parent.regionId() + 1);
    return List.of(new RegionInfo(parent.table(), parent.startKey(), splitRow, id),
        new RegionInfo(parent.table(), splitRow, parent.endKey(), id));
  }

  /**
   * The region covering {@code a} then {@code b}, with an id above both. IllegalArgumentException
   * unless both are of one table and {@code a} ends exactly where {@code b} starts.
   */
  static RegionInfo merged(RegionInfo a, RegionInfo b, long now) {
    requireAdjacent(a, b);
    long id = Math.max(now, Math.max(a.regionId(), b.regionId()) + 1);
    return new RegionInfo(a.table(), a.startKey(), b.endKey(), id);
  }

  /**
   * IllegalArgumentException, saying why, unless {@code a} and {@code b} are distinct regions
   * of one table and {@code a} ends exactly where {@code b} starts.
   */
  static void requireAdjacent(RegionInfo a, RegionInfo b) {
    if (!a.table().equals(b.table())) {
      throw new IllegalArgumentException("cannot merge regions of different tables: " + a
          + " and " + b);
    }
    if (a.equals(b)) {
      throw new IllegalArgumentException("cannot merge region " + a + " with itself");
    }
    if (a.endKey().length > 0 && Bytes.equals(a.endKey(), b.startKey())) {
      return;
    }
    String why;
    if (b.endKey().length > 0 && Bytes.equals(b.endKey(), a.startKey())) {
      why = "they are in the wrong order: pass the region with the lower keys first";
    } else if (a.endKey().length == 0 || Bytes.compare(a.endKey(), b.startKey()) > 0) {
      why = "their key ranges overlap or the first does not end before the second";
    } else {
      why = "there is a gap between them (rows from '" + Bytes.toStringBinary(a.endKey())
          + "' to '" + Bytes.toStringBinary(b.startKey()) + "' belong to neither)";
    }
    throw new IllegalArgumentException("regions " + a + " and " + b
        + " are not adjacent (the first must end where the second starts): " + why);
  }
}
