package org.basaltdb.regionserver.sstable;

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
 * MurmurHash3 x64 128 (seed 0), keeping the first 64 bits h ({@link BloomHash}, Guava's
 * {@code murmur3_128(0).asLong()}); probe i (0 <= i < k) sets bit
 * {@code floorMod(h1 + i * h2, numBits)} with h1 = (int) h, h2 = (int) (h >>> 32)
 * (Kirsch-Mitzenmacher double hashing). Bit j is {@code bits[j >> 3] & (1 << (j & 7))}.
 *
 * <p>Keys: a row key is {@code 'R' row}; a row-column key is
 * {@code 'C' rowLen:u32 row qualifier}, rowLen little-endian (the length keeps "ab"+"c" apart
 * from "a"+"bc").
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

  private final int numHashes;
  private final long numBits;
  private final byte[] bits;

  private BloomFilter(int numHashes, long numBits, byte[] bits) {
    this.numHashes = numHashes;
    this.numBits = numBits;
    this.bits = bits;
  }

  /** The 64-bit hash of a row key ({@link BloomHash}). */
  static long hashRow(byte[] row) {
    return BloomHash.row(row);
  }

  /** The 64-bit hash of a row-column key ({@link BloomHash}). */
  static long hashRowCol(byte[] row, byte[] qualifier) {
    return BloomHash.rowCol(row, qualifier);
  }

  boolean mightContain(long h) {
    long bit = Math.floorMod((long) (int) h, numBits);
    long step = Math.floorMod((long) (int) (h >>> 32), numBits);
    for (int i = 0; i < numHashes; i++) {
      if ((bits[(int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
      bit = nextProbe(bit, step, numBits);
    }
    return true;
  }

  /**
   * Probe i + 1 from probe i: {@code floorMod(h1 + (i + 1) * h2, m)} is probe i plus
   * {@code floorMod(h2, m)}, wrapped once. This saves a 64-bit division per probe, ten per key
   * for every row a flush or a compaction writes: the divisions were a third of the bloom work
   * in a profile of a YCSB load, and the bloom work a tenth of the server's CPU.
   */
  private static long nextProbe(long bit, long step, long numBits) {
    long next = bit + step;
    return next >= numBits ? next - numBits : next;
  }

  long numBits() {
    return numBits;
  }

  int numHashes() {
    return numHashes;
  }

  /** The bit count for {@code keys} keys: {@value #BITS_PER_KEY} a key, at least 64, whole bytes. */
  private static long bitsFor(long keys) {
    return (Math.max(64, keys * BITS_PER_KEY) + 7) & ~7L;
  }

  private static void set(byte[] bits, long numBits, long h) {
    long bit = Math.floorMod((long) (int) h, numBits);
    long step = Math.floorMod((long) (int) (h >>> 32), numBits);
    for (int i = 0; i < NUM_HASHES; i++) {
      bits[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      bit = nextProbe(bit, step, numBits);
    }
  }

  private static byte[] encode(long numBits, byte[] bits) {
    ByteWriter w = new ByteWriter(bits.length + 12);
    w.u8(SCHEME_MURMUR3_DOUBLE_HASH);
    w.u8(NUM_HASHES);
    w.varint(numBits);
    w.bytes(bits, 0, (int) (numBits / 8));
    return w.toByteArray();
  }

  /**
   * Builds one file's bloom block while its keys arrive, in memory proportional to an upper
   * bound on the key count rather than to the keys themselves.
   *
   * <p>With a bound (the writer's normal case: a flush knows its snapshot's cells, a compaction
   * its inputs'), the bits are allocated for the bound up front, rounded up to a multiple of
   * {@value #FOLD_UNIT_BITS} bits, and each key sets its probes at once. At {@link #finish} the
   * filter is folded in halves while half still holds {@value #BITS_PER_KEY} bits per key that
   * actually arrived: since every probe is {@code floorMod(v, numBits)} and
   * {@code floorMod(v, m) mod (m/2) == floorMod(v, m/2)} for even m, OR-ing the upper half onto
   * the lower gives exactly the filter that {@code m/2} bits would have had (the same fold as
   * HBase's {@code BloomFilterChunk.compactBloom}). So the stored filter has between 14 and 28
   * bits per key and the format does not change. A 10-million-cell compaction needs 17.5 MB of
   * bits (ROW), where holding each key's 64-bit hash needed 80 MB, and 160 MB while its array grew.
   *
   * <p>A key count past the bound still gives a correct filter with a higher false-positive rate.
   * Without a bound (0: a bulk-load job's files, rolled at a size limit) the builder keeps the
   * hashes, 8 bytes a key in 32 Ki-entry pages (no doubling copies), and sizes the filter from the
   * exact count at the end.
   */
  static final class Builder {
    /** Bits are allocated in multiples of this, so a filter can be halved 12 times. */
    static final int FOLD_UNIT_BITS = 1 << 15;
    /**
     * Hashes per page: 256 KiB, under half a G1 region of a 1 GiB heap, so not a humongous
     * object (each of which can start a concurrent marking cycle in a bulk-load job's full heap).
     */
    private static final int PAGE = 1 << 15;

    private byte[] bits;
    private long numBits;
    private long[][] pages;
    private long count;

    /** {@code maxKeys}: an upper bound on the distinct keys to come, or 0 if unknown. */
    Builder(long maxKeys) {
      if (maxKeys > 0) {
        long n = bitsFor(maxKeys);
        n = (n + FOLD_UNIT_BITS - 1) / FOLD_UNIT_BITS * FOLD_UNIT_BITS;
        if (n / 8 > Integer.MAX_VALUE - 64) {
          n = (Integer.MAX_VALUE - 64L) * 8 / FOLD_UNIT_BITS * FOLD_UNIT_BITS;
        }
        numBits = n;
        bits = new byte[(int) (n / 8)];
      } else {
        pages = new long[4][];
      }
    }

    void add(long h) {
      if (bits != null) {
        set(bits, numBits, h);
      } else {
        int page = (int) (count / PAGE);
        if (page == pages.length) {
          pages = Arrays.copyOf(pages, page * 2);
        }
        if (pages[page] == null) {
          pages[page] = new long[PAGE];
        }
        pages[page][(int) (count % PAGE)] = h;
      }
      count++;
    }

    long count() {
      return count;
    }

    /** Bytes of key state held now: the bits, or the hash pages. */
    long footprintBytes() {
      if (bits != null) {
        return bits.length;
      }
      long b = 0;
      for (long[] page : pages) {
        b += page == null ? 0 : 8L * page.length;
      }
      return b;
    }

    /** The encoded bloom block. The builder cannot be used afterwards. */
    byte[] finish() {
      if (bits == null) {
        long n = bitsFor(count);
        if (n / 8 > Integer.MAX_VALUE - 64) {
          throw new IllegalArgumentException("too many bloom keys: " + count);
        }
        byte[] b = new byte[(int) (n / 8)];
        for (long j = 0; j < count; j++) {
          set(b, n, pages[(int) (j / PAGE)][(int) (j % PAGE)]);
        }
        pages = null;
        return encode(n, b);
      }
      long want = bitsFor(count);
      long n = numBits;
      while (n % 16 == 0 && n / 2 >= want) {
        int half = (int) (n / 16);
        for (int i = 0; i < half; i++) {
          bits[i] |= bits[i + half];
        }
        n /= 2;
      }
      byte[] out = encode(n, bits);
      bits = null;
      return out;
    }
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
