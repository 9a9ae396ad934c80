package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the lines of one split {@code [start, end)} of an uncompressed text file, the lines
 * Hadoop's {@code LineRecordReader} gives the split, without it: a line ends at {@code \n},
 * {@code \r\n} or a lone {@code \r} (not part of the line); the split owns the lines that start
 * at a position {@code p} with {@code start < p <= end}, and the line at 0 when {@code start} is
 * 0, so every line of the file belongs to exactly one split (the first line starting after a
 * split's end belongs to the next, whose reader skips the partial line it starts in).
 *
 * <p>The bytes are read in large blocks straight into one buffer, and the line ends are found
 * eight bytes at a time; Hadoop's reader walks every byte in a loop and copies each line into a
 * {@code Text}, which was a fifth of {@code importtsv}'s map time. As there, a UTF-8 byte order
 * mark at the start of the file is dropped.
 *
 * <p>Given a field separator, the same pass over the bytes also records where it occurs in each
 * line ({@link #separators}), so that a parser need not walk the line a second time: with lines
 * of a kilobyte, the two scans were a third of the mapper's work.
 *
 * <p>Usage: {@code while (r.next()) use(r.buffer(), r.offset(), r.length(), r.position());}.
 * The line's bytes are valid until the next call. The caller closes the stream. Thread safety:
 * none.
 */
final class SplitLineReader {
  /**
   * Bytes read at a time: large enough that a read's fixed cost is noise, small for L2, and not
   * a humongous object in the tools' heap ({@link SortedRuns#BUFFER}).
   */
  static final int BLOCK = SortedRuns.BUFFER;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long NL = '\n' * ONES;
  private static final long CR = '\r' * ONES;

  private final InputStream in;
  private final long end;
  private byte[] buf;
  /** Valid bytes are {@code buf[lo, hi)}; {@code buf[0]} is at file position {@code base}. */
  private int lo;
  private int hi;
  private long base;
  private boolean eof;
  /** Whether no line was read yet and the split starts the file. */
  private boolean atFileStart;
  private int lineOff;
  private int lineLen;
  private long linePos;
  /** The separator's eight-byte pattern, and whether separators are recorded at all. */
  private final long sep;
  private final boolean recordSeparators;
  /**
   * Where the separator occurs in the line being read, relative to its start ({@link #lo}):
   * the first {@link #nSeps}. Relative, so they stay right when {@link #fill} moves the bytes.
   */
  private int[] seps = new int[16];
  private int nSeps;

  /**
   * {@code in} is positioned at {@code start}; the split is {@code [start, end)} of its file.
   */
  SplitLineReader(InputStream in, long start, long end, int blockSize) throws IOException {
    this(in, start, end, blockSize, -1);
  }

  /**
   * As above, recording each line's occurrences of {@code separator} (a byte value, or -1 for
   * none) as it finds the line's end.
   */
  SplitLineReader(InputStream in, long start, long end, int blockSize, int separator)
      throws IOException {
    this.in = in;
    this.end = end;
    this.recordSeparators = separator >= 0;
    this.sep = recordSeparators ? (separator & 0xFFL) * ONES : 0;
    this.buf = new byte[blockSize];
    this.base = start;
    this.atFileStart = start == 0;
    if (start != 0) {
      nextLine(); // the partial line the split starts in belongs to the previous split
    } else {
      while (hi < 3 && fill()) {
        // the first three bytes, for a byte order mark
      }
      if (hi >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB
          && (buf[2] & 0xFF) == 0xBF) {
        lo = 3; // a UTF-8 byte order mark, which LineRecordReader drops too
      }
    }
  }

  /** Moves to the split's next line; false when it has none left. */
  boolean next() throws IOException {
    if (base + lo > end && !atFileStart) {
      return false;
    }
    atFileStart = false; // (the file's first line is at 0, before any byte order mark)
    return nextLine();
  }

  byte[] buffer() {
    return buf;
  }

  int offset() {
    return lineOff;
  }

  int length() {
    return lineLen;
  }

  /** The line's position in its file. */
  long position() {
    return linePos;
  }

  /**
   * Where the separator occurs in the current line, offsets from {@link #offset()}, ascending:
   * the first {@link #separatorCount()} entries; only when the reader was given a separator.
   */
  int[] separators() {
    return seps;
  }

  int separatorCount() {
    return nSeps;
  }

  /** Reads the line at {@code lo} through its end; false at the end of the file. */
  private boolean nextLine() throws IOException {
    int scanned = lo; // no line end in buf[lo, scanned)
    nSeps = 0;
    while (true) {
      int t = recordSeparators ? findEndAndSeparators(scanned, hi) : findEnd(buf, scanned, hi);
      if (t >= 0) {
        if (buf[t] == '\r' && t + 1 == hi && !eof) { // is it \r\n? one more byte tells
          int shift = lo;
          if (!fill()) {
            return line(t - shift, t - shift + 1);
          }
          t -= shift;
        }
        int next = buf[t] == '\r' && t + 1 < hi && buf[t + 1] == '\n' ? t + 2 : t + 1;
        return line(t, next);
      }
      scanned = hi - lo; // relative: fill() moves the bytes to the front
      if (!fill()) {
        if (lo == hi) {
          return false;
        }
        return line(hi, hi); // the file's last line, without a line end
      }
      scanned += lo;
    }
  }

  /** Records the line {@code buf[lo, stop)}; the next one starts at {@code next}. */
  private boolean line(int stop, int next) {
    lineOff = lo;
    lineLen = stop - lo;
    linePos = base + lo;
    lo = next;
    return true;
  }

  /**
   * Moves the unread bytes to the front (growing the buffer if they fill it) and reads more
   * after them; false at the end of the file.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (lo > 0) {
      System.arraycopy(buf, lo, buf, 0, hi - lo);
      base += lo;
      hi -= lo;
      lo = 0;
    }
    if (hi == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
    }
    int n = in.read(buf, hi, buf.length - hi);
    if (n < 0) {
      eof = true;
      return false;
    }
    hi += n;
    return true;
  }

  /** The index of the first {@code \n} or {@code \r} in {@code b[from, to)}, or -1. */
  static int findEnd(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i);
      long found = zeroBytes(x ^ NL) | zeroBytes(x ^ CR);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  /**
   * As {@link #findEnd} over {@code buf[from, to)}, recording every separator before the line
   * end it finds (relative to {@link #lo}) in {@link #seps}: one pass for both.
   */
  private int findEndAndSeparators(int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(buf, i);
      long ends = zeroBytes(x ^ NL) | zeroBytes(x ^ CR);
      long found = zeroBytes(x ^ sep);
      if (ends != 0) {
        found &= (ends & -ends) - 1; // only the separators before the line's end
        addSeparators(found, i);
        return i + (Long.numberOfTrailingZeros(ends) >>> 3);
      }
      if (found != 0) {
        addSeparators(found, i);
      }
    }
    byte s = (byte) sep;
    for (; i < to; i++) {
      byte b = buf[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
      if (b == s) {
        addSeparator(i);
      }
    }
    return -1;
  }

  /** Records the separators whose high bits are set in {@code found}, of the word at {@code i}. */
  private void addSeparators(long found, int i) {
    while (found != 0) {
      addSeparator(i + (Long.numberOfTrailingZeros(found) >>> 3));
      found &= found - 1;
    }
  }

  private void addSeparator(int at) {
    if (nSeps == seps.length) {
      seps = Arrays.copyOf(seps, nSeps * 2);
    }
    seps[nSeps++] = at - lo;
  }

  /** The high bit of each zero byte of {@code x}, exactly (no false positives). */
  private static long zeroBytes(long x) {
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }
}
