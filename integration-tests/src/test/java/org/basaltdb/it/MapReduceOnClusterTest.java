package org.basaltdb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.mapreduce.TableMapper;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MapReduce job reads a table served by three region servers while one region splits and
 * another moves: every row is counted once. The job runs on Hadoop's local runner, one map task
 * at a time; the first map task, after its first row, splits a region and moves another that
 * later tasks read. (Not on YARN here: the shaded hadoop-client-minicluster lacks MRAppMaster
 * and YarnChild; jobs on a MiniMRYarnCluster run in the yarn-tests module, on the unshaded
 * Hadoop jars; see docs/operations.md, "Where the job runs".)
 */
class MapReduceOnClusterTest {
  @TempDir
  Path dir;

  static final TableName T = TableName.valueOf("yarnread");
  static final int ROWS = 3000;
  static final int REGIONS = 6;

  enum Check { ROWS, DUPLICATES }

  static byte[] row(int i) {
    return Bytes.toBytes(String.format("r%06d", i));
  }

  static class RowMapper extends TableMapper<ImmutableBytesWritable, IntWritable> {
    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      if (Bytes.equals(row.get(), row(0))) {
        changeLayout(context.getConfiguration());
      }
      context.write(new ImmutableBytesWritable(row.get().clone()), new IntWritable(1));
    }
  }

  /** The layout change, while the job runs: the second region splits, the fourth moves. */
  static void changeLayout(Configuration conf) throws IOException {
    try (Connection conn = ConnectionFactory.createConnection(conf);
        Admin admin = conn.getAdmin()) {
      RegionLocation moving = admin.getRegions(T).get(3);
      admin.split(T, row(ROWS / REGIONS + ROWS / REGIONS / 2));
      admin.move(moving.region().encodedName(), null);
      conf.set("test.moved", moving.region().encodedName() + "@" + moving.server());
    }
  }

  static class OnceReducer
      extends Reducer<ImmutableBytesWritable, IntWritable, ImmutableBytesWritable, IntWritable> {
    @Override
    protected void reduce(ImmutableBytesWritable row, Iterable<IntWritable> ones, Context ctx) {
      int n = 0;
      for (IntWritable one : ones) {
        n += one.get();
      }
      ctx.getCounter(Check.ROWS).increment(1);
      if (n != 1) {
        ctx.getCounter(Check.DUPLICATES).increment(1);
      }
    }
  }

  @Test
  void everyRowOnceWhileARegionSplitsAndAnotherMoves() throws Exception {
    try (TestCluster cluster = TestCluster.started(dir.resolve("basalt"), 3)) {
      RegionServerProcess rs = cluster.servers.get(0);
      Configuration client = new Configuration(false);
      ClientConfig.HOST.set(client, "127.0.0.1");
      ClientConfig.PORT.set(client, rs.thriftPort());
      ClientConfig.ADMIN_PORT.set(client, rs.adminPort());
      try (Connection conn = ConnectionFactory.createConnection(client);
          Admin admin = conn.getAdmin()) {
        byte[][] splits = new byte[REGIONS - 1][];
        for (int i = 1; i < REGIONS; i++) {
          splits[i - 1] = row(i * ROWS / REGIONS);
        }
        admin.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")), splits);
        try (BufferedMutator m = conn.getBufferedMutator(T)) {
          for (int i = 0; i < ROWS; i++) {
            m.mutate(new Put(row(i)).addColumn(Bytes.toBytes("f"), Bytes.toBytes("q"),
                Bytes.toBytes("v" + i)));
          }
        }

        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        conf.setInt("mapreduce.local.map.tasks.maximum", 1);
        ClientConfig.HOST.set(conf, "127.0.0.1");
        ClientConfig.PORT.set(conf, rs.thriftPort());
        ClientConfig.ADMIN_PORT.set(conf, rs.adminPort());
        List<RegionLocation> before = admin.getRegions(T);
        Job job = Job.getInstance(conf, "read while splitting and moving");
        TableMapReduceUtil.initTableMapperJob(T.toString(), new Scan().setCaching(5),
            RowMapper.class, ImmutableBytesWritable.class, IntWritable.class, job);
        job.setReducerClass(OnceReducer.class);
        job.setNumReduceTasks(1);
        job.setOutputFormatClass(NullOutputFormat.class);
        assertTrue(job.waitForCompletion(false), job.getStatus().getFailureInfo());
        assertEquals(ROWS, job.getCounters().findCounter(Check.ROWS).getValue());
        assertEquals(0, job.getCounters().findCounter(Check.DUPLICATES).getValue());
        List<RegionLocation> after = admin.getRegions(T);
        assertEquals(REGIONS + 1, after.size(), "the region split: " + after);
        RegionLocation moved = before.get(3);
        assertTrue(after.stream().anyMatch(l -> l.region().equals(moved.region())
            && !l.server().equals(moved.server())), "the region moved: " + after);
      }
    }
  }
}
