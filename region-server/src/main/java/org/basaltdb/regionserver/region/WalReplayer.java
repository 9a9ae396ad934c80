package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NavigableMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.wal.RecoveredEdits;
import org.basaltdb.wal.Wal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a region opened from its files up to date with the edits that were only in a WAL: the
 * {@code recovered.edits} files that splitting a dead server's log left in the region's directory
 * (puts and deletes into the memstores, bulk-load markers through {@link BulkLoad#replay}), then
 * a flush, so the edits' source is no longer needed. Edits at or below the region's flushed
 * sequence id are skipped, so replaying twice (a crash during open) is harmless. Replayed cells
 * keep their sequence ids.
 *
 * <p>Thread safety: runs during {@link Region#open}, before any client traffic.
 */
final class WalReplayer {
  private static final Logger LOG = LoggerFactory.getLogger(WalReplayer.class);

  private final Region region;
  private final NavigableMap<byte[], Store> stores;
  private final FileSystem fs;
  private final Wal wal;
  private final Mvcc mvcc;
  private final RegionServices services;

  WalReplayer(Region region, NavigableMap<byte[], Store> stores, FileSystem fs, Wal wal,
      Mvcc mvcc, RegionServices services) {
    this.region = region;
    this.stores = stores;
    this.fs = fs;
    this.wal = wal;
    this.mvcc = mvcc;
    this.services = services;
  }

  /**
   * Applies edits from the WAL at open time, skipping those already flushed. Cells keep their
   * sequence ids. REQUIRES: no client traffic yet.
   */
  void replay(long sequenceId, List<Cell> cells) {
    if (sequenceId <= region.flushedSequenceId()) {
      return;
    }
    long added = 0;
    for (Cell c : cells) {
      Store s = stores.get(c.family());
      if (s == null) {
        LOG.warn("dropping replayed edit for family {} that region {} no longer has",
            Bytes.toStringBinary(c.family()), region.info());
        continue;
      }
      added += s.memstore().add(new Cell(c.row(), s.family().name(), c.qualifier(),
          c.timestamp(), c.type(), sequenceId, c.value()));
    }
    services.memoryBudget().add(added);
    region.replayedTo(sequenceId);
  }

  /**
   * Ends replay: makes the replayed edits visible and flushes them, so the edits they came from
   * are no longer needed. The WAL must already hand out ids above every replayed one.
   */
  void finishReplay() throws IOException {
    long max = region.maxSequenceId();
    wal.advanceTo(max);
    mvcc.advanceTo(max);
    if (region.memstoreSize() > 0) {
      region.flush();
    }
  }

  /**
   * Replays the region's {@code recovered.edits} files (written by splitting a dead server's
   * WAL) that are newer than what is flushed, flushes, then deletes the files. A crash in between
   * is harmless: replay skips sequence ids already flushed.
   */
  void replayRecoveredEdits() throws IOException {
    long t0 = System.nanoTime();
    List<Path> files = RecoveredEdits.list(fs, region.dir());
    if (!files.isEmpty()) {
      long max = RecoveredEdits.replay(fs, region.dir(), region.flushedSequenceId(), e -> {
        if (e.isBulkLoad()) {
          try {
            BulkLoad.replay(region, fs, e);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          region.replayedTo(e.sequenceId());
        } else {
          replay(e.sequenceId(), e.cells());
        }
      });
      long t1 = System.nanoTime();
      finishReplay();
      RecoveredEdits.deleteAll(fs, region.dir());
      LOG.info("region {} replayed {} recovered-edits file(s) up to sequence id {} in {} ms, "
          + "flushed them in {} ms", region.info(), files.size(), max, (t1 - t0) / 1_000_000,
          (System.nanoTime() - t1) / 1_000_000);
    } else {
      finishReplay();
    }
  }
}
