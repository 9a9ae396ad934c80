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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.Limits;
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
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.compaction.CompactionPolicy;
import org.basaltdb.regionserver.compaction.CompactionSelector;
import org.basaltdb.regionserver.memstore.MemStore;
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
 * <p>Locks, outermost first: row locks ({@link RowLocks}); {@link #updateLock} (writers share it
 * from append to memstore insert; a flush takes it alone to snapshot); {@link #appendLock}
 * (orders WAL appends with MVCC begins). Flushes are serialized by {@link #flushLock},
 * compactions by {@link #compactionLock}.
 *
 * <p>Failure: a failed flush puts the region into a sticky failed state; later writes are refused
 * with the cause, reads continue, and reopening the region (which replays the WAL) recovers.
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
  private final BlockCache cache;
  private final TreeMap<byte[], Store> stores = new TreeMap<>(Bytes.COMPARATOR);
  private final Mvcc mvcc;
  private final RowLocks rowLocks;
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
  private final CompactionSelector compactionSelector;
  private final com.google.common.util.concurrent.RateLimiter compactionThrottle;

  private final ReadPath reads;
  private final Backpressure backpressure;
  private final int maxValueSize;
  private final Configuration conf;

  private volatile long flushedSeqId;
  private volatile long lastAppendedSeqId;
  private volatile boolean closed;
  /** Set by {@link #close} under the update lock's write side: no write enters a memstore after. */
  private volatile boolean closing;
  private volatile IOException failure;

  private Region(FileSystem fs, Path dir, RegionInfo info, TableDescriptor table, Wal wal,
      BlockCache cache, Clock clock, Configuration conf, RegionServices services, long readPoint) {
    this.fs = fs;
    this.dir = dir;
    this.info = info;
    this.name = info.encodedName();
    this.table = table;
    this.wal = wal;
    this.cache = cache;
    this.clock = clock;
    this.services = services;
    this.conf = conf;
    this.mvcc = new Mvcc(readPoint);
    this.rowLocks = new RowLocks(RegionServerConfig.ROW_LOCK_TIMEOUT.get(conf));
    this.reads = new ReadPath(stores, mvcc, clock, () -> this.table.name());
    this.backpressure = new Backpressure(conf, services);
    this.maxValueSize = (int) Math.min(Integer.MAX_VALUE,
        RegionServerConfig.VALUE_MAX_SIZE.get(conf));
    this.compactionSelector = new CompactionSelector(new CompactionPolicy(
        RegionServerConfig.COMPACTION_MIN_FILES.get(conf),
        RegionServerConfig.COMPACTION_MAX_FILES.get(conf),
        RegionServerConfig.COMPACTION_RATIO.get(conf)),
        RegionServerConfig.MAJOR_COMPACTION_PERIOD.get(conf));
    long throughput = RegionServerConfig.COMPACTION_THROUGHPUT.get(conf);
    this.compactionThrottle = throughput > 0
        ? com.google.common.util.concurrent.RateLimiter.create(throughput) : null;
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
    List<Store> opened = new ArrayList<>();
    long maxSeq = 0;
    long maxCellSeq = 0; // bulk-loaded files carry ids above the flushed one (see BulkLoad)
    try {
      for (ColumnFamilyDescriptor f : table.families()) {
        Store s = Store.open(fs, RegionLayout.familyDir(dir, f.name()), RegionLayout.tmpDir(dir),
            f, cache);
        opened.add(s);
        maxSeq = Math.max(maxSeq, s.maxFlushedSequenceId());
        maxCellSeq = Math.max(maxCellSeq, s.maxCellSequenceId());
      }
    } catch (IOException | RuntimeException e) {
      opened.forEach(Store::close);
      throw e;
    }
    long floor = Math.max(maxSeq, maxCellSeq);
    Region r = new Region(fs, dir, info, table, wal, cache, clock, conf, services, floor);
    for (Store s : opened) {
      r.stores.put(s.family().name(), s);
    }
    r.flushedSeqId = maxSeq;
    r.lastAppendedSeqId = floor;
    wal.advanceTo(floor); // the region may come from a server whose ids ran ahead of ours
    try {
      r.replayRecoveredEdits();
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

  public long memstoreSize() {
    long n = 0;
    for (Store s : stores.values()) {
      n += s.memstore().heapSize();
    }
    return n;
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
    return reads.open(s, null);
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

  // ---------------------------------------------------------------- writes

  public void put(Put p) throws IOException {
    mutate(List.of(p));
  }

  public void delete(Delete d) throws IOException {
    mutate(List.of(d));
  }

  /** Applies puts and deletes atomically (all rows of the batch are locked together). */
  public void mutate(List<? extends Mutation> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    checkOpen(true);
    List<byte[]> rows = new ArrayList<>(batch.size());
    for (Mutation m : batch) {
      checkMutation(m);
      rows.add(m.row());
    }
    backpressure.awaitRoom(this);
    try (RowLocks.Held held = rowLocks.lockAll(rows)) {
      long now = clock.currentTimeMillis();
      List<Cell> cells = new ArrayList<>();
      Durability durability = Durability.USE_DEFAULT;
      for (Mutation m : batch) {
        cells.addAll(prepare(m, now));
        durability = stronger(durability, m.durability());
      }
      apply(cells, durability);
    }
    backpressure.afterWrite(this);
  }

  /** Applies a {@link RowMutations} atomically, in order (a later put over an earlier delete wins). */
  public void mutateRow(RowMutations rm) throws IOException {
    checkOpen(true);
    Limits.checkRow(rm.row());
    checkRowInRange(rm.row());
    for (Mutation m : rm.mutations()) {
      checkMutation(m);
    }
    backpressure.awaitRoom(this);
    try (RowLocks.Held held = rowLocks.lock(rm.row())) {
      applyRowMutations(rm);
    }
    backpressure.afterWrite(this);
  }

  private void applyRowMutations(RowMutations rm) throws IOException {
    long now = clock.currentTimeMillis();
    List<Cell> cells = new ArrayList<>();
    Durability durability = Durability.USE_DEFAULT;
    for (Mutation m : rm.mutations()) {
      cells.addAll(prepare(m, now));
      durability = stronger(durability, m.durability());
    }
    apply(cells, durability);
  }

  public Result increment(Increment inc) throws IOException {
    checkOpen(true);
    checkRowInRange(inc.row());
    for (Increment.Column c : inc.columns()) {
      requireFamily(c.family());
    }
    backpressure.awaitRoom(this);
    List<Cell> out = new ArrayList<>();
    try (RowLocks.Held held = rowLocks.lock(inc.row())) {
      long now = clock.currentTimeMillis();
      Map<ColumnKey, Long> sums = new java.util.LinkedHashMap<>();
      for (Increment.Column c : inc.columns()) {
        sums.merge(new ColumnKey(c.family(), c.qualifier()), c.amount(), Long::sum);
      }
      for (Map.Entry<ColumnKey, Long> e : sums.entrySet()) {
        Cell cur = latest(inc.row(), e.getKey().family, e.getKey().qualifier, inc.timeRange());
        long base = 0;
        if (cur != null) {
          if (cur.value().length != 8) {
            throw new IllegalArgumentException("cannot increment column "
                + Bytes.toStringBinary(e.getKey().family) + ":"
                + Bytes.toStringBinary(e.getKey().qualifier) + " of row '"
                + Bytes.toStringBinary(inc.row()) + "': its value is " + cur.value().length
                + " bytes, not an 8-byte long");
          }
          base = Bytes.toLong(cur.value());
        }
        out.add(Cell.put(inc.row(), e.getKey().family, e.getKey().qualifier,
            timestampAfter(cur, now), Bytes.toBytes(base + e.getValue())));
      }
      apply(out, inc.durability());
    }
    backpressure.afterWrite(this);
    out.sort(org.basaltdb.common.CellComparator.INSTANCE);
    return inc.returnResults() ? Result.of(out) : Result.EMPTY;
  }

  public Result append(Append app) throws IOException {
    checkOpen(true);
    checkRowInRange(app.row());
    for (Append.Column c : app.columns()) {
      requireFamily(c.family());
    }
    backpressure.awaitRoom(this);
    List<Cell> out = new ArrayList<>();
    try (RowLocks.Held held = rowLocks.lock(app.row())) {
      long now = clock.currentTimeMillis();
      for (Append.Column c : app.columns()) {
        Cell cur = latest(app.row(), c.family(), c.qualifier(), TimeRange.ALL);
        for (Cell pending : out) { // the same column twice in one append
          if (Bytes.equals(pending.family(), c.family())
              && Bytes.equals(pending.qualifier(), c.qualifier())) {
            cur = pending;
          }
        }
        byte[] v = cur == null ? c.value() : Bytes.concat(cur.value(), c.value());
        Limits.checkValue(v, maxValueSize);
        out.removeIf(x -> Bytes.equals(x.family(), c.family())
            && Bytes.equals(x.qualifier(), c.qualifier()));
        out.add(Cell.put(app.row(), c.family(), c.qualifier(), timestampAfter(cur, now), v));
      }
      apply(out, app.durability());
    }
    backpressure.afterWrite(this);
    out.sort(org.basaltdb.common.CellComparator.INSTANCE);
    return app.returnResults() ? Result.of(out) : Result.EMPTY;
  }

  /** Never stamps a new version below the one it replaces (the clock may step back). */
  private static long timestampAfter(Cell cur, long now) {
    return cur == null || cur.timestamp() < now ? now : cur.timestamp();
  }

  /**
   * Checks the condition and, if it holds, applies the action, all under the row lock. Returns
   * whether the action was applied.
   */
  public boolean checkAndMutate(CheckAndMutate cam) throws IOException {
    checkOpen(true);
    checkRowInRange(cam.row());
    requireFamily(cam.family());
    Object action = cam.action();
    if (action instanceof Mutation m) {
      checkMutation(m);
    } else if (action instanceof RowMutations rm) {
      for (Mutation m : rm.mutations()) {
        checkMutation(m);
      }
    } else {
      throw new IllegalArgumentException("checkAndMutate needs a Put, Delete or RowMutations");
    }
    backpressure.awaitRoom(this);
    boolean applied;
    try (RowLocks.Held held = rowLocks.lock(cam.row())) {
      Cell cur = latest(cam.row(), cam.family(), cam.qualifier(), cam.timeRange());
      applied = cam.holdsFor(cur);
      if (applied) {
        if (action instanceof Mutation m) {
          apply(prepare(m, clock.currentTimeMillis()), m.durability());
        } else {
          applyRowMutations((RowMutations) action);
        }
      }
    }
    backpressure.afterWrite(this);
    return applied;
  }

  /** The newest visible version of one column. Called under the row lock. */
  private Cell latest(byte[] row, byte[] family, byte[] qualifier, TimeRange tr)
      throws IOException {
    Get g = new Get(row).addColumn(family, qualifier).setTimeRange(tr);
    return get(g).latest(family, qualifier);
  }

  /** Validates a mutation before anything is locked or written. */
  private void checkMutation(Mutation m) {
    if (!(m instanceof Put) && !(m instanceof Delete)) {
      throw new IllegalArgumentException("unsupported mutation " + m.getClass().getSimpleName());
    }
    checkRowInRange(m.row());
    if (m instanceof Put && m.isEmpty()) {
      throw new IllegalArgumentException("a Put must have at least one column (row '"
          + Bytes.toStringBinary(m.row()) + "')");
    }
    for (Cell c : m.cells()) {
      requireFamily(c.family());
      Limits.checkValue(c.value(), maxValueSize);
    }
  }

  private void checkRowInRange(byte[] row) {
    if (!info.containsRow(row)) {
      throw new WrongRegionException("row '" + Bytes.toStringBinary(row)
          + "' is outside region " + info);
    }
  }

  private void requireFamily(byte[] f) {
    if (!stores.containsKey(f)) {
      throw ReadPath.noSuchFamily(f, table.name());
    }
  }

  /** Stamps server time where the client gave none; expands row deletes and latest-version deletes. */
  private List<Cell> prepare(Mutation m, long now) throws IOException {
    List<Cell> out = new ArrayList<>(Math.max(1, m.cells().size()));
    if (m instanceof Delete d && d.isEmpty()) {
      long ts = d.timestamp() == Cell.LATEST_TIMESTAMP ? now : d.timestamp();
      for (byte[] f : stores.keySet()) {
        out.add(new Cell(m.row(), f, Bytes.EMPTY, ts, Cell.Type.DELETE_FAMILY, 0, Bytes.EMPTY));
      }
      return out;
    }
    for (Cell c : m.cells()) {
      long ts = c.timestamp();
      if (ts == Cell.LATEST_TIMESTAMP && c.type() == Cell.Type.DELETE) {
        // "Delete the latest version": mark the newest visible version's timestamp.
        Cell cur = latest(c.row(), c.family(), c.qualifier(), TimeRange.ALL);
        ts = cur == null ? now : cur.timestamp();
      } else if (ts == Cell.LATEST_TIMESTAMP) {
        ts = now;
      }
      out.add(new Cell(c.row(), sharedFamily(c.family()), c.qualifier(), ts, c.type(),
          c.sequenceId(), c.value()));
    }
    return out;
  }

  /**
   * The store's own array for {@code family}, which every cell the memstore keeps refers to:
   * each request decodes its own copy, and a load of 10-column rows kept ten family arrays per
   * row alive (a fifth of the memstore's objects, all copied by young collections). One array
   * also lets the comparator decide equal families by identity.
   */
  private byte[] sharedFamily(byte[] family) {
    Store s = stores.get(family);
    return s == null ? family : s.family().name();
  }

  private static Durability stronger(Durability a, Durability b) {
    return a.code >= b.code ? a : b;
  }

  private Durability resolve(Durability d) {
    if (d == Durability.USE_DEFAULT) {
      d = table.durability();
    }
    return d == Durability.USE_DEFAULT ? Durability.SYNC_WAL : d;
  }

  /**
   * The write path proper. REQUIRES: the rows' locks are held and cells are prepared. Returns
   * once the write is durable and visible; on failure nothing of it is visible.
   */
  private void apply(List<Cell> cells, Durability durability) throws IOException {
    if (cells.isEmpty()) {
      return;
    }
    Wal.Ticket ticket;
    Mvcc.WriteEntry entry;
    long added = 0;
    updateLock.readLock().lock();
    try {
      checkOpen(true);
      synchronized (appendLock) {
        ticket = wal.append(name(), info.table(), cells, resolve(durability));
        entry = mvcc.begin(ticket.sequenceId());
        lastAppendedSeqId = ticket.sequenceId();
      }
      added = addToMemstores(ticket.cells());
    } finally {
      updateLock.readLock().unlock();
    }
    services.memoryBudget().add(added);
    try {
      ticket.await();
    } catch (IOException | RuntimeException e) {
      long removed = 0;
      for (Cell c : ticket.cells()) {
        removed += stores.get(c.family()).memstore().remove(c);
      }
      services.memoryBudget().add(-removed);
      mvcc.complete(entry);
      throw e;
    }
    mvcc.completeAndWait(entry);
  }

  /** Adds each run of one family's cells to that family's memstore; returns the heap added. */
  private long addToMemstores(List<Cell> cells) {
    long added = 0;
    int n = cells.size();
    int start = 0;
    while (start < n) {
      byte[] family = cells.get(start).family();
      int end = start + 1;
      while (end < n && cells.get(end).family() == family) { // prepare() shares family arrays
        end++;
      }
      added += stores.get(family).memstore().add(cells.subList(start, end));
      start = end;
    }
    return added;
  }

  private void checkOpen(boolean forWrite) throws IOException {
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

  // ---------------------------------------------------------------- replay

  /**
   * Applies edits from the WAL at open time, skipping those already flushed. Cells keep their
   * sequence ids. REQUIRES: no client traffic yet.
   */
  public void replay(long sequenceId, List<Cell> cells) {
    if (sequenceId <= flushedSeqId) {
      return;
    }
    long added = 0;
    for (Cell c : cells) {
      Store s = stores.get(c.family());
      if (s == null) {
        LOG.warn("dropping replayed edit for family {} that region {} no longer has",
            Bytes.toStringBinary(c.family()), info);
        continue;
      }
      added += s.memstore().add(new Cell(c.row(), s.family().name(), c.qualifier(),
          c.timestamp(), c.type(), sequenceId, c.value()));
    }
    services.memoryBudget().add(added);
    lastAppendedSeqId = Math.max(lastAppendedSeqId, sequenceId);
  }

  /**
   * Ends replay: makes the replayed edits visible and flushes them, so the edits they came from
   * are no longer needed. The WAL must already hand out ids above every replayed one.
   */
  public void finishReplay() throws IOException {
    long max = maxSequenceId();
    wal.advanceTo(max);
    mvcc.advanceTo(max);
    if (memstoreSize() > 0) {
      flush();
    }
  }

  /**
   * Replays the region's {@code recovered.edits} files (written by splitting a dead server's
   * WAL) that are newer than what is flushed, flushes, then deletes the files. A crash in between
   * is harmless: replay skips sequence ids already flushed.
   */
  private void replayRecoveredEdits() throws IOException {
    List<Path> files = org.basaltdb.wal.RecoveredEdits.list(fs, dir);
    if (!files.isEmpty()) {
      long max = org.basaltdb.wal.RecoveredEdits.replay(fs, dir, flushedSeqId, e -> {
        if (e.isBulkLoad()) {
          try {
            BulkLoad.replay(this, fs, e);
          } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
          }
          lastAppendedSeqId = Math.max(lastAppendedSeqId, e.sequenceId());
        } else {
          replay(e.sequenceId(), e.cells());
        }
      });
      LOG.info("region {} replayed {} recovered-edits file(s) up to sequence id {}", info,
          files.size(), max);
    }
    finishReplay();
    if (!files.isEmpty()) {
      org.basaltdb.wal.RecoveredEdits.deleteAll(fs, dir);
    }
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
      Wal.Ticket ticket;
      Mvcc.WriteEntry entry;
      updateLock.readLock().lock();
      try {
        checkOpen(true);
        synchronized (appendLock) {
          try {
            ticket = wal.appendBulkLoad(name(), info.table(), marker);
          } catch (IOException e) {
            throw new BulkLoad.MarkerNotWritten(e);
          }
          entry = mvcc.begin(ticket.sequenceId());
          lastAppendedSeqId = ticket.sequenceId();
        }
      } catch (IOException e) {
        throw new BulkLoad.MarkerNotWritten(e);
      } finally {
        updateLock.readLock().unlock();
      }
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
        failure = e instanceof IOException io ? io : new IOException(e);
        mvcc.complete(entry);
        LOG.error("bulk load into region {} failed after its WAL marker {}; the region refuses "
            + "writes until reopened, which finishes the load", info, seq, e);
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
   * Writes every memstore to a new SSTable. Returns the bytes written. A failure leaves the
   * region refusing writes (see the class comment).
   */
  public long flush() throws IOException {
    flushLock.lock();
    long t0 = System.nanoTime();
    try {
      if (failure != null) {
        throw new IOException("region " + info + " failed earlier", failure);
      }
      List<MemStore.Snapshot> snaps = new ArrayList<>();
      List<Store> order = new ArrayList<>(stores.values());
      long seq;
      updateLock.writeLock().lock();
      try {
        seq = lastAppendedSeqId;
        for (Store s : order) {
          snaps.add(s.memstore().snapshot());
        }
        wal.flushStarted(name());
      } finally {
        updateLock.writeLock().unlock();
      }
      mvcc.waitForRead(seq); // every write in the snapshots has completed or been taken back
      long now = clock.currentTimeMillis();
      long bytes = 0;
      long freed = 0;
      try {
        for (int i = 0; i < order.size(); i++) {
          bytes += order.get(i).flush(snaps.get(i), seq, now);
          freed += snaps.get(i).heapSize();
        }
      } catch (IOException | RuntimeException e) {
        failure = e instanceof IOException io ? io : new IOException(e);
        LOG.error("flush of region {} failed; it refuses writes until reopened", info, e);
        throw e;
      }
      flushedSeqId = Math.max(flushedSeqId, seq);
      wal.flushCompleted(name(), flushedSeqId);
      services.memoryBudget().add(-freed);
      backpressure.signalFlushed();
      for (Store s : order) {
        if (compactionSelector.worthChecking(s)) {
          services.requestCompaction(this);
          break;
        }
      }
      services.events().flushed(this, bytes, System.nanoTime() - t0);
      return bytes;
    } finally {
      flushLock.unlock();
    }
  }

  /** What one {@link #compact} call did. */
  public record CompactionReport(long bytesRead, java.util.Set<String> majorCompactedFamilies) {}

  /**
   * Runs a minor compaction on every store that needs one, or, when {@code major}, a major
   * compaction of every store with files. A minor compaction that selects every file of a store
   * runs as a major one (it sees every marker, so it may drop them), as in HBase. A store holding
   * references to a split or merge parent's files always compacts, all its files at once.
   */
  public CompactionReport compact(boolean major) throws IOException {
    compactionLock.lock();
    long t0 = System.nanoTime();
    try {
      checkOpen(false);
      long read = 0;
      java.util.Set<String> majors = new java.util.TreeSet<>();
      long now = clock.currentTimeMillis();
      for (Store s : stores.values()) {
        List<StoreFile> files = s.files();
        List<StoreFile> pick = compactionSelector.select(s, files, major, now);
        if (pick.isEmpty()) {
          continue;
        }
        boolean all = pick.size() == files.size();
        read += s.compact(pick, all, now, compactionThrottle);
        if (all) {
          majors.add(s.family().nameAsString());
        }
      }
      if (read > 0) {
        services.events().compacted(this, read, System.nanoTime() - t0);
      }
      return new CompactionReport(read, majors);
    } finally {
      compactionLock.unlock();
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
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
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
    } finally {
      compactionLock.lock();
      try {
        closed = true;
        backpressure.signalFlushed();
        for (Store s : stores.values()) {
          s.close();
        }
        services.memoryBudget().add(-memstoreSize());
        wal.regionClosed(name());
      } finally {
        compactionLock.unlock();
      }
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

  private record ColumnKey(byte[] family, byte[] qualifier) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ColumnKey k && Bytes.equals(family, k.family)
          && Bytes.equals(qualifier, k.qualifier);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(family) + java.util.Arrays.hashCode(qualifier);
    }
  }
}
