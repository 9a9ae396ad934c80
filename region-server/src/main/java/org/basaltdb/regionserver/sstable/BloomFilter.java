package org.basaltdb.regionserver.sstable;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Arrays;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.regionserver.cache.Cacheable;

/**
 * The bloom filter of one SSTable.
 *
 * <pre>
 * bloomBlock := scheme:u8 numHashes:u8 numBits:varint bits[ceil(numBits / 8)]
 * </pre>
 *
 * Scheme 1 (the only one; persisted, never renumber): each key is hashed once with
 * MurmurHash3 x64 128 (seed 0), keeping the first 64 bits h; probe i (0 <= i < k) sets bit
 * {@code floorMod(h1 + i * h2, numBits)} with h1 = (int) h, h2 = (int) (h >>> 32)
 * (Kirsch-Mitzenmacher double hashing). Bit j is {@code bits[j >> 3] & (1 << (j & 7))}.
 *
 * <p>Keys: a row key is {@code 'R' row}; a row-column key is
 * {@code 'C' rowLen:u32 row qualifier} (the length keeps "ab"+"c" apart from "a"+"bc").
 *
 * <p>Sizing: {@value #BITS_PER_KEY} bits per distinct key and {@value #NUM_HASHES} probes give a
 * false-positive rate of (1 - e^(-10/14))^10 = 0.12% per file, so that a Get of an absent row
 * still reads no data block in over 99% of cases when a store holds several files (at 10 bits
 * per key, 0.82% per file, three files measured 97.5%). Readers take the probe count from the
 * file, so files written with other settings stay readable. The writer collects
 * the 64-bit hashes and sizes the filter from the exact key count at finish.
 */
final class BloomFilter implements Cacheable {
  static final int SCHEME_MURMUR3_DOUBLE_HASH = 1;
  static final int BITS_PER_KEY = 14;
  static final int NUM_HASHES = 10;

  private static final HashFunction MURMUR = Hashing.murmur3_128(0);

  private final int numHashes;
  private final long numBits;
  private final byte[] bits;

  private BloomFilter(int numHashes, long numBits, byte[] bits) {
    this.numHashes = numHashes;
    this.numBits = numBits;
    this.bits = bits;
  }

  static long hashRow(byte[] row) {
    return MURMUR.newHasher(row.length + 1).putByte((byte) 'R').putBytes(row).hash().asLong();
  }

  static long hashRowCol(byte[] row, byte[] qualifier) {
    return MURMUR.newHasher(row.length + qualifier.length + 5).putByte((byte) 'C')
        .putInt(row.length).putBytes(row).putBytes(qualifier).hash().asLong();
  }

  boolean mightContain(long h) {
    int h1 = (int) h;
    int h2 = (int) (h >>> 32);
    for (int i = 0; i < numHashes; i++) {
      long bit = Math.floorMod(h1 + (long) i * h2, numBits);
      if ((bits[(int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
    }
    return true;
  }

  long numBits() {
    return numBits;
  }

  int numHashes() {
    return numHashes;
  }

  /** Builds the bloom block from the hashes of all keys. */
  static byte[] build(long[] hashes, int n) {
    long numBits = Math.max(64, (long) n * BITS_PER_KEY);
    numBits = (numBits + 7) & ~7L;
    if (numBits / 8 > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("too many bloom keys: " + n);
    }
    byte[] bits = new byte[(int) (numBits / 8)];
    for (int j = 0; j < n; j++) {
      long h = hashes[j];
      int h1 = (int) h;
      int h2 = (int) (h >>> 32);
      for (int i = 0; i < NUM_HASHES; i++) {
        long bit = Math.floorMod(h1 + (long) i * h2, numBits);
        bits[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      }
    }
    ByteWriter w = new ByteWriter(bits.length + 12);
    w.u8(SCHEME_MURMUR3_DOUBLE_HASH);
    w.u8(NUM_HASHES);
    w.varint(numBits);
    w.bytes(bits);
    return w.toByteArray();
  }

  static BloomFilter decode(byte[] b, String file, long blockOffset) throws CorruptionException {
    ByteReader r = new ByteReader(b, 0, b.length, file, blockOffset);
    int scheme = r.u8();
    if (scheme != SCHEME_MURMUR3_DOUBLE_HASH) {
      throw r.corrupt("unknown bloom hash scheme " + scheme);
    }
    int k = r.u8();
    if (k < 1 || k > 30) {
      throw r.corrupt("bloom probe count " + k + " out of range [1, 30]");
    }
    long numBits = r.varint64();
    if (numBits < 8 || numBits % 8 != 0 || numBits / 8 != r.remaining()) {
      throw r.corrupt("bloom of " + numBits + " bits does not match its " + r.remaining()
          + " bytes");
    }
    return new BloomFilter(k, numBits, Arrays.copyOfRange(b, r.position(), b.length));
  }

  @Override
  public long heapSize() {
    return 48 + bits.length;
  }
}
