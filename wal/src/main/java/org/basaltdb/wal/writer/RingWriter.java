package org.basaltdb.wal.writer;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The log's write path: many threads append through an LMAX Disruptor ring buffer, one consumer
 * ({@link LogAppender}) writes and group-commits. Public only so {@code FSWal} can build it;
 * regions use {@code FSWal}.
 *
 * <p>Sequence ids: {@link #append} takes the next id and claims the next ring slot under one
 * short lock, so ring order, file order and id order agree: ids strictly increase in the file.
 * Encoding happens outside the lock, in the appending thread.
 *
 * <p>A ticker thread publishes a TICK every half {@code wal.async.sync.interval} while ASYNC_WAL
 * edits wait, and checks the roll period; it also runs the flush-requester callback, so the
 * consumer never calls out.
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
  private final Disruptor<RingEvent> disruptor;
  private final RingBuffer<RingEvent> ring;
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
    fs.mkdirs(oldWalDir);
    int id = INSTANCES.incrementAndGet();
    this.fileOpenedMillis = clock.currentTimeMillis();
    LogAppender appender = new LogAppender(this, settings);
    appender.start();
    this.disruptor = new Disruptor<>(RingEvent::new, settings.ringSlots(),
        daemon("wal-append-" + id), ProducerType.MULTI, new BlockingWaitStrategy());
    disruptor.handleEventsWith(appender);
    disruptor.setDefaultExceptionHandler(new FailOnException());
    this.ring = disruptor.start();
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("wal-ticker-" + id));
    long tick = Math.max(1, settings.asyncSyncIntervalMillis() / 2);
    ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** See {@link Wal#append}. */
  public Wal.Ticket append(String region, TableName table, List<Cell> cells,
      Durability durability) throws IOException {
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
    WalTicket t = new WalTicket(seq, stamped, durability, settings.syncTimeoutMillis());
    if (slot < 0) {
      t.complete();
      return t;
    }
    RingEvent ev = ring.get(slot);
    try {
      ev.record = RecordCodec.encodeEntry(region, table, seq, now, cells);
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
    WalTicket t = new WalTicket(-1, List.of(), Durability.SYNC_WAL, settings.syncTimeoutMillis());
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
    if (!asyncPending && !rollPeriodPossiblyDue()) {
      return;
    }
    try {
      long slot = ring.tryNext();
      ring.get(slot).kind = RingEvent.Kind.TICK;
      ring.publish(slot);
    } catch (InsufficientCapacityException e) {
      // The ring is full: the consumer is busy and will sync at the end of its batch anyway.
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
    for (Path p : tracker.takeArchivable()) {
      Path target = new Path(oldWalDir, p.getName());
      try {
        if (!fs.rename(p, target)) {
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
      try {
        disruptor.shutdown(10, TimeUnit.SECONDS);
      } catch (com.lmax.disruptor.TimeoutException e) {
        LOG.warn("WAL consumer did not drain within 10 s; halting it");
        disruptor.halt();
      }
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

  /** A bug in the consumer (not an I/O error) fails the log rather than stalling it. */
  private final class FailOnException implements ExceptionHandler<RingEvent> {
    @Override
    public void handleEventException(Throwable ex, long sequence, RingEvent event) {
      IOException e = new IOException("WAL consumer failed unexpectedly", ex);
      if (failure == null) {
        fail(e);
      }
      if (event.ticket != null) {
        event.ticket.fail(e);
      }
    }

    @Override
    public void handleOnStartException(Throwable ex) {
      fail(new IOException("WAL consumer failed to start", ex));
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
      LOG.warn("WAL consumer failed on shutdown", ex);
    }
  }
}
