package org.basaltdb.regionserver.store;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.sstable.Reference;
import org.basaltdb.regionserver.sstable.SSTableInfo;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.wal.BulkLoadMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSTable of a store, reference-counted: the store holds one reference while the file is
 * live, and each open scanner holds one. A compacted-away file is closed and deleted when its
 * last reference goes, so a scan never loses a file under it.
 *
 * <p>A store file may instead be a {@link Reference} to half of a parent region's SSTable (after
 * a split or merge). Then {@link #path()} is the reference file in this store's directory (what
 * a compaction deletes; the parent's SSTable is never deleted from here), reads go through the
 * half, and {@link #firstKey()}, {@link #lastKey()} and {@link #length()} describe the half. The
 * reader, and so the parent's file, stays open as long as the reference is counted, and the
 * reference file exists at least that long, so a janitor that sees no reference to the parent
 * knows no reader here needs its files.
 */
public final class StoreFile {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

  /** File-info key: every edit of the region at or below this sequence id is in the store's files. */
  public static final String MAX_FLUSHED_SEQ_ID = "MAX_FLUSHED_SEQ_ID";
  /** File-info key: present (and true) when a major compaction wrote the file. */
  public static final String MAJOR_COMPACTION = "MAJOR_COMPACTION";
  /**
   * File-info key: the smallest timestamp of a put in the file (8 bytes; Long.MAX_VALUE when it
   * holds none). Files without it (bulk-loaded, older) count as holding very old puts.
   */
  public static final String EARLIEST_PUT_TS = "EARLIEST_PUT_TS";
  /**
   * File-info key: the names, in the store's directory, of the files a compaction of this store
   * wrote this file from ({@link #encodeNames}). A store that opens and finds this file beside
   * any of them opens only this one (in the manner of HBase's COMPACTION_EVENT_KEY).
   */
  public static final String COMPACTED_FILES = "COMPACTED_FILES";

  private final FileSystem fs;
  private final SSTableReader reader;
  /** The file in the store's directory: the SSTable itself, or the reference to it. */
  private final Path path;
  /** Null for an SSTable of this store. */
  private final Reference reference;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile boolean compactedAway;
  private final long flushedSeqId;
  /** The bulk load's sequence id (from the data file's name), or -1 for a flushed file. */
  private final long bulkLoadSeqId;
  private final long modificationTime;
  private final Cell firstKey;
  private final Cell lastKey;
  private final long length;

  /** An SSTable of this store. */
  StoreFile(FileSystem fs, SSTableReader reader) throws IOException {
    this(fs, reader, reader.info().path(), null);
  }

  /**
   * A reference at {@code referencePath} to half of the parent's SSTable that {@code reader}
   * reads. Reads the half's first and last keys (a data block or two).
   */
  StoreFile(FileSystem fs, SSTableReader reader, Path referencePath, Reference reference)
      throws IOException {
    this.fs = fs;
    this.reader = reader;
    this.path = referencePath;
    this.reference = reference;
    SSTableInfo info = reader.info();
    byte[] seq = info.fileInfo(MAX_FLUSHED_SEQ_ID);
    // A reference carries the parent's flushed sequence id: the parent was flushed and closed
    // before the split, so the daughter's own edits all come after it.
    this.bulkLoadSeqId = BulkLoadMarker.sequenceIdOf(info.path().getName());
    // A bulk-loaded file says nothing about which of the region's edits are flushed: edits
    // older than the load may still be only in the memstore and the log.
    this.flushedSeqId = bulkLoadSeqId >= 0 ? 0
        : seq == null ? info.maxSequenceId() : Bytes.toLong(seq);
    this.modificationTime = fs.getFileStatus(info.path()).getModificationTime();
    if (reference == null) {
      firstKey = info.firstKey();
      lastKey = info.lastKey();
      length = info.fileSize();
    } else {
      firstKey = reference.firstKeyIn(reader);
      lastKey = reference.lastKeyIn(reader);
      length = estimateHalfLength(info, firstKey, lastKey);
    }
  }

  /** The whole file if the half holds all of it, nothing if none, else half of it. */
  private static long estimateHalfLength(SSTableInfo info, Cell first, Cell last) {
    if (first == null) {
      return 0;
    }
    boolean all = info.firstKey().equals(first) && info.lastKey().equals(last);
    return all ? info.fileSize() : (info.fileSize() + 1) / 2;
  }

  /**
   * The smallest timestamp of a put in the file (of the parent's file, for a reference):
   * Long.MAX_VALUE if it holds none, Long.MIN_VALUE if the file does not say.
   */
  public long earliestPutTs() {
    byte[] v = reader.info().fileInfo(EARLIEST_PUT_TS);
    return v == null ? Long.MIN_VALUE : Bytes.toLong(v);
  }

  /** When the file was written (the filesystem's modification time, ms). */
  public long modificationTime() {
    return modificationTime;
  }

  /**
   * Whether a major compaction of this store wrote this file (so it holds no markers it could
   * drop); never true of a reference.
   */
  public boolean isMajorCompacted() {
    return reference == null && reader.info().fileInfo(MAJOR_COMPACTION) != null;
  }

  /**
   * The reader of the SSTable holding the data: the parent's for a reference, so its figures
   * (cell count, timestamps, bloom) cover both halves and are only an upper bound for this one.
   */
  public SSTableReader reader() {
    return reader;
  }

  /** The file in the store's directory: the SSTable, or for a reference the reference file. */
  public Path path() {
    return path;
  }

  /** Whether this is a reference to a parent region's file rather than the store's own. */
  public boolean isReference() {
    return reference != null;
  }

  /** The reference, or null for an SSTable of this store. */
  public Reference reference() {
    return reference;
  }

  /** Bytes of data: the file's size, or for a reference an estimate of its half's share. */
  public long length() {
    return length;
  }

  /** Cells this file can expose at most: its count, or for a reference its parent file's. */
  public long maxCellCount() {
    return reader.info().cellCount();
  }

  /** The key (value empty) of the first cell this file exposes, or null if none. */
  public Cell firstKey() {
    return firstKey;
  }

  /** The key (value empty) of the last cell this file exposes, or null if none. */
  public Cell lastKey() {
    return lastKey;
  }

  /**
   * A new, unpositioned iterator over the cells this file exposes (for a reference, its half);
   * data blocks it reads are cached only when {@code cacheBlocks}.
   */
  public CellIterator iterator(boolean cacheBlocks) {
    CellIterator whole = reader.iterator(cacheBlocks);
    if (bulkLoadSeqId >= 0) {
      whole = new SequenceStamping(whole, bulkLoadSeqId);
    }
    return reference == null ? whole : reference.halfOf(whole);
  }

  /** The region's flushed sequence id when this file was written. */
  public long flushedSequenceId() {
    return flushedSeqId;
  }

  /** The sequence id of a bulk-loaded file's cells, or -1 if the file was flushed or compacted. */
  public long bulkLoadSequenceId() {
    return bulkLoadSeqId;
  }

  /** Where the file sorts among the store's files: its flushed or bulk-load sequence id. */
  public long sequenceId() {
    return Math.max(flushedSeqId, bulkLoadSeqId);
  }

  /** The highest sequence id a cell of this file has as readers see it. */
  public long maxCellSequenceId() {
    return bulkLoadSeqId >= 0 ? bulkLoadSeqId : reader.info().maxSequenceId();
  }

  /**
   * The names of the files a compaction of this store replaced with this one; empty for a
   * flushed or bulk-loaded file, and for a reference (what its parent's file says concerns the
   * parent's directory).
   */
  public java.util.Set<String> compactedFiles() throws IOException {
    byte[] v = reference != null || bulkLoadSeqId >= 0 ? null
        : reader.info().fileInfo(COMPACTED_FILES);
    return v == null ? java.util.Set.of() : decodeNames(v, path);
  }

  /**
   * {@link #COMPACTED_FILES}' value: {@code count:u32 (nameLen:u16 name:utf8)*}, big-endian.
   */
  static byte[] encodeNames(java.util.Collection<String> names) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream d = new java.io.DataOutputStream(out);
    try {
      d.writeInt(names.size());
      for (String n : names) {
        byte[] b = n.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
          throw new IllegalArgumentException("file name too long: " + n);
        }
        d.writeShort(b.length);
        d.write(b);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // not from a byte array
    }
    return out.toByteArray();
  }

  static java.util.Set<String> decodeNames(byte[] v, Path file) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v);
    try {
      int n = b.getInt();
      if (n < 0 || n > v.length) {
        throw new java.nio.BufferUnderflowException();
      }
      java.util.Set<String> out = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        byte[] name = new byte[b.getShort() & 0xFFFF];
        b.get(name);
        out.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (b.hasRemaining()) {
        throw new java.nio.BufferUnderflowException();
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      // The info block was checked by its CRC, so this is a writer's bug or a foreign file.
      throw new org.basaltdb.common.CorruptionException(file.toString(), 0, "the file-info "
          + "entry " + COMPACTED_FILES + " is malformed (" + v.length + " bytes)");
    }
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
    return path.getName() + "(" + length + " bytes" + (reference == null ? "" : ", " + reference)
        + ")";
  }
}
