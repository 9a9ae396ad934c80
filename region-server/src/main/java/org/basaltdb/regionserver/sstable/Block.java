package org.basaltdb.regionserver.sstable;

import org.basaltdb.common.CorruptionException;
import org.basaltdb.regionserver.cache.Cacheable;

/**
 * One verified, decompressed data block (format in {@link BlockBuilder}), shared read-only by
 * every iterator and cached in the block cache. {@link BlockCursor} walks it.
 */
final class Block implements Cacheable {
  /** Object header, fields and the array header. */
  private static final int OVERHEAD = 64;

  final byte[] data;
  final int restartsOffset;
  final int numRestarts;
  final String file;
  final long fileOffset;

  private Block(byte[] data, int restartsOffset, int numRestarts, String file, long fileOffset) {
    this.data = data;
    this.restartsOffset = restartsOffset;
    this.numRestarts = numRestarts;
    this.file = file;
    this.fileOffset = fileOffset;
  }

  /** Checks the restart array: at least one, the first at 0, strictly ascending, in range. */
  static Block parse(byte[] data, String file, long fileOffset) throws CorruptionException {
    if (data.length < 8) {
      throw new CorruptionException(file, fileOffset, "data block of " + data.length
          + " bytes is too short");
    }
    int n = ByteReader.getU32(data, data.length - 4);
    if (n < 1 || n > (data.length - 4) / 4 - 1) {
      throw new CorruptionException(file, fileOffset, "bad restart count " + n
          + " for a block of " + data.length + " bytes");
    }
    int restartsOffset = data.length - 4 - 4 * n;
    int prev = -1;
    for (int i = 0; i < n; i++) {
      int r = ByteReader.getU32(data, restartsOffset + 4 * i);
      if (r <= prev || r >= restartsOffset || (i == 0 && r != 0)) {
        throw new CorruptionException(file, fileOffset, "bad restart point " + i + " = " + r);
      }
      prev = r;
    }
    return new Block(data, restartsOffset, n, file, fileOffset);
  }

  int restart(int i) {
    return ByteReader.getU32(data, restartsOffset + 4 * i);
  }

  CorruptionException corrupt(String what) {
    return new CorruptionException(file, fileOffset, what);
  }

  @Override
  public long heapSize() {
    return OVERHEAD + data.length;
  }
}
