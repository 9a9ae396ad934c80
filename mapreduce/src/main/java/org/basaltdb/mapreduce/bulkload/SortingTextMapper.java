package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.basaltdb.common.Cell;

/**
 * {@code importtsv}'s map-side bulk output: each mapper checks its lines and holds them
 * ({@link LineBuffer}) until {@link BulkLoadConfig#IMPORTTSV_MAP_SORT_BUFFER} is reached, sorts
 * them by row and writes them as SSTables itself, a new file for each family at each region
 * boundary. The job has no shuffle and no reducers, so the data is written once (the shuffle
 * writes the map output, reads it back, and on a cluster copies it over the network).
 *
 * <p>Written directly, that is more files: one per family, region and sorted run of each mapper,
 * where the reducers write one per family and region, and the region compacts them after the
 * load. So by default ({@link BulkLoadConfig#IMPORTTSV_MAP_SIDE_MERGE}) a mapper writes each run
 * as plain run files, one per region ({@link SortedRuns}), and one {@link RunMergeReducer} per
 * region merges them into one SSTable per family: the runs are written once more, but live only
 * seconds (mostly in the page cache), and the region has one file to serve, not one per mapper. A region's files of
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
  /** A line's fields, {start, end} pairs: where {@link TsvParser#check} puts them. */
  private int[] fields;
  private final List<Cell> cells = new ArrayList<>();
  private long budget;
  private final RegionPartitioner<Object> regions = new RegionPartitioner<>();
  private SSTableOutputFormat.Writer writer;
  /** With merging: where this attempt writes its runs, and how many runs it wrote. */
  private Path runDir;
  private org.apache.hadoop.fs.FileSystem runFs;
  private int runs;
  /** While a split is read directly: its reader, which found each line's separators too. */
  private SplitLineReader reader;

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
    fields = new int[2 * parser.columns()];
    regions.setConf(conf);
    if (ctx.getNumReduceTasks() > 0) { // RunMergeReducers merge the runs
      runDir = new Path(SortedRuns.dir(ctx), ctx.getTaskAttemptID().toString());
      runFs = SSTableOutputFormat.fileSystem(runDir, conf);
      return;
    }
    Path dir = FileOutputFormat.getWorkOutputPath(ctx);
    writer = new SSTableOutputFormat.Writer(SSTableOutputFormat.fileSystem(dir, conf), dir,
        conf);
  }

  @Override
  void emit(byte[] b, int off, int len, Context ctx)
      throws TsvParser.BadLineException, IOException {
    int n = reader != null
        ? parser.check(b, off, len, reader.separators(), reader.separatorCount(), fields)
        : parser.check(b, off, len, fields);
    int r = parser.rowField();
    lines.add(b, off, len, fields[2 * r], fields[2 * r + 1], fields, n);
    if (lines.bytes() >= budget) {
      writeRun(ctx);
    }
  }

  /**
   * Reads an uncompressed file's split itself ({@link SplitLineReader}) instead of through the
   * job's record reader, which would find each line's end a byte at a time and copy the line
   * into a {@code Text}; the reader finds the line's separators in the same pass, so the parser
   * does not walk the line again. Other input goes the usual way.
   */
  @Override
  public void run(Context ctx) throws IOException, InterruptedException {
    setup(ctx);
    try {
      Configuration conf = ctx.getConfiguration();
      if (ctx.getInputSplit() instanceof FileSplit split
          && new CompressionCodecFactory(conf).getCodec(split.getPath()) == null) {
        readSplit(split, ctx);
      } else {
        while (ctx.nextKeyValue()) {
          map(ctx.getCurrentKey(), ctx.getCurrentValue(), ctx);
        }
      }
    } finally {
      cleanup(ctx);
    }
  }

  /** Lines counted between two updates of the task's counters. */
  private static final int COUNT_EVERY = 4096;

  private void readSplit(FileSplit split, Context ctx) throws IOException, InterruptedException {
    Path p = split.getPath();
    Counter read = ctx.getCounter(ImportTsv.Counters.LINES);
    Counter input = ctx.getCounter(TaskCounter.MAP_INPUT_RECORDS);
    try (FSDataInputStream in = p.getFileSystem(ctx.getConfiguration()).open(p)) {
      in.seek(split.getStart());
      SplitLineReader r = new SplitLineReader(in, split.getStart(),
          split.getStart() + split.getLength(), SplitLineReader.BLOCK, parser.separator());
      reader = r;
      int counted = 0;
      while (r.next()) {
        accept(r.position(), r.buffer(), r.offset(), r.length(), ctx);
        if (++counted == COUNT_EVERY) {
          read.increment(counted);
          input.increment(counted);
          counted = 0;
        }
      }
      read.increment(counted);
      input.increment(counted);
    } finally {
      reader = null;
    }
  }

  @Override
  protected void cleanup(Context ctx) throws IOException {
    try {
      writeRun(ctx);
      if (runDir != null && runFs.exists(runDir)) {
        // Only a finished attempt's runs are merged: the task's directory appears at once.
        Path done = new Path(runDir.getParent(), ctx.getTaskAttemptID().getTaskID().toString());
        runFs.delete(done, true); // an earlier attempt's
        if (!runFs.rename(runDir, done)) {
          throw new IOException("could not rename " + runDir + " to " + done);
        }
      }
    } finally {
      try {
        if (writer != null) {
          writer.close(ctx);
        }
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
    if (runDir != null) {
      writeRunFiles(ctx);
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
          int n = lines.fields(i, fields);
          parser.cells(lines.chunk(i), fields, n, ts, cells);
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

  /** Sorts the lines held and writes them as this mapper's next run, a file per region. */
  private void writeRunFiles(Context ctx) throws IOException {
    int[] order = lines.sortedByRow();
    int size = lines.size();
    int region = -1;
    SortedRuns.Writer w = null;
    try {
      for (int k = 0; k < size; k++) {
        int i = order[k];
        if (k == 0 || lines.compareRows(order[k - 1], i) != 0) {
          int r = regions.regionOf(lines.row(i));
          if (r != region) {
            if (w != null) {
              w.close();
              w = null;
            }
            w = new SortedRuns.Writer(runFs, SortedRuns.runPath(runDir, r, runs));
            region = r;
          }
        }
        w.add(lines, i, fields);
        if ((k & 4095) == 4095) {
          ctx.progress();
        }
      }
    } finally {
      if (w != null) {
        w.close();
      }
    }
    runs++;
    lines.clear();
    ctx.getCounter(Counters.SORTED_RUNS).increment(1);
  }
}
