package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bloom scheme 1's hash is the filters' on-disk contract: {@link BloomHash} must give, for every
 * key, exactly what Guava's MurmurHash3 (which wrote the first files) gives.
 */
class BloomHashTest {
  private static final long SEED = System.nanoTime();
  private static final HashFunction GUAVA = Hashing.murmur3_128(0);

  static {
    System.out.println("BloomHashTest seed " + SEED);
  }

  private static long guavaRow(byte[] row) {
    return GUAVA.newHasher().putByte((byte) 'R').putBytes(row).hash().asLong();
  }

  private static long guavaRowCol(byte[] row, byte[] q) {
    return GUAVA.newHasher().putByte((byte) 'C').putInt(row.length).putBytes(row).putBytes(q)
        .hash().asLong();
  }

  /** Every length around the 16-byte blocks and the eight-byte words, random bytes. */
  @Test
  void equalsGuavaForRowKeysOfEveryLength() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int len = 0; len <= 80; len++) {
      for (int rep = 0; rep < 50; rep++) {
        byte[] row = new byte[len];
        for (int i = 0; i < len; i++) {
          row[i] = (byte) rnd.nextInt(256);
        }
        assertEquals(guavaRow(row), BloomFilter.hashRow(row), "row of " + len + " bytes");
      }
    }
    byte[] big = new byte[4099];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) rnd.nextInt(256);
    }
    assertEquals(guavaRow(big), BloomFilter.hashRow(big));
  }

  @Test
  void equalsGuavaForRowColumnKeys() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    for (int rowLen = 0; rowLen <= 40; rowLen++) {
      for (int qLen = 0; qLen <= 24; qLen++) {
        byte[] row = new byte[rowLen];
        byte[] q = new byte[qLen];
        for (int i = 0; i < rowLen; i++) {
          row[i] = (byte) rnd.nextInt(256);
        }
        for (int i = 0; i < qLen; i++) {
          q[i] = (byte) rnd.nextInt(256);
        }
        assertEquals(guavaRowCol(row, q), BloomFilter.hashRowCol(row, q),
            "row of " + rowLen + " bytes, qualifier of " + qLen);
      }
    }
  }
}
