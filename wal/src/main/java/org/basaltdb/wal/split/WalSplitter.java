package org.basaltdb.wal.split;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.CorruptionPolicy;
import org.basaltdb.wal.RecoveredEdits;
import org.basaltdb.wal.WalConfig;
import org.basaltdb.wal.WalEntry;
import org.basaltdb.wal.format.RecordCodec;
import org.basaltdb.wal.format.WalFileWriter;
import org.basaltdb.wal.format.WalFormat;
import org.basaltdb.wal.reader.WalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a dead server's log into per-region recovered-edits files.
 *
 * <ol>
 *   <li>Fence: rename {@code WALs/<server>} to {@code WALs/<server>-splitting}. A live writer
 *       cannot open new files there (it creates files non-recursively). On a filesystem with
 *       leases (HDFS) recover each file's lease and wait until it is closed, so the old writer
 *       cannot append to a file it still has open.
 *   <li>Read every file, oldest first ({@link WalReader}: torn tails end a file, duplicates from
 *       re-appends are dropped), streaming each entry to its region's
 *       {@code recovered.edits/split-<server>-splitting.tmp}, opened at the region's first entry.
 *       The files are created and written by {@value #WRITER_THREADS} writer threads, each
 *       region always by the same one (its edits stay in order), fed through bounded queues.
 *       The edits of a region whose directory does not exist are dropped: it was split or
 *       merged away and deleted (every edit of it flushed first), or its table deleted.
 *   <li>At the end, each writer thread hsyncs and closes each of its regions' files and renames
 *       it to {@code <maxSeq>}. An existing final file of the same name is kept: it came from an
 *       earlier run over the same or more input.
 *   <li>Move the split files to the old-logs directory and delete the splitting directory.
 * </ol>
 *
 * <p>Restartable: a crash anywhere leaves either the original or the {@code -splitting}
 * directory with every file not yet archived; a second run produces the same recovered edits,
 * and replay skips sequence ids it has seen, so no edit is lost or applied twice.
 *
 * <p>Memory: one open writer per region of the log, and at most {@value #QUEUED_ENTRIES} edits
 * per writer thread waiting to be written, never the whole log (holding a server's whole log in
 * memory ran a 384 MiB master out of heap in the chaos test).
 * Thread safety: none; one split per server at a time.
 */
public final class WalSplitter {
  private static final Logger LOG = LoggerFactory.getLogger(WalSplitter.class);
  public static final String SPLITTING_SUFFIX = "-splitting";

  private final FileSystem fs;
  private final Path oldWalDir;
  private final BiFunction<TableName, String, Path> regionDir;
  private final CorruptionPolicy policy;
  private final long leaseTimeoutMillis;
  private final Clock clock;

  /**
   * @param regionDir maps a table and region name to the region's directory (the caller knows
   *     the layout, {@code <root>/data/<ns>/<table>/<region>})
   */
  public WalSplitter(FileSystem fs, Path oldWalDir, BiFunction<TableName, String, Path> regionDir,
      Configuration conf, Clock clock) {
    this.fs = fs;
    this.oldWalDir = oldWalDir;
    this.regionDir = regionDir;
    this.policy = WalConfig.corruptionPolicy(conf);
    this.leaseTimeoutMillis = WalConfig.LEASE_RECOVERY_TIMEOUT.get(conf);
    this.clock = clock;
  }

  /** What a split did. */
  public record Result(Map<String, Path> recoveredEdits, long entries, List<Path> splitFiles,
      List<String> skipped) {}

  /** Splits the log of the server whose directory is {@code serverWalDir}. */
  public Result split(Path serverWalDir) throws IOException {
    Path splitting = serverWalDir.getName().endsWith(SPLITTING_SUFFIX) ? serverWalDir
        : new Path(serverWalDir.getParent(), serverWalDir.getName() + SPLITTING_SUFFIX);
    if (!splitting.equals(serverWalDir) && fs.exists(serverWalDir)) {
      if (!fs.rename(serverWalDir, splitting)) {
        throw new IOException("could not fence " + serverWalDir + " by renaming it to "
            + splitting);
      }
      LOG.info("fenced {} as {}", serverWalDir, splitting);
    }
    List<Path> files = WalReader.listFiles(fs, splitting);
    for (Path f : files) {
      recoverLease(f);
    }
    long entries = 0;
    List<String> skipped = new ArrayList<>();
    Map<String, Path> written;
    try (Writers writers = new Writers(splitting.getName())) {
      try (WalReader r = new WalReader(fs, files, policy)) {
        WalEntry e;
        while ((e = r.next()) != null) {
          writers.write(e);
          entries++;
        }
        r.skipped().forEach(c -> skipped.add(c.getMessage()));
      }
      written = writers.finish();
    }
    String server = splitting.getName().substring(0,
        splitting.getName().length() - SPLITTING_SUFFIX.length());
    Path archive = new Path(oldWalDir, server); // every server numbers its files from 1
    fs.mkdirs(archive);
    for (Path f : files) {
      Path target = new Path(archive, f.getName());
      if (!fs.rename(f, target)) {
        throw new IOException("could not archive split log " + f + " to " + target);
      }
    }
    fs.delete(splitting, true);
    LOG.info("split {}: {} entries of {} regions from {} files{}", splitting, entries,
        written.size(), files.size(), skipped.isEmpty() ? "" : "; skipped damage: " + skipped);
    return new Result(written, entries, files, skipped);
  }

  /**
   * Threads that create, write and finish the regions' files. Creating a file and making it
   * durable are a few round trips to the namenode and datanodes (or file operations on a local
   * disk) each; one after another on the reading thread they took 8.7 s of a standalone
   * restart's 1,001 regions under load, and finishing them one after another a third of a
   * second per region on HDFS. HBase splits with 3 ({@code
   * hbase.regionserver.hlog.splitlog.writer.threads}).
   */
  private static final int WRITER_THREADS = 8;
  /**
   * Each region's output buffer: a split holds a file open for every region of the log, and the
   * log's own 256 KiB buffer each made 256 MiB of buffers for 1,000 regions on a local disk.
   */
  private static final int OUTPUT_BUFFER = 16 << 10;
  /** Edits waiting for each writer thread: the reader gets ahead by this much, no more. */
  private static final int QUEUED_ENTRIES = 1024;

  /**
   * The writer threads of one split: region {@code r}'s edits always go to thread
   * {@code hash(r) % n}, which opens the region's file at its first edit, so each file gets its
   * edits in log order. A thread that fails keeps taking (and dropping) its edits, so the
   * reader never waits on a full queue for it; the failure is thrown by {@link #finish}, or by
   * {@link #write} once seen. {@link #close} aborts every file not finished.
   */
  private final class Writers implements AutoCloseable {
    /** What the reading thread hands a writer thread: an edit, or the end of the log. */
    private record Item(WalEntry entry) {}

    private static final Item END = new Item(null);

    private final String source;
    private final List<java.util.concurrent.BlockingQueue<Item>> queues = new ArrayList<>();
    private final List<Future<Map<String, Path>>> threads = new ArrayList<>();
    private final ExecutorService pool;
    /** Every file opened, by region, to abort on failure. */
    private final Map<String, RegionOutput> outputs =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile IOException failure;
    private boolean ended;

    Writers(String source) {
      this.source = source;
      this.pool = Executors.newFixedThreadPool(WRITER_THREADS,
          new ThreadFactoryBuilder().setNameFormat("basalt-split-writer-%d").setDaemon(true)
              .build());
      for (int i = 0; i < WRITER_THREADS; i++) {
        java.util.concurrent.BlockingQueue<Item> q =
            new java.util.concurrent.ArrayBlockingQueue<>(QUEUED_ENTRIES);
        queues.add(q);
        threads.add(pool.submit(() -> run(q)));
      }
    }

    void write(WalEntry e) throws IOException {
      IOException f = failure;
      if (f != null) {
        throw f;
      }
      put(queues.get(Math.floorMod(e.region().hashCode(), queues.size())), new Item(e));
    }

    private void put(java.util.concurrent.BlockingQueue<Item> q, Item item)
        throws InterruptedIOException {
      try {
        q.put(item);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted splitting a log");
      }
    }

    /** One writer thread: its regions' files, then, at the end, each made durable and named. */
    private Map<String, Path> run(java.util.concurrent.BlockingQueue<Item> q) throws Exception {
      Map<String, RegionOutput> mine = new LinkedHashMap<>();
      Set<String> gone = new HashSet<>();
      IOException failed = null;
      for (Item item = q.take(); item != END; item = q.take()) {
        if (failed != null) {
          continue; // drop: the split fails anyway, and the reader must not block
        }
        WalEntry e = item.entry();
        try {
          RegionOutput out = mine.get(e.region());
          if (out == null) {
            if (gone.contains(e.region())) {
              continue;
            }
            Path dir = regionDir.apply(e.table(), e.region());
            if (!fs.exists(dir)) {
              // As HBase's splitter: the region was split or merged away and its directory
              // deleted once nothing referred to it (its edits were flushed before it closed),
              // or its table was deleted. Writing its edits would only make a directory no
              // region owns, which the chaos run's consistency check then found.
              LOG.info("dropping the edits of region {} of {} from {}: its directory {} is gone",
                  e.region(), e.table(), source, dir);
              gone.add(e.region());
              continue;
            }
            out = new RegionOutput(RecoveredEdits.dir(dir), source);
            mine.put(e.region(), out);
            outputs.put(e.region(), out);
          }
          out.append(e);
        } catch (IOException | RuntimeException ex) {
          failed = ex instanceof IOException io ? io
              : new IOException("writing the recovered edits of " + e.region() + " failed", ex);
          failure = failed;
        }
      }
      if (failed != null) {
        throw failed;
      }
      Map<String, Path> written = new TreeMap<>();
      for (Map.Entry<String, RegionOutput> region : mine.entrySet()) {
        written.put(region.getKey(), region.getValue().finish());
        outputs.remove(region.getKey());
      }
      return written;
    }

    /** Ends the log: every thread finishes its files; returns region → final file. */
    Map<String, Path> finish() throws IOException {
      ended = true;
      for (java.util.concurrent.BlockingQueue<Item> q : queues) {
        put(q, END);
      }
      Map<String, Path> written = new TreeMap<>();
      IOException first = null;
      for (Future<Map<String, Path>> t : threads) {
        try {
          written.putAll(t.get());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          IOException io = c instanceof IOException i ? i
              : new IOException("writing recovered edits failed: " + c, c);
          if (first == null) {
            first = io;
          } else if (first != io) {
            first.addSuppressed(io);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted finishing recovered edits");
        }
      }
      if (first != null) {
        throw first;
      }
      return written;
    }

    /** Stops the threads; aborts every file not finished (after a failure). */
    @Override
    public void close() {
      if (!ended) {
        pool.shutdownNow(); // the reader failed: the threads stop at their next take
      } else {
        pool.shutdown();
      }
      try {
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      outputs.values().forEach(RegionOutput::abort);
    }
  }

  /** One region's recovered edits, written as the log is read. */
  private final class RegionOutput {
    private final Path dir;
    private final Path tmp;
    private final WalFileWriter writer;
    private long maxSeq = -1;

    RegionOutput(Path dir, String source) throws IOException {
      this.dir = dir;
      // Named for the log it comes from: another server's split may write the same region.
      this.tmp = new Path(dir, "split-" + source + RecoveredEdits.TEMP_SUFFIX);
      fs.mkdirs(dir);
      fs.delete(tmp, false); // left by an earlier run that did not finish
      this.writer = WalFileWriter.create(fs, tmp, WalFormat.KIND_RECOVERED_EDITS,
          "split:" + source, clock.currentTimeMillis(), OUTPUT_BUFFER);
    }

    void append(WalEntry e) throws IOException {
      writer.append(RecordCodec.encode(e), e.sequenceId());
      maxSeq = Math.max(maxSeq, e.sequenceId());
    }

    /** Makes the file durable and gives it its final name; returns that name. */
    Path finish() throws IOException {
      writer.hsync();
      writer.close();
      Path target = new Path(dir, RecoveredEdits.fileName(maxSeq));
      if (fs.exists(target)) {
        LOG.info("{} exists from an earlier split run; keeping it", target);
        fs.delete(tmp, false);
        return target;
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
      return target;
    }

    void abort() {
      writer.abort();
    }
  }

  /** How often a split looks whether a file's lease recovery has closed it. */
  private static final long LEASE_POLL_MILLIS = 200;
  /**
   * How long before a split asks the namenode to recover a lease again: long enough not to
   * restart a block recovery that is under way (each call may), short enough to retry soon one
   * that failed (HBase waits {@code hbase.lease.recovery.dfs.timeout}, 64 s).
   */
  private static final long LEASE_RETRY_MILLIS = 5_000;

  /**
   * On HDFS, takes the dead writer's lease and waits until the file is closed: one
   * {@code recoverLease}, then {@code isFileClosed} every {@value #LEASE_POLL_MILLIS} ms (the
   * recovery runs on a datanode, usually within a heartbeat or two, and every poll saved is
   * recovery time), asking again every {@value #LEASE_RETRY_MILLIS} ms.
   */
  private void recoverLease(Path file) throws IOException {
    if (!(fs instanceof LeaseRecoverable)) {
      return;
    }
    LeaseRecoverable lr = (LeaseRecoverable) fs;
    long start = clock.nanoTime();
    long deadline = start + leaseTimeoutMillis * 1_000_000L;
    long nextAsk = start;
    while (true) {
      long now = clock.nanoTime();
      if (now >= nextAsk) {
        if (lr.recoverLease(file)) {
          break;
        }
        nextAsk = now + LEASE_RETRY_MILLIS * 1_000_000L;
      } else if (lr.isFileClosed(file)) {
        break;
      }
      if (now > deadline) {
        throw new IOException("lease recovery of " + file + " did not finish within "
            + leaseTimeoutMillis + " ms (wal.lease.recovery.timeout)");
      }
      try {
        Thread.sleep(LEASE_POLL_MILLIS); // recovery is asynchronous on the namenode
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted recovering the lease of " + file);
      }
    }
    LOG.info("recovered the lease of {} in {} ms", file, (clock.nanoTime() - start) / 1_000_000);
  }
}
