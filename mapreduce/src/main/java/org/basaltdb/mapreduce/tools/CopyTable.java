package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.TableNotFoundException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.ScanKeys;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.mapreduce.TableMapper;

/**
 * {@code bin/basalt copytable}: copies a table's rows (or a range of them, some families, a time
 * range) into another existing table of the same cluster, in a map-only job writing through
 * {@link org.basaltdb.mapreduce.TableOutputFormat}. Cells keep their timestamps, so copying
 * twice gives the same table. Options are HBase's CopyTable's, also accepted with dashes:
 *
 * <pre>
 *   copytable [generic options] --new.name=TARGET [--startrow=ROW] [--stoprow=ROW]
 *             [--starttime=MS] [--endtime=MS] [--versions=N] [--families=F[:NEWF],...] SOURCE
 * </pre>
 */
public class CopyTable extends Configured implements Tool {
  public enum Counters { ROWS_COPIED }

  static final String USAGE = """
      usage: basalt copytable [-D key=value]... [-conf FILE] --new-name=TARGET
                              [--start-row=ROW] [--stop-row=ROW] [--starttime=MS] [--endtime=MS]
                              [--versions=N] [--families=FAMILY[:NEWFAMILY],...] SOURCE
        (HBase's spellings --new.name, --startrow, --stoprow are accepted too)""";

  /** The job key holding the family renames, {@code old:new,...}. */
  static final String RENAMES = "basalt.copytable.family.renames";

  private final PrintStream out;

  public CopyTable() {
    this(System.out);
  }

  CopyTable(PrintStream out) {
    this.out = out;
  }

  /** Each row becomes one Put with the same cells, families renamed as asked. */
  static class CopyMapper extends TableMapper<ImmutableBytesWritable, Mutation> {
    private final Map<byte[], byte[]> renames = new TreeMap<>(Bytes.COMPARATOR);

    @Override
    protected void setup(Context context) {
      String r = context.getConfiguration().get(RENAMES, "");
      for (String pair : r.split(",")) {
        int colon = pair.indexOf(':');
        if (colon > 0) {
          renames.put(utf8(pair.substring(0, colon)), utf8(pair.substring(colon + 1)));
        }
      }
    }

    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      Put put = new Put(row.get());
      for (Cell c : value.cells()) {
        byte[] family = renames.getOrDefault(c.family(), c.family());
        put.addColumn(family, c.qualifier(), c.timestamp(), c.value());
      }
      context.write(row, put);
      context.getCounter(Counters.ROWS_COPIED).increment(1);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** What the command line asked for. */
  record Args(String source, String target, Scan scan, String renames) {}

  static Args parse(String[] args) throws IOException {
    String source = null;
    String target = null;
    String families = null;
    Long startTime = null;
    Long endTime = null;
    Scan scan = new Scan().setCacheBlocks(false).setCaching(500);
    for (String a : args) {
      if (!a.startsWith("--")) {
        if (source != null) {
          throw new UsageException("one source table only; got " + source + " and " + a
              + "\n" + USAGE);
        }
        source = a;
        continue;
      }
      int eq = a.indexOf('=');
      if (eq < 0) {
        throw new UsageException("option " + a + " needs a value (" + a + "=...)\n" + USAGE);
      }
      String v = a.substring(eq + 1);
      switch (a.substring(2, eq)) {
        case "new.name", "new-name" -> target = v;
        case "startrow", "start-row" -> scan.withStartRow(ScanKeys.parseBinary(v, a));
        case "stoprow", "stop-row" -> scan.withStopRow(ScanKeys.parseBinary(v, a));
        case "starttime" -> startTime = number(v, a);
        case "endtime" -> endTime = number(v, a);
        case "versions" -> {
          long n = number(v, a);
          if (n < 1 || n > Integer.MAX_VALUE) {
            throw new UsageException("--versions must be at least 1, got " + v);
          }
          scan.readVersions((int) n);
        }
        case "families" -> families = v;
        case "peer.adr", "all.cells", "bulkload", "snapshot" -> throw new UsageException(
            "--" + a.substring(2, eq) + " is not supported by Basalt's copytable\n" + USAGE);
        default -> throw new UsageException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (source == null) {
      throw new UsageException("no source table given\n" + USAGE);
    }
    if (target == null || target.isEmpty()) {
      throw new UsageException("no target table: give --new-name=TARGET\n" + USAGE);
    }
    if (startTime != null || endTime != null) {
      long from = startTime == null ? 0 : startTime;
      long to = endTime == null ? Long.MAX_VALUE : endTime;
      if (from > to) {
        throw new UsageException("--starttime " + from + " is after --endtime " + to);
      }
      scan.setTimeRange(new TimeRange(from, to));
    }
    StringBuilder renames = new StringBuilder();
    if (families != null) {
      for (String f : families.split(",")) {
        if (f.isEmpty()) {
          continue;
        }
        int colon = f.indexOf(':');
        String from = colon < 0 ? f : f.substring(0, colon);
        if (from.isEmpty() || colon == f.length() - 1) {
          throw new UsageException("bad --families entry '" + f + "': FAMILY or FAMILY:NEWFAMILY");
        }
        scan.addFamily(utf8(from));
        if (colon >= 0) {
          renames.append(renames.length() == 0 ? "" : ",").append(f);
        }
      }
    }
    return new Args(source, target, scan, renames.toString());
  }

  private static long number(String v, String option) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a number, got '" + v + "'");
    }
  }

  /**
   * Checks before submission what the input format cannot: the target exists and has every
   * family the copied cells will land in.
   */
  static void checkTarget(Configuration conf, Args a) throws IOException {
    try (Connection conn = ConnectionFactory.createConnection(conf);
        Admin admin = conn.getAdmin()) {
      TableName target = TableName.valueOf(a.target());
      TableDescriptor t;
      try {
        t = admin.getDescriptor(target);
      } catch (TableNotFoundException e) {
        throw new UsageException("target table " + target + " does not exist (--new-name); "
            + "create it first with the families to copy", e);
      }
      Map<String, String> renames = new TreeMap<>();
      for (String pair : a.renames().split(",")) {
        int colon = pair.indexOf(':');
        if (colon > 0) {
          renames.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
      }
      TableDescriptor s;
      try {
        s = admin.getDescriptor(TableName.valueOf(a.source()));
      } catch (TableNotFoundException e) {
        throw new UsageException("source table " + a.source() + " does not exist", e);
      }
      for (var f : a.scan().families().isEmpty() ? s.families().stream().map(d -> d.name())
          .toList() : a.scan().families().keySet()) {
        String name = new String(f, StandardCharsets.UTF_8);
        if (!s.hasFamily(f)) {
          throw new UsageException("column family '" + name + "' does not exist in source table "
              + a.source() + " (--families)");
        }
        String landing = renames.getOrDefault(name, name);
        if (!t.hasFamily(utf8(landing))) {
          throw new UsageException("column family '" + landing + "' does not exist in target "
              + "table " + target);
        }
      }
    }
  }

  public Job createJob(String[] args) throws IOException {
    Args a = parse(args);
    checkTarget(getConf(), a);
    Job job = Job.getInstance(getConf(), "copytable " + a.source() + " to " + a.target());
    job.setJarByClass(CopyTable.class);
    job.getConfiguration().set(RENAMES, a.renames());
    TableMapReduceUtil.initTableMapperJob(a.source(), a.scan(), CopyMapper.class, null, null,
        job);
    TableMapReduceUtil.initTableReducerJob(a.target(), null, job);
    job.setNumReduceTasks(0);
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
    if (!JobProgress.run(job, out, Counters.ROWS_COPIED, "rows copied")) {
      return 1;
    }
    out.println("ROWS_COPIED=" + job.getCounters().findCounter(Counters.ROWS_COPIED).getValue());
    return 0;
  }
}
