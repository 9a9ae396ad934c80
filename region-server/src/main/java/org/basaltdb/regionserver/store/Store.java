package org.basaltdb.regionserver.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.compaction.CompactionThrottle;
import org.basaltdb.regionserver.memstore.MemStore;
import org.basaltdb.regionserver.memstore.VersionPruner;
import org.basaltdb.regionserver.scan.FamilyRules;
import org.basaltdb.regionserver.scan.MatchCode;
import org.basaltdb.regionserver.scan.MergingIterator;
import org.basaltdb.regionserver.scan.ScanQueryMatcher;
import org.basaltdb.regionserver.sstable.BloomType;
import org.basaltdb.regionserver.sstable.Compression;
import org.basaltdb.regionserver.sstable.Reference;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.sstable.SSTableWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One column family of one region: a memstore and the SSTables flushed from it.
 *
 * <p>Files are written under the region's {@code .tmp} directory and renamed into the family
 * directory, so a crash never leaves a half-written file where readers look. That directory is
 * this open's own ({@code .tmp/<open>}, made at {@link #open}); a write never creates it, so
 * once a later open of the region (on another server) has deleted it, a flush or compaction
 * still running here can neither create its file nor rename it into place
 * ({@link RegionFencedException}). The live file set
 * is an immutable list swapped under {@link #stateLock}; readers open the memstore and the files
 * under the read lock, so a flush (which adds a file and drops the snapshot) is atomic to them.
 *
 * <p>A daughter of a split (or a merged region) starts with {@link Reference} files standing for
 * halves of its parent's SSTables; they read like any file, and the region's compaction policy
 * rewrites them all into the store's own file at the first compaction.
 *
 * <p>Thread safety: reads from any thread; one flush and one compaction at a time, which the
 * region ensures.
 */
public final class Store implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  private final FileSystem fs;
  private final Path dir;
  private final Path tmpDir;
  private final BlockCache cache;
  private volatile ColumnFamilyDescriptor family;
  private final MemStore memstore = new MemStore();
  private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
  /** Live files, oldest first (by flushed sequence id). Guarded by stateLock for writes. */
  private volatile List<StoreFile> files = List.of();

  private Store(FileSystem fs, Path dir, Path tmpDir, ColumnFamilyDescriptor family,
      BlockCache cache) {
    this.fs = fs;
    this.dir = dir;
    this.tmpDir = tmpDir;
    this.family = family;
    this.cache = cache;
  }

  /**
   * Opens the family directory {@code dir}, creating it if missing, and every SSTable and
   * reference file in it (a reference opens the parent region's SSTable it names, which must
   * still exist), except the files a compaction output found here replaced
   * ({@link StoreFile#COMPACTED_FILES}).
   *
   * <p>Those are the inputs of a compaction committed just before this open that its server
   * had not yet deleted: a crash between the two, or a server taken for dead (a zombie) that
   * goes on to delete them while this open reads them. So this open does not use them, and
   * deletes them itself. Files are opened newest first (a compaction's output is written after
   * its inputs), so a replaced file is mostly not opened at all; one that is, or that fails to
   * open because it is being deleted, is dropped once its replacement is seen.
   */
  public static Store open(FileSystem fs, Path dir, Path tmpDir, ColumnFamilyDescriptor family,
      BlockCache cache) throws IOException {
    fs.mkdirs(dir);
    fs.mkdirs(tmpDir); // only here: a write never recreates it (see the class comment)
    Store s = new Store(fs, dir, tmpDir, family, cache);
    List<FileStatus> listed = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.isFile() && !st.getPath().getName().startsWith(".")) {
        listed.add(st);
      }
    }
    listed.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
    List<StoreFile> opened = new ArrayList<>();
    java.util.Set<String> replaced = new java.util.HashSet<>();
    java.util.Map<String, IOException> failed = new java.util.LinkedHashMap<>();
    try {
      for (FileStatus st : listed) {
        String name = st.getPath().getName();
        if (replaced.contains(name)) {
          failed.put(name, null);
          continue;
        }
        StoreFile f;
        try {
          f = Reference.isReferenceName(name) ? s.openReference(st.getPath())
              : s.openStoreFile(st.getPath());
        } catch (IOException e) {
          failed.put(name, e); // an error only if no compaction output replaced it
          continue;
        }
        opened.add(f);
        replaced.addAll(f.compactedFiles());
      }
      for (var e : failed.entrySet()) {
        if (!replaced.contains(e.getKey())) {
          throw e.getValue();
        }
      }
    } catch (IOException | RuntimeException e) {
      opened.forEach(StoreFile::closeKeep);
      throw e;
    }
    List<StoreFile> live = new ArrayList<>();
    for (StoreFile f : opened) {
      if (replaced.contains(f.path().getName())) {
        f.markCompactedAway(); // closes and deletes it
      } else {
        live.add(f);
      }
    }
    for (String name : failed.keySet()) {
      Path p = new Path(dir, name);
      try {
        fs.delete(p, false);
      } catch (IOException e) {
        LOG.warn("could not delete {}, which a compaction replaced; it is garbage now", p, e);
      }
    }
    if (!failed.isEmpty() || live.size() < opened.size()) {
      LOG.info("{}: not opening {} file(s) that a compaction output here replaced (its server "
          + "did not delete them before this open); deleted them", dir,
          failed.size() + opened.size() - live.size());
    }
    live.sort(Comparator.comparingLong(StoreFile::sequenceId));
    s.files = List.copyOf(live);
    return s;
  }

  private SSTableReader openReader(Path p) throws IOException {
    ColumnFamilyDescriptor f = family;
    return SSTableReader.open(fs, p, cache,
        new org.basaltdb.regionserver.cache.CachePolicy(f.blockCache(), f.inMemory()));
  }

  private StoreFile openStoreFile(Path p) throws IOException {
    SSTableReader r = openReader(p);
    try {
      return new StoreFile(fs, r);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /**
   * Opens a reference: its own reader on the parent's SSTable, with the shared block cache (the
   * two daughters read disjoint halves, so they share at most the block holding the split row).
   */
  private StoreFile openReference(Path p) throws IOException {
    Reference ref = Reference.read(fs, p);
    Path target = ref.referencedFile(p);
    SSTableReader r;
    try {
      r = openReader(target);
    } catch (java.io.FileNotFoundException e) {
      java.io.FileNotFoundException fnf = new java.io.FileNotFoundException("reference " + p
          + " names " + target + ", which does not exist: the parent region's directory must "
          + "stay until no reference names it (RegionSplitter.deleteIfUnreferenced)");
      fnf.initCause(e);
      throw fnf;
    }
    try {
      return new StoreFile(fs, r, p, ref);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  public ColumnFamilyDescriptor family() {
    return family;
  }

  /** Takes new options (after an alter); they apply to later reads, flushes and compactions. */
  public void setFamily(ColumnFamilyDescriptor f) {
    this.family = f;
  }

  /**
   * Drops versions no open read can see from memstore rows holding more than {@code threshold}
   * cells, as they are written ({@link VersionPruner}); 0 keeps every version until the flush.
   */
  public void pruneInMemory(java.util.function.LongSupplier smallestReadPoint, int threshold) {
    memstore.setPruner(threshold <= 0 ? null
        : new VersionPruner(() -> family, smallestReadPoint, threshold));
  }

  public MemStore memstore() {
    return memstore;
  }

  public List<StoreFile> files() {
    return files;
  }

  /** Whether any live file is a reference to a parent region's file (see {@link StoreFile}). */
  public boolean hasReferences() {
    for (StoreFile f : files) {
      if (f.isReference()) {
        return true;
      }
    }
    return false;
  }

  /** The highest flushed sequence id recorded in the store's files, or 0. */
  public long maxFlushedSequenceId() {
    long max = 0;
    for (StoreFile f : files) {
      max = Math.max(max, f.flushedSequenceId());
    }
    return max;
  }

  /**
   * The highest sequence id of any cell in the store's files (bulk-loaded cells count with their
   * load's id), or 0: a region reopening must hand out ids above it.
   */
  public long maxCellSequenceId() {
    long max = 0;
    for (StoreFile f : files) {
      max = Math.max(max, f.maxCellSequenceId());
    }
    return max;
  }

  /**
   * Opens bulk-loaded SSTables already renamed into the family directory (their names carry the
   * load's sequence id), without making them live: see {@link #addLive}.
   */
  public List<StoreFile> openBulkLoaded(List<Path> paths) throws IOException {
    List<StoreFile> opened = new ArrayList<>();
    try {
      for (Path p : paths) {
        opened.add(openStoreFile(p));
      }
    } catch (IOException | RuntimeException e) {
      closeUnused(opened);
      throw e;
    }
    return opened;
  }

  /** Closes files opened by {@link #openBulkLoaded} that never went live (they stay on disk). */
  public static void closeUnused(List<StoreFile> files) {
    files.forEach(StoreFile::closeKeep);
  }

  /**
   * Adds opened bulk-loaded files to the live set. Readers whose read point is below their
   * sequence id skip them, so a region makes a multi-family load visible at once by advancing
   * its read point after every store has its files.
   */
  public void addLive(List<StoreFile> added) {
    stateLock.writeLock().lock();
    try {
      List<StoreFile> next = new ArrayList<>(files);
      next.addAll(added);
      next.sort(Comparator.comparingLong(StoreFile::sequenceId));
      files = List.copyOf(next);
    } finally {
      stateLock.writeLock().unlock();
    }
  }

  /** Whether a live file has this name (a bulk load replayed after it had finished). */
  public boolean hasFile(String name) {
    for (StoreFile f : files) {
      if (f.path().getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The family directory. */
  public Path dir() {
    return dir;
  }

  public long storeFileSize() {
    long n = 0;
    for (StoreFile f : files) {
      n += f.length();
    }
    return n;
  }

  /** What one read holds open: iterators over the memstore and the chosen files. */
  public static final class ReadView implements Closeable {
    private final List<CellIterator> iterators;
    private final List<StoreFile> pinned;

    ReadView(List<CellIterator> iterators, List<StoreFile> pinned) {
      this.iterators = iterators;
      this.pinned = pinned;
    }

    public List<CellIterator> iterators() {
      return iterators;
    }

    @Override
    public void close() {
      for (StoreFile f : pinned) {
        f.release();
      }
      pinned.clear();
    }
  }

  /** Chooses which files a read must look at (bloom filters, time ranges). */
  public interface FileSelector {
    boolean mayContain(SSTableReader r);
  }

  /**
   * Opens the memstore (at {@code readPoint}) and every file the selector accepts; data blocks
   * read go into the block cache only when {@code cacheBlocks}.
   */
  public ReadView openRead(long readPoint, FileSelector selector, boolean cacheBlocks) {
    stateLock.readLock().lock();
    try {
      List<CellIterator> its = new ArrayList<>(memstore.iterators(readPoint));
      List<StoreFile> pinned = new ArrayList<>();
      for (StoreFile f : files) {
        if (f.bulkLoadSequenceId() > readPoint) {
          continue; // a bulk load still landing: visible once the read point passes it
        }
        if ((selector == null || selector.mayContain(f.reader())) && f.acquire()) {
          pinned.add(f);
          its.add(f.iterator(cacheBlocks));
        }
      }
      return new ReadView(its, pinned);
    } finally {
      stateLock.readLock().unlock();
    }
  }

  SSTableOptions optionsFor(long maxCells) {
    return options(family, maxCells);
  }

  /**
   * The SSTable options a family's files are written with; {@code maxCells} bounds the cells
   * of the file (0 if unknown; see {@link SSTableOptions#maxCells()}).
   */
  public static SSTableOptions options(ColumnFamilyDescriptor f, long maxCells) {
    return SSTableOptions.defaults()
        .withBlockSize(f.blockSize())
        .withCompression(Compression.valueOf(f.compression()))
        .withBloomType(BloomType.valueOf(f.bloomFilter()))
        .withMaxCells(maxCells);
  }

  /**
   * Writes a memstore snapshot as a new SSTable and makes it live, dropping the snapshot in the
   * same step. Drops masked, excess and expired versions as a minor compaction would. Returns
   * the number of cell bytes written (0 if the snapshot was empty).
   */
  public long flush(MemStore.Snapshot snapshot, long flushedSeqId, long nowMillis)
      throws IOException {
    if (snapshot.isEmpty()) {
      commit(null, List.of(), true);
      return 0;
    }
    ScanQueryMatcher m = ScanQueryMatcher.forCompaction(false, FamilyRules.of(family, nowMillis));
    Written w = write(snapshot.iterator(), m, snapshot.cellCount(), flushedSeqId, false,
        List.of());
    commit(w.path, List.of(), true);
    return w.bytes;
  }

  /**
   * Merges {@code inputs} into one file and swaps it in. A major compaction (every live file
   * as input) drops delete markers and what they mask. A reference among the inputs contributes
   * only its half, and its reference file is deleted once no scanner uses it. {@code throttle}
   * paces the reads (null: unthrottled).
   *
   * @return cell bytes read
   */
  public long compact(List<StoreFile> inputs, boolean major, long nowMillis,
      CompactionThrottle throttle) throws IOException {
    List<CellIterator> its = new ArrayList<>();
    long cells = 0;
    long seq = 0;
    long earliestPutTs = Long.MAX_VALUE;
    for (StoreFile f : inputs) {
      // Not cached (as HBase's compactions read): the inputs are read once and then deleted,
      // and caching them cost the compactor its time in the cache and clients their hot blocks.
      its.add(f.iterator(false));
      cells += f.maxCellCount();
      seq = Math.max(seq, f.flushedSequenceId());
      earliestPutTs = Math.min(earliestPutTs, f.earliestPutTs());
    }
    ScanQueryMatcher m = ScanQueryMatcher.forCompaction(major, FamilyRules.of(family, nowMillis),
        earliestPutTs);
    List<String> replaced = new ArrayList<>();
    for (StoreFile f : inputs) {
      replaced.add(f.path().getName());
    }
    Written w;
    try (MergingIterator merged = new MergingIterator(its)) {
      w = write(throttle == null ? merged : throttle.pace(merged), m, cells, seq, major,
          replaced);
    }
    commit(w.path, inputs, false);
    return w.bytesRead;
  }

  private record Written(Path path, long bytes, long bytesRead) {}

  /** Writes a flush ({@code replaced} empty) or a compaction of the files {@code replaced}. */
  private Written write(CellIterator source, ScanQueryMatcher m, long maxCells,
      long flushedSeqId, boolean major, List<String> replaced) throws IOException {
    Path tmp = new Path(tmpDir, UUID.randomUUID().toString().replace("-", ""));
    SSTableWriter w;
    try {
      w = SSTableWriter.createInExistingDir(fs, tmp, optionsFor(maxCells));
    } catch (java.io.FileNotFoundException e) {
      throw fenced(tmp, e);
    }
    long bytes = 0;
    long read = 0;
    long written = 0;
    long earliestPutTs = Long.MAX_VALUE;
    try {
      source.seek(Cell.firstOnRow(Bytes.EMPTY));
      byte[] row = null;
      while (source.valid()) {
        Cell c = source.cell();
        read += c.serializedSize();
        if (row == null || !Bytes.equals(row, c.row())) {
          row = c.row();
          m.startRow();
        }
        MatchCode code = m.match(c);
        if (code.includes()) {
          w.append(c);
          bytes += c.serializedSize();
          written++;
          if (!c.isDelete()) {
            earliestPutTs = Math.min(earliestPutTs, c.timestamp());
          }
        }
        source.next();
        if (code == MatchCode.SEEK_NEXT_COL) {
          // As HBase's compaction scanner seeks past the rest of the column: the older cells
          // are dropped, delete markers among them too. So a version marker below an excess
          // version is gone after a flush, and can no longer mask an older put in another file
          // (docs/hbase-compatibility.md, "Flushes drop markers below excess versions").
          while (source.valid() && source.cell().sameColumn(c)) {
            read += source.cell().serializedSize();
            source.next();
          }
        }
      }
      w.putFileInfo(StoreFile.MAX_FLUSHED_SEQ_ID, Bytes.toBytes(flushedSeqId));
      w.putFileInfo(StoreFile.EARLIEST_PUT_TS, Bytes.toBytes(earliestPutTs));
      if (major) {
        w.putFileInfo(StoreFile.MAJOR_COMPACTION, new byte[] {1});
      }
      if (!replaced.isEmpty()) {
        w.putFileInfo(StoreFile.COMPACTED_FILES, StoreFile.encodeNames(replaced));
      }
      w.finish();
    } catch (IOException | RuntimeException e) {
      w.abort();
      throw e;
    }
    Path dst = new Path(dir, tmp.getName());
    boolean moved;
    try {
      moved = fs.rename(tmp, dst);
    } catch (java.io.FileNotFoundException e) {
      throw fenced(tmp, e);
    }
    if (!moved) {
      if (!fs.exists(tmpDir)) {
        throw fenced(tmp, null);
      }
      fs.delete(tmp, false);
      throw new IOException("could not move " + tmp + " to " + dst);
    }
    LOG.debug("wrote {} ({} cells, {} bytes) to {}", major ? "major compaction" : "file", written,
        bytes, dst);
    return new Written(dst, bytes, read);
  }

  /**
   * The error of a flush or compaction whose output directory is gone: the region was opened
   * again (elsewhere) since this store opened, and that open fenced this one out.
   */
  private IOException fenced(Path file, IOException cause) {
    IOException e = new RegionFencedException("region output fenced: " + tmpDir + " is gone, "
        + "so the region was opened again since this store opened it (a server that was taken "
        + "for dead?); " + file.getName() + " is not made visible");
    if (cause != null) {
      e.initCause(cause);
    }
    LOG.error("{}", e.getMessage());
    return e;
  }

  /** Swaps the file set: adds {@code added} (if any), removes {@code removed}. */
  private void commit(Path added, List<StoreFile> removed, boolean clearSnapshot)
      throws IOException {
    StoreFile nf = added == null ? null : new StoreFile(fs, openReader(added));
    stateLock.writeLock().lock();
    try {
      List<StoreFile> next = new ArrayList<>(files);
      next.removeAll(removed);
      if (nf != null) {
        next.add(nf);
      }
      next.sort(Comparator.comparingLong(StoreFile::sequenceId));
      files = List.copyOf(next);
      if (clearSnapshot) {
        memstore.clearSnapshot();
      }
    } finally {
      stateLock.writeLock().unlock();
    }
    for (StoreFile f : removed) {
      f.markCompactedAway();
    }
  }

  /** Closes the files (they stay on disk). REQUIRES: the memstore was flushed or is discarded. */
  @Override
  public void close() {
    stateLock.writeLock().lock();
    try {
      for (StoreFile f : files) {
        f.closeKeep();
      }
      files = List.of();
    } finally {
      stateLock.writeLock().unlock();
    }
  }
}
