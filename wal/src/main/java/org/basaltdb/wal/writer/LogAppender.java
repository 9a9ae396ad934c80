package org.basaltdb.wal.writer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Durability;
import org.basaltdb.wal.format.WalFileWriter;
import org.basaltdb.wal.format.WalFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the ring's edits in ring order and syncs once per batch (group commit).
 *
 * <p>The leader (see {@link RingWriter}) hands this class every published event in order and
 * says which one ends the batch available at that moment. Edits are written as they come; at the
 * end of the batch one hflush (or hsync when any edit in the batch asked for FSYNC_WAL) covers
 * them all, and then their tickets complete. While that sync runs, other writers fill the next
 * batch: the more writers wait, the more edits each sync covers.
 *
 * <p>A failed write or sync never completes a ticket. Instead the handler abandons the file,
 * opens a new one, re-appends every unsynced edit, syncs, and only then completes their tickets.
 * After {@code rollRetries} failed attempts the log enters the failed state: every waiting and
 * later ticket fails with the same exception, and {@link RingWriter#append} throws it (sticky).
 *
 * <p>Fencing: a master that declares this server dead renames its log directory to
 * {@code <server>-splitting} before it reads the files (WalSplitter). On HDFS it also recovers
 * each file's lease, after which this writer's hflush fails. A filesystem without leases (the
 * raw local one) lets an open file be written after the rename, so there every sync is followed
 * by a check that the file is still where it was created, and a file that moved fails the log
 * for good, without retries: an edit is acknowledged only if it reached the file before the
 * rename, hence before the split read it. A paused server that wakes after its regions were
 * reopened elsewhere thus acknowledges nothing more.
 *
 * <p>Thread safety: all fields are GUARDED_BY the ring writer's drain lock; {@link #start} runs
 * before any other thread sees this object.
 */
final class LogAppender {
  private static final Logger LOG = LoggerFactory.getLogger(LogAppender.class);

  /** An edit written but not yet covered by a successful sync. */
  private record Pending(String region, long sequenceId, byte[] record, WalTicket ticket) {}

  private final RingWriter log;
  private final WriterSettings settings;
  private final List<Pending> unsynced = new ArrayList<>();
  private final List<WalTicket> rollWaiters = new ArrayList<>();
  private WalFileWriter out;
  private long fileCreatedMillis;
  private int fileCounter;
  private boolean needSync;
  private boolean needFsync;
  private boolean tick;
  private IOException broken;
  private WalTicket closeWaiter;

  LogAppender(RingWriter log, WriterSettings settings) {
    this.log = log;
    this.settings = settings;
    this.checkFence = !(log.fs() instanceof org.apache.hadoop.fs.LeaseRecoverable);
  }

  /** Whether each sync checks that the file was not moved away (no leases fence the writer). */
  private final boolean checkFence;

  /** The log directory was renamed by a master splitting it: this server is declared dead. */
  static final class FencedException extends IOException {
    FencedException(String message) {
      super(message);
    }
  }

  /** After a sync: throws if the file moved (see "Fencing" above). */
  private void checkNotFenced(WalFileWriter w) throws IOException {
    if (checkFence && !log.fs().exists(w.path())) {
      throw new FencedException("WAL file " + w.path() + " was moved away after this server "
          + "was declared dead and its log split (its directory renamed "
          + "-splitting); nothing more is acknowledged and the server must abort");
    }
  }

  /** Opens the first file; called before the consumer thread starts. */
  void start() throws IOException {
    // Continue the counter of files already here (a restarted server reusing its directory),
    // so a new name never sorts before or collides with an old one.
    for (org.apache.hadoop.fs.FileStatus st : log.fs().listStatus(log.walDir())) {
      String[] parts = st.getPath().getName().split("\\.");
      if (parts.length == 3 && parts[0].equals("wal")) {
        try {
          fileCounter = Math.max(fileCounter, Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
    openNewFile();
  }

  /** Handles one event; the caller clears its slot. */
  void onEvent(RingEvent ev, boolean endOfBatch) {
    handle(ev);
    if (endOfBatch) {
      endBatch();
    }
  }

  private void handle(RingEvent ev) {
    switch (ev.kind) {
      case APPEND: {
        WalTicket t = ev.ticket;
        if (log.failure() != null || out == null) {
          t.fail(failedOrClosed());
          return;
        }
        unsynced.add(new Pending(ev.region, ev.sequenceId, ev.record, t));
        log.tracker().noteAppend(out.path(), ev.region, ev.sequenceId);
        log.stats().appended(ev.record == null ? 0 : ev.record.length);
        if (broken == null) {
          try {
            out.append(ev.record, ev.sequenceId);
          } catch (IOException e) {
            broken = e;
          }
        }
        if (t.durability() == Durability.FSYNC_WAL) {
          needFsync = true;
          needSync = true;
        } else if (t.durability() == Durability.SYNC_WAL) {
          needSync = true;
        } else {
          log.asyncPending = true;
        }
        return;
      }
      case TICK:
        tick = true;
        return;
      case ROLL:
        rollWaiters.add(ev.ticket);
        return;
      case CLOSE:
        closeWaiter = ev.ticket;
        return;
      case NOOP:
      default:
    }
  }

  private IOException failedOrClosed() {
    IOException f = log.failure();
    return f != null ? new IOException(f.getMessage(), f) : new IOException("WAL is closed");
  }

  private void endBatch() {
    boolean periodDue = out != null
        && log.clock().currentTimeMillis() - fileCreatedMillis >= settings.rollPeriodMillis();
    boolean rollDue = !rollWaiters.isEmpty() || periodDue
        || (out != null && out.length() >= settings.rollSize());
    if (out != null && log.failure() == null
        && (needSync || broken != null || tick || rollDue || closeWaiter != null)
        && (!unsynced.isEmpty() || broken != null)) {
      sync();
    }
    tick = false;
    if (out != null && log.failure() == null && closeWaiter == null && rollDue) {
      roll();
    }
    for (WalTicket t : rollWaiters) {
      complete(t);
    }
    rollWaiters.clear();
    if (closeWaiter != null) {
      closeFile();
      complete(closeWaiter);
      closeWaiter = null;
    }
  }

  private void complete(WalTicket t) {
    if (log.failure() != null) {
      t.fail(failedOrClosed());
    } else {
      t.complete();
    }
  }

  private void sync() {
    try {
      if (broken != null) {
        throw broken;
      }
      long t0 = System.nanoTime();
      if (needFsync) {
        out.hsync();
      } else {
        out.hflush();
      }
      checkNotFenced(out);
      log.stats().synced(unsynced.size(), System.nanoTime() - t0);
      acknowledge();
    } catch (FencedException e) {
      log.stats().syncFailed();
      LOG.error("WAL fenced: {}", e.getMessage());
      failForGood(e);
    } catch (IOException e) {
      log.stats().syncFailed();
      LOG.warn("WAL write or sync to {} failed; rolling to a new file and re-appending {}"
          + " unsynced edits", out.path(), unsynced.size(), e);
      recover(e);
    }
  }

  private void acknowledge() {
    for (Pending p : unsynced) {
      p.ticket().complete();
    }
    unsynced.clear();
    needSync = false;
    needFsync = false;
    log.asyncPending = false;
  }

  /** Abandons the current file and rewrites the unsynced edits to a new one, or fails the log. */
  private void recover(IOException cause) {
    for (int attempt = 1; attempt <= settings.rollRetries(); attempt++) {
      if (out != null) {
        out.abort();
        out = null;
      }
      try {
        openNewFile();
        for (Pending p : unsynced) {
          log.tracker().noteAppend(out.path(), p.region(), p.sequenceId());
          out.append(p.record(), p.sequenceId());
        }
        if (needFsync) {
          out.hsync();
        } else {
          out.hflush();
        }
        checkNotFenced(out);
        broken = null;
        acknowledge();
        LOG.info("WAL recovered on {} after attempt {}", out.path(), attempt);
        afterRoll();
        return;
      } catch (FencedException e) {
        failForGood(e);
        return;
      } catch (IOException e) {
        LOG.warn("WAL roll attempt {} of {} failed", attempt, settings.rollRetries(), e);
        cause.addSuppressed(e);
      }
    }
    failForGood(new IOException("WAL " + log.walDir() + " has failed: no new file"
        + " could be written after " + settings.rollRetries() + " attempts; it accepts no more"
        + " writes and the server must abort", cause));
  }

  /** Enters the failed state: every unsynced and later edit fails with {@code failed}. */
  private void failForGood(IOException failed) {
    if (out != null) {
      out.abort();
      out = null;
    }
    log.fail(failed);
    for (Pending p : unsynced) {
      p.ticket().fail(failed);
    }
    unsynced.clear();
  }

  /** Closes the current file cleanly (everything is synced) and opens the next. */
  private void roll() {
    WalFileWriter old = out;
    try {
      old.close();
    } catch (IOException e) {
      // Every edit in it is synced already; the file just lacks its trailer.
      LOG.warn("closing rolled WAL file {} failed", old.path(), e);
      old.abort();
    }
    out = null;
    try {
      openNewFile();
      LOG.debug("rolled WAL {} -> {}", old.path(), out.path());
      afterRoll();
    } catch (IOException e) {
      LOG.warn("opening a new WAL file failed", e);
      recover(e);
    }
  }

  private void afterRoll() {
    log.stats().rolled();
    log.rolled();
  }

  private void openNewFile() throws IOException {
    long now = log.clock().currentTimeMillis();
    // Name: first sequence id it may hold, then a counter; both sort in creation order.
    Path p = new Path(log.walDir(), String.format(Locale.ROOT, "wal.%020d.%06d",
        log.highestSequenceId() + 1, ++fileCounter));
    WalFileWriter w = WalFileWriter.create(log.fs(), p, WalFormat.KIND_WAL, log.serverName(),
        now);
    log.tracker().newFile(p);
    out = w;
    try {
      w.hflush();
    } catch (IOException e) {
      w.abort();
      out = null;
      throw e;
    }
    fileCreatedMillis = now;
    log.currentFile = p;
  }

  private void closeFile() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("closing WAL file {} failed", out.path(), e);
      out.abort();
    }
    out = null;
  }
}
