package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.basaltdb.common.Cell;

/**
 * {@code importtsv}'s map-side bulk output: each mapper checks its lines and holds them
 * ({@link LineBuffer}) until {@link BulkLoadConfig#IMPORTTSV_MAP_SORT_BUFFER} is reached, sorts
 * them by row and writes them as SSTables itself, a new file for each family at each region
 * boundary. The job has no shuffle and no reducers, so the data is written once (the shuffle
 * writes the map output, reads it back, and on a cluster copies it over the network).
 *
 * <p>The price is more files: one per family, region and sorted run of each mapper, where the
 * reducers write one per family and region; the region compacts them later. A region's files of
 * one load share a sequence id, so of two lines with the same row, column and timestamp in
 * different mappers' input, which one a reader sees is not defined (the same holds for the
 * reducers, whose input order across mappers is not defined either); within a mapper's run the
 * first line wins, as in {@code TextSortReducer}.
 */
public final class SortingTextMapper extends ImportTsv.LineMapper<CellWritable> {
  /** Sorted runs written (several per mapper when its input exceeds the buffer). */
  public enum Counters {
    SORTED_RUNS
  }

  private LineBuffer lines;
  private final List<Cell> cells = new ArrayList<>();
  private long budget;
  private final RegionPartitioner<Object> regions = new RegionPartitioner<>();
  private SSTableOutputFormat.Writer writer;

  /**
   * The bytes of lines a mapper holds ({@link BulkLoadConfig#IMPORTTSV_MAP_SORT_BUFFER}, or a
   * third of the heap shared by the map tasks that run at once in this JVM).
   */
  static long budget(Configuration conf) {
    long set = BulkLoadConfig.IMPORTTSV_MAP_SORT_BUFFER.get(conf);
    if (set > 0) {
      return set;
    }
    boolean local = "local".equals(conf.get("mapreduce.framework.name", "local"));
    int slots = local ? Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1)) : 1;
    return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / (3L * slots));
  }

  @Override
  protected void setup(Context ctx) throws IOException, InterruptedException {
    super.setup(ctx);
    Configuration conf = ctx.getConfiguration();
    budget = budget(conf);
    lines = LineBuffer.take();
    regions.setConf(conf);
    Path dir = FileOutputFormat.getWorkOutputPath(ctx);
    writer = new SSTableOutputFormat.Writer(SSTableOutputFormat.fileSystem(dir, conf), dir,
        conf);
  }

  @Override
  void emit(Text line, Context ctx) throws TsvParser.BadLineException, IOException {
    byte[] b = line.getBytes();
    long row = parser.rowRange(b, 0, line.getLength());
    lines.add(b, 0, line.getLength(), (int) (row >>> 32), (int) row);
    if (lines.bytes() >= budget) {
      writeRun(ctx);
    }
  }

  @Override
  protected void cleanup(Context ctx) throws IOException {
    try {
      writeRun(ctx);
    } finally {
      try {
        writer.close(ctx);
      } finally {
        LineBuffer.release(lines);
        lines = null;
      }
    }
  }

  /** Sorts the lines held and writes them: each row's cells in order, new files per region. */
  private void writeRun(Context ctx) throws IOException {
    if (lines.size() == 0) {
      return;
    }
    int[] order = lines.sortedByRow();
    int size = lines.size();
    int region = -1;
    for (int k = 0; k < size; ) {
      int first = order[k];
      int r = regions.regionOf(lines.row(first));
      if (r != region) {
        writer.rollAll(); // a file never spans two regions
        region = r;
      }
      cells.clear();
      for (; k < size && lines.compareRows(order[k], first) == 0; k++) {
        int i = order[k];
        try {
          parser.cells(lines.chunk(i), lines.offset(i), lines.length(i), ts, cells);
        } catch (TsvParser.BadLineException e) { // checked when it was added
          throw new IOException("a line that was accepted does not parse: " + e.getMessage());
        }
      }
      int n = cells.size() == 1 ? 1 : SortReducers.sortDistinct(cells);
      for (int c = 0; c < n; c++) {
        writer.append(cells.get(c));
      }
      ctx.progress();
    }
    writer.rollAll();
    lines.clear();
    cells.clear();
    ctx.getCounter(Counters.SORTED_RUNS).increment(1);
  }
}
