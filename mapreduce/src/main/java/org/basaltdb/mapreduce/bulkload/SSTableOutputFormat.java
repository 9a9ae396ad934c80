package org.basaltdb.mapreduce.bulkload;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.regionserver.sstable.BloomType;
import org.basaltdb.regionserver.sstable.Compression;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableWriter;

/**
 * Writes a job's output as Basalt SSTables for {@code completebulkload} (HBase's
 * {@code HFileOutputFormat2}): {@code <output>/<family>/<file>}, each file sorted, in the flush
 * format, with the family's compression, bloom type and block size. Keys are rows, values
 * {@link CellWritable}s, in row order and, within a row, in cell order (as the reducers of
 * {@link #configureIncrementalLoad} deliver them). A file rolls to a new one once it passes
 * {@link BulkLoadConfig#MAX_FILE_SIZE}, only between rows, so a row never spans two files. A cell
 * without a timestamp gets the job's start time ({@link BulkLoadConfig#TIMESTAMP}).
 */
public final class SSTableOutputFormat
    extends FileOutputFormat<ImmutableBytesWritable, CellWritable> {
  /** Per-family options, {@code family=value&...} with URL-encoded parts (HBase's keys). */
  static final String COMPRESSION = BulkLoadConfig.FAMILY_COMPRESSION.name();
  static final String BLOOM_TYPE = BulkLoadConfig.FAMILY_BLOOM_TYPE.name();
  static final String BLOCK_SIZE = BulkLoadConfig.FAMILY_BLOCK_SIZE.name();

  /**
   * Sets up {@code job} to write SSTables for {@code table} as its regions stand now: one
   * reducer per region with a total-order partitioner over the regions' start keys, a sorting
   * reducer chosen by the map output value class ({@link CellWritable} → cells, {@link Put} →
   * puts, {@link Text} → lines parsed as {@code importtsv} does), each family's options from the
   * schema, and the job's start time for cells without a timestamp; on the local job runner, the
   * reducers read their input from memory ({@link #keepReduceInputInMemory}). The mapper's
   * output key must be {@link ImmutableBytesWritable} (the row). The caller sets the output
   * directory.
   */
  public static void configureIncrementalLoad(Job job, Connection conn, TableName table)
      throws IOException {
    try (Admin admin = conn.getAdmin()) {
      List<RegionInfo> regions = new ArrayList<>();
      for (RegionLocation l : admin.getRegions(table)) {
        regions.add(l.region());
      }
      configureIncrementalLoad(job, admin.getDescriptor(table), regions);
    }
  }

  /** As above, with the schema and regions given. */
  public static void configureIncrementalLoad(Job job, TableDescriptor table,
      List<RegionInfo> regions) throws IOException {
    Configuration conf = job.getConfiguration();
    job.setOutputKeyClass(ImmutableBytesWritable.class);
    job.setOutputValueClass(CellWritable.class);
    job.setOutputFormatClass(SSTableOutputFormat.class);
    Class<?> v = job.getMapOutputValueClass();
    if (CellWritable.class.equals(v)) {
      job.setReducerClass(SortReducers.CellSortReducer.class);
    } else if (Put.class.equals(v)) {
      job.setReducerClass(SortReducers.PutSortReducer.class);
    } else if (Text.class.equals(v)) {
      job.setReducerClass(SortReducers.TextSortReducer.class);
    } else {
      throw new IllegalArgumentException("configureIncrementalLoad sorts map output values of "
          + "CellWritable, Put or Text, not " + v.getName());
    }
    job.setMapOutputKeyClass(ImmutableBytesWritable.class);
    TableMapReduceUtil.addSerializations(conf);
    job.setNumReduceTasks(regions.size());
    job.setPartitionerClass(RegionPartitioner.class);
    configureFiles(conf, table, regions);
    keepReduceInputInMemory(conf);
  }

  /**
   * Sets up a map-only {@code job} whose mappers sort their own output and write SSTables
   * themselves (as {@code importtsv}'s {@link SortingTextMapper} does): no shuffle and no
   * reducers, so each byte is written once; the files are split at the regions' start keys as
   * they stand now. The caller sets the mapper and the output directory.
   */
  public static void configureMapSideLoad(Job job, Connection conn, TableName table)
      throws IOException {
    try (Admin admin = conn.getAdmin()) {
      List<RegionInfo> regions = new ArrayList<>();
      for (RegionLocation l : admin.getRegions(table)) {
        regions.add(l.region());
      }
      job.setOutputKeyClass(ImmutableBytesWritable.class);
      job.setOutputValueClass(CellWritable.class);
      job.setOutputFormatClass(SSTableOutputFormat.class);
      Configuration conf = job.getConfiguration();
      if (BulkLoadConfig.IMPORTTSV_MAP_SIDE_MERGE.get(conf)) {
        // The mappers write sorted runs; reducer k merges region k's (RunMergeReducer). The
        // shuffle carries nothing, so the map side's sort buffer can be tiny.
        job.setMapOutputKeyClass(ImmutableBytesWritable.class);
        job.setMapOutputValueClass(CellWritable.class);
        TableMapReduceUtil.addSerializations(conf);
        job.setReducerClass(RunMergeReducer.class);
        job.setNumReduceTasks(regions.size());
        if (!setByUser(conf, MAP_SORT_MB)) {
          conf.setInt(MAP_SORT_MB, 1);
        }
      } else {
        job.setNumReduceTasks(0);
      }
      configureFiles(conf, admin.getDescriptor(table), regions);
    }
  }

  /** Hadoop's map-side sort buffer, in MiB (mapred-default.xml: 100, allocated per task). */
  static final String MAP_SORT_MB = "mapreduce.task.io.sort.mb";

  /**
   * What the writers need: the regions' start keys, each family's options from the schema, the
   * job's start time for cells without a timestamp, the table's name, and on a cluster their
   * jars.
   */
  private static void configureFiles(Configuration conf, TableDescriptor table,
      List<RegionInfo> regions) throws IOException {
    List<byte[]> starts = new ArrayList<>();
    for (RegionInfo r : regions) {
      starts.add(r.startKey());
    }
    RegionPartitioner.setStartKeys(conf, starts);
    conf.set(COMPRESSION, encode(table, ColumnFamilyDescriptor::compression));
    conf.set(BLOOM_TYPE, encode(table, ColumnFamilyDescriptor::bloomFilter));
    conf.set(BLOCK_SIZE, encode(table, f -> String.valueOf(f.blockSize())));
    if (conf.get(BulkLoadConfig.TIMESTAMP.name()) == null) {
      BulkLoadConfig.TIMESTAMP.set(conf, Clock.SYSTEM.currentTimeMillis());
    }
    conf.set(BulkLoadConfig.TABLE.name(), table.name().toString());
    if (!"local".equals(conf.get("mapreduce.framework.name", "local"))) {
      TableMapReduceUtil.addDependencyJarsForClasses(conf, WRITER_CLASSES);
    }
  }

  /**
   * What the tasks' SSTable writers need besides the jars that
   * {@link TableMapReduceUtil#addDependencyJars} ships: the region server's jar (the writer, its
   * block cache and bloom classes), Caffeine, and the compression libraries a family may name.
   * Shipped with a job bound for a cluster.
   */
  private static final List<Class<?>> WRITER_CLASSES = List.of(SSTableWriter.class,
      com.github.benmanes.caffeine.cache.Caffeine.class, net.jpountz.lz4.LZ4Factory.class,
      com.github.luben.zstd.Zstd.class, org.xerial.snappy.Snappy.class);

  /** Hadoop's keys for the reduce side's memory (mapred-default.xml). */
  static final String REDUCE_MEMORY_TOTAL = "mapreduce.reduce.memory.totalbytes";
  static final String REDUCE_INPUT_BUFFER = "mapreduce.reduce.input.buffer.percent";
  static final String SHUFFLE_MERGE_PERCENT = "mapreduce.reduce.shuffle.merge.percent";

  /**
   * The share of a reducer's memory that may hold map output during the reduce: the rest of it
   * is for sorting a row and the SSTable writer's block, index and bloom, all small.
   */
  static final float REDUCE_INPUT_IN_MEMORY = 0.6f;

  /**
   * How full the shuffle's memory gets before fetched map output is merged to disk: Hadoop's
   * 0.66 would write a reducer's input to disk during the shuffle whenever it is above two
   * thirds of that memory, though all of it fits; 0.9 keeps it in memory and still leaves the
   * merge room to start before the fetchers stall.
   */
  static final float SHUFFLE_MERGE_AT = 0.9f;

  /**
   * On the local job runner, lets each reducer read its map output from memory instead of
   * first merging it all to a local file (Hadoop's default, {@code input.buffer.percent} 0,
   * suits a cluster's reducers that have a JVM each; on one machine it writes every byte of the
   * job once more, a third of the job's bytes). The local runner's reducers share one JVM, so
   * each gets the heap divided by the reducers that run at once, and the shuffle merges to
   * disk only when that memory is nearly full. Keys the user set are kept.
   */
  static void keepReduceInputInMemory(Configuration conf) {
    if (!"local".equals(conf.get("mapreduce.framework.name", "local"))) {
      return;
    }
    int slots = Math.max(1, conf.getInt("mapreduce.local.reduce.tasks.maximum", 1));
    if (!setByUser(conf, REDUCE_MEMORY_TOTAL)) {
      conf.setLong(REDUCE_MEMORY_TOTAL, Runtime.getRuntime().maxMemory() / slots);
    }
    if (!setByUser(conf, REDUCE_INPUT_BUFFER)) {
      conf.setFloat(REDUCE_INPUT_BUFFER, REDUCE_INPUT_IN_MEMORY);
    }
    if (!setByUser(conf, SHUFFLE_MERGE_PERCENT)) {
      conf.setFloat(SHUFFLE_MERGE_PERCENT, SHUFFLE_MERGE_AT);
    }
  }

  /** Whether {@code key} has a value from anywhere but Hadoop's defaults. */
  static boolean setByUser(Configuration conf, String key) {
    if (conf.get(key) == null) {
      return false;
    }
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String src : sources) {
      if (!src.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }

  private static String encode(TableDescriptor t, Function<ColumnFamilyDescriptor, String> f) {
    List<String> parts = new ArrayList<>();
    for (ColumnFamilyDescriptor c : t.families()) {
      parts.add(URLEncoder.encode(c.nameAsString(), StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(f.apply(c), StandardCharsets.UTF_8));
    }
    return String.join("&", parts);
  }

  static Map<String, String> decode(String s) {
    Map<String, String> out = new HashMap<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    for (String p : s.split("&")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * The options of {@code family}'s files from the job's configuration (defaults if unset). The
   * files are not synced when finished: a sync per file stalled the job on the disk, and the
   * region server makes each file durable when it loads it, before the load's WAL marker
   * ({@code BulkLoad}); a file that is never loaded need not survive a crash.
   */
  static SSTableOptions options(Configuration conf, String family) {
    SSTableOptions o = SSTableOptions.defaults().withSyncOnFinish(false);
    String c = decode(conf.get(COMPRESSION)).get(family);
    if (c != null) {
      o = o.withCompression(Compression.valueOf(c));
    }
    String b = decode(conf.get(BLOOM_TYPE)).get(family);
    if (b != null) {
      o = o.withBloomType(BloomType.valueOf(b));
    }
    String s = decode(conf.get(BLOCK_SIZE)).get(family);
    if (s != null) {
      o = o.withBlockSize(Integer.parseInt(s));
    }
    return o;
  }

  @Override
  public RecordWriter<ImmutableBytesWritable, CellWritable> getRecordWriter(
      TaskAttemptContext context) throws IOException {
    Path dir = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    Configuration conf = context.getConfiguration();
    return new Writer(fileSystem(dir, conf), dir, conf);
  }

  /**
   * The file system to write SSTables under {@code dir} with: on the local file system its raw
   * form, without Hadoop's {@code .crc} side files. Every SSTable block carries its own CRC32C;
   * Hadoop's checksums would be a second CRC over every byte written, and {@code
   * completebulkload} moves the SSTables into the table without their {@code .crc} files, which
   * stayed behind in the output directory.
   */
  static FileSystem fileSystem(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** One open file per family; see the class comment for rolling and timestamps. */
  static final class Writer extends RecordWriter<ImmutableBytesWritable, CellWritable> {
    private final FileSystem fs;
    private final Path dir;
    private final Configuration conf;
    private final long maxFileSize;
    private final long now;
    private final Map<String, SSTableWriter> open = new TreeMap<>();
    private final List<Path> written = new ArrayList<>();
    private byte[] lastRow;
    /** The family of the last cell written and its file's writer. */
    private byte[] lastFamily;
    private SSTableWriter lastWriter;

    Writer(FileSystem fs, Path dir, Configuration conf) {
      this.fs = fs;
      this.dir = dir;
      this.conf = conf;
      this.maxFileSize = BulkLoadConfig.MAX_FILE_SIZE.get(conf);
      Long ts = conf.get(BulkLoadConfig.TIMESTAMP.name()) == null ? null
          : BulkLoadConfig.TIMESTAMP.get(conf);
      this.now = ts != null ? ts : Clock.SYSTEM.currentTimeMillis();
    }

    @Override
    public void write(ImmutableBytesWritable key, CellWritable value) throws IOException {
      append(value.get());
    }

    /** Writes {@code c}, which comes after every cell written since the last {@link #rollAll}. */
    void append(Cell c) throws IOException {
      if (lastRow == null || !Bytes.equals(lastRow, c.row())) {
        rollFull(); // between rows only: a row never spans two files
        lastRow = c.row();
      }
      if (c.timestamp() == Cell.LATEST_TIMESTAMP) {
        c = c.withTimestamp(now);
      }
      SSTableWriter w;
      if (lastFamily != null && Bytes.equals(lastFamily, c.family())) {
        w = lastWriter; // the cells of a family come in runs, their family arrays often shared
      } else {
        String family = Bytes.toString(c.family());
        w = open.get(family);
        if (w == null) {
          Path p = new Path(new Path(dir, family), UUID.randomUUID().toString().replace("-", ""));
          w = SSTableWriter.create(fs, p, options(conf, family));
          open.put(family, w);
          written.add(p);
        }
        lastFamily = c.family();
        lastWriter = w;
      }
      w.append(c);
    }

    private void rollFull() throws IOException {
      boolean any = false;
      for (SSTableWriter w : open.values()) {
        any |= w.bytesWritten() >= maxFileSize;
      }
      if (!any) {
        return;
      }
      List<String> full = new ArrayList<>();
      open.forEach((f, w) -> {
        if (w.bytesWritten() >= maxFileSize) {
          full.add(f);
        }
      });
      lastFamily = null;
      for (String f : full) {
        open.remove(f).finish();
      }
    }

    /**
     * Finishes every open file, so the next cell starts new ones: a map-side sorter's next region
     * or next sorted run.
     */
    void rollAll() throws IOException {
      List<SSTableWriter> all = new ArrayList<>(open.values());
      open.clear();
      lastRow = null;
      lastFamily = null;
      for (SSTableWriter w : all) {
        w.finish();
      }
    }

    /** The files this writer created, in order (for tests). */
    List<Path> files() {
      return written;
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException {
      IOException first = null;
      for (SSTableWriter w : open.values()) {
        try {
          w.finish();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      open.clear();
      lastFamily = null;
      if (first != null) {
        throw first;
      }
    }
  }
}
