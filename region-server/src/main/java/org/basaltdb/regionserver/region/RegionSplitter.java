package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.sstable.Reference;
import org.basaltdb.regionserver.sstable.SSTableInfo;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.server.layout.SplitFiles;

/**
 * Splits a closed region into two daughters by reference, as HBase does: for each SSTable of the
 * parent, each daughter whose key range holds rows of it gets a {@link Reference} file naming
 * the parent, the file, the split row and its half ({@code docs/formats/reference.md}). No cell
 * is copied, so a split costs a few small writes per file. A daughter reads its halves straight
 * from the parent's directory, which must therefore stay on disk until a compaction of each
 * daughter has rewritten its references ({@link #isReferenced}, {@link #deleteIfUnreferenced}).
 * A daughter that still holds references cannot be split again.
 *
 * <p>Crash safety: the parent's directory is never modified. Each reference is written under the
 * daughter's {@code .tmp} and renamed into place, and each daughter's {@code .regioninfo} comes
 * last. The caller then swaps parent for daughters in meta in one step, which is the commit
 * point: before it, the parent is whole and the daughter directories are garbage (removed here
 * when writing fails; after a crash, by whoever removes region directories meta does not know).
 *
 * <p>The master's order: check the parent holds no references ({@link Region#hasReferences()}
 * where it is open, {@link #holdsReferences} from paths); choose the split row
 * ({@link #middleRow}); {@link SplitFiles#daughters}; close the parent (it flushes); {@link #writeDaughters}
 * (on failure reopen the parent); replace parent by daughters in meta; open the daughters; keep
 * the parent's directory, and call {@link #deleteIfUnreferenced} for it periodically until it
 * returns true.
 */
public final class RegionSplitter {
  private RegionSplitter() {}

  /**
   * Writes both daughters' directories: references to the halves of the parent's files, then
   * each daughter's {@code .regioninfo}. REQUIRES: the parent is closed (flushed) and nothing
   * writes to it. IllegalStateException if the parent still holds references (it is itself an
   * uncompacted daughter) or a daughter's directory already holds a region;
   * IllegalArgumentException if {@code daughters} are not the two halves of {@code parent}.
   * On failure nothing of the daughters is left (best effort) and the parent is untouched.
   */
  public static void writeDaughters(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table, List<RegionInfo> daughters) throws IOException {
    checkDaughters(parent, table, daughters);
    RegionFiles.requireNoReferences(fs, root, parent, "split");
    byte[] splitRow = daughters.get(1).startKey();
    for (RegionInfo d : daughters) {
      RegionFiles.prepareChildDir(fs, root, d);
    }
    Path parentDir = RegionLayout.regionDir(root, parent);
    try {
      for (ColumnFamilyDescriptor f : table.families()) {
        for (Path file : RegionFiles.sstables(fs, RegionLayout.familyDir(parentDir, f.name()))) {
          SSTableInfo info = SSTableReader.readInfo(fs, file);
          if (info.cellCount() == 0) {
            continue;
          }
          String name = file.getName();
          if (Bytes.compare(info.firstKey().row(), splitRow) < 0) {
            RegionFiles.writeReference(fs, root, daughters.get(0), f.name(),
                Reference.bottom(parent.encodedName(), name, splitRow));
          }
          if (Bytes.compare(info.lastKey().row(), splitRow) >= 0) {
            RegionFiles.writeReference(fs, root, daughters.get(1), f.name(),
                Reference.top(parent.encodedName(), name, splitRow));
          }
        }
      }
      RegionFiles.finishChildren(fs, root, daughters);
    } catch (IOException | RuntimeException e) {
      RegionFiles.discardChildren(fs, root, daughters, e);
      throw e;
    }
  }

  private static void checkDaughters(RegionInfo parent, TableDescriptor table,
      List<RegionInfo> daughters) {
    if (!parent.table().equals(table.name())) {
      throw new IllegalArgumentException("region " + parent + " is not of table " + table.name());
    }
    if (daughters.size() != 2) {
      throw new IllegalArgumentException("a split has 2 daughters, not " + daughters.size());
    }
    RegionInfo lo = daughters.get(0);
    RegionInfo hi = daughters.get(1);
    boolean halves = lo.table().equals(parent.table()) && hi.table().equals(parent.table())
        && Bytes.equals(lo.startKey(), parent.startKey())
        && Bytes.equals(hi.endKey(), parent.endKey())
        && Bytes.equals(lo.endKey(), hi.startKey()) && hi.startKey().length > 0
        && lo.regionId() > parent.regionId() && hi.regionId() > parent.regionId();
    if (!halves) {
      throw new IllegalArgumentException(lo + " and " + hi + " are not the two daughters of "
          + parent + " (use SplitFiles.daughters)");
    }
  }

  /**
   * Whether {@code region}'s own directory holds reference files (it is a split daughter or
   * merged region that has not compacted yet), from directory listings alone: such a region can
   * be neither split nor merged. For a master that does not hold the region open; an open
   * region answers {@link Region#hasReferences()}.
   */
  public static boolean holdsReferences(FileSystem fs, Path root, RegionInfo region)
      throws IOException {
    return RegionFiles.firstReference(fs, RegionLayout.regionDir(root, region)) != null;
  }

  /**
   * Whether any reference in any other region directory of the parent's table still names
   * {@code parent}: true from {@link #writeDaughters} (or a merge) until every child that
   * referred to it has compacted and no scanner still reads the replaced references. Reads
   * directory listings only. {@code table} is the parent's table.
   */
  public static boolean isReferenced(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table) throws IOException {
    if (!parent.table().equals(table.name())) {
      throw new IllegalArgumentException("region " + parent + " is not of table " + table.name());
    }
    return RegionFiles.isReferenced(fs, root, parent);
  }

  /**
   * Deletes a retired parent's directory (after a split or a merge) once no reference names
   * it. Returns true if the directory is gone (deleted now or earlier), false while something
   * still refers to it. REQUIRES: meta no longer lists {@code parent} (it was replaced by its
   * daughters or merged region): an unreferenced live region would be deleted too.
   */
  public static boolean deleteIfUnreferenced(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table) throws IOException {
    if (isReferenced(fs, root, parent, table)) {
      return false;
    }
    Path dir = RegionLayout.regionDir(root, parent);
    if (fs.exists(dir) && !fs.delete(dir, true)) {
      throw new IOException("could not delete the directory " + dir + " of retired region "
          + parent);
    }
    return true;
  }

  /**
   * The middle row of an open region (by row count), to split at when no key is given; null if
   * the region has fewer than two rows.
   */
  public static byte[] middleRow(Region r) throws IOException {
    org.basaltdb.common.ops.Scan keysOnly = new org.basaltdb.common.ops.Scan()
        .setFilter("FirstKeyOnlyFilter() AND KeyOnlyFilter()");
    long rows = 0;
    try (var s = r.scanner(keysOnly)) {
      while (s.next() != null) {
        rows++;
      }
    }
    if (rows < 2) {
      return null;
    }
    long target = rows / 2;
    try (var s = r.scanner(keysOnly)) {
      for (long i = 0; ; i++) {
        var res = s.next();
        if (i == target) {
          return res.row();
        }
      }
    }
  }
}
