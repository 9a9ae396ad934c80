package org.basaltdb.regionserver.region;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.compaction.CompactionPacing;
import org.basaltdb.regionserver.compaction.CompactionPolicy;
import org.basaltdb.regionserver.compaction.CompactionReport;
import org.basaltdb.regionserver.compaction.CompactionRunner;
import org.basaltdb.regionserver.compaction.CompactionStoppedException;
import org.basaltdb.regionserver.compaction.CompactionSelector;
import org.basaltdb.regionserver.compaction.CompactionThrottle;
import org.basaltdb.regionserver.memstore.MemStoreChunks;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.server.layout.RegionInfoFile;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.wal.Wal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One key range of a table: a store per column family, coordinated so that every operation has
 * HBase's semantics and every write its durability.
 *
 * <p>Write order: row locks → WAL append (assigns the sequence id) → memstores → WAL sync →
 * MVCC read point advances → acknowledge. A failed sync takes the cells back out of the memstore
 * before anyone can see them. Reads see exactly the writes completed before they started.
 *
 * <p>Locks, outermost first; the region owns them all, and its collaborators take them only as
 * stated here:
 * <ol>
 *   <li>{@link #flushLock}: one flush at a time; {@link #flush} takes it around the
 *       {@link Flusher}, a bulk load's commit holds it throughout.
 *   <li>{@link #compactionLock}: one compaction at a time; {@link #compact} takes it around the
 *       {@link CompactionRunner}; a bulk load holds it while its files go live, {@link #close}
 *       while closing the stores.
 *   <li>row locks ({@link RowLocks}, owned by the {@link WritePath}): one writer per row.
 *   <li>{@link #updateLock}: writers share it from WAL append to memstore insert; the
 *       {@link Flusher} takes it alone to snapshot the memstores, {@link #close} to set
 *       {@link #closing}.
 *   <li>{@link #appendLock}: orders WAL appends with MVCC begins ({@link #appendToWal}).
 * </ol>
 *
 * <p>Collaborators, in this package: {@link ReadPath} (gets and scans), {@link WritePath} (the
 * mutation batch: validation, backpressure, row locks, time stamps, WAL append, memstore apply),
 * {@link WalReplayer} (recovered edits at open), {@link Flusher} (memstores to SSTables),
 * {@link BulkLoad} (finished SSTables in, exactly once), {@link RegionRequests} (the client
 * requests counted for the meters and heat maps); and {@link CompactionRunner} in
 * {@code compaction}. The region keeps the shared state: stores, MVCC, sequence ids, the
 * open/closing/failed state, and the locks above.
 *
 * <p>Failure: a failed flush (or a bulk load failing after its marker) puts the region into a
 * sticky failed state ({@link #fail}); later writes are refused with the cause, reads continue,
 * and the server is told, which aborts (as HBase's does on a dropped snapshot) so that the log
 * is split and the region's next open replays what no file holds.
 */
public final class Region implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Region.class);

  private final FileSystem fs;
  private final Path dir;
  private final RegionInfo info;
  private final String name;
  private volatile TableDescriptor table;
  private final Wal wal;
  private final Clock clock;
  private final RegionServices services;
  private final TreeMap<byte[], Store> stores = new TreeMap<>(Bytes.COMPARATOR);
  private final Mvcc mvcc;
  private final ReentrantReadWriteLock updateLock = new ReentrantReadWriteLock();
  private final Object appendLock = new Object();
  private final ReentrantLock flushLock = new ReentrantLock();
  private final ReentrantLock compactionLock = new ReentrantLock();
  /**
   * Held (read side) by each bulk load from start to end; {@link #close} takes the write side
   * once it refuses new loads, so a region is closed only when no load is still moving files
   * in or out of its staging directory, which the server opening it next tidies
   * ({@link BulkLoad#moveLeftovers}).
   */
  private final ReentrantReadWriteLock bulkLoadLock = new ReentrantReadWriteLock();
  private final Configuration conf;

  private final ReadPath reads;
  /** The read points of open reads, which memstore pruning must respect. */
  private final ReadPoints readPoints;
  private final int pruneCells;
  /** The largest memstore chunk ({@link MemStoreChunks}); -1: memstores keep no chunks. */
  private final int chunkSize;
  private final WritePath writes;
  private final RegionRequests requests = new RegionRequests();
  private final WalReplayer replayer;
  private final Flusher flusher;
  private final CompactionRunner compactions;
  private final CompactionPacing pacing;
  private final Backpressure backpressure;

  private volatile long flushedSeqId;
  private volatile long lastAppendedSeqId;
  private volatile boolean closed;
  /** Set by {@link #close} under the update lock's write side: no write enters a memstore after. */
  private volatile boolean closing;
  /**
   * Set first thing by {@link #close}: a running compaction stops at its next step
   * ({@link CompactionStoppedException}) and none starts, so the close does not wait on the
   * compaction lock for a whole paced compaction of a large store.
   */
  private volatile boolean closeRequested;
  private volatile IOException failure;

  private Region(FileSystem fs, Path dir, RegionInfo info, TableDescriptor table, Wal wal,
      Clock clock, Configuration conf, RegionServices services, long readPoint) {
    this.fs = fs;
    this.dir = dir;
    this.info = info;
    this.name = info.encodedName();
    this.table = table;
    this.wal = wal;
    this.clock = clock;
    this.services = services;
    this.conf = conf;
    this.mvcc = new Mvcc(readPoint);
    this.readPoints = new ReadPoints(mvcc);
    this.pruneCells = RegionServerConfig.MEMSTORE_PRUNE_CELLS.get(conf);
    this.chunkSize = RegionServerConfig.MEMSTORE_CHUNKS.get(conf)
        ? (int) Math.min(1 << 30, RegionServerConfig.MEMSTORE_CHUNK_SIZE.get(conf)) : -1;
    this.backpressure = new Backpressure(conf, services);
    int minFiles = RegionServerConfig.COMPACTION_MIN_FILES.get(conf);
    this.pacing = new CompactionPacing(RegionServerConfig.COMPACTION_CALM_SHARE.get(conf),
        minFiles, RegionServerConfig.COMPACTION_URGENT_FILES.get(conf));
    this.compactions = new CompactionRunner(
        new CompactionSelector(new CompactionPolicy(minFiles,
            RegionServerConfig.COMPACTION_MAX_FILES.get(conf),
            RegionServerConfig.COMPACTION_RATIO.get(conf)),
            RegionServerConfig.MAJOR_COMPACTION_PERIOD.get(conf)),
        CompactionThrottle.of(RegionServerConfig.COMPACTION_THROUGHPUT.get(conf),
            () -> pacing.share(services.compactionPressure()),
            nanos -> services.events().compactionThrottled(this, nanos),
            () -> closeRequested));
    this.reads = new ReadPath(stores, readPoints, clock, () -> this.table.name());
    this.writes = new WritePath(this, stores, wal, mvcc, clock, services,
        new RowLocks(RegionServerConfig.ROW_LOCK_TIMEOUT.get(conf)), backpressure,
        (int) Math.min(Integer.MAX_VALUE, RegionServerConfig.VALUE_MAX_SIZE.get(conf)));
    this.replayer = new WalReplayer(this, stores, fs, wal, mvcc, services, conf);
    this.flusher = new Flusher(this, stores, wal, mvcc, clock, services, backpressure,
        compactions);
  }

  /**
   * Opens (creating if new) the region's directory under {@code rootDir}: writes or checks
   * {@code .regioninfo}, opens a store per family of {@code table}, and sets the read point to the
   * highest flushed sequence id. Edits still in the WAL are replayed by the caller through
   * {@link #replay}, followed by {@link #finishReplay()}.
   */
  public static Region open(FileSystem fs, Path rootDir, RegionInfo info, TableDescriptor table,
      Wal wal, BlockCache cache, Clock clock, Configuration conf, RegionServices services)
      throws IOException {
    if (!info.table().equals(table.name())) {
      throw new IllegalArgumentException("region " + info + " is not of table " + table.name());
    }
    Path dir = RegionLayout.regionDir(rootDir, info);
    RegionInfo onDisk = RegionInfoFile.read(fs, dir);
    if (onDisk == null) {
      fs.mkdirs(dir);
      RegionInfoFile.write(fs, dir, info);
    } else if (!onDisk.equals(info)) {
      throw new IOException("directory " + dir + " holds region " + onDisk + ", not " + info);
    }
    Path output = fenceEarlierOpens(fs, dir);
    List<Store> opened = new ArrayList<>();
    long maxSeq = 0;
    long maxCellSeq = 0; // bulk-loaded files carry ids above the flushed one (see BulkLoad)
    try {
      for (ColumnFamilyDescriptor f : table.families()) {
        Store s = Store.open(fs, RegionLayout.familyDir(dir, f.name()), output, f, cache);
        opened.add(s);
        maxSeq = Math.max(maxSeq, s.maxFlushedSequenceId());
        maxCellSeq = Math.max(maxCellSeq, s.maxCellSequenceId());
      }
    } catch (IOException | RuntimeException e) {
      opened.forEach(Store::close);
      throw e;
    }
    long floor = Math.max(maxSeq, maxCellSeq);
    Region r = new Region(fs, dir, info, table, wal, clock, conf, services, floor);
    for (Store s : opened) {
      r.stores.put(s.family().name(), s);
      s.pruneInMemory(r.readPoints::smallest, r.pruneCells);
      if (r.chunkSize >= 0) {
        s.memstore().setChunks(new MemStoreChunks(r.chunkSize));
      }
    }
    r.flushedSeqId = maxSeq;
    r.lastAppendedSeqId = floor;
    wal.advanceTo(floor); // the region may come from a server whose ids ran ahead of ours
    try {
      r.replayer.replayRecoveredEdits();
      BulkLoad.moveLeftovers(fs, rootDir, dir, info); // after replay: see moveLeftovers
    } catch (IOException | RuntimeException e) {
      r.abort();
      throw e;
    }
    LOG.info("opened region {} ({} stores, flushed sequence id {})", info, opened.size(), maxSeq);
    if (r.hasReferences()) {
      services.requestCompaction(r); // rewrite the parent's halves so the parent can go
    }
    return r;
  }

  /**
   * Fences every earlier open of the region out of its files and returns this open's own output
   * directory, {@code .tmp/<open>}, where its stores write flushes and compactions before
   * renaming them into place. Deleting {@code .tmp} removes each earlier open's directory with
   * whatever it was writing: a server taken for dead that resumes in the middle of a flush or
   * compaction (a zombie) can then neither create its file (stores create without parents) nor
   * rename it into a family directory (its source is gone). The filesystem orders the delete
   * and the rename, so a zombie's file is either in place before this open lists the files, as
   * a flush finished before a crash would be, or never. Done before the stores open.
   */
  private static Path fenceEarlierOpens(FileSystem fs, Path dir) throws IOException {
    Path tmp = RegionLayout.tmpDir(dir);
    if (fs.exists(tmp) && !fs.delete(tmp, true) && fs.exists(tmp)) {
      throw new IOException("cannot open region directory " + dir + ": could not delete " + tmp
          + ", which fences earlier opens out of the region's files");
    }
    Path own = new Path(tmp, java.util.UUID.randomUUID().toString().replace("-", ""));
    fs.mkdirs(own);
    return own;
  }

  public RegionInfo info() {
    return info;
  }

  /** The encoded region name (computed once: it is on every write's path). */
  public String name() {
    return name;
  }

  public TableDescriptor table() {
    return table;
  }

  public Path dir() {
    return dir;
  }

  /** Every edit at or below this sequence id is in the region's SSTables. */
  public long flushedSequenceId() {
    return flushedSeqId;
  }

  /** The highest sequence id the region holds (flushed, in memstore or replayed). */
  public long maxSequenceId() {
    return Math.max(lastAppendedSeqId, flushedSeqId);
  }

  /** Heap bytes of the region's memstores, with any snapshot a flush is writing. */
  public long memstoreSize() {
    long n = 0;
    for (Store s : stores.values()) {
      n += s.memstore().heapSize();
    }
    return n;
  }

  /** Heap bytes written to the region's memstores since the last flush's snapshot. */
  public long activeMemstoreSize() {
    long n = 0;
    for (Store s : stores.values()) {
      n += s.memstore().activeHeapSize();
    }
    return n;
  }

  /** The client requests this region has answered since it opened. */
  public RegionRequests requests() {
    return requests;
  }

  public Store store(byte[] family) {
    return stores.get(family);
  }

  public List<Store> stores() {
    return List.copyOf(stores.values());
  }

  /**
   * Whether any store still holds a reference to a split or merge parent's file; such a region
   * cannot be split or merged until a compaction has rewritten them.
   */
  public boolean hasReferences() {
    for (Store s : stores.values()) {
      if (s.hasReferences()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- reads

  public Result get(Get g) throws IOException {
    checkOpen(false);
    Scan s = new Scan().withStartRow(g.row(), true).withStopRow(g.row(), true)
        .setTimeRange(g.timeRange()).readVersions(g.maxVersions()).setFilter(g.filter())
        .setCacheBlocks(g.cacheBlocks()).setLimit(1);
    for (Map.Entry<byte[], NavigableSet<byte[]>> e : g.families().entrySet()) {
      if (e.getValue().isEmpty()) {
        s.addFamily(e.getKey());
      } else {
        for (byte[] q : e.getValue()) {
          s.addColumn(e.getKey(), q);
        }
      }
    }
    requests.read();
    try (RowScanner rs = reads.open(s, g.row())) {
      Result r = rs.next();
      if (g.isCheckExistenceOnly()) {
        return Result.ofExists(r != null && !r.isEmpty());
      }
      return r == null ? Result.EMPTY : r;
    }
  }

  public boolean exists(Get g) throws IOException {
    return !get(g).isEmpty();
  }

  /** Checks a scan's filter and options without opening anything; IllegalArgumentException if bad. */
  public static void checkScan(Scan s) {
    ReadPath.filterOf(s);
  }

  /** Opens a scanner; the caller closes it. */
  public RowScanner scanner(Scan s) throws IOException {
    checkOpen(false);
    return reads.open(s, null).countRowsIn(requests.readCounter());
  }

  /** All matching rows of a scan at once; for tests and small ranges. */
  public List<Result> scanAll(Scan s) throws IOException {
    List<Result> out = new ArrayList<>();
    try (RowScanner rs = scanner(s)) {
      for (Result r = rs.next(); r != null; r = rs.next()) {
        out.add(r);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writes (WritePath)

  public void put(Put p) throws IOException {
    requests.wrote(1);
    writes.mutate(List.of(p));
  }

  public void delete(Delete d) throws IOException {
    requests.wrote(1);
    writes.mutate(List.of(d));
  }

  /** Applies puts and deletes atomically (all rows of the batch are locked together). */
  public void mutate(List<? extends Mutation> batch) throws IOException {
    requests.wrote(batch.size());
    writes.mutate(batch);
  }

  /** Applies a {@link RowMutations} atomically, in order (a later put over an earlier delete wins). */
  public void mutateRow(RowMutations rm) throws IOException {
    requests.wrote(1);
    writes.mutateRow(rm);
  }

  public Result increment(Increment inc) throws IOException {
    requests.wrote(1);
    return writes.increment(inc);
  }

  public Result append(Append app) throws IOException {
    requests.wrote(1);
    return writes.append(app);
  }

  /**
   * Checks the condition and, if it holds, applies the action, all under the row lock. Returns
   * whether the action was applied.
   */
  public boolean checkAndMutate(CheckAndMutate cam) throws IOException {
    requests.wrote(1);
    return writes.checkAndMutate(cam);
  }

  // ---------------------------------------------------------------- replay (WalReplayer)

  /**
   * Applies edits from the WAL at open time, skipping those already flushed. Cells keep their
   * sequence ids. REQUIRES: no client traffic yet.
   */
  public void replay(long sequenceId, List<Cell> cells) {
    replayer.replay(sequenceId, cells);
  }

  /**
   * Ends replay: makes the replayed edits visible and flushes them, so the edits they came from
   * are no longer needed. The WAL must already hand out ids above every replayed one.
   */
  public void finishReplay() throws IOException {
    replayer.finishReplay();
  }

  // ---------------------------------------------------------------- bulk load

  /**
   * Loads finished SSTables (family → files, any filesystem) into this region atomically and
   * exactly once; returns the load's sequence id. See {@link BulkLoad}.
   */
  public long bulkLoad(Map<byte[], List<Path>> files) throws IOException {
    checkOpen(true);
    bulkLoadLock.readLock().lock();
    try {
      checkOpen(true); // close may have begun while this load waited
      return BulkLoad.load(this, fs, files, conf);
    } finally {
      bulkLoadLock.readLock().unlock();
    }
  }

  /**
   * Writes a bulk load's WAL marker and, once it is durable, installs the files and advances the
   * read point past the marker's id, so readers see every file of the load at once. Holds the
   * flush lock throughout (no flush may record an id above the marker while files are staged) and
   * the compaction lock while files go live. A failure after the marker is durable leaves the
   * region refusing writes: reopening it replays the marker, which finishes the load.
   */
  long commitBulkLoad(org.basaltdb.wal.BulkLoadMarker marker, BulkLoad.Installer installer)
      throws IOException, BulkLoad.MarkerNotWritten {
    flushLock.lock();
    try {
      Appended appended;
      updateLock.readLock().lock();
      try {
        checkOpen(true);
        appended = appendToWal(() -> wal.appendBulkLoad(name(), info.table(), marker));
      } catch (IOException e) {
        throw new BulkLoad.MarkerNotWritten(e);
      } finally {
        updateLock.readLock().unlock();
      }
      Wal.Ticket ticket = appended.ticket();
      Mvcc.WriteEntry entry = appended.entry();
      try {
        ticket.await();
      } catch (IOException e) {
        mvcc.complete(entry);
        throw new BulkLoad.MarkerNotWritten(e);
      }
      long seq = ticket.sequenceId();
      Map<Store, List<StoreFile>> files;
      try {
        files = installer.install(seq);
      } catch (IOException | RuntimeException e) {
        fail(e);
        mvcc.complete(entry);
        LOG.error("bulk load into region {} failed after its WAL marker {}; the region refuses "
            + "writes and its server aborts: the region's next open finishes the load", info, seq,
            e);
        throw e;
      }
      compactionLock.lock(); // no compaction may pick a file up before readers can see it
      try {
        files.forEach(Store::addLive);
        mvcc.completeAndWait(entry);
      } finally {
        compactionLock.unlock();
      }
      return seq;
    } finally {
      flushLock.unlock();
    }
  }

  // ---------------------------------------------------------------- flush and compaction

  /**
   * Writes every memstore to a new SSTable ({@link Flusher}). Returns the bytes written. A
   * failure leaves the region refusing writes (see the class comment).
   */
  public long flush() throws IOException {
    flushLock.lock();
    try {
      return flusher.flush();
    } finally {
      flushLock.unlock();
    }
  }

  /**
   * Runs a minor compaction on every store that needs one, or, when {@code major}, a major
   * compaction of every store with files ({@link CompactionRunner}). A store holding references
   * to a split or merge parent's files always compacts, all its files at once.
   */
  public CompactionReport compact(boolean major) throws IOException {
    return compact(s -> true, major);
  }

  /**
   * A major compaction of the stores {@code which} picks, each with all its files, asked under
   * the compaction lock (so it sees the files the compaction will read) and run with the
   * region's clock, as {@link #compact} is. For a caller that decides store by store, such as
   * a test matching HBase's system-priority request, which major-compacts only stores of fewer
   * than {@code hbase.hstore.compaction.max} files.
   */
  public CompactionReport majorCompact(Predicate<Store> which) throws IOException {
    return compact(which, true);
  }

  private CompactionReport compact(Predicate<Store> which, boolean major) throws IOException {
    compactionLock.lock();
    long t0 = System.nanoTime();
    try {
      checkOpen(false);
      if (closeRequested) {
        return new CompactionReport(0, java.util.Set.of()); // the close is waiting for the lock
      }
      List<Store> picked = new ArrayList<>();
      for (Store s : stores.values()) {
        if (which.test(s)) {
          picked.add(s);
        }
      }
      CompactionReport report;
      try {
        report = compactions.compact(picked, major, clock.currentTimeMillis());
      } catch (CompactionStoppedException e) {
        LOG.info("compaction of region {} stopped after {} ms: the region is closing; its "
            + "files stay as they were", info, (System.nanoTime() - t0) / 1_000_000);
        return new CompactionReport(0, java.util.Set.of());
      }
      if (report.bytesRead() > 0) {
        services.events().compacted(this, report.bytesRead(), System.nanoTime() - t0);
      }
      return report;
    } finally {
      compactionLock.unlock();
    }
  }

  /**
   * How far this region's compactions are behind: the largest
   * {@link CompactionPacing#pressure} of its stores (0 calm, 1 or more urgent).
   */
  public double compactionPressure() {
    double max = 0;
    for (Store s : stores.values()) {
      max = Math.max(max, pacing.pressure(s.files().size()));
    }
    return max;
  }

  // ---------------------------------------------------------------- for the collaborators

  /** A WAL append and the MVCC entry it began. */
  record Appended(Wal.Ticket ticket, Mvcc.WriteEntry entry) {}

  /** One append to the WAL (an edit or a bulk-load marker). */
  interface WalAppend {
    Wal.Ticket append() throws IOException;
  }

  /**
   * Appends under the append lock and begins the write's MVCC entry at its sequence id, so read
   * points advance in WAL order. REQUIRES: the update lock's read side.
   */
  Appended appendToWal(WalAppend append) throws IOException {
    synchronized (appendLock) {
      Wal.Ticket ticket = append.append();
      Mvcc.WriteEntry entry = mvcc.begin(ticket.sequenceId());
      lastAppendedSeqId = ticket.sequenceId();
      return new Appended(ticket, entry);
    }
  }

  /** Writers share its read side from WAL append to memstore insert; a flush snapshots alone. */
  ReentrantReadWriteLock updateLock() {
    return updateLock;
  }

  /** The highest sequence id appended to the WAL (or replayed) for this region. */
  long lastAppendedSequenceId() {
    return lastAppendedSeqId;
  }

  /** Notes a replayed edit's sequence id. REQUIRES: no client traffic yet. */
  void replayedTo(long sequenceId) {
    lastAppendedSeqId = Math.max(lastAppendedSeqId, sequenceId);
  }

  /** After a flush: recovered edits replayed at open that it covers are deleted. */
  void replayedEditsFlushedTo(long sequenceId) {
    replayer.flushed(sequenceId);
  }

  /** Whether edits replayed at open are only in memstores and recovered-edits files still. */
  public boolean hasUnflushedRecoveredEdits() {
    return replayer.hasUnflushedRecoveredEdits();
  }

  /** Records a completed flush up to {@code sequenceId}; returns the flushed id. */
  long flushedTo(long sequenceId) {
    flushedSeqId = Math.max(flushedSeqId, sequenceId);
    return flushedSeqId;
  }

  /** The failure that put the region into its failed state, or null. */
  IOException failure() {
    return failure;
  }

  /**
   * Puts the region into its sticky failed state: writes are refused until it is reopened, and
   * the server is told ({@link RegionServices#regionFailed}), which aborts so that its log is
   * split and the region reopens with every acknowledged edit.
   */
  void fail(Exception cause) {
    IOException f = cause instanceof IOException io ? io : new IOException(cause);
    failure = f;
    services.regionFailed(this, f);
  }

  /** Whether a close of the region has begun (it then ends closed, flushed or not). */
  public boolean isClosing() {
    return closeRequested;
  }

  /** Refuses work on a closed region, and writes on a closing or failed one. */
  void checkOpen(boolean forWrite) throws IOException {
    if (closed) {
      throw new RegionClosedException("region " + info + " is closed");
    }
    if (forWrite && closing) {
      throw new RegionClosedException("region " + info + " is closing");
    }
    if (forWrite && failure != null) {
      throw new IOException("region " + info + " refuses writes after a failure; reopen it to "
          + "recover: " + failure.getMessage(), failure);
    }
  }

  // ---------------------------------------------------------------- close

  /**
   * Flushes (unless failed) and closes the stores. Idempotent. Writes are refused (retryably,
   * with {@link RegionClosedException}) from before the last flush on, so every acknowledged
   * write is in a file: a write that slipped in between that flush and {@code closed} would be
   * acknowledged, then dropped with the memstore, and never replayed from the WAL (the chaos
   * tool's linked lists lost one batch per writer this way on every merge under load). A first
   * flush while writes go on keeps the time writes are refused short, as HBase's pre-flush does.
   * A compaction running when the close starts stops at its next step and leaves its inputs as
   * they were: waiting for it (a paced compaction of a large store runs for minutes) kept a
   * chaos run's region closing, and unavailable, past the master's 60 s call to close it.
   *
   * <p>A region whose memstores could not all be written (a flush failed, now or before) still
   * closes, but the WAL is not told so: it keeps the region's edits, and the close throws
   * {@link UnflushedCloseException}, on which the server must abort so that its log is split
   * before the region opens again. Telling the WAL let it archive the only copy of acknowledged
   * edits, which the region's next open, elsewhere, never read.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closeRequested = true;
    Throwable unflushed = null;
    try {
      if (failure == null) {
        flush();
      }
      updateLock.writeLock().lock();
      try {
        closing = true; // writes in apply() check this under the read side of the lock
      } finally {
        updateLock.writeLock().unlock();
      }
      // New loads are refused now; wait for those under way to finish or put their files back.
      bulkLoadLock.writeLock().lock();
      bulkLoadLock.writeLock().unlock();
      if (failure == null) {
        flush();
      }
    } catch (IOException | RuntimeException e) {
      unflushed = e;
    } finally {
      compactionLock.lock();
      try {
        closed = true;
        backpressure.signalFlushed();
        for (Store s : stores.values()) {
          s.close();
        }
        services.memoryBudget().add(-memstoreSize());
        if (unflushed == null && failure == null) {
          wal.regionClosed(name());
        }
      } finally {
        compactionLock.unlock();
      }
    }
    if (unflushed != null || failure != null) {
      Throwable cause = unflushed != null ? unflushed : failure;
      LOG.error("closed region {} without flushing it: its edits since the last flush are only "
          + "in the WAL, which keeps them", info, cause);
      throw new UnflushedCloseException("region " + info + " closed without flushing ("
          + cause.getMessage() + "): its edits are only in the WAL, which must be split", cause);
    }
    LOG.info("closed region {}", info);
  }

  /** Closes without flushing, as a crash would: what is only in memstores is lost. */
  public void abort() {
    closed = true;
    for (Store s : stores.values()) {
      s.close();
    }
    services.memoryBudget().add(-memstoreSize());
  }

  public boolean isClosed() {
    return closed;
  }
}
