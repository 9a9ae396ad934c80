package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.basaltdb.common.Clock;
import org.basaltdb.regionserver.compaction.CompactionRunner;
import org.basaltdb.regionserver.memstore.MemStore;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.wal.Wal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a region's memstores to SSTables: snapshots every memstore at one sequence id (taking
 * the region's update lock alone, so no batch is half in), waits until every write in the
 * snapshots has completed or been taken back, writes each store's file, then tells the WAL the
 * region is flushed to that id, frees the memory and wakes writers held back by
 * {@link Backpressure}. Asks for a compaction when a store has gathered enough files.
 *
 * <p>A failed flush puts the region into its sticky failed state ({@link Region#fail}): nothing
 * acknowledged is lost, since the WAL still holds it: the server aborts, and the region's next
 * open, after its log is split, replays it.
 *
 * <p>Thread safety: REQUIRES the region's flush lock ({@link Region#flush} takes it), so one
 * flush runs at a time.
 */
final class Flusher {
  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

  private final Region region;
  private final NavigableMap<byte[], Store> stores;
  private final Wal wal;
  private final Mvcc mvcc;
  private final Clock clock;
  private final RegionServices services;
  private final Backpressure backpressure;
  private final CompactionRunner compactions;

  Flusher(Region region, NavigableMap<byte[], Store> stores, Wal wal, Mvcc mvcc, Clock clock,
      RegionServices services, Backpressure backpressure, CompactionRunner compactions) {
    this.region = region;
    this.stores = stores;
    this.wal = wal;
    this.mvcc = mvcc;
    this.clock = clock;
    this.services = services;
    this.backpressure = backpressure;
    this.compactions = compactions;
  }

  /** Writes every memstore to a new SSTable; returns the bytes written. REQUIRES: flush lock. */
  long flush() throws IOException {
    long t0 = System.nanoTime();
    IOException failure = region.failure();
    if (failure != null) {
      throw new IOException("region " + region.info() + " failed earlier", failure);
    }
    List<MemStore.Snapshot> snaps = new ArrayList<>();
    List<Store> order = new ArrayList<>(stores.values());
    long seq;
    region.updateLock().writeLock().lock();
    try {
      seq = region.lastAppendedSequenceId();
      for (Store s : order) {
        snaps.add(s.memstore().snapshot());
      }
      wal.flushStarted(region.name());
    } finally {
      region.updateLock().writeLock().unlock();
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
      region.fail(e);
      LOG.error("flush of region {} failed; it refuses writes, and its server aborts so that its "
          + "edits are recovered from the WAL", region.info(), e);
      throw e;
    }
    long flushed = region.flushedTo(seq);
    wal.flushCompleted(region.name(), flushed);
    region.replayedEditsFlushedTo(flushed);
    services.memoryBudget().add(-freed);
    backpressure.signalFlushed();
    if (compactions.worthChecking(order)) {
      services.requestCompaction(region);
    }
    services.events().flushed(region, bytes, System.nanoTime() - t0);
    return bytes;
  }
}
