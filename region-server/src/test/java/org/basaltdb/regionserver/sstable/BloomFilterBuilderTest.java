package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.basaltdb.common.CorruptionException;
import org.junit.jupiter.api.Test;

/** The bloom filter built while keys arrive: folding, sizing, memory, no false negatives. */
class BloomFilterBuilderTest {
  private static final long SEED = System.nanoTime();

  static {
    System.out.println("BloomFilterBuilderTest seed " + SEED);
  }

  private static BloomFilter decode(byte[] block) throws CorruptionException {
    return BloomFilter.decode(block, "test", 0);
  }

  /**
   * A filter allocated for a bound and folded to its keys answers exactly as one built from the
   * format's rule at the folded size would: the fold is invisible to readers.
   */
  @Test
  void foldedFilterEqualsOneBuiltAtItsSize() throws Exception {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (long bound : new long[] {1, 100, 10_000, 1_000_000}) {
      for (int keys : new int[] {0, 1, 37, 5_000, 200_000}) {
        if (keys > bound) {
          continue;
        }
        long[] hashes = new long[keys];
        BloomFilter.Builder b = new BloomFilter.Builder(bound);
        for (int i = 0; i < keys; i++) {
          hashes[i] = rnd.nextLong();
          b.add(hashes[i]);
        }
        BloomFilter f = decode(b.finish());
        long n = f.numBits();
        long want = (Math.max(64, keys * (long) BloomFilter.BITS_PER_KEY) + 7) & ~7L;
        // Folded as far as whole bytes allow: under twice the keys' need unless halving again
        // would leave a part of a byte (a bound over 4,096 times the keys).
        assertTrue(n >= want && (n < 2 * want || n % 16 != 0),
            "bound " + bound + ", " + keys + " keys: " + n + " bits, want [" + want + ", 2x)");
        assertEquals(BloomFilter.NUM_HASHES, f.numHashes());
        // The format's rule at n bits, computed here from docs/formats/sstable.md.
        boolean[] direct = new boolean[(int) n];
        for (long h : hashes) {
          for (int i = 0; i < BloomFilter.NUM_HASHES; i++) {
            direct[(int) Math.floorMod((int) h + (long) i * (int) (h >>> 32), n)] = true;
          }
        }
        for (int probe = 0; probe < 20_000; probe++) {
          long h = probe < keys ? hashes[probe] : rnd.nextLong();
          boolean expected = true;
          for (int i = 0; i < BloomFilter.NUM_HASHES && expected; i++) {
            expected = direct[(int) Math.floorMod((int) h + (long) i * (int) (h >>> 32), n)];
          }
          assertEquals(expected, f.mightContain(h), "bound " + bound + ", keys " + keys);
        }
      }
    }
  }

  /** Folding keeps the false-positive rate of 14 bits a key (0.12 %), or better. */
  @Test
  void falsePositiveRateHoldsAfterFolding() throws Exception {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    BloomFilter.Builder b = new BloomFilter.Builder(3_000_000);
    int keys = 50_000;
    for (int i = 0; i < keys; i++) {
      b.add(rnd.nextLong());
    }
    BloomFilter f = decode(b.finish());
    int fp = 0;
    int probes = 400_000;
    for (int i = 0; i < probes; i++) {
      if (f.mightContain(rnd.nextLong())) {
        fp++;
      }
    }
    assertTrue(fp < probes * 0.003, fp + " false positives in " + probes);
  }

  /**
   * The bound sets the memory: 14 bits a key of the bound, where the writer used to hold 8
   * bytes a key (16 while its array doubled) — what ran two 384 MiB region servers out of heap
   * in a compaction.
   */
  @Test
  void memoryIsBitsOfTheBoundNotHashesOfTheKeys() {
    long bound = 10_000_000;
    BloomFilter.Builder b = new BloomFilter.Builder(bound);
    long bitsBytes = bound * BloomFilter.BITS_PER_KEY / 8;
    assertTrue(b.footprintBytes() <= bitsBytes + BloomFilter.Builder.FOLD_UNIT_BITS / 8,
        b.footprintBytes() + " bytes for a bound of " + bound);
    for (int i = 0; i < 1_000_000; i++) {
      b.add(i * 0x9E3779B97F4A7C15L);
    }
    assertTrue(b.footprintBytes() <= bitsBytes + BloomFilter.Builder.FOLD_UNIT_BITS / 8);
  }

  /** More keys than the bound: a fuller filter, never a false negative. */
  @Test
  void keysPastTheBoundAreStillFound() throws Exception {
    SplittableRandom rnd = new SplittableRandom(SEED + 2);
    BloomFilter.Builder b = new BloomFilter.Builder(100);
    long[] hashes = new long[10_000];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = rnd.nextLong();
      b.add(hashes[i]);
    }
    BloomFilter f = decode(b.finish());
    for (long h : hashes) {
      assertTrue(f.mightContain(h));
    }
  }

  /** Without a bound the hashes are kept in pages and the filter sized from the exact count. */
  @Test
  void unboundedBuilderSizesFromTheCount() throws Exception {
    SplittableRandom rnd = new SplittableRandom(SEED + 3);
    BloomFilter.Builder b = new BloomFilter.Builder(0);
    int keys = 200_001;
    long[] hashes = new long[keys];
    for (int i = 0; i < keys; i++) {
      hashes[i] = rnd.nextLong();
      b.add(hashes[i]);
    }
    assertTrue(b.footprintBytes() <= 8L * (keys + (1 << 16)), b.footprintBytes() + " bytes");
    BloomFilter f = decode(b.finish());
    assertEquals((keys * 14L + 7) & ~7L, f.numBits());
    for (long h : hashes) {
      assertTrue(f.mightContain(h));
    }
  }
}
