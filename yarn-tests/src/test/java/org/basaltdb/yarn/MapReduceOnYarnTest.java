package org.basaltdb.yarn;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.TableMapReduceUtil;
import org.basaltdb.mapreduce.TableMapper;
import org.basaltdb.mapreduce.bulkload.BulkLoadTool;
import org.basaltdb.mapreduce.bulkload.ImportTsv;
import org.basaltdb.mapreduce.tools.RowCounter;
import org.basaltdb.mapreduce.tools.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MapReduce jobs on YARN against Basalt: a MiniMRYarnCluster (resource manager, one node manager
 * with the shuffle service, the job history server) whose jobs' application masters and tasks
 * are child JVMs, a MiniDFSCluster that holds the job's files and Basalt's root directory, and a
 * distributed Basalt (three region servers, a master, ZooKeeper) in this JVM. rowcounter counts
 * a table of two regions; importtsv with bulk output (on YARN, by default, one reducer per
 * region behind a real shuffle) writes SSTables to HDFS and completebulkload loads them, then
 * every row is read back; a job reads every row exactly once while a region splits and another
 * moves under its scanners. One cluster start serves them all: it is most of the test's time.
 */
class MapReduceOnYarnTest {
  private static final long TS = 1_700_000_000_000L;

  @TempDir
  static Path dir;
  static MiniDFSCluster dfs;
  static BasaltOnHdfs basalt;
  static MiniMRYarnCluster yarn;
  static Connection conn;
  static String hdfs;

  @BeforeAll
  static void start() throws Exception {
    Configuration dfsConf = new Configuration();
    dfsConf.setInt("dfs.heartbeat.interval", 1);
    dfs = new MiniDFSCluster.Builder(dfsConf, dir.resolve("dfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    hdfs = dfs.getURI().toString();

    basalt = BasaltOnHdfs.start(dir.resolve("zk").toFile(), hdfs + "/basalt", 3);

    Configuration yarnConf = new Configuration();
    yarnConf.set("fs.defaultFS", hdfs);
    // Small containers, so the master and two tasks fit a 2-core test machine at once.
    yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 4096);
    yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    yarnConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    // Every container is a short-lived JVM on a 2-core machine: the C1 compiler alone and the
    // serial collector spend a fraction of the CPU that C2 and a parallel collector spend while
    // a JVM of ~10,000 classes starts. The master's web app (Guice) needs java.lang opened on
    // Java 17, as the test JVM does.
    String jvm = " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
        + " --add-opens java.base/java.lang=ALL-UNNAMED -Djava.util.logging.config.file="
        + Path.of(MapReduceOnYarnTest.class.getResource("/logging.properties").toURI());
    yarnConf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m" + jvm);
    yarnConf.setInt("mapreduce.map.memory.mb", 384);
    yarnConf.setInt("mapreduce.reduce.memory.mb", 384);
    yarnConf.set("mapreduce.map.java.opts", "-Xmx256m" + jvm);
    yarnConf.set("mapreduce.reduce.java.opts", "-Xmx256m" + jvm);
    // Containers run "$JAVA_HOME/bin/java": this JVM's Java, also where JAVA_HOME is not set.
    String javaHome = "JAVA_HOME=" + System.getProperty("java.home");
    yarnConf.set("yarn.app.mapreduce.am.env", javaHome);
    yarnConf.set("mapreduce.map.env", javaHome);
    yarnConf.set("mapreduce.reduce.env", javaHome);
    // Containers are asked for and granted within a fifth of a second, not a second.
    yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 200);
    yarnConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
    yarnConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    yarnConf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    // A full disk on a shared machine must not make the node manager refuse containers.
    yarnConf.setFloat(
        "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);
    yarnConf.setLong("yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb", 0);
    yarn = new MiniMRYarnCluster("basalt-yarn", 1);
    yarn.init(yarnConf);
    yarn.start();

    conn = ConnectionFactory.createConnection(clientConf(new Configuration(false)));
  }

  @AfterAll
  static void stop() throws Exception {
    // Basalt first: the clusters close the HDFS client that the server shares with them.
    if (conn != null) {
      conn.close();
    }
    if (basalt != null) {
      basalt.close();
    }
    if (yarn != null) {
      yarn.stop();
    }
    if (dfs != null) {
      dfs.shutdown(true);
    }
  }

  private static Configuration clientConf(Configuration conf) {
    ClientConfig.HOST.set(conf, "127.0.0.1");
    ClientConfig.PORT.set(conf, basalt.servers.get(0).thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.servers.get(0).adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 20L);
    return conf;
  }

  /**
   * Libraries that only Basalt uses (the jars' file names start so), left out of the containers'
   * class path with Basalt's own classes, so that the tasks must find them in the jars the job
   * ships ({@code tmpjars}), as on a real cluster; and the test frameworks.
   */
  private static final List<String> BASALT_ONLY = List.of("basalt-", "libthrift-", "guava-",
      "failureaccess-", "caffeine-", "lz4-java-", "zstd-jni-", "snappy-java-", "micrometer-",
      "prometheus-metrics-", "HdrHistogram-", "disruptor-", "jspecify-", "junit-", "mockito-",
      "byte-buddy", "objenesis-", "hamcrest-", "opentest4j-", "apiguardian-");

  /**
   * The containers' class path: Hadoop's jars from this JVM's class path, without Basalt's
   * classes and libraries. (A MiniMRYarnCluster would otherwise give every container the
   * test's whole class path, and a jar the job forgot to ship would go unnoticed.)
   */
  private static String hadoopClassPath() {
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.endsWith(".jar") && BASALT_ONLY.stream().noneMatch(name::startsWith)) {
        jars.add(entry);
      }
    }
    return String.join(",", jars);
  }

  /** The YARN cluster's configuration (framework yarn, its addresses, HDFS) and the client's. */
  private static Configuration jobConf() {
    Configuration conf = clientConf(new Configuration(yarn.getConfig()));
    conf.set("mapreduce.framework.name", "yarn");
    conf.set("fs.defaultFS", hdfs);
    conf.setBoolean("yarn.is.minicluster", false); // no test class path for the containers
    conf.set("mapreduce.application.classpath", hadoopClassPath());
    // The client asks for the job's state every 50 ms instead of every 5 s (and 1 s for progress).
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 100);
    return conf;
  }

  private record Run(int status, String out) {}

  private static Run run(String name, Tool tool, ByteArrayOutputStream buf, String... args)
      throws Exception {
    PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int status = Tools.runTool(jobConf(), tool, name, args, err);
    return new Run(status, buf.toString(StandardCharsets.UTF_8));
  }

  private static String row(int i) {
    return String.format("row%05d", i);
  }

  /** Two regions: two map tasks for rowcounter, two reducers for importtsv. */
  private static void create(TableName t, int rows, String... families) throws Exception {
    ColumnFamilyDescriptor[] fams = new ColumnFamilyDescriptor[families.length];
    for (int i = 0; i < families.length; i++) {
      fams[i] = ColumnFamilyDescriptor.of(families[i]);
    }
    try (Admin admin = conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(t, fams), new byte[][] {toBytes(row(rows / 2))});
    }
  }

  @Test
  void rowCounterRunsOnYarn() throws Exception {
    TableName t = TableName.valueOf("yarncount");
    int rows = 2000;
    create(t, rows, "f");
    try (BufferedMutator m = conn.getBufferedMutator(t)) {
      for (int i = 0; i < rows; i++) {
        m.mutate(new Put(toBytes(row(i))).addColumn(toBytes("f"), toBytes("q"),
            toBytes("v" + i)));
      }
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Run count = run("rowcounter", new RowCounter(new PrintStream(buf, true,
        StandardCharsets.UTF_8)), buf, t.toString());
    assertEquals(0, count.status(), count.out());
    assertTrue(count.out().contains("ROWS=" + rows), count.out());
  }

  @Test
  void importTsvWithBulkOutputThenCompleteBulkLoad() throws Exception {
    TableName t = TableName.valueOf("yarnbulk");
    int rows = 1000;
    create(t, rows, "f", "g");
    FileSystem fs = dfs.getFileSystem();
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(hdfs + "/input");
    for (int part = 0; part < 2; part++) {
      try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(input,
          "part-" + part + ".tsv"))) {
        for (int i = part; i < rows; i += 2) {
          int r = (i * 7) % rows; // rows scattered over both files and all regions
          o.write((row(r) + "\ta-" + r + "\tb-" + r + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    String out = hdfs + "/bulk-output";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Run imp = run("importtsv", new ImportTsv(new PrintStream(buf, true, StandardCharsets.UTF_8)),
        buf, "-Dimporttsv.columns=HBASE_ROW_KEY,f:a,g:b", "-Dimporttsv.timestamp=" + TS,
        "-Dimporttsv.bulk.output=" + out, t.toString(), input.toString());
    assertEquals(0, imp.status(), imp.out());
    assertTrue(imp.out().contains("Lines=" + rows + " Bad Lines=0"), imp.out());

    buf = new ByteArrayOutputStream();
    Run load = run("completebulkload", new BulkLoadTool(null, new PrintStream(buf, true,
        StandardCharsets.UTF_8)), buf, out, t.toString());
    assertEquals(0, load.status(), load.out());
    // the reducers' way on YARN: one file per family and region
    assertTrue(load.out().contains("bulk load done: 4 file(s)"), load.out());

    try (Table table = conn.getTable(t)) {
      for (int i = 0; i < rows; i++) {
        Result r = table.get(new Get(toBytes(row(i))));
        assertEquals("a-" + i, Bytes.toString(r.value(toBytes("f"), toBytes("a"))), row(i));
        assertEquals("b-" + i, Bytes.toString(r.value(toBytes("g"), toBytes("b"))), row(i));
        assertEquals(TS, r.cells().get(0).timestamp());
      }
    }
  }

  /** The directory where the map tasks and the test meet (see {@link WaitAfterFirstRowMapper}). */
  static final String SYNC_DIR = "basalt.test.sync.dir";

  /**
   * Emits each row key as a line. After its first row, each task says so (a file
   * {@code started-TASK} in the sync directory) and waits for the file {@code go}, so that the
   * test changes the table's layout while every task's scanner is open in the middle of its
   * region.
   */
  static final class WaitAfterFirstRowMapper extends TableMapper<Text, NullWritable> {
    private boolean first = true;

    @Override
    protected void map(ImmutableBytesWritable row, Result value, Context context)
        throws IOException, InterruptedException {
      if (first) {
        first = false;
        Configuration conf = context.getConfiguration();
        org.apache.hadoop.fs.Path sync = new org.apache.hadoop.fs.Path(conf.get(SYNC_DIR));
        FileSystem fs = sync.getFileSystem(conf);
        fs.create(new org.apache.hadoop.fs.Path(sync,
            "started-" + context.getTaskAttemptID().getTaskID()), true).close();
        org.apache.hadoop.fs.Path go = new org.apache.hadoop.fs.Path(sync, "go");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!fs.exists(go)) {
          if (System.nanoTime() - deadline > 0) {
            throw new IOException("the test did not create " + go + " within 300 s");
          }
          context.progress();
          Thread.sleep(20);
        }
      }
      context.write(new Text(Bytes.toString(row.get())), NullWritable.get());
    }
  }

  /**
   * The integration test: a job on YARN reads a table of three regions on three region
   * servers while one region splits and another moves, and every row comes out exactly once.
   * The layout changes once every map task has read its first row (each one's scanner is then
   * open in the middle of its region, 10 rows per call), and the tasks go on only after it has
   * changed: the split region's reader and the moved region's reader go on with scanners whose
   * region has closed under them. (The region server that holds such a scanner follows the
   * split and the move itself, so the client sees no error to count.)
   */
  @Test
  void everyRowOnceWhileARegionSplitsAndAnotherMoves() throws Exception {
    TableName t = TableName.valueOf("yarnlayout");
    int regions = 3;
    int rows = 3000;
    byte[][] splits = new byte[regions - 1][];
    for (int i = 1; i < regions; i++) {
      splits[i - 1] = toBytes(row(i * rows / regions));
    }
    try (Admin admin = conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f")), splits);
    }
    try (BufferedMutator m = conn.getBufferedMutator(t)) {
      for (int i = 0; i < rows; i++) {
        m.mutate(new Put(toBytes(row(i))).addColumn(toBytes("f"), toBytes("q"),
            toBytes("v" + i)));
      }
    }
    FileSystem fs = dfs.getFileSystem();
    org.apache.hadoop.fs.Path sync = new org.apache.hadoop.fs.Path(hdfs + "/layout-sync");
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(hdfs + "/layout-rows");
    fs.mkdirs(sync);

    Configuration conf = jobConf();
    conf.set(SYNC_DIR, sync.toString());
    conf.setBoolean("mapreduce.map.speculative", false);
    Job job = Job.getInstance(conf, "read while a region splits and another moves");
    TableMapReduceUtil.initTableMapperJob(t.toString(), new Scan().setCaching(10),
        WaitAfterFirstRowMapper.class, Text.class, NullWritable.class, job);
    job.setNumReduceTasks(0);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, out);
    job.submit();

    Await.until("every map task reading its first row", 300_000, () -> {
      try {
        if (job.isComplete()) {
          throw new AssertionError("the job ended early: " + job.getStatus().getFailureInfo());
        }
        return fs.listStatus(sync).length == regions;
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    RegionLocation moving;
    try (Admin admin = conn.getAdmin()) {
      List<RegionLocation> before = admin.getRegions(t);
      assertEquals(regions, before.size(), before.toString());
      moving = before.get(2);
      admin.split(t, toBytes(row(rows / regions / 2)));
      admin.move(moving.region().encodedName(), null);
      Await.until("the first region split and the last one moved", 120_000, () -> {
        try {
          List<RegionLocation> now = admin.getRegions(t);
          return now.size() == regions + 1 && now.stream().anyMatch(l ->
              l.region().equals(moving.region()) && !l.server().equals(moving.server()));
        } catch (IOException e) {
          return false; // the layout is changing; ask again
        }
      });
    }
    fs.create(new org.apache.hadoop.fs.Path(sync, "go")).close();

    assertTrue(job.waitForCompletion(false), job.getStatus().getFailureInfo());
    int[] seen = new int[rows];
    for (FileStatus part : fs.globStatus(new org.apache.hadoop.fs.Path(out, "part-m-*"))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          seen[Integer.parseInt(line.substring("row".length()))]++;
        }
      }
    }
    for (int i = 0; i < rows; i++) {
      assertEquals(1, seen[i], "times " + row(i) + " was read");
    }
  }
}
