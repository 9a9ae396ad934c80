package org.basaltdb.regionserver.sstable;

import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.regionserver.cache.Cacheable;

/**
 * The single-level block index: for each data block, a separator key and the block's handle.
 *
 * <pre>
 * indexBlock := count:varint entry[count]
 * entry      := keyLen:varint key[keyLen] offset:varint size:varint rawSize:varint
 * </pre>
 *
 * <p>Invariant: {@code last(i - 1) < separator(i) <= first(i)}, where first/last are the first
 * and last cells of block i. Block 0's separator is its first cell; the others are shortened
 * where rows differ (see {@link #separator}). So the first cell >= k is in the last block whose
 * separator is <= k, or else at the start of the block after it.
 */
final class BlockIndex implements Cacheable {
  private static final CellComparator CMP = CellComparator.INSTANCE;

  private final Cell[] keys;
  private final BlockHandle[] handles;
  private final long heapSize;

  private BlockIndex(Cell[] keys, BlockHandle[] handles, long heapSize) {
    this.keys = keys;
    this.handles = handles;
    this.heapSize = heapSize;
  }

  int size() {
    return handles.length;
  }

  BlockHandle handle(int i) {
    return handles[i];
  }

  Cell key(int i) {
    return keys[i];
  }

  /** The last block whose separator is <= key (strictly < when {@code strict}), or 0. */
  int find(Cell key, boolean strict) {
    int lo = 0;
    int hi = keys.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      int c = CMP.compare(keys[mid], key);
      if (c < 0 || (c == 0 && !strict)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * A key s with {@code prev < s <= next}. When the rows differ it is the first-on-row key of
   * the shortest prefix of next's row that sorts after prev's row, so long row keys do not bloat
   * the index; otherwise it is {@code next} itself.
   */
  static Cell separator(Cell prev, Cell next) {
    byte[] a = prev.row();
    byte[] b = next.row();
    int p = java.util.Arrays.mismatch(a, b);
    if (p < 0) {
      return next.withValue(org.basaltdb.common.Bytes.EMPTY);
    }
    // b is longer than p (else b would be a proper prefix of a and sort before it).
    return Cell.firstOnRow(java.util.Arrays.copyOf(b, p + 1));
  }

  static void encodeEntry(ByteWriter w, Cell key, BlockHandle h) {
    byte[] k = KeyCodec.encode(key);
    w.lengthPrefixed(k);
    w.varint(h.offset());
    w.varint(h.size());
    w.varint(h.rawSize());
  }

  /**
   * Decodes and checks the index: blocks are contiguous from offset 0 to {@code dataEnd}, raw
   * sizes are within {@code maxRawSize}, separators strictly ascending.
   */
  static BlockIndex decode(byte[] b, String file, long blockOffset, long dataEnd, int maxRawSize)
      throws CorruptionException {
    ByteReader r = new ByteReader(b, 0, b.length, file, blockOffset);
    // Each entry takes at least 24 bytes, which bounds the count by the block size.
    int n = r.varint32(b.length / (KeyCodec.FIXED + 4), "index entry count");
    Cell[] keys = new Cell[n];
    BlockHandle[] handles = new BlockHandle[n];
    long expectOffset = 0;
    long heap = 64;
    for (int i = 0; i < n; i++) {
      byte[] k = r.lengthPrefixed();
      keys[i] = KeyCodec.decode(k, k.length, org.basaltdb.common.Bytes.EMPTY, null, true, file,
          blockOffset);
      long offset = r.varint64();
      int size = r.varint32(Integer.MAX_VALUE - 16, "block size");
      int rawSize = r.varint32(maxRawSize, "block raw size");
      BlockHandle h = new BlockHandle(offset, size, rawSize);
      if (offset != expectOffset || h.end() > dataEnd) {
        throw r.corrupt("index entry " + i + " " + h + " is not contiguous within [0, "
            + dataEnd + ")");
      }
      if (i > 0 && CMP.compare(keys[i - 1], keys[i]) >= 0) {
        throw r.corrupt("index separators out of order at entry " + i);
      }
      expectOffset = h.end();
      handles[i] = h;
      heap += 120 + k.length;
    }
    if (expectOffset != dataEnd) {
      throw r.corrupt("index covers " + expectOffset + " bytes of data, file has " + dataEnd);
    }
    if (r.remaining() != 0) {
      throw r.corrupt(r.remaining() + " trailing bytes after the index entries");
    }
    return new BlockIndex(keys, handles, heap);
  }

  @Override
  public long heapSize() {
    return heapSize;
  }
}
