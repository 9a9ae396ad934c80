package org.basaltdb.yarn;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.bulkload.BulkLoadTool;
import org.basaltdb.mapreduce.bulkload.ImportTsv;
import org.basaltdb.mapreduce.tools.RowCounter;
import org.basaltdb.mapreduce.tools.Tools;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MapReduce jobs on YARN against Basalt: a MiniMRYarnCluster (resource manager, one node manager
 * with the shuffle service, the job history server) whose jobs' application masters and tasks
 * are child JVMs, a MiniDFSCluster that holds the job's files and Basalt's root directory, and a
 * standalone Basalt in this JVM. rowcounter counts a table of two regions; importtsv with bulk
 * output (on YARN, by default, one reducer per region behind a real shuffle) writes SSTables to
 * HDFS and completebulkload loads them, then every row is read back.
 */
class MapReduceOnYarnTest {
  private static final long TS = 1_700_000_000_000L;

  @TempDir
  static Path dir;
  static MiniDFSCluster dfs;
  static Standalone basalt;
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

    Configuration serverConf = Standalone.embeddedConfiguration(dir.resolve("data"));
    serverConf.set(ServerConfig.ROOT_DIR.name(), hdfs + "/basalt");
    basalt = Standalone.start(serverConf);

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
    ClientConfig.PORT.set(conf, basalt.thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 20L);
    return conf;
  }

  /** The YARN cluster's configuration (framework yarn, its addresses, HDFS) and the client's. */
  private static Configuration jobConf() {
    Configuration conf = clientConf(new Configuration(yarn.getConfig()));
    conf.set("mapreduce.framework.name", "yarn");
    conf.set("fs.defaultFS", hdfs);
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
}
