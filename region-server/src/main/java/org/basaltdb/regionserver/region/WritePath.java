package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
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
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.wal.Wal;

/**
 * A region's mutation batches, from request to acknowledgement: validates each mutation, waits
 * for memstore room ({@link Backpressure}), takes the rows' locks, stamps server time and expands
 * deletes, then {@link #apply applies} the cells in the write order {@link Region} states: WAL
 * append (under the region's append lock, which assigns the sequence id and begins the MVCC
 * entry) → memstores → WAL sync → read point advances. Read-modify-write operations (increment,
 * append, check-and-mutate) read the row under its lock through {@link Region#get}.
 *
 * <p>Thread safety: called concurrently by every writer; rows are serialized by {@link RowLocks},
 * which this class owns, and the region's update lock is held (read side) from WAL append to
 * memstore insert, so a flush's snapshot never sees half a batch.
 */
final class WritePath {
  private final Region region;
  private final NavigableMap<byte[], Store> stores;
  private final Wal wal;
  private final Mvcc mvcc;
  private final Clock clock;
  private final RegionServices services;
  private final RowLocks rowLocks;
  private final Backpressure backpressure;
  private final int maxValueSize;

  /** {@code stores} is the region's own map (filled once at open, then read only). */
  WritePath(Region region, NavigableMap<byte[], Store> stores, Wal wal, Mvcc mvcc, Clock clock,
      RegionServices services, RowLocks rowLocks, Backpressure backpressure, int maxValueSize) {
    this.region = region;
    this.stores = stores;
    this.wal = wal;
    this.mvcc = mvcc;
    this.clock = clock;
    this.services = services;
    this.rowLocks = rowLocks;
    this.backpressure = backpressure;
    this.maxValueSize = maxValueSize;
  }

  /** Applies puts and deletes atomically (all rows of the batch are locked together). */
  void mutate(List<? extends Mutation> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    region.checkOpen(true);
    List<byte[]> rows = new ArrayList<>(batch.size());
    for (Mutation m : batch) {
      checkMutation(m);
      rows.add(m.row());
    }
    backpressure.awaitRoom(region);
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
    backpressure.afterWrite(region);
  }

  /** Applies a {@link RowMutations} atomically, in order (a later put over an earlier delete wins). */
  void mutateRow(RowMutations rm) throws IOException {
    region.checkOpen(true);
    Limits.checkRow(rm.row());
    checkRowInRange(rm.row());
    for (Mutation m : rm.mutations()) {
      checkMutation(m);
    }
    backpressure.awaitRoom(region);
    try (RowLocks.Held held = rowLocks.lock(rm.row())) {
      applyRowMutations(rm);
    }
    backpressure.afterWrite(region);
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

  Result increment(Increment inc) throws IOException {
    List<byte[]> families = new ArrayList<>(inc.columns().size());
    for (Increment.Column c : inc.columns()) {
      families.add(c.family());
    }
    List<Cell> out = readModifyWrite(inc.row(), families, inc.durability(), now -> {
      List<Cell> cells = new ArrayList<>();
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
        cells.add(Cell.put(inc.row(), e.getKey().family, e.getKey().qualifier,
            timestampAfter(cur, now), Bytes.toBytes(base + e.getValue())));
      }
      return cells;
    });
    return inc.returnResults() ? Result.of(out) : Result.EMPTY;
  }

  Result append(Append app) throws IOException {
    List<byte[]> families = new ArrayList<>(app.columns().size());
    for (Append.Column c : app.columns()) {
      families.add(c.family());
    }
    List<Cell> out = readModifyWrite(app.row(), families, app.durability(), now -> {
      List<Cell> cells = new ArrayList<>();
      for (Append.Column c : app.columns()) {
        Cell cur = latest(app.row(), c.family(), c.qualifier(), TimeRange.ALL);
        for (Cell pending : cells) { // the same column twice in one append
          if (Bytes.equals(pending.family(), c.family())
              && Bytes.equals(pending.qualifier(), c.qualifier())) {
            cur = pending;
          }
        }
        byte[] v = cur == null ? c.value() : Bytes.concat(cur.value(), c.value());
        Limits.checkValue(v, maxValueSize);
        cells.removeIf(x -> Bytes.equals(x.family(), c.family())
            && Bytes.equals(x.qualifier(), c.qualifier()));
        cells.add(Cell.put(app.row(), c.family(), c.qualifier(), timestampAfter(cur, now), v));
      }
      return cells;
    });
    return app.returnResults() ? Result.of(out) : Result.EMPTY;
  }

  /** What a read-modify-write writes, computed under the row's lock at server time {@code now}. */
  private interface RowUpdate {
    List<Cell> cells(long now) throws IOException;
  }

  /**
   * An increment's or append's frame: validates the row and families, waits for room, and under
   * the row's lock computes the new cells from the current ones and applies them. Returns the
   * cells written, sorted.
   */
  private List<Cell> readModifyWrite(byte[] row, List<byte[]> families, Durability durability,
      RowUpdate update) throws IOException {
    region.checkOpen(true);
    checkRowInRange(row);
    for (byte[] f : families) {
      requireFamily(f);
    }
    backpressure.awaitRoom(region);
    List<Cell> out;
    try (RowLocks.Held held = rowLocks.lock(row)) {
      out = update.cells(clock.currentTimeMillis());
      apply(out, durability);
    }
    backpressure.afterWrite(region);
    out.sort(org.basaltdb.common.CellComparator.INSTANCE);
    return out;
  }

  /** Never stamps a new version below the one it replaces (the clock may step back). */
  private static long timestampAfter(Cell cur, long now) {
    return cur == null || cur.timestamp() < now ? now : cur.timestamp();
  }

  /**
   * Checks the condition and, if it holds, applies the action, all under the row lock. Returns
   * whether the action was applied.
   */
  boolean checkAndMutate(CheckAndMutate cam) throws IOException {
    region.checkOpen(true);
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
    backpressure.awaitRoom(region);
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
    backpressure.afterWrite(region);
    return applied;
  }

  /** The newest visible version of one column. Called under the row lock. */
  private Cell latest(byte[] row, byte[] family, byte[] qualifier, TimeRange tr)
      throws IOException {
    Get g = new Get(row).addColumn(family, qualifier).setTimeRange(tr);
    return region.get(g).latest(family, qualifier);
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
    if (!region.info().containsRow(row)) {
      throw new WrongRegionException("row '" + Bytes.toStringBinary(row)
          + "' is outside region " + region.info());
    }
  }

  private void requireFamily(byte[] f) {
    if (!stores.containsKey(f)) {
      throw ReadPath.noSuchFamily(f, region.table().name());
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
      d = region.table().durability();
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
    Region.Appended appended;
    long added;
    region.updateLock().readLock().lock();
    try {
      region.checkOpen(true);
      appended = region.appendToWal(
          () -> wal.append(region.name(), region.info().table(), cells, resolve(durability)));
      added = addToMemstores(appended.ticket().cells());
    } finally {
      region.updateLock().readLock().unlock();
    }
    Wal.Ticket ticket = appended.ticket();
    Mvcc.WriteEntry entry = appended.entry();
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