package org.basaltdb.regionserver.sstable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The hash of bloom scheme 1 ({@link BloomFilter}): MurmurHash3 x64 128 with seed 0, its first
 * 64 bits, bit for bit what Guava's {@code Hashing.murmur3_128(0)} gives ({@code asLong()}) for
 * the same bytes; the filters on disk depend on it, so it never changes (a test compares the two).
 *
 * <p>Why not Guava's: a key is a one- or five-byte prefix and a row, and Guava's streaming
 * hasher takes it through a hasher object, two byte buffers and a result array per key, a cost
 * every cell of a flush, a compaction or a bulk-load job pays. Here the prefix is folded into the
 * first 16-byte block and the row is read eight bytes at a time where it lies, with no
 * allocation for a row key.
 *
 * <p>Thread safety: stateless.
 */
final class BloomHash {
  private BloomHash() {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  /** The key of a ROW bloom: {@code 'R' row}. */
  static long row(byte[] row) {
    return hash('R', 1, row);
  }

  /** The key of a ROWCOL bloom: {@code 'C' rowLength:u32 (little-endian) row qualifier}. */
  static long rowCol(byte[] row, byte[] qualifier) {
    byte[] rq = new byte[row.length + qualifier.length];
    System.arraycopy(row, 0, rq, 0, row.length);
    System.arraycopy(qualifier, 0, rq, row.length, qualifier.length);
    return hash('C' | (row.length & 0xFFFFFFFFL) << 8, 5, rq);
  }

  /**
   * The hash of the {@code plen} (at most 7) bytes of {@code prefix}, low byte first, followed
   * by {@code b}.
   */
  static long hash(long prefix, int plen, byte[] b) {
    int total = plen + b.length;
    long h1 = 0;
    long h2 = 0;
    int v = 0; // virtual position: b[i] is at plen + i
    for (; v + 16 <= total; v += 16) {
      long k1 = v == 0 ? prefix | (long) LONGS.get(b, 0) << (8 * plen)
          : (long) LONGS.get(b, v - plen);
      long k2 = (long) LONGS.get(b, v + 8 - plen);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int rest = total - v;
    if (rest > 0) {
      long k1 = 0;
      long k2 = 0;
      for (int j = 0; j < rest; j++) {
        int p = v + j;
        long x = (p < plen ? prefix >>> (8 * p) : b[p - plen]) & 0xFF;
        if (j < 8) {
          k1 |= x << (8 * j);
        } else {
          k2 |= x << (8 * (j - 8));
        }
      }
      h1 ^= mixK1(k1);
      h2 ^= mixK2(k2);
    }
    h1 ^= total;
    h2 ^= total;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    return h1 + h2;
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
