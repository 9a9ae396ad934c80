package org.basaltdb.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.client.Table;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jobs on Hadoop's local runner against a real standalone server: a table of 20 regions is
 * read with every row exactly once, counters right, and bad input fails at submission.
 */
class TableJobTest {
  @TempDir
  static Path dir;

  static TestCluster cluster;
  static final TableName T = TableName.valueOf("mr20");
  static final int ROWS = 2000;

  enum Check { ROWS, DUPLICATES, CELLS }

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.createTable(T, 20, ROWS, "f", "g");
    cluster.load(T, ROWS, "f", 2);
    try (Admin admin = cluster.conn.getAdmin()) {
      admin.flush(T); // so regions have store files, and splits sizes
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Emits (row, 1) and counts cells; the reducer sees each row's count. */
  static class RowMapper extends TableMapper<ImmutableBytesWritable, IntWritable> {
    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      context.getCounter(Check.CELLS).increment(value.size());
      context.write(new ImmutableBytesWritable(row.get().clone()), new IntWritable(1));
    }
  }

  static class OnceReducer
      extends Reducer<ImmutableBytesWritable, IntWritable, ImmutableBytesWritable, IntWritable> {
    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<IntWritable> ones, Context context) {
      int n = 0;
      for (IntWritable one : ones) {
        n += one.get();
      }
      context.getCounter(Check.ROWS).increment(1);
      if (n != 1) {
        context.getCounter(Check.DUPLICATES).increment(1);
      }
    }
  }

  static String failure(Job job) {
    try {
      return job.getStatus().getFailureInfo();
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  static Job rowJob(Configuration conf, String table, Scan scan) throws IOException {
    Job job = Job.getInstance(conf, "read " + table);
    TableMapReduceUtil.initTableMapperJob(table, scan, RowMapper.class,
        ImmutableBytesWritable.class, IntWritable.class, job, false);
    job.setReducerClass(OnceReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputFormatClass(NullOutputFormat.class);
    return job;
  }

  @Test
  void everyRowOnceFromTwentyRegions() throws Exception {
    Job job = rowJob(cluster.jobConf(), T.toString(), new Scan().setCaching(200));
    assertEquals(20, new TableInputFormat().getSplits(job).size());
    assertTrue(job.waitForCompletion(false));
    Counters c = job.getCounters();
    assertEquals(ROWS, c.findCounter(Check.ROWS).getValue());
    assertEquals(0, c.findCounter(Check.DUPLICATES).getValue());
    assertEquals(2 * ROWS, c.findCounter(Check.CELLS).getValue());
    String g = TableRecordReader.COUNTER_GROUP;
    assertEquals(ROWS, c.findCounter(g, "ROWS_SCANNED").getValue());
    assertEquals(2 * ROWS, c.findCounter(g, "CELLS_SCANNED").getValue());
    assertTrue(c.findCounter(g, "BYTES_IN_RESULTS").getValue() > 2 * ROWS * 10);
    // per split: an open, at least one fetch, a close
    assertTrue(c.findCounter(g, "RPC_CALLS").getValue() >= 20 * 3,
        "" + c.findCounter(g, "RPC_CALLS").getValue());
    assertEquals(0, c.findCounter(g, TableRecordReader.RESTARTS).getValue());
  }

  @Test
  void splitsCarryRangeRegionHostAndSize() throws Exception {
    Configuration conf = cluster.jobConf();
    conf.set(MapReduceConfig.INPUT_TABLE.name(), T.toString());
    conf.set("hbase.mapreduce.scan.row.start", "row00150");
    conf.set("hbase.mapreduce.scan.row.stop", "row00450");
    List<InputSplit> splits = new TableInputFormat().getSplits(new JobContextImpl(conf, null));
    // regions hold 100 rows each: [100,200) [200,300) [300,400) [400,500), cut to the scan
    assertEquals(4, splits.size(), splits.toString());
    TableSplit first = (TableSplit) splits.get(0);
    TableSplit last = (TableSplit) splits.get(3);
    assertEquals("row00150", Bytes.toString(first.getStartRow()));
    assertEquals("row00200", Bytes.toString(first.getEndRow()));
    assertEquals("row00450", Bytes.toString(last.getEndRow()));
    assertEquals(32, first.getEncodedRegionName().length());
    assertFalse(first.getRegionLocation().isEmpty());
    assertTrue(first.getLength() > 0, "a flushed region has a size: " + first);

    conf.setInt(MapReduceConfig.MAPPERS_PER_REGION.name(), 3);
    assertEquals(12, new TableInputFormat().getSplits(new JobContextImpl(conf, null)).size());
  }

  @Test
  void splitsWithoutAnAdminPortHaveNoSizeAndAreNotAutobalanced() throws Exception {
    Configuration conf = cluster.jobConf();
    conf.set(MapReduceConfig.INPUT_TABLE.name(), T.toString());
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once it is closed
    }
    org.basaltdb.client.ClientConfig.ADMIN_PORT.set(conf, closed);
    MapReduceConfig.AUTOBALANCE.set(conf, true);
    List<InputSplit> splits = new TableInputFormat().getSplits(new JobContextImpl(conf, null));
    assertEquals(20, splits.size(), "one split per region: no sizes, no balancing");
    for (InputSplit s : splits) {
      assertEquals(0, s.getLength(), s.toString());
    }

    Configuration off = cluster.jobConf();
    off.set(MapReduceConfig.INPUT_TABLE.name(), T.toString());
    MapReduceConfig.REGION_SIZES.set(off, false);
    splits = new TableInputFormat().getSplits(new JobContextImpl(off, null));
    assertEquals(20, splits.size());
    assertEquals(0, splits.get(0).getLength(), "sizes not asked for");
  }

  @Test
  void aRegionSplittingUnderTheJobIsReadOnce() throws Exception {
    TableName t = TableName.valueOf("splitting");
    cluster.createTable(t, 2, 1000, "f");
    cluster.load(t, 1000, "f", 1);
    Configuration conf = cluster.jobConf();
    Job job = rowJob(conf, t.toString(), new Scan().setCaching(10));
    job.setMapperClass(SplittingMapper.class);
    assertTrue(job.waitForCompletion(false));
    assertEquals(1000, job.getCounters().findCounter(Check.ROWS).getValue());
    assertEquals(0, job.getCounters().findCounter(Check.DUPLICATES).getValue());
    try (Admin admin = cluster.conn.getAdmin()) {
      assertTrue(admin.getRegions(t).size() > 2, "the table did split");
    }
  }

  /** Splits its own region ahead of itself after reading the first row. */
  static class SplittingMapper extends RowMapper {
    private boolean split;

    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      if (!split) {
        split = true;
        TableSplit s = (TableSplit) context.getInputSplit();
        int first = Integer.parseInt(Bytes.toString(row.get()).substring(3));
        try (Connection conn = ConnectionFactory.createConnection(context.getConfiguration());
            Admin admin = conn.getAdmin()) {
          admin.split(TableName.valueOf(s.getTable()), TestCluster.row(first + 250));
        }
      }
      super.map(row, value, context);
    }
  }

  /** Emits a Delete of every third row and a Put of f:COLUMN elsewhere. */
  static class MutatingMapper extends TableMapper<ImmutableBytesWritable, Mutation> {
    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      int i = Integer.parseInt(Bytes.toString(row.get()).substring(3));
      boolean deletes = context.getConfiguration().getBoolean("test.deletes", true);
      if (i % 3 == 0 && deletes) {
        context.write(row, new Delete(row.get()));
      } else if (i % 3 != 0) {
        context.write(row, new Put(row.get()).addColumn(Bytes.toBytes("f"),
            Bytes.toBytes(context.getConfiguration().get("test.column")),
            value.value(Bytes.toBytes("f"), Bytes.toBytes("q0"))));
      }
    }
  }

  @Test
  void outputFormatAppliesPutsAndDeletes() throws Exception {
    TableName out = TableName.valueOf("out");
    cluster.createTable(out, 3, ROWS, "f");
    cluster.load(out, ROWS, "f", 1);
    // map-only: Puts and Deletes go straight to TableOutputFormat
    Job job = Job.getInstance(cluster.jobConf(), "mutate");
    job.getConfiguration().set("test.column", "new");
    TableMapReduceUtil.initTableMapperJob(T.toString(), new Scan(), MutatingMapper.class,
        ImmutableBytesWritable.class, Mutation.class, job, false);
    TableMapReduceUtil.initTableReducerJob(out.toString(), null, job, false);
    job.setNumReduceTasks(0);
    assertTrue(job.waitForCompletion(false), () -> failure(job));
    // through a reducer: Puts cross the shuffle (MutationSerialization)
    Job second = Job.getInstance(cluster.jobConf(), "put through reduce");
    second.getConfiguration().set("test.column", "again");
    second.getConfiguration().setBoolean("test.deletes", false);
    TableMapReduceUtil.initTableMapperJob(T.toString(), new Scan(), MutatingMapper.class,
        ImmutableBytesWritable.class, Put.class, second, false);
    TableMapReduceUtil.initTableReducerJob(out.toString(), Reducer.class, second, false);
    second.setNumReduceTasks(1);
    assertTrue(second.waitForCompletion(false), () -> failure(second));
    try (Table t = cluster.conn.getTable(out)) {
      for (int i : new int[] {0, 1, 2, 3, 1998, 1999}) {
        Result r = t.get(new Get(TestCluster.row(i)));
        if (i % 3 == 0) {
          assertTrue(r.isEmpty(), "row " + i + " deleted: " + r);
        } else {
          assertEquals("v-" + i + "-0", Bytes.toString(r.value(Bytes.toBytes("f"),
              Bytes.toBytes("new"))));
          assertEquals("v-" + i + "-0", Bytes.toString(r.value(Bytes.toBytes("f"),
              Bytes.toBytes("again"))));
          assertEquals(3, r.size());
        }
      }
    }
  }

  @Test
  void missingTableFailsAtSubmission() throws Exception {
    Job job = rowJob(cluster.jobConf(), "nosuchtable", new Scan());
    IOException e = assertThrows(IOException.class, job::submit);
    assertTrue(e.getMessage().contains("nosuchtable") && e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  @Test
  void badScanEncodingFailsAtSubmission() throws Exception {
    Job job = rowJob(cluster.jobConf(), T.toString(), new Scan());
    job.getConfiguration().set("hbase.mapreduce.scan", "not-a-scan");
    IOException e = assertThrows(IOException.class, job::submit);
    assertTrue(e.getMessage().contains("hbase.mapreduce.scan"), e.getMessage());
  }

  @Test
  void badRowKeyFailsAtSubmission() throws Exception {
    Configuration conf = cluster.jobConf();
    Job job = rowJob(conf, T.toString(), new Scan());
    job.getConfiguration().unset("hbase.mapreduce.scan");
    job.getConfiguration().set("hbase.mapreduce.scan.row.start", "row\\xG0");
    IOException e = assertThrows(IOException.class, job::submit);
    assertTrue(e.getMessage().contains("hbase.mapreduce.scan.row.start"), e.getMessage());
  }

  @Test
  void unknownFamilyFailsAtSubmission() throws Exception {
    Job job = rowJob(cluster.jobConf(), T.toString(),
        new Scan().addFamily(Bytes.toBytes("nope")));
    IOException e = assertThrows(IOException.class, job::submit);
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains(T.toString()),
        e.getMessage());
  }

  @Test
  void badFilterFailsAtSubmission() throws Exception {
    Job job = rowJob(cluster.jobConf(), T.toString(), new Scan().setFilter("NoSuchFilter(1)"));
    IOException e = assertThrows(IOException.class, job::submit);
    assertTrue(e.getMessage().contains("NoSuchFilter"), e.getMessage());
  }

  /** The old mapred API through the adapter: every row once. */
  @Test
  void mapredAdapterReadsEveryRow() throws Exception {
    JobConf job = new JobConf(cluster.jobConf());
    job.setJobName("mapred read");
    job.setInputFormat(org.basaltdb.mapreduce.mapred.TableInputFormat.class);
    job.set(MapReduceConfig.INPUT_TABLE.name(), T.toString());
    job.set(org.basaltdb.mapreduce.mapred.TableInputFormat.COLUMN_LIST, "f:q1");
    job.setMapperClass(OldApiMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormat(org.apache.hadoop.mapred.lib.NullOutputFormat.class);
    RunningJob run = JobClient.runJob(job);
    assertTrue(run.isSuccessful());
    assertEquals(ROWS, run.getCounters().findCounter(Check.ROWS).getValue());
    assertEquals(ROWS, run.getCounters().findCounter(Check.CELLS).getValue());
  }

  static class OldApiMapper extends MapReduceBase implements
      org.apache.hadoop.mapred.Mapper<ImmutableBytesWritable, ResultWritable, IntWritable,
          IntWritable> {
    @Override
    public void map(ImmutableBytesWritable key, ResultWritable value,
        OutputCollector<IntWritable, IntWritable> out, Reporter reporter) {
      reporter.incrCounter(Check.ROWS, 1);
      reporter.incrCounter(Check.CELLS, value.get().size());
    }
  }
}
