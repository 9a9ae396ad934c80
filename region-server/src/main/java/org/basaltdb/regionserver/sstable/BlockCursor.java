package org.basaltdb.regionserver.sstable;

import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CorruptionException;

/**
 * A position inside one {@link Block}: the current cell and the offset of the next entry.
 * Every length read from the block is checked against the block's bounds, and a restart entry
 * must not share a prefix; a violation is a {@link CorruptionException}.
 *
 * <p>Thread safety: one thread (it belongs to one iterator).
 */
final class BlockCursor {
  private Block block;
  /** The key of the entry last read (prefix-compressed keys are rebuilt here). */
  private byte[] key = new byte[64];
  private int keyLen;
  /** Where that entry's value lies in the block. */
  private int valuePos;
  private int valueLen;
  /** The offset of the next entry. */
  private int next;
  private Cell cell;
  /**
   * The cell last built from {@link #key}, the length of its key, and how many leading bytes of
   * {@link #key} are still that key's: what the next cell may share with it (row, family).
   */
  private Cell built;
  private int builtLen;
  private int sameAsBuilt;

  void reset(Block b) {
    block = b;
    jumpTo(0);
  }

  /** The current cell, or null when before the first or past the last entry. */
  Cell cell() {
    return cell;
  }

  /** Decodes the entry at the next offset; returns false (cell = null) at the block's end. */
  boolean advance() throws CorruptionException {
    if (next >= block.restartsOffset) {
      cell = null;
      return false;
    }
    readEntry(next);
    cell = build();
    return true;
  }

  void seekToFirst() throws CorruptionException {
    jumpTo(0);
    advance();
  }

  /**
   * Positions at the first cell >= target; cell() is null if every cell is smaller. The keys
   * stepped over are compared in their encoded form: only the cell found is built.
   */
  void seek(Cell target) throws CorruptionException {
    jumpTo(lastRestartBefore(target));
    while (next < block.restartsOffset) {
      readEntry(next);
      if (KeyCodec.compare(key, keyLen, target, block.file, block.fileOffset) >= 0) {
        cell = build();
        return;
      }
    }
    cell = null;
  }

  /** The last cell < target in this block, or null; leaves the cursor unpositioned. */
  Cell lastBefore(Cell target) throws CorruptionException {
    jumpTo(lastRestartBefore(target));
    Cell prev = null;
    while (advance() && CellComparator.INSTANCE.compare(cell, target) < 0) {
      prev = cell;
    }
    cell = null;
    return prev;
  }

  /** The last cell of the block. */
  Cell last() throws CorruptionException {
    jumpTo(block.restart(block.numRestarts - 1));
    Cell prev = null;
    while (advance()) {
      prev = cell;
    }
    return prev;
  }

  /** Index of the last restart point whose key is < target, or 0 if none. */
  private int lastRestartIndexBefore(Cell target) throws CorruptionException {
    int lo = 0;
    int hi = block.numRestarts - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      jumpTo(block.restart(mid));
      readEntry(next);
      if (KeyCodec.compare(key, keyLen, target, block.file, block.fileOffset) < 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private int lastRestartBefore(Cell target) throws CorruptionException {
    return block.restart(lastRestartIndexBefore(target));
  }

  private void jumpTo(int offset) {
    next = offset;
    keyLen = 0;
    sameAsBuilt = 0;
    cell = null;
  }

  private int pos;

  private int varint(int limit) throws CorruptionException {
    long v = 0;
    byte[] d = block.data;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= limit) {
        throw block.corrupt("varint runs past the end of the entries at block position " + pos);
      }
      int b = d[pos++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v > Integer.MAX_VALUE) {
          break;
        }
        return (int) v;
      }
    }
    throw block.corrupt("malformed varint at block position " + pos);
  }

  /** Reads the entry at {@code offset} into key, valuePos and valueLen; moves next past it. */
  private void readEntry(int offset) throws CorruptionException {
    int limit = block.restartsOffset;
    pos = offset;
    int shared = varint(limit);
    int unshared = varint(limit);
    int vlen = varint(limit);
    if (shared > keyLen) {
      throw block.corrupt("entry at block position " + offset + " shares " + shared
          + " bytes with a key of " + keyLen);
    }
    if ((long) unshared + vlen > limit - pos) {
      throw block.corrupt("entry at block position " + offset + " (key " + unshared
          + " + value " + vlen + " bytes) runs past the entries end " + limit);
    }
    int len = shared + unshared;
    if (key.length < len) {
      key = java.util.Arrays.copyOf(key, Math.max(len, key.length * 2));
    }
    System.arraycopy(block.data, pos, key, shared, unshared);
    keyLen = len;
    sameAsBuilt = Math.min(sameAsBuilt, shared);
    valuePos = pos + unshared;
    valueLen = vlen;
    next = valuePos + vlen;
  }

  /**
   * The cell of the entry last read. Its value is a slice of the block (blocks are immutable and
   * shared, so the cell may outlive the cursor); its row is the previous cell's when unchanged.
   */
  private Cell build() throws CorruptionException {
    Cell c = KeyCodec.decodeData(key, keyLen, built, sameAsBuilt, builtLen, block.data, valuePos,
        valueLen, block.file, block.fileOffset);
    built = c;
    builtLen = keyLen;
    sameAsBuilt = keyLen;
    return c;
  }
}
