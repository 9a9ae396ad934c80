package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Put;

/**
 * {@code importtsv}'s map-side bulk output: each mapper parses its lines, holds them until
 * {@link BulkLoadConfig#IMPORTTSV_MAP_SORT_BUFFER} is reached, sorts them by row and writes them
 * as SSTables itself, a new file for each family at each region boundary. The job has no
 * shuffle and no reducers, so the data is written once (the shuffle writes the map output,
 * reads it back, and on a cluster copies it over the network).
 *
 * <p>The price is more files: one per family, region and sorted run of each mapper, where the
 * reducers write one per family and region; the region compacts them later. A region's files of
 * one load share a sequence id, so of two lines with the same row, column and timestamp in
 * different mappers' input, which one a reader sees is not defined (the same holds for the
 * reducers, whose input order across mappers is not defined either); within a mapper's run the
 * first line wins, as in {@code TextSortReducer}.
 */
public final class SortingTextMapper extends ImportTsv.LineMapper<CellWritable> {
  /** Counted besides each line's bytes: the objects of a parsed row and its cells. */
  static final int ROW_OVERHEAD = 96;
  static final int CELL_OVERHEAD = 64;

  /** Sorted runs written (several per mapper when its input exceeds the buffer). */
  public enum Counters {
    SORTED_RUNS
  }

  private final List<Put> rows = new ArrayList<>();
  private final List<Cell> cells = new ArrayList<>();
  private long buffered;
  private long budget;
  private final RegionPartitioner<Object> regions = new RegionPartitioner<>();
  private SSTableOutputFormat.Writer writer;

  /**
   * The bytes of parsed lines a mapper holds ({@link BulkLoadConfig#IMPORTTSV_MAP_SORT_BUFFER},
   * or a third of the heap shared by the map tasks that run at once in this JVM).
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
    regions.setConf(conf);
    Path dir = FileOutputFormat.getWorkOutputPath(ctx);
    writer = new SSTableOutputFormat.Writer(dir.getFileSystem(conf), dir, conf);
  }

  @Override
  void emit(Text line, Context ctx) throws TsvParser.BadLineException, IOException {
    Put p = parser.parse(line.getBytes(), 0, line.getLength(), ts);
    if (p.isEmpty()) {
      return; // a line of a row key alone has nothing to write
    }
    rows.add(p);
    buffered += line.getLength() + ROW_OVERHEAD + (long) CELL_OVERHEAD * p.cells().size();
    if (buffered >= budget) {
      writeRun(ctx);
    }
  }

  @Override
  protected void cleanup(Context ctx) throws IOException {
    try {
      writeRun(ctx);
    } finally {
      writer.close(ctx);
    }
  }

  /** Sorts the rows held and writes them: each row's cells in order, new files per region. */
  private void writeRun(Context ctx) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    rows.sort((a, b) -> Bytes.compare(a.row(), b.row())); // stable: input order within a row
    int region = -1;
    for (int i = 0; i < rows.size(); ) {
      byte[] row = rows.get(i).row();
      int r = regions.regionOf(row);
      if (r != region) {
        writer.rollAll(); // a file never spans two regions
        region = r;
      }
      cells.clear();
      for (; i < rows.size() && Bytes.equals(rows.get(i).row(), row); i++) {
        cells.addAll(rows.get(i).cells());
      }
      int n = SortReducers.sortDistinct(cells);
      for (int k = 0; k < n; k++) {
        writer.append(cells.get(k));
      }
      ctx.progress();
    }
    writer.rollAll();
    rows.clear();
    cells.clear();
    buffered = 0;
    ctx.getCounter(Counters.SORTED_RUNS).increment(1);
  }
}
