package org.basaltdb.mapreduce.bulkload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines a {@link SortingTextMapper} holds until it sorts them: their bytes packed into arrays
 * of {@link #CHUNK} bytes, each line's place and its row key's in int arrays. A hundred thousand
 * lines held as objects (a {@code Put}, its cells, their arrays) would be copied from one
 * generation of the heap to the next at every young collection while the buffer fills; a few
 * large arrays are allocated outside the young generation and never copied, and the chunks are
 * reused from one sorted run to the next.
 *
 * <p>Thread safety: none; one mapper's.
 */
final class LineBuffer {
  /** Bytes per chunk: large enough that the JVM allocates them outside the young generation. */
  static final int CHUNK = 4 << 20;
  /** Counted per line besides its bytes: its five index entries. */
  static final int PER_LINE = 20;

  private final List<byte[]> chunks = new ArrayList<>();
  private int used; // chunks holding this run's lines
  private int pos; // the next free byte of chunk used - 1
  private int[] chunkOf = new int[1024];
  private int[] lineOff = new int[1024];
  private int[] lineLen = new int[1024];
  private int[] rowOff = new int[1024];
  private int[] rowLen = new int[1024];
  private int n;
  private long bytes;

  /**
   * Adds {@code len} bytes of {@code line} from {@code off}, whose row key is at
   * {@code rowStart..rowEnd} of {@code line}.
   */
  void add(byte[] line, int off, int len, int rowStart, int rowEnd) {
    int c = reserve(len);
    if (n == chunkOf.length) {
      int size = n * 2;
      chunkOf = Arrays.copyOf(chunkOf, size);
      lineOff = Arrays.copyOf(lineOff, size);
      lineLen = Arrays.copyOf(lineLen, size);
      rowOff = Arrays.copyOf(rowOff, size);
      rowLen = Arrays.copyOf(rowLen, size);
    }
    System.arraycopy(line, off, chunks.get(c), pos, len);
    chunkOf[n] = c;
    lineOff[n] = pos;
    lineLen[n] = len;
    rowOff[n] = pos + rowStart - off;
    rowLen[n] = rowEnd - rowStart;
    pos += len;
    n++;
    bytes += len + PER_LINE;
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

  /** A copy of line {@code i}'s row key. */
  byte[] row(int i) {
    int from = rowOff[i];
    return Arrays.copyOfRange(chunk(i), from, from + rowLen[i]);
  }

  /** Compares the row keys of lines {@code a} and {@code b}, bytes unsigned. */
  int compareRows(int a, int b) {
    return Arrays.compareUnsigned(chunk(a), rowOff[a], rowOff[a] + rowLen[a],
        chunk(b), rowOff[b], rowOff[b] + rowLen[b]);
  }

  /** The lines' indexes in row order; lines of one row in the order they were added. */
  int[] sortedByRow() {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    mergeSort(order, new int[n], 0, n);
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
    bytes = 0;
  }
}
