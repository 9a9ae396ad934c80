package org.basaltdb.master;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.server.layout.SplitFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The janitor's second job: deletes the directories of regions that meta does not name, which
 * kills leave behind. A split writes its daughters' directories before meta names them (the
 * commit point), so a master killed between the two leaves two daughters no region is; a
 * merge, its merged region likewise. HBase's {@code CatalogJanitor} only deletes parents meta
 * still lists, and its {@code HbckChore} only reports such directories ("orphan regions on
 * filesystem"); this deletes them, under these rules:
 *
 * <ul>
 *   <li>Only under a table meta knows, and only a directory named like a region (32 hex digits):
 *       nothing else of a table's directory ({@code .tabledesc}, {@code .tmp}) is touched.
 *   <li>Not a region meta names in any state: open, closed, offline, or a retired split or merge
 *       parent (those are {@link SplitsAndMerges#cleanRetired}'s, once unreferenced).
 *   <li>Not a region in transition now. The master's lock, held while this runs, keeps out this
 *       master's own splits, merges, creations and recoveries (each runs whole under it, and
 *       each writes a region's directory only under it).
 *   <li>Not a directory anything was written under within {@code graceMillis} (its newest
 *       modification time, its files' included): a deposed master, paused and not yet aware,
 *       may still be writing daughters it would commit; the grace outlasts such a pause.
 *   <li>Not a directory a reference file names (a daughter or merged region still reading its
 *       files): whatever meta says, files that are read are not deleted.
 * </ul>
 *
 * <p>Thread safety: none; REQUIRES the master's lock (the janitor's chore takes it).
 */
final class OrphanRegionDirs {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanRegionDirs.class);

  private final FileSystem fs;
  private final Path root;
  private final SplitFiles files;
  private final long graceMillis;
  private final Clock clock;

  OrphanRegionDirs(FileSystem fs, Path root, SplitFiles files, long graceMillis, Clock clock) {
    this.fs = fs;
    this.root = root;
    this.files = files;
    this.graceMillis = graceMillis;
    this.clock = clock;
  }

  /** What one pass found: directories deleted, and orphans kept for now (young or referenced). */
  record Result(List<Path> deleted, List<Path> kept) {}

  /**
   * Deletes the orphan directories of every table in {@code meta}, skipping the regions named in
   * {@code inTransition}. REQUIRES: the master's lock.
   */
  Result clean(MetaTable meta, Set<String> inTransition) throws IOException {
    List<TableDescriptor> tables = meta.tables();
    Map<TableName, Set<String>> named = new HashMap<>();
    for (TableDescriptor t : tables) {
      Set<String> regions = new HashSet<>();
      for (RegionRecord r : meta.regions(t.name())) {
        regions.add(r.info().encodedName());
      }
      named.put(t.name(), regions);
    }
    for (RegionRecord r : meta.retiredRegions()) {
      named.computeIfAbsent(r.info().table(), t -> new HashSet<>()).add(r.info().encodedName());
    }
    long cutoff = clock.currentTimeMillis() - graceMillis;
    List<Path> deleted = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    for (TableDescriptor t : tables) {
      Path tableDir = RegionLayout.tableDir(root, t.name());
      FileStatus[] children;
      try {
        children = fs.listStatus(tableDir);
      } catch (FileNotFoundException e) {
        continue;
      }
      Set<String> known = named.get(t.name());
      known.add(MetaTable.REGION.encodedName()); // never meta's, whatever table lists it
      for (FileStatus st : children) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || !isRegionName(name) || known.contains(name)
            || inTransition.contains(name)) {
          continue;
        }
        if (newestModification(st) >= cutoff) {
          kept.add(st.getPath());
        } else if (files.isReferenced(fs, root, t.name(), name)) {
          LOG.warn("region directory {} is named by no region in meta but reference files "
              + "still name it; kept", st.getPath());
          kept.add(st.getPath());
        } else if (fs.delete(st.getPath(), true) || !fs.exists(st.getPath())) {
          LOG.info("deleted {}: a region directory meta does not name, unchanged for {} ms "
              + "(left by a split or merge a kill interrupted)", st.getPath(), graceMillis);
          deleted.add(st.getPath());
        }
      }
    }
    return new Result(deleted, kept);
  }

  /** Whether a directory name is a region's encoded name: 32 lower-case hex digits. */
  static boolean isRegionName(String name) {
    if (name.length() != 32) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The newest modification time of {@code st} and of everything under it. */
  private long newestModification(FileStatus st) throws IOException {
    long newest = st.getModificationTime();
    if (!st.isDirectory()) {
      return newest;
    }
    FileStatus[] children;
    try {
      children = fs.listStatus(st.getPath());
    } catch (FileNotFoundException e) {
      return newest;
    }
    for (FileStatus c : children) {
      newest = Math.max(newest, newestModification(c));
    }
    return newest;
  }
}
