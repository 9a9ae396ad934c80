package org.basaltdb.regionserver.region;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.fs.ClosedFiles;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.regionserver.sstable.SSTableInfo;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.wal.BulkLoadMarker;
import org.basaltdb.wal.WalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads finished SSTables (the flush format, written by a job or any {@code SSTableWriter}) into
 * one region, atomically: every family's files become visible to readers at one instant, or none
 * do; and exactly once across crashes and moves.
 *
 * <p>Steps: (1) validate every file (its format, its first and last row inside the region, its
 * cells of the family it is loaded into); (2) stage each into {@code <region>/.bulkload/<family>/}
 * (a rename on the same filesystem, else a copy) and make it durable there ({@link
 * #makeDurable}); (3) under the region's flush lock, append a
 * {@code BULK_LOAD} WAL marker naming the staged files and fsync it: it takes the next sequence
 * id N; (4) rename each staged file to {@code <family>/<name>_SeqId_N_}, open them all, add them
 * to their stores; (5) advance the read point past N. Before (3) is durable a failure moves the
 * files back where they came from; after it, the load will happen — if (4) fails, the region
 * refuses writes and its server aborts; the region's next open replays the marker, which
 * finishes (4).
 *
 * <p><b>Sequence ids, without a flush.</b> HBase flushes the memstore and then gives the files a
 * fresh id. Basalt gives the loaded cells the marker's id N instead, and readers see them with it
 * ({@code SequenceStamping}): edits acknowledged before the load have lower ids and edits after it
 * higher ones, exactly as if the cells had been written through the log at N, so a loaded cell
 * wins over an older edit of the same timestamp and loses to a newer one. No flush is needed
 * because a bulk-loaded file never counts as evidence of what is flushed: its "flushed sequence
 * id" is 0 ({@code StoreFile}), so the region's flushed id — below which replay skips edits —
 * still comes from flushes alone, and edits older than N that only the memstore and the log hold
 * are replayed after a crash. Compactions carry the stamped ids into their output and take their
 * flushed id from flushed inputs only. A region reopening raises its read point and the WAL's
 * counter above every id its files carry, loaded ones included.
 *
 * <p><b>Durability of the files.</b> The job that wrote the files did not sync them (a sync per
 * file stalls the job on the disk; {@code SSTableOptions#syncOnFinish}), and a rename is only
 * in the page cache too: so before the marker names a staged file, the load makes the file and
 * the staging directories that name it durable ({@link ClosedFiles#sync}: {@code fsync} on a
 * local disk; nothing on HDFS, where a closed file is complete on its datanodes and a rename is
 * in the namenode's synced edit log). A marker that survives a crash therefore always finds its
 * files whole, in staging or (renamed after the marker, which replay repeats) in the family
 * directory.
 *
 * <p><b>Visibility.</b> Files land in their stores one store at a time, but a reader skips a
 * bulk-loaded file whose id is above its read point, and the read point passes N only after the
 * last store has its files: a reader sees all of a load or none of it, per row and across rows.
 *
 * <p>Thread safety: a load holds the region's flush lock from the marker until its files are
 * live, so no flush can record an id above N while the files are still staged (which would make
 * replay skip the marker), and its compaction lock while the files go live.
 */
final class BulkLoad {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoad.class);

  private BulkLoad() {}

  /** Makes the files of one load live (step 4); returns them opened, by store. */
  interface Installer {
    Map<Store, List<StoreFile>> install(long sequenceId) throws IOException;
  }

  /** The load's marker did not become durable: the load did not happen. */
  static final class MarkerNotWritten extends Exception {
    private final IOException cause;

    MarkerNotWritten(IOException cause) {
      super(cause);
      this.cause = cause;
    }

    IOException cause() {
      return cause;
    }
  }

  /** One file on its way: where it came from, where it is staged, whether it was moved. */
  private record Staged(byte[] family, Path source, Path staged, boolean moved) {}

  /**
   * Loads {@code files} (family → SSTables) into {@code region}; returns the load's sequence id.
   *
   * @throws IllegalArgumentException naming the file for a file that is not a valid SSTable of
   *     this region and family, or the families the region does not have
   */
  static long load(Region region, FileSystem fs, Map<byte[], List<Path>> files, Configuration conf)
      throws IOException {
    if (files.isEmpty() || files.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("a bulk load needs at least one file");
    }
    List<String> unknown = new ArrayList<>();
    for (byte[] f : files.keySet()) {
      if (region.store(f) == null) {
        unknown.add(Bytes.toStringBinary(f));
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("table " + region.table().name() + " has no famil"
          + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown));
    }
    for (Map.Entry<byte[], List<Path>> e : files.entrySet()) {
      for (Path p : e.getValue()) {
        validate(region.info(), e.getKey(), p, conf);
      }
    }
    List<Staged> staged = new ArrayList<>();
    try {
      for (Map.Entry<byte[], List<Path>> e : files.entrySet()) {
        for (Path p : e.getValue()) {
          staged.add(stage(fs, region.dir(), e.getKey(), p, conf));
        }
      }
      makeDurable(fs, region.dir(), staged);
    } catch (IOException | RuntimeException e) {
      unstage(fs, staged);
      removeEmptyStaging(fs, region.dir());
      if (e instanceof IOException && region.isClosed()) {
        // The region closed (a move) while its files were being staged: nothing was loaded and
        // the files are back where they were, so the loader may retry where the region is now.
        throw new RegionClosedException("region " + region.info() + " closed while bulk-load "
            + "files were being staged; nothing was loaded: " + e.getMessage());
      }
      throw e;
    }
    Map<String, List<String>> names = new LinkedHashMap<>();
    Map<String, byte[]> familyBytes = new LinkedHashMap<>();
    for (Staged s : staged) {
      String f = Bytes.toStringBinary(s.family());
      familyBytes.put(f, s.family());
      names.computeIfAbsent(f, k -> new ArrayList<>()).add(s.staged().getName());
    }
    List<BulkLoadMarker.Family> fams = new ArrayList<>();
    names.forEach((f, n) -> fams.add(new BulkLoadMarker.Family(familyBytes.get(f), n)));
    BulkLoadMarker marker = new BulkLoadMarker(fams);
    long seq;
    try {
      seq = region.commitBulkLoad(marker, n -> install(region, fs, marker, n));
    } catch (MarkerNotWritten e) {
      unstage(fs, staged);
      removeEmptyStaging(fs, region.dir());
      throw e.cause();
    }
    removeEmptyStaging(fs, region.dir());
    LOG.info("bulk loaded {} file(s) into region {} at sequence id {}: {}", staged.size(),
        region.info(), seq, marker.allFiles());
    return seq;
  }

  /** Checks one file before anything moves; the error names the file. */
  private static void validate(RegionInfo region, byte[] family, Path p, Configuration conf)
      throws IOException {
    FileSystem srcFs = p.getFileSystem(conf);
    SSTableInfo info;
    try {
      info = SSTableReader.readInfo(srcFs, p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("bulk-load file " + p + " does not exist");
    } catch (IOException e) {
      throw new IOException("bulk-load file " + p + " is not a readable SSTable: "
          + e.getMessage(), e);
    }
    if (info.cellCount() == 0) {
      throw new IllegalArgumentException("bulk-load file " + p + " holds no cells");
    }
    Cell first = info.firstKey();
    Cell last = info.lastKey();
    if (!Bytes.equals(first.family(), family) || !Bytes.equals(last.family(), family)) {
      throw new IllegalArgumentException("bulk-load file " + p + " holds cells of family "
          + Bytes.toStringBinary(first.family()) + ", not " + Bytes.toStringBinary(family));
    }
    if (!region.containsRow(first.row()) || !region.containsRow(last.row())) {
      throw new WrongRegionException("bulk-load file " + p + " (rows '"
          + Bytes.toStringBinary(first.row()) + "' to '" + Bytes.toStringBinary(last.row())
          + "') does not fit region " + region);
    }
  }

  private static Staged stage(FileSystem fs, Path regionDir, byte[] family, Path src,
      Configuration conf) throws IOException {
    Path dir = RegionLayout.bulkLoadDir(regionDir, family);
    fs.mkdirs(dir);
    Path dst = new Path(dir, UUID.randomUUID().toString().replace("-", ""));
    FileSystem srcFs = src.getFileSystem(conf);
    if (sameFileSystem(srcFs, fs)) {
      boolean ok;
      try {
        ok = fs.rename(src, dst);
      } catch (IOException e) {
        throw cannotMove(fs, src, dst, e);
      }
      if (!ok) {
        throw cannotMove(fs, src, dst, null);
      }
      return new Staged(family, src, dst, true);
    }
    if (!FileUtil.copy(srcFs, src, fs, dst, false, conf)) {
      throw new IOException("could not copy bulk-load file " + src + " to " + dst);
    }
    return new Staged(family, src, dst, false);
  }

  /**
   * Syncs every staged file, then the directories that name them up to the region's: what the
   * marker will point at must survive a crash once the marker does (see the class comment).
   */
  private static void makeDurable(FileSystem fs, Path regionDir, List<Staged> staged)
      throws IOException {
    java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
    for (Staged s : staged) {
      if (!ClosedFiles.sync(fs, s.staged())) {
        return; // closed files are durable on this filesystem, and so are renames
      }
      dirs.add(s.staged().getParent());
    }
    dirs.add(new Path(regionDir, RegionLayout.BULK_LOAD_DIR));
    dirs.add(regionDir);
    for (Path d : dirs) {
      ClosedFiles.sync(fs, d);
    }
  }

  private static boolean sameFileSystem(FileSystem a, FileSystem b) {
    java.net.URI x = a.getUri();
    java.net.URI y = b.getUri();
    return java.util.Objects.equals(x.getScheme(), y.getScheme())
        && java.util.Objects.equals(x.getAuthority(), y.getAuthority());
  }

  /** A failed move, naming both paths, who we are, and the source directory's permission. */
  static IOException cannotMove(FileSystem fs, Path src, Path dst, IOException cause) {
    StringBuilder m = new StringBuilder("cannot move bulk-load file " + src + " to " + dst);
    try {
      String user = org.apache.hadoop.security.UserGroupInformation.getCurrentUser()
          .getShortUserName();
      m.append(": the region server runs as ").append(user);
      FileStatus dir = fs.getFileStatus(src.getParent());
      m.append("; ").append(src.getParent()).append(" is ").append(dir.getOwner()).append(':')
          .append(dir.getGroup()).append(' ').append(dir.getPermission())
          .append(" (moving a file out needs write permission on its directory)");
      if (!fs.exists(src)) {
        m.append("; ").append(src).append(" does not exist");
      }
    } catch (IOException e) {
      m.append(" (").append(e.getMessage()).append(')');
    }
    if (cause != null) {
      m.append(": ").append(cause.getMessage());
    }
    return new IOException(m.toString(), cause);
  }

  /** Puts staged files back (or drops copies) after a load that did not happen. */
  private static void unstage(FileSystem fs, List<Staged> staged) {
    for (Staged s : staged) {
      try {
        if (s.moved()) {
          if (!fs.rename(s.staged(), s.source())) {
            LOG.warn("could not move {} back to {}; the file stays there", s.staged(),
                s.source());
          }
        } else {
          fs.delete(s.staged(), false);
        }
      } catch (IOException e) {
        LOG.warn("could not move {} back to {}; the file stays there", s.staged(), s.source(), e);
      }
    }
  }

  /**
   * Step (4): renames the staged files into their family directories with the load's id and opens
   * them; returns each store's files, not yet live.
   */
  private static Map<Store, List<StoreFile>> install(Region region, FileSystem fs,
      BulkLoadMarker marker, long seq) throws IOException {
    Map<Store, List<Path>> paths = new LinkedHashMap<>();
    for (BulkLoadMarker.Family f : marker.families()) {
      Store store = region.store(f.family());
      List<Path> ps = new ArrayList<>();
      for (String n : f.files()) {
        Path staged = new Path(RegionLayout.bulkLoadDir(region.dir(), f.family()), n);
        Path dst = new Path(store.dir(), BulkLoadMarker.storeFileName(n, seq));
        if (!fs.exists(dst) && !fs.rename(staged, dst)) {
          throw cannotMove(fs, staged, dst, null);
        }
        ps.add(dst);
      }
      paths.put(store, ps);
    }
    Map<Store, List<StoreFile>> opened = new LinkedHashMap<>();
    try {
      for (Map.Entry<Store, List<Path>> e : paths.entrySet()) {
        opened.put(e.getKey(), e.getKey().openBulkLoaded(e.getValue()));
      }
    } catch (IOException | RuntimeException e) {
      opened.values().forEach(Store::closeUnused);
      throw e;
    }
    return opened;
  }

  /**
   * Replays a marker at region open: renames what is still staged, adds what the stores do not
   * have. A file neither staged nor in its family directory was compacted away after the load.
   */
  static void replay(Region region, FileSystem fs, WalEntry e) throws IOException {
    long seq = e.sequenceId();
    int finished = 0;
    for (BulkLoadMarker.Family f : e.bulkLoad().families()) {
      Store store = region.store(f.family());
      if (store == null) {
        LOG.warn("region {} no longer has family {}; dropping its part of the bulk load at {}",
            region.info(), Bytes.toStringBinary(f.family()), seq);
        continue;
      }
      List<Path> add = new ArrayList<>();
      for (String n : f.files()) {
        String name = BulkLoadMarker.storeFileName(n, seq);
        Path dst = new Path(store.dir(), name);
        if (store.hasFile(name)) {
          continue;
        }
        Path staged = new Path(RegionLayout.bulkLoadDir(region.dir(), f.family()), n);
        if (fs.exists(staged)) {
          if (!fs.rename(staged, dst)) {
            throw cannotMove(fs, staged, dst, null);
          }
          add.add(dst);
        } else if (fs.exists(dst)) {
          add.add(dst);
        } else {
          LOG.info("bulk-loaded file {} of region {} is gone: compacted since the load at {}",
              name, region.info(), seq);
        }
      }
      if (!add.isEmpty()) {
        store.addLive(store.openBulkLoaded(add));
        finished += add.size();
      }
    }
    if (finished > 0) {
      LOG.info("region {} finished the bulk load at sequence id {} ({} file(s))", region.info(),
          seq, finished);
    }
    removeEmptyStaging(fs, region.dir());
  }

  /**
   * At open, after the recovered edits (and so every durable {@code BULK_LOAD} marker of this
   * region) are replayed: whatever is still staged belongs to a load whose marker never became
   * durable, because the server died between staging and the marker. That load was never
   * acknowledged (the loader saw an error) and will never happen, so the files leave the region
   * (a region's directory holds nothing stale); but they were the user's, moved out of the
   * job's output, so they are not deleted: they go to {@link RegionLayout#bulkLoadOrphansDir},
   * as {@code <family>/<file>}, which {@code completebulkload DIR TABLE} loads as it is.
   * Returns the files moved.
   */
  static int moveLeftovers(FileSystem fs, Path rootDir, Path regionDir, RegionInfo info)
      throws IOException {
    Path dir = new Path(regionDir, RegionLayout.BULK_LOAD_DIR);
    if (!fs.exists(dir)) {
      return 0;
    }
    Path orphans = RegionLayout.bulkLoadOrphansDir(rootDir, info);
    TreeSet<String> moved = new TreeSet<>();
    for (FileStatus fam : fs.listStatus(dir)) {
      if (!fam.isDirectory()) {
        continue;
      }
      Path to = new Path(orphans, fam.getPath().getName());
      for (FileStatus f : fs.listStatus(fam.getPath())) {
        fs.mkdirs(to);
        Path dst = new Path(to, f.getPath().getName());
        if (!fs.rename(f.getPath(), dst)) {
          throw cannotMove(fs, f.getPath(), dst, null);
        }
        moved.add(fam.getPath().getName() + "/" + f.getPath().getName());
      }
    }
    fs.delete(dir, true);
    if (!moved.isEmpty()) {
      LOG.warn("region {} held {} file(s) of a bulk load that did not happen (the server "
          + "stopped before the load's WAL marker was durable; the loader reported an error): "
          + "moved to {}, where 'basalt completebulkload {} {}' loads them: {}", info,
          moved.size(), orphans, orphans, info.table(), moved);
    }
    return moved.size();
  }

  private static void removeEmptyStaging(FileSystem fs, Path regionDir) {
    Path dir = new Path(regionDir, RegionLayout.BULK_LOAD_DIR);
    try {
      if (!fs.exists(dir)) {
        return;
      }
      for (FileStatus fam : fs.listStatus(dir)) {
        if (fam.isDirectory() && fs.listStatus(fam.getPath()).length == 0) {
          fs.delete(fam.getPath(), false);
        }
      }
      if (fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      LOG.debug("could not tidy {}", dir, e);
    }
  }
}
