package org.basaltdb.mapreduce;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;

/**
 * Arithmetic on row keys as numbers, to cut a key range into equal parts and to say how far a
 * key is through one. A key of width {@code w} reads as a base-256 fraction: its bytes padded
 * with zeros (or cut) to {@code w} bytes, big-endian, unsigned. An empty start row is 0 and an
 * empty end row is 1 past the largest key of that width.
 */
final class KeyRanges {
  /** Bytes of a key {@link #fraction} reads after the bounds' common prefix: fits a long. */
  private static final int PROGRESS_BYTES = 7;

  private KeyRanges() {}

  private static BigInteger value(byte[] key, int width) {
    byte[] padded = new byte[width + 1]; // a leading zero keeps the number non-negative
    System.arraycopy(key, 0, padded, 1, Math.min(key.length, width));
    return new BigInteger(padded);
  }

  private static BigInteger end(byte[] endRow, int width) {
    return endRow.length == 0 ? BigInteger.ONE.shiftLeft(8 * width) : value(endRow, width);
  }

  /**
   * The boundaries cutting {@code [start, end)} into {@code n} parts of about equal key space:
   * {@code start}, the inner cut points, {@code end}; strictly increasing, so no part is empty
   * of keys. A range too narrow for {@code n} parts gives fewer.
   */
  static List<byte[]> cut(byte[] start, byte[] end, int n) {
    List<byte[]> out = new ArrayList<>(n + 1);
    out.add(start);
    if (n > 1) {
      // One byte more than the longer bound, so even neighbouring keys have room between them.
      int width = Math.max(start.length, end.length) + 1;
      BigInteger s = value(start, width);
      BigInteger span = end(end, width).subtract(s);
      for (int i = 1; i < n; i++) {
        BigInteger p = s.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
        byte[] key = toKey(p, width);
        if (Bytes.compare(key, out.get(out.size() - 1)) > 0
            && (end.length == 0 || Bytes.compare(key, end) < 0)) {
          out.add(key);
        }
      }
    }
    out.add(end);
    return out;
  }

  private static byte[] toKey(BigInteger v, int width) {
    byte[] raw = v.toByteArray();
    byte[] key = new byte[width];
    int copy = Math.min(raw.length, width);
    System.arraycopy(raw, raw.length - copy, key, width - copy, copy);
    return key;
  }

  /**
   * How far {@code key} is through {@code [start, end)}, from 0 to 1. Every key in the range
   * shares the bounds' common prefix, so the arithmetic starts after it, on the next
   * {@value #PROGRESS_BYTES} bytes as a long: exact to 2^-56 of the range, and cheap, since the
   * framework asks after every record.
   */
  static float fraction(byte[] start, byte[] end, byte[] key) {
    int from = end.length == 0 ? 0 : commonPrefix(start, end);
    long s = digits(start, from);
    long e = end.length == 0 ? 1L << (8 * PROGRESS_BYTES) : digits(end, from);
    long span = e - s;
    if (span <= 0) {
      return 1f;
    }
    if (Bytes.compare(key, start) <= 0) {
      return 0f;
    }
    if (end.length > 0 && Bytes.compare(key, end) >= 0) {
      return 1f;
    }
    long done = digits(key, from) - s;
    return done <= 0 ? 0f : (float) Math.min(1.0, (double) done / span);
  }

  private static int commonPrefix(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    return i;
  }

  /** {@value #PROGRESS_BYTES} bytes of {@code key} from {@code from}, zero-padded, unsigned. */
  private static long digits(byte[] key, int from) {
    long v = 0;
    for (int i = 0; i < PROGRESS_BYTES; i++) {
      int at = from + i;
      v = (v << 8) | (at < key.length ? key[at] & 0xff : 0);
    }
    return v;
  }
}
