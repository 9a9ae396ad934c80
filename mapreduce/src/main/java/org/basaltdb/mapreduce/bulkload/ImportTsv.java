package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_BAD_LINES_LOGGED;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_BULK_LOAD;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_BULK_OUTPUT;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_COLUMNS;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_CREATE_TABLE;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_DRY_RUN;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_MAP_SIDE_SORT;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_SEPARATOR;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_SKIP_BAD_LINES;
import static org.basaltdb.mapreduce.bulkload.BulkLoadConfig.IMPORTTSV_TIMESTAMP;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.mapreduce.tools.JobProgress;
import org.basaltdb.mapreduce.tools.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/basalt importtsv -Dimporttsv.columns=HBASE_ROW_KEY,f:a,... TABLE INPUT...}: imports
 * delimited text, with HBase's {@code ImportTsv} options (see {@link #USAGE}). With
 * {@code -Dimporttsv.bulk.output=DIR} it writes SSTables for {@code completebulkload}
 * ({@link SSTableOutputFormat}, one reducer per region, lines sorted by {@code TextSortReducer});
 * without it, its mappers put the rows straight into the table through {@code TableOutputFormat}.
 *
 * <p>A bad line (see {@link TsvParser}) is counted in the {@code ImportTsv:Bad Lines} counter and
 * the first few are logged with their file and line number; with
 * {@code -Dimporttsv.skip.bad.lines=false} the job fails naming the first. Input files are split
 * as usual; a bad line's number is found by counting the newlines before its byte offset, which
 * only a split with bad lines pays for.
 */
public final class ImportTsv extends Configured implements Tool {
  private static final Logger LOG = LoggerFactory.getLogger(ImportTsv.class);

  /** Lines read (shown as the job runs). */
  public enum Counters {
    LINES
  }

  /** HBase's counter of skipped lines: group {@code ImportTsv}, name {@code Bad Lines}. */
  public static final String BAD_LINES_GROUP = "ImportTsv";
  public static final String BAD_LINES = "Bad Lines";

  static final String USAGE = """
      usage: basalt importtsv -Dimporttsv.columns=HBASE_ROW_KEY,FAMILY:QUALIFIER,... [-D...] \
      TABLE INPUT...
        Imports delimited text files (or directories of them) into TABLE.
        -Dimporttsv.columns=...        the columns of each line; HBASE_ROW_KEY exactly once, \
      HBASE_TS_KEY at most once
        -Dimporttsv.separator=C        field separator (default: tab)
        -Dimporttsv.bulk.output=DIR    write SSTables to DIR for 'basalt completebulkload DIR TABLE'
                                       instead of putting the rows into the table
        -Dbasalt.importtsv.bulk.load=true
                                       with bulk output: then load DIR into TABLE as
                                       completebulkload does, in this process
        -Dbasalt.importtsv.map.side.sort=auto|true|false
                                       with bulk output: mappers sort and write the SSTables
                                       (no shuffle; auto: on the local runner) or reducers do
        -Dbasalt.importtsv.map.side.merge=true|false
                                       with the mappers sorting: merge their runs into one
                                       file per region (default) or load a file per mapper
        -Dimporttsv.skip.bad.lines=B   skip (and count) bad lines (default true); false fails
        -Dimporttsv.timestamp=MS       timestamp of cells (default: the job's start time)
        -Dimporttsv.dry.run=true       parse and count only; write nothing
        -Dcreate.table=yes|no          create TABLE if missing, with the families of the columns
                                       (default: yes with importtsv.bulk.output, else no)""";

  private final PrintStream out;

  public ImportTsv() {
    this(System.out);
  }

  public ImportTsv(PrintStream out) {
    this.out = out;
  }

  /** The parser for a job's configuration. */
  static TsvParser parser(Configuration conf) {
    return new TsvParser(IMPORTTSV_COLUMNS.get(conf), IMPORTTSV_SEPARATOR.get(conf));
  }

  /** The timestamp for cells without one, fixed when the job was set up. */
  static long timestamp(Configuration conf) {
    return IMPORTTSV_TIMESTAMP.get(conf);
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      return 0;
    }
    if (args.length < 2) {
      throw new UsageException("a table and at least one input are needed\n" + USAGE);
    }
    Configuration conf = getConf();
    TsvParser parser;
    try {
      parser = parser(conf);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() + "\n" + USAGE);
    }
    if (IMPORTTSV_TIMESTAMP.get(conf) == 0) {
      IMPORTTSV_TIMESTAMP.set(conf, Clock.SYSTEM.currentTimeMillis()); // the job's start time
    }
    for (String k : List.of("mapreduce.local.map.tasks.maximum",
        "mapreduce.local.reduce.tasks.maximum")) {
      if (conf.get(k) == null) { // the local runner runs one task at a time unless told
        conf.setInt(k, Math.max(1, Runtime.getRuntime().availableProcessors()));
      }
    }
    TableName table = TableName.valueOf(args[0]);
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      inputs.add(new Path(args[i]));
    }
    boolean dryRun = IMPORTTSV_DRY_RUN.get(conf);
    String bulk = IMPORTTSV_BULK_OUTPUT.get(conf);
    Job job = Job.getInstance(conf, "importtsv " + table);
    job.setJarByClass(ImportTsv.class);
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    try (Connection conn = ConnectionFactory.createConnection(job.getConfiguration())) {
      checkTable(conn, table, parser, dryRun, bulk != null);
      job.setMapOutputKeyClass(ImmutableBytesWritable.class);
      if (dryRun) {
        job.setMapperClass(PutMapper.class);
        job.getConfiguration().setBoolean(IMPORTTSV_DRY_RUN.name(), true);
        job.setNumReduceTasks(0);
        job.setOutputFormatClass(NullOutputFormat.class);
      } else if (bulk != null && mapSideSort(conf)) {
        job.setMapperClass(SortingTextMapper.class);
        SSTableOutputFormat.configureMapSideLoad(job, conn, table);
        FileOutputFormat.setOutputPath(job, new Path(bulk));
        TableMapReduceUtil.addDependencyJars(job);
        sizeSplits(job, inputs);
      } else if (bulk != null) {
        job.setMapperClass(TextMapper.class);
        job.setMapOutputValueClass(Text.class);
        SSTableOutputFormat.configureIncrementalLoad(job, conn, table);
        FileOutputFormat.setOutputPath(job, new Path(bulk));
        TableMapReduceUtil.addDependencyJars(job);
      } else {
        job.setMapperClass(PutMapper.class);
        job.setMapOutputValueClass(Mutation.class);
        job.setNumReduceTasks(0);
        TableMapReduceUtil.initTableReducerJob(table.toString(), null, job);
      }
    }
    Path reports = new Path(new Path(job.getConfiguration().get("hadoop.tmp.dir", "/tmp"),
        "importtsv-reports"), java.util.UUID.randomUUID().toString());
    job.getConfiguration().set(REPORT_DIR, reports.toString());
    boolean ok;
    try {
      ok = JobProgress.run(job, out, Counters.LINES, "lines");
      if (bulk != null && !dryRun) {
        SortedRuns.deleteAll(job.getConfiguration(), new Path(bulk)); // a failed job's, if any
      }
      if (!ok) {
        String first = firstReport(reports, job.getConfiguration());
        if (first != null) {
          out.println("importtsv failed: " + first);
        }
      }
    } finally {
      reports.getFileSystem(job.getConfiguration()).delete(reports, true);
    }
    long bad = job.getCounters() == null ? 0
        : job.getCounters().findCounter(BAD_LINES_GROUP, BAD_LINES).getValue();
    long lines = job.getCounters() == null ? 0
        : job.getCounters().findCounter(Counters.LINES).getValue();
    out.println("Lines=" + lines + " Bad Lines=" + bad);
    if (ok && bulk != null && !dryRun) {
      if (IMPORTTSV_BULK_LOAD.get(conf)) {
        try (Connection conn = ConnectionFactory.createConnection(job.getConfiguration())) {
          new BulkLoader(conn, job.getConfiguration(), out).load(new Path(bulk), table);
        }
      } else {
        out.println("SSTables are in " + bulk + "; load them with: basalt completebulkload "
            + bulk + " " + table);
      }
    }
    return ok ? 0 : 1;
  }

  /** Whether bulk output is sorted by the mappers ({@link SortingTextMapper}). */
  static boolean mapSideSort(Configuration conf) {
    String v = IMPORTTSV_MAP_SIDE_SORT.get(conf).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> "local".equals(conf.get("mapreduce.framework.name", "local"));
      default -> throw new UsageException(IMPORTTSV_MAP_SIDE_SORT.name()
          + " is true, false or auto, not '" + v + "'");
    };
  }

  static final String SPLIT_MIN = "mapreduce.input.fileinputformat.split.minsize";
  static final String SPLIT_MAX = "mapreduce.input.fileinputformat.split.maxsize";

  /**
   * On the local runner, with the mappers sorting: cuts the input into splits that each fit a
   * mapper's sort buffer (so each mapper writes one run) and that keep every map slot busy, as
   * few as possible, since each mapper writes its own file per family and region. Splits the
   * user sized are kept.
   */
  private static void sizeSplits(Job job, List<Path> inputs) throws IOException {
    Configuration conf = job.getConfiguration();
    if (!"local".equals(conf.get("mapreduce.framework.name", "local"))
        || SSTableOutputFormat.setByUser(conf, SPLIT_MIN)
        || SSTableOutputFormat.setByUser(conf, SPLIT_MAX)) {
      return; // (mapred-default.xml sets a minimum of 0: that is no choice of the user's)
    }
    long total = 0;
    for (Path p : inputs) {
      total += p.getFileSystem(conf).getContentSummary(p).getLength();
    }
    int slots = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
    long perSlot = (total + slots - 1) / slots;
    // a line's bytes are counted in the buffer with its objects' overhead: leave room for it
    long target = Math.max(1 << 20, Math.min(SortingTextMapper.budget(conf) * 3 / 4, perSlot));
    conf.setLong(SPLIT_MIN, target);
    conf.setLong(SPLIT_MAX, target);
  }

  /**
   * Where a task that fails on a bad line leaves its message, so the tool can name the line (the
   * local job runner reports a failed job without its tasks' errors).
   */
  static final String REPORT_DIR = "basalt.importtsv.report.dir";

  private static String firstReport(Path dir, Configuration conf) throws IOException {
    org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return null;
    }
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(dir)) {
      try (var in = fs.open(st.getPath())) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * The table must exist with every family the columns name (or is created with
   * {@code -Dcreate.table=yes}).
   */
  private void checkTable(Connection conn, TableName table, TsvParser parser, boolean dryRun,
      boolean bulk) throws IOException {
    try (Admin admin = conn.getAdmin()) {
      if (!admin.tableExists(table)) {
        String create = IMPORTTSV_CREATE_TABLE.get(getConf());
        if (create == null) {
          create = bulk ? "yes" : "no";
        }
        if (dryRun || !"yes".equalsIgnoreCase(create)) {
          throw new UsageException("table " + table + " does not exist"
              + (dryRun ? " (a dry run creates no table)" : "; pass -Dcreate.table=yes to create it"));
        }
        List<ColumnFamilyDescriptor> fams = new ArrayList<>();
        for (String f : parser.families()) {
          fams.add(ColumnFamilyDescriptor.of(f));
        }
        admin.createTable(TableDescriptor.of(table, fams.toArray(new ColumnFamilyDescriptor[0])));
        out.println("created table " + table + " with families " + parser.families());
        return;
      }
      TableDescriptor desc = admin.getDescriptor(table);
      List<String> unknown = new ArrayList<>();
      for (String f : parser.families()) {
        if (desc.family(Bytes.toBytes(f)) == null) {
          unknown.add(f);
        }
      }
      if (!unknown.isEmpty()) {
        List<String> have = new ArrayList<>();
        desc.families().forEach(f -> have.add(f.nameAsString()));
        throw new UsageException("importtsv.columns names famil"
            + (unknown.size() == 1 ? "y " : "ies ") + String.join(", ", unknown)
            + " that table " + table + " does not have; its families are "
            + String.join(", ", have));
      }
    }
  }

  /** Parses lines, counting and reporting bad ones; subclasses emit what a good line gives. */
  abstract static class LineMapper<V>
      extends Mapper<LongWritable, Text, ImmutableBytesWritable, V> {
    TsvParser parser;
    long ts;
    private boolean skipBad;
    private int logged;
    private int maxLogged;
    private Path path;
    private String file;
    /** Newlines counted in the file before {@link #countedTo} (for bad lines' numbers). */
    private long newlines;
    private long countedTo;

    @Override
    protected void setup(Context ctx) throws IOException, InterruptedException {
      Configuration conf = ctx.getConfiguration();
      parser = parser(conf);
      ts = timestamp(conf);
      skipBad = IMPORTTSV_SKIP_BAD_LINES.get(conf);
      maxLogged = IMPORTTSV_BAD_LINES_LOGGED.get(conf);
      path = ctx.getInputSplit() instanceof FileSplit fsplit ? fsplit.getPath() : null;
      file = path != null ? path.toString() : String.valueOf(ctx.getInputSplit());
    }

    @Override
    protected void map(LongWritable offset, Text line, Context ctx)
        throws IOException, InterruptedException {
      ctx.getCounter(Counters.LINES).increment(1);
      accept(offset.get(), line.getBytes(), 0, line.getLength(), ctx);
    }

    /**
     * Parses and emits the line {@code b[off, off + len)}, which starts at byte {@code offset}
     * of the split's file (the caller counts it); a bad line is counted, logged or fails the
     * task.
     */
    final void accept(long offset, byte[] b, int off, int len, Context ctx)
        throws IOException, InterruptedException {
      try {
        emit(b, off, len, ctx);
      } catch (TsvParser.BadLineException e) {
        String where = file + ":" + lineNumber(offset, ctx.getConfiguration());
        if (!skipBad) {
          String msg = "bad line " + where + ": " + e.getMessage()
              + " (importtsv.skip.bad.lines=false)";
          report(ctx, msg);
          throw new IOException(msg);
        }
        ctx.getCounter(BAD_LINES_GROUP, BAD_LINES).increment(1);
        if (logged++ < maxLogged) {
          LOG.warn("bad line {}: {}", where, e.getMessage());
        }
      }
    }

    /** The 1-based number of the line starting at byte {@code offset} of the split's file. */
    private String lineNumber(long offset, Configuration conf) {
      if (path == null) {
        return "byte " + offset;
      }
      try (var in = path.getFileSystem(conf).open(path)) {
        in.seek(countedTo);
        byte[] buf = new byte[64 * 1024];
        while (countedTo < offset) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, offset - countedTo));
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              newlines++;
            }
          }
          countedTo += n;
        }
        return String.valueOf(newlines + 1);
      } catch (IOException e) {
        return "byte " + offset; // the line's offset still finds it
      }
    }

    private static void report(Mapper<?, ?, ?, ?>.Context ctx, String msg) {
      String dir = ctx.getConfiguration().get(REPORT_DIR);
      if (dir == null) {
        return;
      }
      Path p = new Path(dir, ctx.getTaskAttemptID().toString());
      try (var o = p.getFileSystem(ctx.getConfiguration()).create(p, true)) {
        o.write(msg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.warn("could not record the bad line for the tool: {}", e.toString());
      }
    }

    /**
     * Parses the good line {@code b[off, off + len)} and writes what it gives; a bad one throws
     * and writes nothing. The bytes may change once it returns.
     */
    abstract void emit(byte[] b, int off, int len, Context ctx)
        throws TsvParser.BadLineException, IOException, InterruptedException;
  }

  /** Emits each good line as a Put (direct puts, or nothing in a dry run). */
  public static final class PutMapper extends LineMapper<Mutation> {
    private boolean dryRun;

    @Override
    protected void setup(Context ctx) throws IOException, InterruptedException {
      super.setup(ctx);
      dryRun = IMPORTTSV_DRY_RUN.get(ctx.getConfiguration());
    }

    @Override
    void emit(byte[] b, int off, int len, Context ctx)
        throws TsvParser.BadLineException, IOException, InterruptedException {
      Put p = parser.parse(b, off, len, ts);
      if (!dryRun && !p.isEmpty()) { // a line of a row key alone has nothing to put
        ctx.write(new ImmutableBytesWritable(p.row()), p);
      }
    }
  }

  /**
   * Emits each good line as text keyed by its row, for {@code TextSortReducer}, which builds the
   * cells: the mapper only checks the line, so a line's cells are made once, not twice.
   */
  public static final class TextMapper extends LineMapper<Text> {
    private final ImmutableBytesWritable row = new ImmutableBytesWritable();
    private final Text text = new Text();

    @Override
    void emit(byte[] b, int off, int len, Context ctx)
        throws TsvParser.BadLineException, IOException, InterruptedException {
      row.set(parser.rowOf(b, off, len));
      text.set(b, off, len);
      ctx.write(row, text); // serialized at once: both objects may be reused
    }
  }
}
