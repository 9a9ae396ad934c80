package org.basaltdb.mapreduce.bulkload;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The lines a {@link SortingTextMapper} holds until it sorts them: their bytes packed into arrays
 * of {@link #CHUNK} bytes, each line's place and its row key's in int arrays. A hundred thousand
 * lines held as objects (a {@code Put}, its cells, their arrays) would be copied from one
 * generation of the heap to the next at every young collection while the buffer fills; a few
 * large arrays are allocated outside the young generation and never copied, and the chunks are
 * reused from one sorted run to the next, and from one map task to the next through {@link
 * #take()} and {@link #release} (the local job runner runs every task in one JVM: fresh chunks
 * for each task are humongous allocations that start a G1 marking cycle each).
 *
 * <p>The sort compares the first sixteen bytes of the rows, kept in two {@code long}s per line,
 * and reads the chunks only when those are equal and a row is longer: a random access into a
 * few hundred megabytes of chunks per comparison is what a sort of indexes is slow at (with
 * eight bytes, keys such as {@code 0000123456} shared their head with a hundred others).
 *
 * <p>Each line's fields (where the parser found them when the line was added) are kept too, so
 * that writing the line does not look for its separators again.
 *
 * <p>Thread safety: none; one mapper's. {@link #take} and {@link #release} are thread-safe.
 */
final class LineBuffer {
  /**
   * Buffers released by finished tasks, for the next ones; softly held, so an idle JVM gives
   * their memory back when it needs it.
   */
  private static final Deque<SoftReference<LineBuffer>> FREE = new ArrayDeque<>();

  /** A buffer released by an earlier task, cleared, or a new one. */
  static LineBuffer take() {
    synchronized (FREE) {
      while (!FREE.isEmpty()) {
        LineBuffer b = FREE.pop().get();
        if (b != null) {
          return b;
        }
      }
    }
    return new LineBuffer();
  }

  /**
   * Forgets the buffers released for later tasks: when no mapper will come any more (the
   * reducers of a local job run after every map task), so that a garbage collection can take
   * their hundreds of megabytes. Softly held, they would stay until the heap ran short: G1
   * counts them as live, and a heap held above its marking threshold by them starts a
   * concurrent cycle at every large allocation of the reducers.
   */
  static void dropReleased() {
    synchronized (FREE) {
      FREE.clear();
    }
  }

  /** Gives {@code b} (no longer used by its task) to a later task. */
  static void release(LineBuffer b) {
    b.clear();
    synchronized (FREE) {
      FREE.push(new SoftReference<>(b));
    }
  }

  /** Bytes per chunk: large enough that the JVM allocates them outside the young generation. */
  static final int CHUNK = 4 << 20;
  /** Counted per line besides its bytes: its index entries (five ints, two longs, one int). */
  static final int PER_LINE = 40;
  /** Counted per field of a line: its start and end. */
  static final int PER_FIELD = 8;

  private final List<byte[]> chunks = new ArrayList<>();
  private int used; // chunks holding this run's lines
  private int pos; // the next free byte of chunk used - 1
  private int[] chunkOf = new int[1024];
  private int[] lineOff = new int[1024];
  private int[] lineLen = new int[1024];
  private int[] rowOff = new int[1024];
  private int[] rowLen = new int[1024];
  /** The first eight bytes of each row, big-endian, zero-padded: compared first by the sort. */
  private long[] rowHead = new long[1024];
  /** The row's next eight bytes, likewise: compared second. */
  private long[] rowHead2 = new long[1024];
  /** Where each line's fields start in {@link #fieldPool}, and how many it has. */
  private int[] fieldsAt = new int[1024];
  private int[] fieldCount = new int[1024];
  /** The lines' fields' {start, end} pairs, relative to their line's start. */
  private int[] fieldPool = new int[4096];
  private int fieldsUsed;
  private int[] order = new int[0];
  private int[] tmp = new int[0];
  private int n;
  private long bytes;

  /**
   * Adds {@code len} bytes of {@code line} from {@code off}, whose row key is at
   * {@code rowStart..rowEnd} of {@code line} and whose {@code nFields} fields are the
   * {start, end} pairs at the front of {@code fields}, positions in {@code line}.
   */
  void add(byte[] line, int off, int len, int rowStart, int rowEnd, int[] fields, int nFields) {
    int c = reserve(len);
    if (n == chunkOf.length) {
      int size = n * 2;
      chunkOf = Arrays.copyOf(chunkOf, size);
      lineOff = Arrays.copyOf(lineOff, size);
      lineLen = Arrays.copyOf(lineLen, size);
      rowOff = Arrays.copyOf(rowOff, size);
      rowLen = Arrays.copyOf(rowLen, size);
      rowHead = Arrays.copyOf(rowHead, size);
      rowHead2 = Arrays.copyOf(rowHead2, size);
      fieldsAt = Arrays.copyOf(fieldsAt, size);
      fieldCount = Arrays.copyOf(fieldCount, size);
    }
    if (fieldsUsed + 2 * nFields > fieldPool.length) {
      fieldPool = Arrays.copyOf(fieldPool, Math.max(fieldPool.length * 2, fieldsUsed + 2 * nFields));
    }
    System.arraycopy(line, off, chunks.get(c), pos, len);
    rowHead[n] = head(line, rowStart, rowEnd);
    rowHead2[n] = head(line, rowStart + 8, rowEnd);
    chunkOf[n] = c;
    lineOff[n] = pos;
    lineLen[n] = len;
    rowOff[n] = pos + rowStart - off;
    rowLen[n] = rowEnd - rowStart;
    fieldsAt[n] = fieldsUsed;
    fieldCount[n] = nFields;
    for (int i = 0; i < 2 * nFields; i++) {
      fieldPool[fieldsUsed++] = fields[i] - off;
    }
    pos += len;
    n++;
    bytes += len + PER_LINE + (long) PER_FIELD * nFields;
  }

  /** {@code b[from, end)}'s first eight bytes as a big-endian long, zero-padded. */
  private static long head(byte[] b, int from, int end) {
    long head = 0;
    for (int i = from; i < from + 8; i++) {
      head = (head << 8) | (i < end ? b[i] & 0xFF : 0);
    }
    return head;
  }

  /** The index of a chunk with {@code len} free bytes at {@link #pos}. */
  private int reserve(int len) {
    if (used > 0 && pos + len <= chunks.get(used - 1).length) {
      return used - 1;
    }
    if (used == chunks.size() || chunks.get(used).length < len) {
      chunks.add(used, new byte[Math.max(CHUNK, len)]);
    }
    pos = 0;
    return used++;
  }

  int size() {
    return n;
  }

  /** The bytes held, with {@link #PER_LINE} for each line. */
  long bytes() {
    return bytes;
  }

  byte[] chunk(int line) {
    return chunks.get(chunkOf[line]);
  }

  int offset(int line) {
    return lineOff[line];
  }

  int length(int line) {
    return lineLen[line];
  }

  /**
   * Puts line {@code i}'s fields' {start, end} pairs, positions in {@link #chunk}, at the front
   * of {@code out} (two ints per field); returns how many fields it has.
   */
  int fields(int i, int[] out) {
    int k = fieldCount[i];
    int at = fieldsAt[i];
    int base = lineOff[i];
    for (int j = 0; j < 2 * k; j++) {
      out[j] = fieldPool[at + j] + base;
    }
    return k;
  }

  /** Where line {@code i}'s row key starts in its {@link #chunk}. */
  int rowOffset(int i) {
    return rowOff[i];
  }

  int rowLength(int i) {
    return rowLen[i];
  }

  /** A copy of line {@code i}'s row key. */
  byte[] row(int i) {
    int from = rowOff[i];
    return Arrays.copyOfRange(chunk(i), from, from + rowLen[i]);
  }

  /** Compares the row keys of lines {@code a} and {@code b}, bytes unsigned. */
  int compareRows(int a, int b) {
    int c = Long.compareUnsigned(rowHead[a], rowHead[b]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(rowHead2[a], rowHead2[b]);
    if (c != 0) {
      return c;
    }
    if (rowLen[a] <= 16 && rowLen[b] <= 16) {
      return Integer.compare(rowLen[a], rowLen[b]); // equal up to the shorter one's end
    }
    return Arrays.compareUnsigned(chunk(a), rowOff[a], rowOff[a] + rowLen[a],
        chunk(b), rowOff[b], rowOff[b] + rowLen[b]);
  }

  /**
   * The lines' indexes in row order, lines of one row in the order they were added: the first
   * {@link #size()} entries of the array returned, which is the buffer's and valid until the
   * next call or {@link #clear()}.
   */
  int[] sortedByRow() {
    if (order.length < n) {
      order = new int[n + n / 4];
      tmp = new int[order.length];
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    mergeSort(order, tmp, 0, n);
    return order;
  }

  /** Stable: of equal rows, the left half's come first. */
  private void mergeSort(int[] a, int[] tmp, int from, int to) {
    if (to - from < 2) {
      return;
    }
    if (to - from <= 16) { // insertion sort, stable
      for (int i = from + 1; i < to; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= from && compareRows(a[j], v) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid);
    mergeSort(a, tmp, mid, to);
    if (compareRows(a[mid - 1], a[mid]) <= 0) {
      return; // already in order
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || i < mid && compareRows(tmp[i], tmp[j]) <= 0) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }

  /** Forgets every line; the chunks stay for the next run. */
  void clear() {
    used = 0;
    pos = 0;
    n = 0;
    fieldsUsed = 0;
    bytes = 0;
  }
}
