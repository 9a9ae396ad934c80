package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.sstable.Reference;
import org.basaltdb.server.layout.RegionInfoFile;
import org.basaltdb.server.layout.RegionLayout;

/**
 * Region directories as splits, merges and the janitor see them, from paths alone (no open
 * region, so any server can run them): a region's SSTables and references per family, whether a
 * region holds references, which region directories still refer to a retired parent, and the
 * creation of a child region's directory (references first, {@code .regioninfo} last).
 */
final class RegionFiles {
  private RegionFiles() {}

  /** The family directories of a region directory: every directory but hidden ones and edits. */
  static List<Path> familyDirs(FileSystem fs, Path regionDir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(regionDir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(regionDir)) {
      String name = st.getPath().getName();
      if (st.isDirectory() && !name.startsWith(".")
          && !name.equals(RegionLayout.RECOVERED_EDITS_DIR)) {
        out.add(st.getPath());
      }
    }
    return out;
  }

  /** The names of the live files (SSTables and references) of one family directory. */
  private static List<String> fileNames(FileSystem fs, Path familyDir) throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(familyDir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(familyDir)) {
      String name = st.getPath().getName();
      if (st.isFile() && !name.startsWith(".")) {
        out.add(name);
      }
    }
    return out;
  }

  /** The SSTables (not references) of one family directory; empty if it does not exist. */
  static List<Path> sstables(FileSystem fs, Path familyDir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String name : fileNames(fs, familyDir)) {
      if (!Reference.isReferenceName(name)) {
        out.add(new Path(familyDir, name));
      }
    }
    return out;
  }

  /** The first reference file in any family directory of {@code regionDir}, or null. */
  static Path firstReference(FileSystem fs, Path regionDir) throws IOException {
    for (Path fam : familyDirs(fs, regionDir)) {
      for (String name : fileNames(fs, fam)) {
        if (Reference.isReferenceName(name)) {
          return new Path(fam, name);
        }
      }
    }
    return null;
  }

  /**
   * Throws IllegalStateException if region {@code r} still holds references: splitting or
   * merging it would make references to references.
   */
  static void requireNoReferences(FileSystem fs, Path root, RegionInfo r, String operation)
      throws IOException {
    Path ref = firstReference(fs, RegionLayout.regionDir(root, r));
    if (ref != null) {
      throw new IllegalStateException("cannot " + operation + " region " + r
          + ": it still holds reference files to its parent's files (e.g. " + ref
          + "); compact it first");
    }
  }

  /**
   * Whether a reference in any other region directory of the parent's table names
   * {@code parent}. Reads directory listings only (reference names say which region they point
   * into), so it is cheap enough for a periodic janitor.
   */
  static boolean isReferenced(FileSystem fs, Path root, RegionInfo parent) throws IOException {
    return isReferenced(fs, root, parent.table(), parent.encodedName());
  }

  /** As {@link #isReferenced(FileSystem, Path, RegionInfo)}, by table and encoded name. */
  static boolean isReferenced(FileSystem fs, Path root, org.basaltdb.common.TableName table,
      String name) throws IOException {
    Path tableDir = RegionLayout.tableDir(root, table);
    if (!fs.exists(tableDir)) {
      return false;
    }
    for (FileStatus region : fs.listStatus(tableDir)) {
      String rn = region.getPath().getName();
      if (!region.isDirectory() || rn.startsWith(".") || rn.equals(name)) {
        continue;
      }
      for (Path fam : familyDirs(fs, region.getPath())) {
        for (String file : fileNames(fs, fam)) {
          if (Reference.refersTo(file, name)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Readies an empty directory for a new child region: refuses one that already holds a region
   * (it has a {@code .regioninfo}) and removes what an interrupted earlier attempt left.
   */
  static void prepareChildDir(FileSystem fs, Path root, RegionInfo child) throws IOException {
    Path dir = RegionLayout.regionDir(root, child);
    if (RegionInfoFile.read(fs, dir) != null) {
      throw new IllegalStateException("directory " + dir + " already holds region " + child
          + "; refusing to overwrite it");
    }
    if (fs.exists(dir) && !fs.delete(dir, true)) {
      throw new IOException("could not remove leftovers of an earlier attempt at " + dir);
    }
  }

  /** Writes {@code ref} into the {@code family} directory of child region {@code child}. */
  static void writeReference(FileSystem fs, Path root, RegionInfo child, byte[] family,
      Reference ref) throws IOException {
    Path dir = RegionLayout.regionDir(root, child);
    ref.write(fs, RegionLayout.familyDir(dir, family), RegionLayout.tmpDir(dir));
  }

  /**
   * Completes child regions: writes each one's {@code .regioninfo}, the last file of a child, so
   * a directory with one is whole.
   */
  static void finishChildren(FileSystem fs, Path root, List<RegionInfo> children)
      throws IOException {
    for (RegionInfo c : children) {
      Path dir = RegionLayout.regionDir(root, c);
      fs.mkdirs(dir);
      RegionInfoFile.write(fs, dir, c);
    }
  }

  /** Best-effort removal of children whose creation failed; the caller rethrows the failure. */
  static void discardChildren(FileSystem fs, Path root, List<RegionInfo> children,
      Exception cause) {
    for (RegionInfo c : children) {
      Path dir = RegionLayout.regionDir(root, c);
      try {
        fs.delete(dir, true);
      } catch (IOException e) {
        cause.addSuppressed(e); // a janitor removes directories meta does not know
      }
    }
  }
}
