package org.basaltdb.wal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the WAL's writer thread has done since it opened: edits appended, syncs (group commits)
 * and the edits they covered, rolls, failed syncs; and an {@link SyncObserver} told of each sync
 * as it completes (the region server times them into a histogram). Counters are updated by the
 * writer thread only and read by anyone; the observer runs on the writer thread, so it must be
 * cheap and never block.
 */
public final class WalStats {
  /** Told of each successful sync: the edits it made durable and how long it took. */
  public interface SyncObserver {
    void synced(int edits, long nanos);
  }

  final LongAdder appends = new LongAdder();
  final LongAdder appendedBytes = new LongAdder();
  final LongAdder syncs = new LongAdder();
  final LongAdder syncedEdits = new LongAdder();
  final LongAdder rolls = new LongAdder();
  final LongAdder failedSyncs = new LongAdder();
  private volatile SyncObserver observer = (edits, nanos) -> { };

  public long appends() {
    return appends.sum();
  }

  public long appendedBytes() {
    return appendedBytes.sum();
  }

  public long syncs() {
    return syncs.sum();
  }

  public long syncedEdits() {
    return syncedEdits.sum();
  }

  public long rolls() {
    return rolls.sum();
  }

  public long failedSyncs() {
    return failedSyncs.sum();
  }

  public void setSyncObserver(SyncObserver o) {
    this.observer = o;
  }

  /** For the writer: {@code edits} were made durable by one sync of {@code nanos}. */
  public void synced(int edits, long nanos) {
    syncs.increment();
    syncedEdits.add(edits);
    observer.synced(edits, nanos);
  }

  /** For the writer: one edit of {@code bytes} appended. */
  public void appended(int bytes) {
    appends.increment();
    appendedBytes.add(bytes);
  }

  /** For the writer: a sync failed (the writer rolls and re-appends). */
  public void syncFailed() {
    failedSyncs.increment();
  }

  /** For the writer: a new file was started. */
  public void rolled() {
    rolls.increment();
  }
}
