package org.basaltdb.wal.writer;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.Wal;
import org.basaltdb.wal.format.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's write path: many threads publish edits to an LMAX Disruptor ring buffer, and the
 * edits are written and group-committed by {@link LogAppender}, run by whichever waiting thread
 * finds nobody else writing (leader/follower). Public only so {@code FSWal} can build it;
 * regions use {@code FSWal}.
 *
 * <p>Sequence ids: {@link #append} takes the next id and claims the next ring slot under one
 * short lock, so ring order, file order and id order agree: ids strictly increase in the file.
 * Encoding happens outside the lock, in the appending thread.
 *
 * <p>Leader/follower. A thread that waits for its edit first tries to take {@link #drainLock};
 * if it gets it, it is the leader: it writes every published edit in ring order, syncs once,
 * completes their tickets, and goes on while its own edit is not done. A thread that finds the
 * lock taken parks: the leader completes its ticket, or hands the lock on to it. Compared with
 * one consumer thread, a leader's edit costs no wake-up of another thread and no park of its
 * own, and on this kind of machine each of those is a measurable share of an insert.
 *
 * <p>The rule that keeps every published edit moving: a thread that publishes and then fails to
 * take the lock leaves its edit to the holder, and a holder, after releasing the lock, looks
 * again; a thread that finds the next edit unpublished leaves it to that edit's publisher. Both
 * checks are store-then-load across threads (publish then try the lock, against release the lock
 * then read what is published), so each side puts a full fence between them. A publisher tries
 * in {@code Ticket.await()}, every durability but SKIP_WAL, so never under a region's locks. The
 * ticker drains too, as a backstop for an edit whose publisher never awaits (it failed between
 * append and await) or whose waiter gave up (timeout) just as it was handed the lock.
 *
 * <p>A ticker thread publishes a TICK every half {@code wal.async.sync.interval} while ASYNC_WAL
 * edits wait, and checks the roll period; it also runs the flush-requester callback, so the
 * writing thread never calls out.
 *
 * <p>Failed state: see {@link LogAppender}. Once failed, {@link #append} throws the failure.
 */
public final class RingWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RingWriter.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final FileSystem fs;
  private final Path walDir;
  private final Path oldWalDir;
  private final String serverName;
  private final Clock clock;
  private final WriterSettings settings;
  private final FileTracker tracker = new FileTracker();
  private final org.basaltdb.wal.WalStats stats = new org.basaltdb.wal.WalStats();
  private final RingBuffer<RingEvent> ring;
  /** The last ring sequence written; the ring's gating sequence. GUARDED_BY(drainLock) for writes. */
  private final Sequence consumed = new Sequence(-1);
  /** Held by the thread writing the log (the leader). */
  private final ReentrantLock drainLock = new ReentrantLock();
  private final LogAppender appender;
  private final ScheduledExecutorService ticker;
  private final Object appendLock = new Object();

  /** GUARDED_BY(appendLock) for writes. */
  private volatile long sequence;
  /** GUARDED_BY(appendLock). */
  private boolean closed;
  private volatile IOException failure;
  private volatile Consumer<String> flushRequester = r -> {};
  /** Set by the consumer while ASYNC_WAL edits wait for a sync. */
  volatile boolean asyncPending;
  volatile Path currentFile;

  public RingWriter(FileSystem fs, Path walDir, Path oldWalDir, String serverName,
      long startSequenceId, WriterSettings settings, Clock clock) throws IOException {
    this.fs = fs;
    this.walDir = walDir;
    // Each server's files archive to their own directory: every server numbers its files from 1.
    this.oldWalDir = new Path(oldWalDir, walDir.getName());
    this.serverName = serverName;
    this.clock = clock;
    this.settings = settings;
    this.sequence = startSequenceId;
    fs.mkdirs(walDir);
    // This server's own archive directory (the parameter is the archive's root): archiving is a
    // rename into it, and where it is missing the raw local filesystem's rename does not fail but
    // falls back to copying the file and deleting the original. Made under the root only, the
    // first archive of every standalone server was such a copy: the file showed in the archive
    // empty, then filled up with a new modification time, which the master's cleaner read.
    fs.mkdirs(this.oldWalDir);
    int id = INSTANCES.incrementAndGet();
    this.fileOpenedMillis = clock.currentTimeMillis();
    this.appender = new LogAppender(this, settings);
    appender.start();
    this.ring = RingBuffer.createMultiProducer(RingEvent::new, settings.ringSlots());
    ring.addGatingSequences(consumed);
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("wal-ticker-" + id).setDaemon(true).build());
    long tick = Math.max(1, settings.asyncSyncIntervalMillis() / 2);
    ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** See {@link Wal#append}. */
  public Wal.Ticket append(String region, TableName table, List<Cell> cells,
      Durability durability) throws IOException {
    return append(region, cells, durability,
        (seq, now) -> RecordCodec.encodeEntry(region, table, seq, now, cells));
  }

  /** See {@link Wal#appendBulkLoad}. */
  public Wal.Ticket appendBulkLoad(String region, TableName table,
      org.basaltdb.wal.BulkLoadMarker marker) throws IOException {
    return append(region, List.of(), Durability.FSYNC_WAL,
        (seq, now) -> RecordCodec.encodeBulkLoad(region, table, seq, now, marker));
  }

  /** Encodes one record once its sequence id and write time are known. */
  private interface Encoder {
    byte[] encode(long sequenceId, long writeTime);
  }

  private Wal.Ticket append(String region, List<Cell> cells, Durability durability,
      Encoder encoder) throws IOException {
    if (durability == Durability.USE_DEFAULT) {
      throw new IllegalArgumentException("resolve USE_DEFAULT before appending");
    }
    IOException f = failure;
    if (f != null) {
      throw new IOException(f.getMessage(), f);
    }
    long now = clock.currentTimeMillis();
    long seq;
    long slot = -1;
    synchronized (appendLock) {
      if (closed) {
        throw new IOException("WAL " + walDir + " is closed");
      }
      seq = sequence + 1;
      if (durability != Durability.SKIP_WAL) {
        slot = ring.next();
      }
      sequence = seq;
    }
    List<Cell> stamped = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      stamped.add(c.withSequenceId(seq));
    }
    WalTicket t = new WalTicket(this, seq, stamped, durability, settings.syncTimeoutMillis());
    if (slot < 0) {
      t.complete();
      return t;
    }
    RingEvent ev = ring.get(slot);
    try {
      ev.record = encoder.encode(seq, now);
      ev.kind = RingEvent.Kind.APPEND;
      ev.region = region;
      ev.sequenceId = seq;
      ev.ticket = t;
    } catch (RuntimeException e) {
      ev.clear();
      ev.kind = RingEvent.Kind.NOOP;
      throw e;
    } finally {
      ring.publish(slot);
    }
    return t;
  }

  /** Rolls to a new file and returns once the new file is open. */
  public void roll() throws IOException {
    control(RingEvent.Kind.ROLL).awaitDone();
  }

  private WalTicket control(RingEvent.Kind kind) throws IOException {
    WalTicket t =
        new WalTicket(this, -1, List.of(), Durability.SYNC_WAL, settings.syncTimeoutMillis());
    long slot;
    synchronized (appendLock) {
      if (closed) {
        throw new IOException("WAL " + walDir + " is closed");
      }
      if (kind == RingEvent.Kind.CLOSE) {
        closed = true;
      }
      slot = ring.next();
    }
    RingEvent ev = ring.get(slot);
    ev.kind = kind;
    ev.ticket = t;
    ring.publish(slot);
    return t;
  }

  private void tick() {
    if (asyncPending || rollPeriodPossiblyDue()) {
      try {
        long slot = ring.tryNext();
        ring.get(slot).kind = RingEvent.Kind.TICK;
        ring.publish(slot);
      } catch (InsufficientCapacityException e) {
        // The ring is full: its edits get synced at the end of the batch that writes them.
      }
    }
    drain(null);
  }

  /**
   * Waits until {@code t} is done, leading whenever nobody else is writing. Parks otherwise: the
   * leader completes {@code t}, or unparks this thread to take over.
   *
   * @throws IOException when the deadline passes first (the edit's fate is then unknown)
   */
  void await(WalTicket t, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    t.setWaiter(Thread.currentThread());
    try {
      while (!t.isDone()) {
        drain(t);
        if (t.isDone()) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException("sequence id " + t.sequenceId() + " not synced within "
              + timeoutMillis + " ms (wal.sync.timeout); its fate is unknown, do not acknowledge"
              + " it");
        }
        LockSupport.parkNanos(this, left);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for the WAL sync");
        }
      }
    } finally {
      t.setWaiter(null);
    }
  }

  /**
   * For an edit nobody waits for (ASYNC_WAL): writes what is published unless another thread is
   * writing. Called from {@code Ticket.await()}, not from {@link #append}, so it never runs
   * under the caller's locks (a region appends under its own).
   */
  void writeWithoutWaiting() {
    drain(null);
  }

  /**
   * Writes published events while there are some and this thread can take the drain lock.
   * Returns when nothing at the head of the ring is published (its publisher will drain it),
   * when another thread holds the lock (it answers for what is published), or when
   * {@code mine} is done and a parked waiter has been handed the rest. {@code mine} is null
   * for a thread that does not wait.
   */
  private void drain(WalTicket mine) {
    while (true) {
      VarHandle.fullFence(); // our publish (or unlock) before reading the head: see the class doc
      if (!ring.isAvailable(consumed.get() + 1)) {
        return;
      }
      if (drainLock.isLocked()) {
        return; // the holder looks again after releasing it
      }
      if ((mine == null || mine.isDone()) && handOff()) {
        return;
      }
      if (!drainLock.tryLock()) {
        return;
      }
      // A leader's sync must not fail because its request thread was interrupted.
      boolean interrupted = Thread.interrupted();
      try {
        drainBatch();
      } finally {
        drainLock.unlock();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Unparks a thread waiting for one of the published, unwritten edits, which then leads;
   * returns false when none waits. The slots are read without the lock, so an entry may be
   * cleared or reused meanwhile: waking the wrong waiter costs one spurious wake-up, and a
   * missed one leaves the work to this thread.
   */
  private boolean handOff() {
    long cursor = ring.getCursor();
    for (long s = consumed.get() + 1; s <= cursor && ring.isAvailable(s); s++) {
      WalTicket t = ring.get(s).ticket;
      Thread w = t == null ? null : t.waiter();
      if (w != null && w != Thread.currentThread()) {
        LockSupport.unpark(w);
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the published events from the head on, then ends the batch; none when another leader
   * wrote them between the caller's look and its taking the lock. REQUIRES: drainLock.
   */
  private void drainBatch() {
    long first = consumed.get() + 1;
    long last = first - 1;
    long cursor = ring.getCursor();
    while (last < cursor && ring.isAvailable(last + 1)) {
      last++;
    }
    for (long s = first; s <= last; s++) {
      RingEvent ev = ring.get(s);
      try {
        appender.onEvent(ev, s == last);
      } catch (RuntimeException | Error e) {
        failOnBug(e, ev);
      } finally {
        ev.clear();
        consumed.set(s);
      }
    }
  }

  /** A bug in the writer (not an I/O error) fails the log rather than stalling it. */
  private void failOnBug(Throwable ex, RingEvent event) {
    IOException e = new IOException("WAL writer failed unexpectedly", ex);
    if (failure == null) {
      fail(e);
    }
    if (event.ticket != null) {
      event.ticket.fail(e);
    }
    if (ex instanceof Error err) {
      throw err;
    }
  }

  private volatile long fileOpenedMillis;

  private boolean rollPeriodPossiblyDue() {
    return clock.currentTimeMillis() - fileOpenedMillis >= settings.rollPeriodMillis();
  }

  /** Called by the consumer after every roll: archive what is flushed, request flushes. */
  void rolled() {
    fileOpenedMillis = clock.currentTimeMillis();
    ticker.execute(() -> {
      archive();
      List<String> regions = tracker.regionsToFlush(settings.maxFiles());
      for (String r : regions) {
        LOG.info("{} live WAL files exceed wal.max.files={}: asking region {} to flush",
            tracker.liveFiles().size(), settings.maxFiles(), r);
        flushRequester.accept(r);
      }
    });
  }

  /** Moves every live file whose edits are all flushed to the old-logs directory. */
  public void archive() {
    List<Path> archivable = tracker.takeArchivable();
    if (!archivable.isEmpty()) {
      try {
        // The master deletes a server's archive directory only when the server is not alive,
        // but if it is gone anyway, make it again, before a rename into it (see the
        // constructor: on the local filesystem a rename into a missing directory copies).
        fs.mkdirs(oldWalDir);
      } catch (IOException e) {
        LOG.warn("could not make the WAL archive directory {}", oldWalDir, e);
      }
    }
    for (Path p : archivable) {
      Path target = new Path(oldWalDir, p.getName());
      try {
        if (!fs.rename(p, target) && !(fs.mkdirs(oldWalDir) && fs.rename(p, target))) {
          throw new IOException("rename returned false");
        }
        LOG.debug("archived WAL {} to {}", p, target);
      } catch (IOException e) {
        LOG.warn("archiving WAL {} failed; will retry after the next flush", p, e);
        tracker.restore(p, null);
      }
    }
  }

  public void flushStarted(String region) {
    tracker.flushStarted(region);
  }

  public void flushCompleted(String region, long flushedSequenceId) {
    tracker.flushCompleted(region, flushedSequenceId);
    archive();
  }

  public void regionClosed(String region) {
    tracker.regionClosed(region);
  }

  public void setFlushRequester(Consumer<String> requester) {
    this.flushRequester = requester;
  }

  /** What the writer thread has done: appends, syncs, rolls. */
  public org.basaltdb.wal.WalStats stats() {
    return stats;
  }

  public long highestSequenceId() {
    return sequence;
  }

  /** Raises the counter so every later id is above {@code seq}. */
  public void advanceTo(long seq) {
    synchronized (appendLock) {
      if (seq > sequence) {
        sequence = seq;
      }
    }
  }

  public long lowestUnflushedSequenceId(String region) {
    return tracker.lowestUnflushedSequenceId(region);
  }

  public List<Path> liveFiles() {
    return tracker.liveFiles();
  }

  public Path currentFile() {
    return currentFile;
  }

  /** The sticky failure, or null while the log works. */
  public IOException failure() {
    return failure;
  }

  /** Syncs what is pending, writes the trailer, closes the file and stops the threads. */
  public void close() throws IOException {
    try {
      control(RingEvent.Kind.CLOSE).awaitDone();
    } catch (IOException e) {
      if (failure == null) {
        throw e;
      }
    } finally {
      ticker.shutdownNow();
    }
  }

  void fail(IOException e) {
    failure = e;
    LOG.error("WAL failed", e);
  }

  FileSystem fs() {
    return fs;
  }

  Path walDir() {
    return walDir;
  }

  String serverName() {
    return serverName;
  }

  Clock clock() {
    return clock;
  }

  FileTracker tracker() {
    return tracker;
  }
}
