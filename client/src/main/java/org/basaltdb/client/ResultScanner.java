package org.basaltdb.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.basaltdb.common.ops.Result;

/**
 * The rows of a scan, fetched from the server {@code caching} rows at a time. Close it when done
 * (or read it to the end): an open scanner holds server resources until it expires. The
 * client's own scanners close without throwing.
 *
 * <p>Thread safety: one thread at a time.
 */
public interface ResultScanner extends Closeable, Iterable<Result> {
  /** The next row (or part of a row, for a batched scan), or null at the end. */
  Result next() throws IOException;

  /** What the scanner has cost so far; scanners that do not count say {@link ScanMetrics#NONE}. */
  default ScanMetrics getScanMetrics() {
    return ScanMetrics.NONE;
  }

  /** Up to {@code n} more rows; fewer only at the end, empty at the end. */
  default List<Result> next(int n) throws IOException {
    List<Result> out = new ArrayList<>(Math.min(n, 1024));
    for (Result r; out.size() < n && (r = next()) != null; ) {
      out.add(r);
    }
    return out;
  }

  /** Iterates the remaining rows; an I/O failure surfaces as {@link UncheckedIOException}. */
  @Override
  default Iterator<Result> iterator() {
    return new Iterator<>() {
      private Result next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = ResultScanner.this.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return next != null;
      }

      @Override
      public Result next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Result r = next;
        next = null;
        return r;
      }
    };
  }
}
