package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NavigableMap;
import org.apache.hadoop.conf.Configuration;
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
 * (puts and deletes into the memstores, bulk-load markers through {@link BulkLoad#replay}). The
 * region serves as soon as they are in its memstores: the files stay until the region's first
 * flush has written those edits to SSTables ({@link #flushed}), which then deletes them. Not
 * flushing before serving saves each recovered region an SSTable write (most of its open time
 * under load: 0.7-0.8 s of 1.2-1.4 s in {@code CrashRecoveryTest}); a crash before that flush
 * replays the same files again at the next open. Edits at or below the region's flushed
 * sequence id are skipped, so replaying twice is harmless. Replayed cells keep their sequence
 * ids, and the region's WAL hands out ids above them, so a later split of this server's log
 * never writes a recovered-edits file of the same name.
 *
 * <p>Memory: replay is bounded as writes are, not by the size of the edits. The files are read
 * one entry at a time ({@link RecoveredEdits#replay}); once the region's memstores reach its
 * flush size the replay flushes them, as HBase's does; and past the server's memstore limit it
 * flushes the region's own memstores when they hold a share worth a file
 * ({@link #PRESSURE_SHARE}), or else waits for the open regions' flushes to make room. Each
 * such flush records the sequence id replayed so far, which is safe because the edits come in
 * increasing order: a crash after it replays only the edits above it. Replaying every edit into
 * memory first ran 384 MiB region servers out of heap when a chaos run had them open eight
 * regions of a dead server at once.
 *
 * <p>Thread safety: {@link #replayRecoveredEdits} runs during {@link Region#open}, before any
 * client traffic or flush; {@link #flushed} under the region's flush lock.
 */
final class WalReplayer {
  private static final Logger LOG = LoggerFactory.getLogger(WalReplayer.class);

  private final Region region;
  private final NavigableMap<byte[], Store> stores;
  private final FileSystem fs;
  private final Wal wal;
  private final Mvcc mvcc;
  private final RegionServices services;
  private final long flushSize;
  private final long waitMillis;
  /** Flushes made during the current replay, for its log line. */
  private int replayFlushes;
  /** Recovered-edits files replayed into the memstores and not yet flushed (see the class). */
  private volatile List<Path> unflushedFiles = List.of();
  /** The highest sequence id those files hold. */
  private volatile long unflushedMax;

  /**
   * Past the server's memstore limit, a replaying region flushes its own memstores at once when
   * they hold at least this fraction of the limit: then they are among the largest (the limit
   * is passed with every memstore below it only when more than this many hold memory), and the
   * open regions' flushes, which the server's pressure relief makes, cannot free the replaying
   * region's memory, since it is not open yet.
   */
  static final int PRESSURE_SHARE = 16;

  WalReplayer(Region region, NavigableMap<byte[], Store> stores, FileSystem fs, Wal wal,
      Mvcc mvcc, RegionServices services, Configuration conf) {
    this.region = region;
    this.stores = stores;
    this.fs = fs;
    this.wal = wal;
    this.mvcc = mvcc;
    this.services = services;
    this.flushSize = RegionServerConfig.MEMSTORE_FLUSH_SIZE.get(conf);
    this.waitMillis = RegionServerConfig.WRITE_BLOCK_WAIT.get(conf);
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
   * WAL) that are newer than what is flushed, and keeps the files until a flush covers them
   * ({@link #flushed}); deletes them at once when they held nothing new.
   */
  void replayRecoveredEdits() throws IOException {
    long t0 = System.nanoTime();
    replayFlushes = 0;
    List<Path> files = RecoveredEdits.list(fs, region.dir());
    if (files.isEmpty()) {
      finishReplay();
      return;
    }
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
      try {
        makeRoom();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    });
    long top = region.maxSequenceId();
    wal.advanceTo(top);
    mvcc.advanceTo(top);
    boolean keep = region.memstoreSize() > 0;
    if (keep) {
      unflushedFiles = List.copyOf(files);
      unflushedMax = max;
    } else {
      RecoveredEdits.deleteAll(fs, region.dir()); // nothing newer than the region's files
    }
    LOG.info("region {} replayed {} recovered-edits file(s) up to sequence id {} in {} ms{}{}",
        region.info(), files.size(), max, (System.nanoTime() - t0) / 1_000_000,
        replayFlushes == 0 ? "" : ", flushing " + replayFlushes + " time(s) on the way",
        keep ? "; they stay until its next flush" : "");
  }

  /**
   * After each replayed entry: flushes the region once it holds its flush size, or, past the
   * server's memstore limit, once it holds its {@link #PRESSURE_SHARE}; otherwise, past the
   * limit, asks the open regions to flush and waits up to {@code server.memstore.block.wait}
   * for room, then flushes whatever the region holds rather than go on growing.
   */
  private void makeRoom() throws IOException {
    long own = region.memstoreSize();
    if (own >= flushSize) {
      flushReplayed();
      return;
    }
    MemoryBudget budget = services.memoryBudget();
    if (!budget.aboveLowerLimit()) {
      return;
    }
    services.relievePressure();
    if (!budget.overLimit()) {
      return;
    }
    if (own >= budget.limit() / PRESSURE_SHARE || !budget.awaitBelowLimit(waitMillis)) {
      if (region.memstoreSize() > 0) {
        flushReplayed();
      }
    }
  }

  /**
   * Flushes what has been replayed so far. The WAL and the read point are moved past it first
   * (no reader or writer can see the region before its open returns), as at the end of replay.
   */
  private void flushReplayed() throws IOException {
    long top = region.maxSequenceId();
    wal.advanceTo(top);
    mvcc.advanceTo(top);
    region.flush();
    replayFlushes++;
  }

  /**
   * Called after each flush that recorded every edit up to {@code flushedSeq} in SSTables:
   * deletes the replayed recovered-edits files once it covers them. Deletes exactly the files
   * replayed (not the directory): a file another split added since is not this open's to drop.
   * A failed delete is retried after the next flush (replay skips what is flushed meanwhile).
   * REQUIRES: the region's flush lock.
   */
  void flushed(long flushedSeq) {
    List<Path> files = unflushedFiles;
    if (files.isEmpty() || flushedSeq < unflushedMax) {
      return;
    }
    try {
      for (Path p : files) {
        fs.delete(p, false);
      }
      unflushedFiles = List.of();
    } catch (IOException e) {
      LOG.warn("region {} could not delete its flushed recovered edits {}; trying again after "
          + "the next flush: {}", region.info(), files, e.getMessage());
    }
  }

  /** Whether recovered edits replayed at open still wait for a flush (for tests and status). */
  boolean hasUnflushedRecoveredEdits() {
    return !unflushedFiles.isEmpty();
  }
}
