package org.basaltdb.compat.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.basaltdb.tools.PeClient;
import org.basaltdb.tools.PeLines;
import org.basaltdb.tools.PerformanceEvaluation;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pe through HBase's native client against a real Apache HBase 2.6.1 mini-cluster (one master,
 * one region server, ZooKeeper, the local filesystem) in this JVM, found as bench-ycsb's child
 * finds it: through its ZooKeeper port only.
 */
class HBaseTablePeClientTest {
  static HBaseTestingUtility util;
  static HBaseTablePeClient.Factory clients;

  static final int ROWS = 300;

  @BeforeAll
  static void start() throws Exception {
    util = new HBaseTestingUtility();
    Configuration conf = util.getConfiguration();
    conf.setInt("hbase.master.info.port", -1);
    conf.setInt("hbase.regionserver.info.port", -1);
    // As the gateway: the local filesystem has no hflush, so the plain WAL, unenforced.
    conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    conf.set("hbase.wal.provider", "filesystem");
    // As the gateway starts it (startMiniCluster() would need JUnit 4's Assert, not here).
    util.startMiniZKCluster();
    util.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1)
        .numRegionServers(1).build());
    clients = new HBaseTablePeClient.Factory(
        HBaseNativePe.conf("127.0.0.1", util.getZkCluster().getClientPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (util != null) {
      util.shutdownMiniHBaseCluster();
      util.shutdownMiniZKCluster();
    }
  }

  private static Result run(String table, Command c, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--table", table, "--rows",
        Integer.toString(ROWS), "--threads", "3", "--presplit", "3", "--warmup", "0"));
    args.addAll(List.of(extra));
    args.add(c.name());
    Result r = PerformanceEvaluation.run(
        PerformanceEvaluation.parse(args.toArray(new String[0])), c, clients);
    System.out.println(r.line());
    assertEquals(0, r.errors(), r.line());
    assertEquals(r.ops(), r.latencyMicros().getTotalCount());
    return r;
  }

  /** pe's row {@code i}: ten zero-padded decimal digits. */
  private static byte[] key(long i) {
    return String.format("%010d", i).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void ycsbWorkloadsReadWhatTheLoadWrote() throws Exception {
    Result load = run("ycsb", Command.load);
    assertEquals(ROWS, load.rowsWritten());
    assertEquals(3, util.getAdmin().getRegions(TableName.valueOf("ycsb")).size());
    Result c = run("ycsb", Command.workloadC, "--ops", "200");
    assertEquals(200, c.rowsRead()); // every row exists: a loaded table answers every read
    assertEquals(200 * 10, c.cellsRead()); // the whole row: 10 fields
    Result e = run("ycsb", Command.workloadE, "--ops", "100");
    assertTrue(e.rowsRead() >= 100, e.line()); // 1..100 rows per scan, all present
    Result f = run("ycsb", Command.workloadF, "--ops", "100");
    assertEquals(100, f.rowsRead());
    assertTrue(f.rowsWritten() > 0, f.line());
    Result d = run("ycsb", Command.workloadD, "--ops", "200");
    assertTrue(d.rowsRead() > 0 && d.rowsWritten() > 0, d.line());
  }

  @Test
  void scansStopAtTheirLimitAndIncrementsAdd() throws Exception {
    run("pe", Command.sequentialWrite);
    byte[] family = "info".getBytes(StandardCharsets.UTF_8);
    try (PeClient client = clients.open()) {
      assertFalse(client.createTableIfMissing("pe", family, List.of()));
      assertEquals(7, client.scan("pe", key(10), family, 7));
      // Past the last row: only what is there.
      assertEquals(5, client.scan("pe", key(ROWS - 5), family, 7));
      assertEquals(1, client.get("pe", key(3), family));
      assertEquals(0, client.get("pe", key(ROWS + 1), family));
      byte[] counter = "counter".getBytes(StandardCharsets.UTF_8);
      assertEquals(5, client.increment("pe", key(1), family, counter, 5));
      assertEquals(7, client.increment("pe", key(1), family, counter, 2));
    }
  }

  @Test
  void servesPeLinesAsBenchYcsbsChildDoes() throws Exception {
    String in = "--table lines --rows 100 --threads 2 --presplit 2 --warmup 0 load\n"
        + "--table lines --rows 100 --threads 2 --warmup 0 --duration 0.5 workloadA\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PeLines.serve(clients, new BufferedReader(new StringReader(in)),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] out = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, out.length, String.join("\n", out));
    Result load = PeLines.decode(out[1].substring(PeLines.RESULT.length()));
    assertEquals(100, load.rowsWritten());
    assertTrue(load.client().startsWith("hbase native client zk 127.0.0.1:"), load.client());
    Result a = PeLines.decode(out[2].substring(PeLines.RESULT.length()));
    assertEquals(Command.workloadA, a.command());
    assertEquals(0, a.errors());
    assertTrue(a.ops() > 0);
  }
}
