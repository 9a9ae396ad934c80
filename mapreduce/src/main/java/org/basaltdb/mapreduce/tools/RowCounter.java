package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.util.Tool;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.ScanKeys;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.mapreduce.TableMapper;

/**
 * {@code bin/basalt rowcounter}: counts a table's rows in a map-only job, as HBase's RowCounter,
 * and prints {@code ROWS=N}, the value of its ROWS counter. Options (HBase's, with
 * {@code --range START,STOP} also accepted as two words):
 *
 * <pre>
 *   rowcounter [generic options] TABLE [--range=[START],[STOP]] [--starttime=MS] [--endtime=MS]
 *              [--expectedCount=N] [FAMILY[:QUALIFIER]...]
 * </pre>
 *
 * Rows are in the shell's binary form ({@code \xNN}); with columns, a row counts if it has any
 * of them. Without columns only each row's first cell is read, and its value is not sent.
 */
public class RowCounter extends Configured implements Tool {
  /** The job's counter; {@code ROWS} is HBase's name. */
  public enum Counters { ROWS }

  static final String USAGE = """
      usage: basalt rowcounter [-D key=value]... [-conf FILE] TABLE [--range=[START],[STOP]]
                               [--starttime=MS] [--endtime=MS] [--expectedCount=N]
                               [FAMILY[:QUALIFIER]...]""";

  private final PrintStream out;

  public RowCounter() {
    this(System.out);
  }

  public RowCounter(PrintStream out) {
    this.out = out;
  }

  /** Counts each row once (a batched scan's parts of one row arrive together in one call). */
  static class RowCounterMapper extends TableMapper<ImmutableBytesWritable, Result> {
    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context) {
      context.getCounter(Counters.ROWS).increment(1);
    }
  }

  /** What the command line asked for. */
  record Args(String table, Scan scan, long expected) {}

  static Args parse(String[] args) throws IOException {
    String table = null;
    byte[] start = null;
    byte[] stop = null;
    Long startTime = null;
    Long endTime = null;
    long expected = -1;
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--range") || a.startsWith("--range=")) {
        String v = a.equals("--range") ? next(args, ++i, "--range") : a.substring(8);
        if (v.contains(";")) {
          throw new UsageException("--range takes one range START,STOP; several (';') are not "
              + "supported\n" + USAGE);
        }
        int comma = v.indexOf(',');
        if (comma < 0) {
          throw new UsageException("--range needs START,STOP (either may be empty), got '" + v
              + "'\n" + USAGE);
        }
        start = ScanKeys.parseBinary(v.substring(0, comma), "--range");
        stop = ScanKeys.parseBinary(v.substring(comma + 1), "--range");
      } else if (a.startsWith("--starttime=")) {
        startTime = number(a.substring(12), "--starttime");
      } else if (a.startsWith("--endtime=")) {
        endTime = number(a.substring(10), "--endtime");
      } else if (a.startsWith("--expectedCount=")) {
        expected = number(a.substring(16), "--expectedCount");
      } else if (a.startsWith("-")) {
        throw new UsageException("unknown option " + a + "\n" + USAGE);
      } else if (table == null) {
        table = a;
      } else {
        columns.add(a);
      }
    }
    if (table == null) {
      throw new UsageException("no table given\n" + USAGE);
    }
    Scan scan = new Scan().setCacheBlocks(false).setCaching(1000);
    if (start != null) {
      scan.withStartRow(start);
    }
    if (stop != null) {
      scan.withStopRow(stop);
    }
    for (String c : columns) {
      ScanKeys.addColumn(scan, c, "the column list");
    }
    if (columns.isEmpty()) {
      // A row's first cell, without its value: the server sends row keys only (HBase's
      // RowCounter sends each first cell's value too, 1 KiB a row in the benchmark).
      scan.setFilter("FirstKeyOnlyFilter() AND KeyOnlyFilter()");
    }
    if (startTime != null || endTime != null) {
      long from = startTime == null ? 0 : startTime;
      long to = endTime == null ? Long.MAX_VALUE : endTime;
      if (from > to) {
        throw new UsageException("--starttime " + from + " is after --endtime " + to);
      }
      scan.setTimeRange(new TimeRange(from, to));
    }
    return new Args(table, scan, expected);
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static long number(String v, String option) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a number, got '" + v + "'");
    }
  }

  /** The job {@code args} describe, ready to submit. */
  public Job createJob(String[] args) throws IOException {
    Args a = parse(args);
    Job job = Job.getInstance(getConf(), "rowcounter " + a.table());
    job.setJarByClass(RowCounter.class);
    TableMapReduceUtil.initTableMapperJob(a.table(), a.scan(), RowCounterMapper.class,
        ImmutableBytesWritable.class, Result.class, job);
    job.setNumReduceTasks(0);
    job.setOutputFormatClass(NullOutputFormat.class);
    job.getConfiguration().setLong("basalt.rowcounter.expected", a.expected());
    return job;
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    ToolSupport.defaultLocalParallelism(getConf());
    Job job = createJob(args);
    if (!JobProgress.run(job, out, Counters.ROWS, "rows")) {
      return 1;
    }
    long rows = job.getCounters().findCounter(Counters.ROWS).getValue();
    out.println("ROWS=" + rows);
    long expected = job.getConfiguration().getLong("basalt.rowcounter.expected", -1);
    if (expected >= 0 && expected != rows) {
      out.println("expected " + expected + " rows, counted " + rows);
      return 1;
    }
    return 0;
  }
}
