package org.basaltdb.wal.reader;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.wal.CorruptionPolicy;
import org.basaltdb.wal.WalEntry;
import org.basaltdb.wal.format.WalFileReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the entries of a sequence of log files (one server's log, oldest file first) in
 * sequence-id order.
 *
 * <p>An entry whose sequence id is not above the last one returned is skipped: after a failed
 * sync the writer re-appends its unsynced edits to a new file, so an edit may appear twice; its
 * sequence id makes the second copy recognisable. Each file ends as {@link WalFileReader}
 * describes. Damage before a file's end follows the {@link CorruptionPolicy}: FAIL throws the
 * {@link CorruptionException}; SKIP_TO_NEXT_FILE records it in {@link #skipped()} and goes on
 * with the next file.
 *
 * <p>Thread safety: none.
 */
public final class WalReader implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(WalReader.class);

  private final FileSystem fs;
  private final List<Path> files;
  private final CorruptionPolicy policy;
  private final List<CorruptionException> skipped = new ArrayList<>();
  private int index = -1;
  private WalFileReader current;
  private long lastSequenceId = Long.MIN_VALUE;
  private long duplicates;

  public WalReader(FileSystem fs, List<Path> files, CorruptionPolicy policy) {
    this.fs = fs;
    this.files = List.copyOf(files);
    this.policy = policy;
  }

  /**
   * The log files directly in {@code dir}, oldest first (file names sort in creation order),
   * or an empty list if the directory does not exist.
   */
  public static List<Path> listFiles(FileSystem fs, Path dir) throws IOException {
    FileStatus[] st;
    try {
      st = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    Arrays.stream(st).filter(FileStatus::isFile).map(FileStatus::getPath)
        .filter(p -> !p.getName().startsWith(".") && !p.getName().endsWith(".tmp"))
        .sorted((a, b) -> a.getName().compareTo(b.getName())).forEach(out::add);
    return out;
  }

  /** The next entry, or null after the last file. */
  public WalEntry next() throws IOException {
    while (true) {
      if (current == null) {
        if (++index >= files.size()) {
          return null;
        }
        current = WalFileReader.open(fs, files.get(index));
      }
      WalEntry e;
      try {
        e = current.next();
      } catch (CorruptionException ce) {
        if (policy == CorruptionPolicy.FAIL) {
          throw ce;
        }
        LOG.error("skipping the rest of {} (policy skip-to-next-file): {}", current.path(),
            ce.getMessage());
        skipped.add(ce);
        closeCurrent();
        continue;
      }
      if (e == null) {
        if (current.end() == WalFileReader.End.TORN_TAIL && index < files.size() - 1) {
          LOG.warn("{} ends in a torn record but is not the last file: its writer abandoned it"
              + " after a failed sync and re-appended the unsynced edits to the next file",
              current.path());
        }
        closeCurrent();
        continue;
      }
      if (e.sequenceId() <= lastSequenceId) {
        duplicates++;
        continue;
      }
      lastSequenceId = e.sequenceId();
      return e;
    }
  }

  /** Damage skipped under SKIP_TO_NEXT_FILE: file and offset of each, in order. */
  public List<CorruptionException> skipped() {
    return List.copyOf(skipped);
  }

  /** Entries skipped because an earlier copy of the same sequence id was returned. */
  public long duplicates() {
    return duplicates;
  }

  private void closeCurrent() throws IOException {
    WalFileReader c = current;
    current = null;
    c.close();
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      closeCurrent();
    }
  }
}
