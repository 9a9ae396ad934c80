package org.basaltdb.regionserver.memstore;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;

/**
 * The in-memory, sorted buffer of one store's recent writes: an active skip list that takes
 * writes, and at most one immutable snapshot being flushed.
 *
 * <p>Thread safety: {@link #add} and reads may run concurrently from any threads.
 * {@link #snapshot()} and {@link #clearSnapshot()} are called by the one flusher of the region
 * while writers are held off by the region's update lock. An iterator keeps reading the sets it
 * was opened on, even after a snapshot moves or is cleared, so a scan is never torn by a flush.
 *
 * <p>Visibility: iterators skip cells whose sequence id is above the read point they were given;
 * the region advances its read point only once a write is durable.
 */
public final class MemStore {
  private volatile NavigableSet<Cell> active = newSet();
  private volatile NavigableSet<Cell> snapshot = newSet();
  private final AtomicLong activeHeap = new AtomicLong();
  private volatile long snapshotHeap;
  private final AtomicLong activeMaxSeq = new AtomicLong();
  private volatile long snapshotMaxSeq;

  private static NavigableSet<Cell> newSet() {
    return new ConcurrentSkipListSet<>(CellComparator.INSTANCE);
  }

  /** Adds a cell; returns the heap bytes it added (0 if an identical key was already there). */
  public long add(Cell c) {
    if (!active.add(c)) {
      return 0;
    }
    long delta = c.heapSize();
    activeHeap.addAndGet(delta);
    activeMaxSeq.accumulateAndGet(c.sequenceId(), Math::max);
    return delta;
  }

  /**
   * Takes back a cell whose write failed before it was acknowledged; it may have moved into the
   * snapshot meanwhile. Returns the heap bytes released.
   */
  public long remove(Cell c) {
    if (active.remove(c)) {
      activeHeap.addAndGet(-c.heapSize());
      return c.heapSize();
    }
    if (snapshot.remove(c)) {
      snapshotHeap -= c.heapSize();
      return c.heapSize();
    }
    return 0;
  }

  /**
   * Moves the active set to the snapshot and starts a fresh active set. REQUIRES: no snapshot
   * pending (the previous flush cleared it), and writers held off.
   */
  public Snapshot snapshot() {
    if (!snapshot.isEmpty()) {
      throw new IllegalStateException("a memstore snapshot is already being flushed");
    }
    snapshot = active;
    snapshotHeap = activeHeap.get();
    snapshotMaxSeq = activeMaxSeq.get();
    active = newSet();
    activeHeap.set(0);
    activeMaxSeq.set(0);
    return new Snapshot(snapshot, snapshotHeap, snapshotMaxSeq);
  }

  /** Drops the snapshot once its SSTable is in place. */
  public void clearSnapshot() {
    snapshot = newSet();
    snapshotHeap = 0;
    snapshotMaxSeq = 0;
  }

  /** Heap held by the active set and the snapshot. */
  public long heapSize() {
    return activeHeap.get() + snapshotHeap;
  }

  public long activeHeapSize() {
    return activeHeap.get();
  }

  public boolean isEmpty() {
    return active.isEmpty() && snapshot.isEmpty();
  }

  /** Iterators over the active set and the snapshot, showing cells with sequence id ≤ readPoint. */
  public List<CellIterator> iterators(long readPoint) {
    List<CellIterator> its = new ArrayList<>(2);
    its.add(new SetIterator(active, readPoint));
    NavigableSet<Cell> snap = snapshot;
    if (!snap.isEmpty()) {
      its.add(new SetIterator(snap, readPoint));
    }
    return its;
  }

  /** An immutable view of what one flush writes. */
  public record Snapshot(NavigableSet<Cell> cells, long heapSize, long maxSequenceId) {
    public CellIterator iterator() {
      return new SetIterator(cells, Long.MAX_VALUE);
    }

    public boolean isEmpty() {
      return cells.isEmpty();
    }
  }
}
