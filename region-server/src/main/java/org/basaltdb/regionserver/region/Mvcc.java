package org.basaltdb.regionserver.region;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Multi-version concurrency control for one region: the read point below which every write is
 * complete, so a reader never sees part of a write.
 *
 * <p>Writes begin in sequence-id order (the region calls {@link #begin} under its append lock,
 * right after the WAL assigned the id) and may complete in any order; the read point advances
 * over the longest completed prefix.
 *
 * <p>Thread safety: all methods are safe from any thread; state is guarded by {@code this}.
 */
public final class Mvcc {
  /** One write in flight. */
  public static final class WriteEntry {
    final long seq;
    boolean completed;

    WriteEntry(long seq) {
      this.seq = seq;
    }

    public long sequenceId() {
      return seq;
    }
  }

  private final Deque<WriteEntry> queue = new ArrayDeque<>();
  private volatile long readPoint;

  public Mvcc(long initialReadPoint) {
    this.readPoint = initialReadPoint;
  }

  /** The highest sequence id every reader may see. */
  public long readPoint() {
    return readPoint;
  }

  /** REQUIRES: called in increasing {@code seq} order (under the region's append lock). */
  public synchronized WriteEntry begin(long seq) {
    WriteEntry last = queue.peekLast();
    if (seq <= readPoint || (last != null && seq <= last.seq)) {
      throw new IllegalStateException("sequence id " + seq + " is not above " 
          + (last != null ? last.seq : readPoint));
    }
    WriteEntry e = new WriteEntry(seq);
    queue.addLast(e);
    return e;
  }

  /** Marks the write done and advances the read point as far as the completed prefix allows. */
  public synchronized void complete(WriteEntry e) {
    e.completed = true;
    boolean advanced = false;
    while (!queue.isEmpty() && queue.peekFirst().completed) {
      readPoint = queue.pollFirst().seq;
      advanced = true;
    }
    if (advanced) {
      notifyAll();
    }
  }

  /** Completes the write and waits until readers can see it. */
  public void completeAndWait(WriteEntry e) {
    complete(e);
    waitForRead(e.seq);
  }

  /** Waits until the read point reaches {@code seq}. */
  public synchronized void waitForRead(long seq) {
    boolean interrupted = false;
    while (readPoint < seq) {
      try {
        wait();
      } catch (InterruptedException ie) {
        interrupted = true; // a write that is durable must become visible: keep waiting
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every write begun so far has completed; returns the read point then. */
  public long waitForAllBegun() {
    long target;
    synchronized (this) {
      WriteEntry last = queue.peekLast();
      target = last == null ? readPoint : last.seq;
    }
    waitForRead(target);
    return target;
  }

  /** Raises the read point after replaying edits at region open. REQUIRES: no write in flight. */
  public synchronized void advanceTo(long seq) {
    if (!queue.isEmpty()) {
      throw new IllegalStateException("writes in flight");
    }
    readPoint = Math.max(readPoint, seq);
  }
}
