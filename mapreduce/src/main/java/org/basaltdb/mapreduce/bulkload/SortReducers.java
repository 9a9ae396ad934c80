package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.ops.Put;
import org.basaltdb.mapreduce.ImmutableBytesWritable;

/**
 * The reducers {@link SSTableOutputFormat#configureIncrementalLoad} picks by map output value:
 * each gathers one row's cells, sorts them (keeping the first of cells with equal keys) and
 * writes them in cell order, which is what an SSTable needs. A row's cells are held in memory; rows are expected to
 * be far smaller than a reducer's heap, as in HBase.
 */
public final class SortReducers {
  private SortReducers() {}

  /**
   * Sorts a row's cells in place and drops all but the first of cells with equal keys (what a
   * {@code TreeSet} would keep; a sort of a list is cheaper for the few cells a row usually
   * has); returns the number kept, at the front of {@code cells}.
   */
  static int sortDistinct(List<Cell> cells) {
    cells.sort(CellComparator.INSTANCE); // stable: the first of equal keys stays first
    int kept = 0;
    for (Cell c : cells) {
      if (kept == 0 || CellComparator.INSTANCE.compare(cells.get(kept - 1), c) != 0) {
        cells.set(kept++, c);
      }
    }
    return kept;
  }

  /** Sorts a row's cells ({@link #sortDistinct}) and writes them. */
  private static void writeSorted(List<Cell> cells,
      Reducer<?, ?, ImmutableBytesWritable, CellWritable>.Context ctx, ImmutableBytesWritable row)
      throws IOException, InterruptedException {
    int n = sortDistinct(cells);
    CellWritable out = new CellWritable();
    for (int i = 0; i < n; i++) {
      out.set(cells.get(i));
      ctx.write(row, out);
    }
  }

  /** Rows of {@link CellWritable}s (HBase's {@code CellSortReducer}). */
  public static final class CellSortReducer
      extends Reducer<ImmutableBytesWritable, CellWritable, ImmutableBytesWritable, CellWritable> {
    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<CellWritable> values,
        Context ctx) throws IOException, InterruptedException {
      List<Cell> cells = new ArrayList<>();
      for (CellWritable c : values) {
        cells.add(c.get());
      }
      writeSorted(cells, ctx, row);
    }
  }

  /** Rows of {@link Put}s (HBase's {@code PutSortReducer}). */
  public static final class PutSortReducer
      extends Reducer<ImmutableBytesWritable, Put, ImmutableBytesWritable, CellWritable> {
    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<Put> values, Context ctx)
        throws IOException, InterruptedException {
      List<Cell> cells = new ArrayList<>();
      for (Put p : values) {
        cells.addAll(p.cells());
      }
      writeSorted(cells, ctx, row);
    }
  }

  /**
   * Rows of text lines, parsed as {@code importtsv} parses them (HBase's
   * {@code TextSortReducer}); the mapper has already counted and dropped bad lines.
   */
  public static final class TextSortReducer
      extends Reducer<ImmutableBytesWritable, Text, ImmutableBytesWritable, CellWritable> {
    private TsvParser parser;
    private long ts;

    @Override
    protected void setup(Context ctx) {
      Configuration conf = ctx.getConfiguration();
      parser = ImportTsv.parser(conf);
      ts = ImportTsv.timestamp(conf);
    }

    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<Text> values, Context ctx)
        throws IOException, InterruptedException {
      List<Cell> cells = new ArrayList<>();
      for (Text line : values) {
        try {
          cells.addAll(parser.parse(line.getBytes(), 0, line.getLength(), ts).cells());
        } catch (TsvParser.BadLineException e) {
          throw new IOException("a line the mapper accepted does not parse: " + e.getMessage());
        }
      }
      writeSorted(cells, ctx, row);
    }
  }
}
