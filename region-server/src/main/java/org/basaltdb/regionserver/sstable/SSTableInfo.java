package org.basaltdb.regionserver.sstable;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CorruptionException;

/**
 * What an SSTable says about itself: the figures of its file-info block plus its path and size.
 * Immutable.
 *
 * <pre>
 * infoBlock := cellCount:varint deleteMarkerCount:varint minTimestamp:i64 maxTimestamp:i64
 *              maxSequenceId:i64 compression:u8 bloomType:u8 blockSize:varint
 *              firstKeyLen:varint firstKey lastKeyLen:varint lastKey
 *              entryCount:varint (nameLen:varint name:utf8 valueLen:varint value)*
 * </pre>
 *
 * First and last keys are encoded keys (length 0 in an empty file); entries are sorted by name.
 */
public final class SSTableInfo {
  private final Path path;
  private final long fileSize;
  private final long cellCount;
  private final long deleteMarkerCount;
  private final long minTimestamp;
  private final long maxTimestamp;
  private final long maxSequenceId;
  private final Compression compression;
  private final BloomType bloomType;
  private final int blockSize;
  private final Cell firstKey;
  private final Cell lastKey;
  private final Map<String, byte[]> fileInfo;

  SSTableInfo(Path path, long fileSize, long cellCount, long deleteMarkerCount,
      long minTimestamp, long maxTimestamp, long maxSequenceId, Compression compression,
      BloomType bloomType, int blockSize, Cell firstKey, Cell lastKey,
      Map<String, byte[]> fileInfo) {
    this.path = path;
    this.fileSize = fileSize;
    this.cellCount = cellCount;
    this.deleteMarkerCount = deleteMarkerCount;
    this.minTimestamp = minTimestamp;
    this.maxTimestamp = maxTimestamp;
    this.maxSequenceId = maxSequenceId;
    this.compression = compression;
    this.bloomType = bloomType;
    this.blockSize = blockSize;
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.fileInfo = Collections.unmodifiableMap(new TreeMap<>(fileInfo));
  }

  static byte[] encode(long cellCount, long deleteMarkerCount, long minTs, long maxTs,
      long maxSeq, Compression compression, BloomType bloomType, int blockSize, Cell firstKey,
      Cell lastKey, Map<String, byte[]> entries) {
    ByteWriter w = new ByteWriter(256);
    w.varint(cellCount);
    w.varint(deleteMarkerCount);
    w.i64(minTs);
    w.i64(maxTs);
    w.i64(maxSeq);
    w.u8(compression.code);
    w.u8(bloomType.code);
    w.varint(blockSize);
    w.lengthPrefixed(firstKey == null ? Bytes.EMPTY : KeyCodec.encode(firstKey));
    w.lengthPrefixed(lastKey == null ? Bytes.EMPTY : KeyCodec.encode(lastKey));
    TreeMap<String, byte[]> sorted = new TreeMap<>(entries);
    w.varint(sorted.size());
    for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
      w.lengthPrefixed(Bytes.toBytes(e.getKey()));
      w.lengthPrefixed(e.getValue());
    }
    return w.toByteArray();
  }

  static SSTableInfo decode(byte[] b, String file, long blockOffset, Path path, long fileSize)
      throws CorruptionException {
    ByteReader r = new ByteReader(b, 0, b.length, file, blockOffset);
    long cellCount = r.varint64();
    long deletes = r.varint64();
    long minTs = r.i64();
    long maxTs = r.i64();
    long maxSeq = r.i64();
    int cc = r.u8();
    Compression compression = Compression.ofCode(cc);
    if (compression == null) {
      throw r.corrupt("unknown compression code " + cc);
    }
    int bc = r.u8();
    BloomType bloom = BloomType.ofCode(bc);
    if (bloom == null) {
      throw r.corrupt("unknown bloom type code " + bc);
    }
    int blockSize = r.varint32(Integer.MAX_VALUE, "block size");
    byte[] first = r.lengthPrefixed();
    byte[] last = r.lengthPrefixed();
    if (cellCount < 0 || deletes < 0 || deletes > cellCount
        || (cellCount == 0) != (first.length == 0) || (first.length == 0) != (last.length == 0)) {
      throw r.corrupt("inconsistent file info: " + cellCount + " cells, " + deletes
          + " delete markers, first key of " + first.length + " bytes");
    }
    Cell firstKey = first.length == 0 ? null
        : KeyCodec.decode(first, first.length, Bytes.EMPTY, null, false, file, blockOffset);
    Cell lastKey = last.length == 0 ? null
        : KeyCodec.decode(last, last.length, Bytes.EMPTY, null, false, file, blockOffset);
    int n = r.varint32(r.remaining() / 2, "file info entry count");
    TreeMap<String, byte[]> entries = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String name = Bytes.toString(r.lengthPrefixed());
      entries.put(name, r.lengthPrefixed());
    }
    if (r.remaining() != 0) {
      throw r.corrupt(r.remaining() + " trailing bytes after the file info");
    }
    return new SSTableInfo(path, fileSize, cellCount, deletes, minTs, maxTs, maxSeq,
        compression, bloom, blockSize, firstKey, lastKey, entries);
  }

  public Path path() {
    return path;
  }

  public long fileSize() {
    return fileSize;
  }

  public long cellCount() {
    return cellCount;
  }

  /** Cells whose type is a delete marker. */
  public long deleteMarkerCount() {
    return deleteMarkerCount;
  }

  /** Smallest timestamp of any cell; {@code Long.MAX_VALUE} in an empty file. */
  public long minTimestamp() {
    return minTimestamp;
  }

  /** Largest timestamp of any cell; {@code Long.MIN_VALUE} in an empty file. */
  public long maxTimestamp() {
    return maxTimestamp;
  }

  /** Largest sequence id of any cell; {@code Long.MIN_VALUE} in an empty file. */
  public long maxSequenceId() {
    return maxSequenceId;
  }

  public Compression compression() {
    return compression;
  }

  public BloomType bloomType() {
    return bloomType;
  }

  /** The target block size the file was written with. */
  public int blockSize() {
    return blockSize;
  }

  /** The key (value empty) of the first cell, or null in an empty file. */
  public Cell firstKey() {
    return firstKey;
  }

  /** The key (value empty) of the last cell, or null in an empty file. */
  public Cell lastKey() {
    return lastKey;
  }

  /** A free-form entry added with {@link SSTableWriter#putFileInfo}, or null. */
  public byte[] fileInfo(String key) {
    byte[] v = fileInfo.get(key);
    return v == null ? null : v.clone();
  }

  /** All free-form entries, sorted by name (values must not be modified). */
  public Map<String, byte[]> fileInfoMap() {
    return fileInfo;
  }

  @Override
  public String toString() {
    return "SSTableInfo{path=" + path + ", fileSize=" + fileSize + ", cells=" + cellCount
        + ", deleteMarkers=" + deleteMarkerCount + ", timestamps=[" + minTimestamp + ", "
        + maxTimestamp + "], maxSequenceId=" + maxSequenceId + ", compression=" + compression
        + ", bloom=" + bloomType + ", blockSize=" + blockSize + ", firstKey=" + firstKey
        + ", lastKey=" + lastKey + ", fileInfo=" + fileInfo.keySet() + "}";
  }
}
