package org.basaltdb.regionserver.store;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSTable of a store, reference-counted: the store holds one reference while the file is
 * live, and each open scanner holds one. A compacted-away file is closed and deleted when its
 * last reference goes, so a scan never loses a file under it.
 */
public final class StoreFile {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

  /** File-info key: every edit of the region at or below this sequence id is in the store's files. */
  public static final String MAX_FLUSHED_SEQ_ID = "MAX_FLUSHED_SEQ_ID";
  /** File-info key: present (and true) when a major compaction wrote the file. */
  public static final String MAJOR_COMPACTION = "MAJOR_COMPACTION";

  private final FileSystem fs;
  private final SSTableReader reader;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile boolean compactedAway;
  private final long flushedSeqId;
  private final long modificationTime;

  StoreFile(FileSystem fs, SSTableReader reader) throws IOException {
    this.fs = fs;
    this.reader = reader;
    byte[] seq = reader.info().fileInfo(MAX_FLUSHED_SEQ_ID);
    this.flushedSeqId = seq == null ? reader.info().maxSequenceId() : Bytes.toLong(seq);
    this.modificationTime = fs.getFileStatus(reader.info().path()).getModificationTime();
  }

  /** When the file was written (the filesystem's modification time, ms). */
  public long modificationTime() {
    return modificationTime;
  }

  /** Whether a major compaction wrote this file (so it holds no markers it could drop). */
  public boolean isMajorCompacted() {
    return reader.info().fileInfo(MAJOR_COMPACTION) != null;
  }

  public SSTableReader reader() {
    return reader;
  }

  public Path path() {
    return reader.info().path();
  }

  public long length() {
    return reader.info().fileSize();
  }

  /** The region's flushed sequence id when this file was written. */
  public long flushedSequenceId() {
    return flushedSeqId;
  }

  /** Takes a reference for a scanner; false if the file is already gone. */
  boolean acquire() {
    while (true) {
      int n = refs.get();
      if (n == 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      reader.close();
      if (compactedAway) {
        try {
          fs.delete(path(), false);
        } catch (IOException e) {
          LOG.warn("could not delete compacted-away file {}; it is garbage now", path(), e);
        }
      }
    }
  }

  /** Drops the store's own reference after a compaction replaced this file. */
  void markCompactedAway() {
    compactedAway = true;
    release();
  }

  /** Drops the store's own reference at close, keeping the file. */
  void closeKeep() {
    release();
  }

  @Override
  public String toString() {
    return path().getName() + "(" + length() + " bytes)";
  }
}
