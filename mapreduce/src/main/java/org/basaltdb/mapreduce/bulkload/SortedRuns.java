package org.basaltdb.mapreduce.bulkload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * The sorted runs of {@code importtsv}'s map-side sort when they are merged into one file per
 * region ({@link BulkLoadConfig#IMPORTTSV_MAP_SIDE_MERGE}): each mapper sorts what it holds and
 * writes, per region, the lines in row order to a run file; one {@link RunMergeReducer} per
 * region merges that region's runs into its SSTables. A run is private to the job and lives
 * seconds: it is written without a sync and deleted as soon as its region is merged, so on a
 * machine with free memory most of it never leaves the page cache.
 *
 * <p>Where: {@code <output>/_runs/<map task attempt>/r<region>.<run>}; a mapper renames its
 * attempt's directory to {@code <output>/_runs/<map task>} when it ends, so a failed attempt's
 * runs are never merged. The loader skips names starting with {@code _}.
 *
 * <p>A run file (never outside one job, so no magic or version):
 * <pre>
 *   run    := line*
 *   line   := length:i32 rowStart:i32 rowLength:i32 fieldCount:i32 field{fieldCount} bytes[length]
 *   field  := start:i32 end:i32          // relative to the line's first byte
 * </pre>
 * big-endian, the row key at {@code bytes[rowStart, rowStart + rowLength)}; lines in row order,
 * lines of one row in the order the mapper read them.
 */
final class SortedRuns {
  private SortedRuns() {}

  static final String DIR = "_runs";

  /** The job's run directory. */
  static Path dir(JobContext ctx) {
    return new Path(FileOutputFormat.getOutputPath(ctx), DIR);
  }

  /** The finished runs of {@code region} in the order their lines were read (task, then run). */
  static List<Path> runsOf(FileSystem fs, Path dir, int region) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    FileStatus[] tasks = fs.listStatus(dir, p -> p.getName().startsWith("task_"));
    Arrays.sort(tasks);
    String prefix = "r" + region + ".";
    for (FileStatus t : tasks) {
      FileStatus[] runs = fs.listStatus(t.getPath(), p -> p.getName().startsWith(prefix));
      Arrays.sort(runs, (a, b) -> Integer.compare(runNumber(a.getPath()), runNumber(b.getPath())));
      for (FileStatus r : runs) {
        out.add(r.getPath());
      }
    }
    return out;
  }

  private static int runNumber(Path p) {
    String n = p.getName();
    return Integer.parseInt(n.substring(n.indexOf('.') + 1));
  }

  static Path runPath(Path attemptDir, int region, int run) {
    return new Path(attemptDir, "r" + region + "." + run);
  }

  /**
   * Bytes gathered before a write, and read at a time: large, for few system calls, and below
   * half a G1 region of the tools' 1 GiB heap (regions of 1 MiB), so not a humongous object:
   * each humongous allocation starts a concurrent marking cycle while the heap is fuller than
   * G1's threshold, which the mappers' sort buffers keep it (43 cycles, 4 s of GC threads' time
   * in one 1M-row job with 1 MiB buffers).
   */
  static final int BUFFER = 256 << 10;

  /** Writes one run file. Thread safety: one thread. */
  static final class Writer implements AutoCloseable {

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int at;

    Writer(FileSystem fs, Path p) throws IOException {
      this.out = fs.create(p, false);
    }

    /** Adds line {@code i} of {@code lines}; {@code fields} is scratch of two ints per column. */
    void add(LineBuffer lines, int i, int[] fields) throws IOException {
      int n = lines.fields(i, fields);
      int off = lines.offset(i);
      int len = lines.length(i);
      int header = 16 + 8 * n;
      if (at + header > buf.length) {
        flush();
      }
      putInt(len);
      putInt(lines.rowOffset(i) - off);
      putInt(lines.rowLength(i));
      putInt(n);
      for (int j = 0; j < 2 * n; j++) {
        putInt(fields[j] - off);
      }
      byte[] chunk = lines.chunk(i);
      if (at + len > buf.length) {
        flush();
        if (len > buf.length) {
          out.write(chunk, off, len);
          return;
        }
      }
      System.arraycopy(chunk, off, buf, at, len);
      at += len;
    }

    private void putInt(int v) {
      buf[at] = (byte) (v >>> 24);
      buf[at + 1] = (byte) (v >>> 16);
      buf[at + 2] = (byte) (v >>> 8);
      buf[at + 3] = (byte) v;
      at += 4;
    }

    private void flush() throws IOException {
      out.write(buf, 0, at);
      at = 0;
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        out.close();
      }
    }
  }

  /**
   * Reads one run file a line at a time, with the next line read ahead (so a merge knows whether
   * the next line has the same row while the current one is still valid). Thread safety: one
   * thread.
   */
  static final class Reader implements AutoCloseable {
    /** Which run this is among the region's runs: the earlier run's line wins a tie. */
    final int index;
    private final InputStream in;
    private final Path path;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private Line cur = new Line();
    private Line next = new Line();
    private boolean hasCur;
    private boolean hasNext;

    Reader(FileSystem fs, Path p, int index) throws IOException {
      this.in = fs.open(p); // (its own buffer is bypassed by reads of BUFFER bytes)
      this.path = p;
      this.index = index;
      hasNext = read(next);
      advance();
    }

    /** One line: its bytes at {@code b[0, len)}. */
    static final class Line {
      byte[] b = new byte[4096];
      int len;
      int rowStart;
      int rowLen;
      int fieldCount;
      int[] fields = new int[8];

      int compareRow(Line o) {
        return Arrays.compareUnsigned(b, rowStart, rowStart + rowLen, o.b, o.rowStart,
            o.rowStart + o.rowLen);
      }
    }

    boolean valid() {
      return hasCur;
    }

    /** REQUIRES: valid(). The current line, until the next {@link #advance}. */
    Line line() {
      return cur;
    }

    /** REQUIRES: valid(). Whether the next line has the current line's row. */
    boolean nextHasSameRow() {
      return hasNext && next.compareRow(cur) == 0;
    }

    /** Moves to the next line. */
    void advance() throws IOException {
      Line t = cur;
      cur = next;
      next = t;
      hasCur = hasNext;
      hasNext = hasCur && read(next);
    }

    private boolean read(Line l) throws IOException {
      if (!fill(4)) {
        return false;
      }
      int len = getInt();
      fillOrFail(12);
      l.rowStart = getInt();
      l.rowLen = getInt();
      l.fieldCount = getInt();
      if (l.fields.length < 2 * l.fieldCount) {
        l.fields = new int[2 * l.fieldCount];
      }
      fillOrFail(8 * l.fieldCount);
      for (int j = 0; j < 2 * l.fieldCount; j++) {
        l.fields[j] = getInt();
      }
      if (l.b.length < len) {
        l.b = new byte[Math.max(len, l.b.length * 2)];
      }
      l.len = len;
      int got = 0;
      while (got < len) {
        if (pos == limit && !refill()) {
          throw new EOFException("run " + path + " ends inside a line");
        }
        int n = Math.min(len - got, limit - pos);
        System.arraycopy(buf, pos, l.b, got, n);
        pos += n;
        got += n;
      }
      return true;
    }

    private int getInt() {
      int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
          | (buf[pos + 3] & 0xFF);
      pos += 4;
      return v;
    }

    /** Whether {@code n} bytes are buffered (false at a clean end of the file). */
    private boolean fill(int n) throws IOException {
      while (limit - pos < n) {
        if (!refill()) {
          if (limit == pos) {
            return false;
          }
          throw new EOFException("run " + path + " ends inside a line");
        }
      }
      return true;
    }

    private void fillOrFail(int n) throws IOException {
      if (!fill(n)) {
        throw new EOFException("run " + path + " ends inside a line");
      }
    }

    /** Keeps the unread bytes and reads more after them; false at the end of the file. */
    private boolean refill() throws IOException {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
      int n = in.read(buf, limit, buf.length - limit);
      if (n <= 0) {
        return false;
      }
      limit += n;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Deletes the job's run directory (after the job, whatever its end). */
  static void deleteAll(Configuration conf, Path output) throws IOException {
    Path d = new Path(output, DIR);
    FileSystem fs = d.getFileSystem(conf);
    fs.delete(d, true);
  }
}
