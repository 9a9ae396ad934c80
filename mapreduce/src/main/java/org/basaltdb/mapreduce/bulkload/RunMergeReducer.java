package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.basaltdb.common.Cell;
import org.basaltdb.mapreduce.ImmutableBytesWritable;

/**
 * Merges one region's sorted runs ({@link SortedRuns}, written by the {@link SortingTextMapper}s)
 * into that region's SSTables: one file per family unless it passes
 * {@link BulkLoadConfig#MAX_FILE_SIZE}. The reducer's number is the region's index; it takes no
 * input from the shuffle (the mappers emit nothing), reads the runs itself and deletes them once
 * merged.
 *
 * <p>Lines of one row from several runs or within one run are parsed together and their cells
 * kept as {@link SortReducers#sortDistinct} does: of equal cells, the one from the earlier run
 * (map task order, then run order) or, within a run, the line read first.
 */
public final class RunMergeReducer
    extends Reducer<ImmutableBytesWritable, CellWritable, ImmutableBytesWritable, CellWritable> {
  /** Lines merged between two updates of the task's counter. */
  private static final int COUNT_EVERY = 4096;

  /** Lines the reducers merged; runs they read. */
  public enum Counters {
    MERGED_LINES,
    MERGED_RUNS
  }

  @Override
  public void run(Context ctx) throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    LineBuffer.dropReleased(); // the mappers' sort buffers are not needed again in this JVM
    int region = ctx.getTaskAttemptID().getTaskID().getId();
    Path dir = SortedRuns.dir(ctx);
    FileSystem fs = SSTableOutputFormat.fileSystem(dir, conf);
    List<Path> runs = SortedRuns.runsOf(fs, dir, region);
    Path out = FileOutputFormat.getWorkOutputPath(ctx);
    SSTableOutputFormat.Writer writer =
        new SSTableOutputFormat.Writer(SSTableOutputFormat.fileSystem(out, conf), out, conf);
    List<SortedRuns.Reader> readers = new ArrayList<>();
    try {
      for (Path p : runs) {
        readers.add(new SortedRuns.Reader(fs, p, readers.size()));
      }
      Counter lines = ctx.getCounter(Counters.MERGED_LINES);
      merge(readers, ImportTsv.parser(conf), ImportTsv.timestamp(conf), writer, n -> {
        lines.increment(n);
        ctx.progress();
      });
      ctx.getCounter(Counters.MERGED_RUNS).increment(runs.size());
    } finally {
      for (SortedRuns.Reader r : readers) {
        r.close();
      }
      writer.close(ctx);
    }
    for (Path p : runs) {
      fs.delete(p, false); // early: what is still only in the page cache need not be written
    }
  }

  /**
   * The merge proper: every line of the readers, row by row, into {@code writer};
   * {@code progress} hears of the lines merged every few thousand.
   */
  static void merge(List<SortedRuns.Reader> readers, TsvParser parser, long ts,
      SSTableOutputFormat.Writer writer, LongConsumer progress) throws IOException {
    PriorityQueue<SortedRuns.Reader> heads = new PriorityQueue<>((a, b) -> {
      int c = a.line().compareRow(b.line());
      return c != 0 ? c : Integer.compare(a.index, b.index);
    });
    for (SortedRuns.Reader r : readers) {
      if (r.valid()) {
        heads.add(r);
      }
    }
    List<Cell> cells = new ArrayList<>();
    List<SortedRuns.Reader.Line> copies = new ArrayList<>();
    long merged = 0;
    while (!heads.isEmpty()) {
      SortedRuns.Reader top = heads.poll();
      SortedRuns.Reader.Line line = top.line();
      cells.clear();
      // The usual case, a row in one line: its cells point into the reader's line, so the
      // reader moves on only once they are written.
      boolean single = !top.nextHasSameRow()
          && (heads.isEmpty() || heads.peek().line().compareRow(line) != 0);
      if (single) {
        cells(parser, line, ts, cells);
        merged++;
      } else {
        // Several lines of one row: each reader reuses its line, so keep copies until the row's
        // cells are written.
        copies.clear();
        SortedRuns.Reader.Line row = copy(line);
        SortedRuns.Reader r = top;
        while (true) {
          do {
            copies.add(copy(r.line()));
            r.advance();
          } while (r.valid() && r.line().compareRow(row) == 0);
          if (r != top && r.valid()) {
            heads.add(r);
          }
          if (heads.isEmpty() || heads.peek().line().compareRow(row) != 0) {
            break;
          }
          r = heads.poll();
        }
        for (SortedRuns.Reader.Line l : copies) {
          cells(parser, l, ts, cells);
        }
        merged += copies.size();
      }
      int n = cells.size() == 1 ? 1 : SortReducers.sortDistinct(cells);
      for (int c = 0; c < n; c++) {
        writer.append(cells.get(c));
      }
      if (single) {
        top.advance();
      }
      if (top.valid() && !heads.contains(top)) {
        heads.add(top);
      }
      if (merged >= COUNT_EVERY) {
        progress.accept(merged);
        merged = 0;
      }
    }
    progress.accept(merged);
  }

  private static void cells(TsvParser parser, SortedRuns.Reader.Line l, long ts, List<Cell> out)
      throws IOException {
    try {
      parser.cells(l.b, l.fields, l.fieldCount, ts, out);
    } catch (TsvParser.BadLineException e) { // checked when the mapper read it
      throw new IOException("a line that was accepted does not parse: " + e.getMessage());
    }
  }

  private static SortedRuns.Reader.Line copy(SortedRuns.Reader.Line l) {
    SortedRuns.Reader.Line c = new SortedRuns.Reader.Line();
    c.b = Arrays.copyOf(l.b, l.len);
    c.len = l.len;
    c.rowStart = l.rowStart;
    c.rowLen = l.rowLen;
    c.fieldCount = l.fieldCount;
    c.fields = Arrays.copyOf(l.fields, 2 * l.fieldCount);
    return c;
  }
}
