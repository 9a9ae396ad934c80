package org.basaltdb.wal.split;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *       re-appends are dropped) and group entries by region.
 *   <li>For each region write {@code recovered.edits/<maxSeq>.tmp}, hsync, close and rename it
 *       to {@code <maxSeq>}. An existing final file of the same name is kept: it came from an
 *       earlier run over the same or more input.
 *   <li>Move the split files to the old-logs directory and delete the splitting directory.
 * </ol>
 *
 * <p>Restartable: a crash anywhere leaves either the original or the {@code -splitting}
 * directory with every file not yet archived; a second run produces the same recovered edits,
 * and replay skips sequence ids it has seen, so no edit is lost or applied twice.
 *
 * <p>Memory: a region's edits are held until its file is written; split runs one log at a time.
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
    Map<String, List<WalEntry>> byRegion = new LinkedHashMap<>();
    long entries = 0;
    List<String> skipped = new ArrayList<>();
    try (WalReader r = new WalReader(fs, files, policy)) {
      WalEntry e;
      while ((e = r.next()) != null) {
        byRegion.computeIfAbsent(e.region(), k -> new ArrayList<>()).add(e);
        entries++;
      }
      r.skipped().forEach(c -> skipped.add(c.getMessage()));
    }
    Map<String, Path> written = new TreeMap<>();
    for (Map.Entry<String, List<WalEntry>> region : byRegion.entrySet()) {
      List<WalEntry> edits = region.getValue();
      WalEntry first = edits.get(0);
      Path dir = RecoveredEdits.dir(regionDir.apply(first.table(), region.getKey()));
      written.put(region.getKey(), writeRegion(dir, splitting.getName(), edits));
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

  private Path writeRegion(Path dir, String source, List<WalEntry> edits) throws IOException {
    long maxSeq = edits.get(edits.size() - 1).sequenceId();
    Path target = new Path(dir, RecoveredEdits.fileName(maxSeq));
    if (fs.exists(target)) {
      LOG.info("{} exists from an earlier split run; keeping it", target);
      return target;
    }
    fs.mkdirs(dir);
    Path tmp = new Path(dir, RecoveredEdits.fileName(maxSeq) + RecoveredEdits.TEMP_SUFFIX);
    fs.delete(tmp, false);
    WalFileWriter w = WalFileWriter.create(fs, tmp, WalFormat.KIND_RECOVERED_EDITS,
        "split:" + source, clock.currentTimeMillis());
    try {
      for (WalEntry e : edits) {
        w.append(RecordCodec.encode(e), e.sequenceId());
      }
      w.hsync();
      w.close();
    } catch (IOException | RuntimeException ex) {
      w.abort();
      throw ex;
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
    return target;
  }

  /** On HDFS, takes the dead writer's lease and waits until the file is closed. */
  private void recoverLease(Path file) throws IOException {
    if (!(fs instanceof LeaseRecoverable)) {
      return;
    }
    LeaseRecoverable lr = (LeaseRecoverable) fs;
    long deadline = clock.nanoTime() + leaseTimeoutMillis * 1_000_000L;
    long pause = 100;
    while (!lr.recoverLease(file) && !lr.isFileClosed(file)) {
      if (clock.nanoTime() > deadline) {
        throw new IOException("lease recovery of " + file + " did not finish within "
            + leaseTimeoutMillis + " ms (wal.lease.recovery.timeout)");
      }
      try {
        // Lease recovery is asynchronous on the namenode; poll with a growing pause.
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted recovering the lease of " + file);
      }
      pause = Math.min(pause * 2, 2000);
    }
    LOG.info("recovered the lease of {}", file);
  }
}
