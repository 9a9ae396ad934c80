package org.basaltdb.regionserver.sstable;

import java.util.Arrays;
import org.basaltdb.common.CorruptionException;

/**
 * A bounds-checked cursor over one verified block. Every read that would run past the limit, and
 * every length that does not fit in what is left, is a {@link CorruptionException} naming the
 * file and the block's offset: a damaged length can never cause a huge allocation.
 */
final class ByteReader {
  private final byte[] buf;
  private int pos;
  private final int limit;
  private final String file;
  private final long blockOffset;

  ByteReader(byte[] buf, int pos, int limit, String file, long blockOffset) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
    this.file = file;
    this.blockOffset = blockOffset;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return limit - pos;
  }

  CorruptionException corrupt(String what) {
    return new CorruptionException(file, blockOffset, what);
  }

  private void need(long n) throws CorruptionException {
    if (n < 0 || n > limit - pos) {
      throw corrupt("length " + n + " at block position " + pos + " runs past the block end "
          + limit);
    }
  }

  int u8() throws CorruptionException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  int u16() throws CorruptionException {
    need(2);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  long i64() throws CorruptionException {
    need(8);
    long v = getI64(buf, pos);
    pos += 8;
    return v;
  }

  long varint64() throws CorruptionException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      int b = buf[pos++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw corrupt("varint longer than 10 bytes at block position " + pos);
  }

  /** A varint that must lie in [0, max]. */
  int varint32(int max, String what) throws CorruptionException {
    long v = varint64();
    if (v < 0 || v > max) {
      throw corrupt(what + " " + v + " out of range [0, " + max + "]");
    }
    return (int) v;
  }

  byte[] bytes(int n) throws CorruptionException {
    need(n);
    byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  /** A varint length (bounded by what is left), then that many bytes. */
  byte[] lengthPrefixed() throws CorruptionException {
    return bytes(varint32(remaining(), "length"));
  }

  static int getU32(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  static long getI64(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
