package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.bulkload.BulkLoadTool;
import org.basaltdb.mapreduce.bulkload.ImportTsv;
import org.basaltdb.mapreduce.tools.RowCounter;
import org.basaltdb.mapreduce.tools.Tools;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk path with everything on a real HDFS (MiniDFSCluster): the cluster's root directory,
 * the job's input and its SSTable output. importtsv's mappers sort and write SSTables to HDFS on
 * the local job runner, completebulkload has the three region servers move them into their regions (renames
 * inside one HDFS), rowcounter counts the rows; then every row is checked.
 */
class BulkLoadOnHdfsTest {
  private static final TableName T = TableName.valueOf("hdfsbulk");
  private static final int ROWS = 600;
  private static final long TS = 1_700_000_000_000L;

  @TempDir
  Path dir;

  private record Run(int status, String out) {}

  private static Run run(Configuration conf, String name, Tool tool, ByteArrayOutputStream buf,
      String... args) throws Exception {
    PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int status = Tools.runTool(new Configuration(conf), tool, name, args, err);
    return new Run(status, buf.toString(StandardCharsets.UTF_8));
  }

  private static String row(int i) {
    return String.format("row%04d", i);
  }

  @Test
  void importLoadAndCountWithTheRootAndTheJobOnHdfs() throws Exception {
    Configuration dfsConf = new Configuration();
    dfsConf.setInt("dfs.heartbeat.interval", 1);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(dfsConf, dir.resolve("dfs").toFile())
        .numDataNodes(1).build();
    try {
      dfs.waitActive();
      FileSystem hdfs = dfs.getFileSystem();
      String uri = dfs.getURI().toString();
      try (TestCluster cluster = new TestCluster(dir.resolve("zk").toFile(), uri + "/basalt",
          10_000)) {
        for (int i = 0; i < 3; i++) {
          cluster.startRegionServer();
        }
        cluster.startMaster();
        RegionServerProcess rs = cluster.servers.get(0);
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", uri);
        conf.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        ClientConfig.HOST.set(conf, "127.0.0.1");
        ClientConfig.PORT.set(conf, rs.thriftPort());
        ClientConfig.ADMIN_PORT.set(conf, rs.adminPort());
        ClientConfig.RETRY_PAUSE.set(conf, 20L);

        try (Connection conn = ConnectionFactory.createConnection(conf);
            Admin admin = conn.getAdmin()) {
          admin.createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f"),
              ColumnFamilyDescriptor.of("g")),
              new byte[][] {toBytes(row(150)), toBytes(row(300)), toBytes(row(450))});

          // The input, on HDFS: two files, rows scattered over both and over the regions.
          org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(uri + "/input");
          for (int part = 0; part < 2; part++) {
            try (OutputStream o = hdfs.create(new org.apache.hadoop.fs.Path(input,
                "part-" + part + ".tsv"))) {
              for (int i = part; i < ROWS; i += 2) {
                int r = (i * 7) % ROWS;
                o.write((row(r) + "\ta-" + r + "\tb-" + r + "\n").getBytes(StandardCharsets.UTF_8));
              }
            }
          }
          String out = uri + "/job-output";
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          Run imp = run(conf, "importtsv", new ImportTsv(new PrintStream(buf, true,
              StandardCharsets.UTF_8)), buf, "-Dimporttsv.columns=HBASE_ROW_KEY,f:a,g:b",
              "-Dimporttsv.timestamp=" + TS, "-Dimporttsv.bulk.output=" + out, T.toString(),
              input.toString());
          assertEquals(0, imp.status(), imp.out());
          assertTrue(imp.out().contains("Lines=" + ROWS + " Bad Lines=0"), imp.out());
          List<String> written = sstables(hdfs, new org.apache.hadoop.fs.Path(out));
          // importtsv's mappers sort (the local runner's default) and write sorted runs; one
          // reducer per region merges the two map tasks' runs into one file per family
          assertEquals(8, written.size(), "one file per family and region on HDFS: " + written);

          buf = new ByteArrayOutputStream();
          Run load = run(conf, "completebulkload", new BulkLoadTool(null, new PrintStream(buf,
              true, StandardCharsets.UTF_8)), buf, out, T.toString());
          assertEquals(0, load.status(), load.out());
          assertTrue(load.out().contains("bulk load done: 8 file(s)"), load.out());
          assertEquals(List.of(), sstables(hdfs, new org.apache.hadoop.fs.Path(out)),
              "every file moved into the table");
          List<String> live = sstables(hdfs, new org.apache.hadoop.fs.Path(uri
              + "/basalt/data/default/" + T.qualifier()));
          assertEquals(8, live.stream().filter(p -> p.contains("_SeqId_")).count(),
              "the files are the regions' now: " + live);
          assertFalse(live.stream().anyMatch(p -> p.contains("/.bulkload/")), live.toString());

          buf = new ByteArrayOutputStream();
          Run count = run(conf, "rowcounter", new RowCounter(new PrintStream(buf, true,
              StandardCharsets.UTF_8)), buf, T.toString());
          assertEquals(0, count.status(), count.out());
          assertTrue(count.out().contains("ROWS=" + ROWS), count.out());

          try (Table t = conn.getTable(T)) {
            for (int i = 0; i < ROWS; i++) {
              Result r = t.get(new Get(toBytes(row(i))));
              assertEquals("a-" + i, Bytes.toString(r.value(toBytes("f"), toBytes("a"))));
              assertEquals("b-" + i, Bytes.toString(r.value(toBytes("g"), toBytes("b"))));
              assertEquals(TS, r.cells().get(0).timestamp());
            }
          }
        }
        assertEquals(List.of(), cluster.aborts);
      }
    } finally {
      dfs.shutdown(true);
    }
  }

  /** Every file under {@code p} whose name does not start with '_' or '.', recursively. */
  private static List<String> sstables(FileSystem fs, org.apache.hadoop.fs.Path p)
      throws Exception {
    List<String> out = new ArrayList<>();
    if (!fs.exists(p)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(p)) {
      String name = st.getPath().getName();
      if (st.isDirectory()) {
        out.addAll(sstables(fs, st.getPath()));
      } else if (!name.startsWith("_") && !name.startsWith(".")) {
        out.add(st.getPath().toUri().getPath());
      }
    }
    return out;
  }
}
