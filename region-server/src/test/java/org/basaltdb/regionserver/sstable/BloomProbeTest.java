package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Probes stepped by addition set the bits {@code floorMod(h1 + i * h2, m)} names: the format. */
class BloomProbeTest {
  @Test
  void probesAreTheDocumentedOnes() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int keys : new int[] {1, 5, 37, 1_000, 20_000}) {
      long[] hashes = new long[keys];
      BloomFilter.Builder b = new BloomFilter.Builder(0); // sized exactly at finish
      for (int k = 0; k < keys; k++) {
        hashes[k] = rnd.nextLong();
        b.add(hashes[k]);
      }
      byte[] block = b.finish();
      long numBits = (Math.max(64, keys * (long) BloomFilter.BITS_PER_KEY) + 7) & ~7L;
      byte[] want = new byte[(int) (numBits / 8)];
      for (long h : hashes) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int i = 0; i < BloomFilter.NUM_HASHES; i++) {
          long bit = Math.floorMod(h1 + (long) i * h2, numBits);
          want[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
      }
      assertArrayEquals(want, Arrays.copyOfRange(block, block.length - want.length, block.length),
          "seed " + seed + ", " + keys + " keys");
    }
  }
}
