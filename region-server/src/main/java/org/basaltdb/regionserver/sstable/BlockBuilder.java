package org.basaltdb.regionserver.sstable;

import java.util.Arrays;

/**
 * Builds one data block (LevelDB's {@code block_builder}):
 *
 * <pre>
 * dataBlock := entry* restart:u32* numRestarts:u32
 * entry     := shared:varint unshared:varint valueLen:varint keySuffix[unshared] value[valueLen]
 * </pre>
 *
 * Each key stores only the bytes after the prefix it shares with the previous key; every
 * {@link SSTableFormat#RESTART_INTERVAL} entries the full key is stored (shared = 0) and its
 * offset recorded as a restart point, so a reader can binary-search the restart points.
 *
 * <p>Thread safety: one writer thread.
 */
final class BlockBuilder {
  private final ByteWriter buf = new ByteWriter(4096);
  private int[] restarts = new int[16];
  private int numRestarts;
  private byte[] lastKey = new byte[64];
  private int lastKeyLen;
  private int sinceRestart;

  boolean isEmpty() {
    return buf.size() == 0;
  }

  /** What {@link #finish()} would return now. */
  int estimatedSize() {
    return buf.size() + 4 * (numRestarts + 1) + 4;
  }

  void add(byte[] key, int keyLen, byte[] value) {
    add(key, keyLen, value, 0, value.length);
  }

  /** As {@link #add(byte[], int, byte[])}, the value being {@code value[valueOff, +valueLen)}. */
  void add(byte[] key, int keyLen, byte[] value, int valueOff, int valueLen) {
    int shared = 0;
    if (sinceRestart == SSTableFormat.RESTART_INTERVAL || buf.size() == 0) {
      if (numRestarts == restarts.length) {
        restarts = Arrays.copyOf(restarts, numRestarts * 2);
      }
      restarts[numRestarts++] = buf.size();
      sinceRestart = 0;
    } else {
      int max = Math.min(keyLen, lastKeyLen);
      shared = Arrays.mismatch(key, 0, max, lastKey, 0, max);
      if (shared < 0) {
        shared = max;
      }
    }
    buf.varint(shared);
    buf.varint(keyLen - shared);
    buf.varint(valueLen);
    buf.bytes(key, shared, keyLen - shared);
    buf.bytes(value, valueOff, valueLen);
    if (lastKey.length < keyLen) {
      lastKey = new byte[Math.max(keyLen, lastKey.length * 2)];
    }
    System.arraycopy(key, 0, lastKey, 0, keyLen);
    lastKeyLen = keyLen;
    sinceRestart++;
  }

  /** The finished block; the builder is then reset for the next block. */
  byte[] finish() {
    int n = finishInPlace();
    return Arrays.copyOf(buf.array(), n);
  }

  /**
   * Finishes the block without copying it: it is the first {@code n} (returned) bytes of
   * {@link #array()}, valid until the next {@link #add}. The builder is reset for the next block.
   * (A writer writes each block once; a copy of every block was a memory copy of every byte
   * the writer wrote.)
   */
  int finishInPlace() {
    for (int i = 0; i < numRestarts; i++) {
      buf.u32(restarts[i]);
    }
    buf.u32(numRestarts);
    int n = buf.size();
    buf.reset();
    numRestarts = 0;
    lastKeyLen = 0;
    sinceRestart = 0;
    return n;
  }

  /** The array {@link #finishInPlace()} leaves the block in. */
  byte[] array() {
    return buf.array();
  }
}
