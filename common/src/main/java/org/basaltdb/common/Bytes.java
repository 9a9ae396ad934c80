package org.basaltdb.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Helpers for the byte arrays that make up rows, families, qualifiers and values.
 *
 * <p>All comparisons are unsigned and lexicographic, as in HBase: {@code 0xFF} sorts after
 * {@code 0x00}, and a prefix sorts before any longer array that starts with it.
 */
public final class Bytes {
  public static final byte[] EMPTY = new byte[0];

  /** Unsigned lexicographic order over whole arrays. */
  public static final Comparator<byte[]> COMPARATOR = Bytes::compare;

  private Bytes() {}

  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
          java.nio.ByteOrder.BIG_ENDIAN);

  /**
   * The first 8 bytes of {@code a} as an unsigned big-endian long, zero-padded when shorter. Two
   * arrays whose prefixes differ compare as their prefixes do (unsigned); equal prefixes say
   * nothing.
   */
  public static long prefix(byte[] a) {
    return prefix(a, 0);
  }

  /** Like {@link #prefix(byte[])} for the 8 bytes from {@code from} on (0 past the end). */
  public static long prefix(byte[] a, int from) {
    int n = a.length - from;
    if (n >= 8) {
      return (long) LONG_BE.get(a, from);
    }
    n = Math.max(n, 0);
    // No branch inside the loop: C2 hoisted the old "i < length" test out of it from the
    // profile, and every new short length deoptimized each hot method that inlines this one
    // (JFR counted nine such deoptimizations over the first two 100k-row loads).
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (a[from + i] & 0xFF);
    }
    return v << (8 * (8 - n)); // for n = 0 the shift is 64, i.e. 0, and v is 0
  }

  public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
  }

  public static boolean equals(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  public static boolean startsWith(byte[] array, byte[] prefix) {
    return array.length >= prefix.length
        && Arrays.equals(array, 0, prefix.length, prefix, 0, prefix.length);
  }

  public static byte[] toBytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] toBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /** Reads a big-endian long from exactly eight bytes, as HBase stores counters. */
  public static long toLong(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("expected an 8-byte long, got " + b.length + " bytes");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  public static String toString(byte[] b) {
    return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
  }

  /** Printable ASCII as is, everything else as {@code \xNN}: the form the HBase shell prints. */
  public static String toStringBinary(byte[] b) {
    if (b == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(b.length);
    for (byte x : b) {
      int c = x & 0xFF;
      if (c >= ' ' && c <= '~' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02X", c));
      }
    }
    return sb.toString();
  }

  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  /**
   * The smallest array that sorts after every array starting with {@code prefix}, or null when
   * there is none (the prefix is all {@code 0xFF}). Used to turn a row prefix into a stop row.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** The array that immediately follows {@code b} in unsigned order: {@code b + 0x00}. */
  public static byte[] successor(byte[] b) {
    return Arrays.copyOf(b, b.length + 1);
  }
}
