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
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.server.layout.SplitFiles;

/**
 * Merges two adjacent closed regions of a table into one by reference: the merged region gets a
 * {@link Reference} to every SSTable of both parents (each a whole file, written as the top half
 * at its parent's start row, since a region's files hold only its own rows) and copies no cell.
 * Like a split daughter, the merged region reads the parents' files in place and rewrites them at
 * its first compaction; each parent's directory is deleted afterwards with
 * {@link RegionSplitter#deleteIfUnreferenced}. Regions that still hold references (uncompacted
 * daughters or merged regions) cannot be merged.
 *
 * <p>Crash safety as for a split: the parents' directories are never modified; references are
 * renamed into place and the merged region's {@code .regioninfo} comes last; the caller's meta
 * update (both parents out, the merged region in, one batch) is the commit point.
 *
 * <p>The master's order: check neither parent holds references ({@link Region#hasReferences()},
 * or {@link RegionSplitter#holdsReferences} from paths); {@link SplitFiles#merged}; close both parents
 * (they flush); {@link #writeMerged} (on failure reopen both); replace both parents by the
 * merged region in meta; open it; call {@link RegionSplitter#deleteIfUnreferenced} for each
 * parent periodically until it returns true.
 */
public final class RegionMerger {
  private RegionMerger() {}

  /**
   * Writes the merged region's directory: a reference to each non-empty SSTable of {@code a}
   * and {@code b}, then its {@code .regioninfo}. REQUIRES: both parents closed (flushed).
   * IllegalArgumentException if {@code merged} is not {@link SplitFiles#merged} of the two;
   * IllegalStateException if a parent still holds references or the merged region's directory
   * already holds a region. On failure nothing of the merged region is left (best effort).
   */
  public static void writeMerged(FileSystem fs, Path root, RegionInfo a, RegionInfo b,
      TableDescriptor table, RegionInfo merged) throws IOException {
    SplitFiles.requireAdjacent(a, b);
    if (!a.table().equals(table.name()) || !merged.table().equals(table.name())
        || !Bytes.equals(merged.startKey(), a.startKey())
        || !Bytes.equals(merged.endKey(), b.endKey())
        || merged.regionId() <= Math.max(a.regionId(), b.regionId())) {
      throw new IllegalArgumentException(merged + " is not the merge of " + a + " and " + b
          + " in table " + table.name() + " (use SplitFiles.merged)");
    }
    RegionFiles.requireNoReferences(fs, root, a, "merge");
    RegionFiles.requireNoReferences(fs, root, b, "merge");
    RegionFiles.prepareChildDir(fs, root, merged);
    try {
      for (ColumnFamilyDescriptor f : table.families()) {
        for (RegionInfo parent : List.of(a, b)) {
          Path famDir = RegionLayout.familyDir(RegionLayout.regionDir(root, parent), f.name());
          for (Path file : RegionFiles.sstables(fs, famDir)) {
            if (SSTableReader.readInfo(fs, file).cellCount() > 0) {
              RegionFiles.writeReference(fs, root, merged, f.name(),
                  Reference.top(parent.encodedName(), file.getName(), parent.startKey()));
            }
          }
        }
      }
      RegionFiles.finishChildren(fs, root, List.of(merged));
    } catch (IOException | RuntimeException e) {
      RegionFiles.discardChildren(fs, root, List.of(merged), e);
      throw e;
    }
  }
}
