package org.basaltdb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.HdrHistogram.Histogram;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Options;
import org.basaltdb.tools.PerformanceEvaluation.Result;
import org.basaltdb.tools.PerformanceEvaluation.Stalls;
import org.junit.jupiter.api.Test;

/** pe's line protocol for a client in another JVM: arguments out, whole results back. */
class PeLinesTest {

  /** Rows in memory, keyed by row; enough of a server for pe's commands. */
  static final class MemoryClients implements PeClient.Factory {
    final Map<String, NavigableMap<String, Integer>> tables = new ConcurrentHashMap<>();

    @Override
    public PeClient open() {
      return new PeClient() {
        @Override
        public boolean createTableIfMissing(String table, byte[] family, List<byte[]> splits) {
          return tables.putIfAbsent(table, new ConcurrentSkipListMap<>()) == null;
        }

        @Override
        public void put(String table, byte[] row, byte[] family, byte[][] q, byte[][] v) {
          tables.get(table).merge(new String(row, StandardCharsets.UTF_8), q.length,
              (a, b) -> Math.max(a, b));
        }

        @Override
        public int get(String table, byte[] row, byte[] family) {
          return tables.get(table).getOrDefault(new String(row, StandardCharsets.UTF_8), 0);
        }

        @Override
        public int scan(String table, byte[] startRow, byte[] family, int rows) {
          return (int) tables.get(table).tailMap(new String(startRow, StandardCharsets.UTF_8))
              .keySet().stream().limit(rows).count();
        }

        @Override
        public long increment(String table, byte[] row, byte[] f, byte[] q, long amount) {
          return amount;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String describe() {
      return "memory, two words";
    }
  }

  @Test
  void aResultSurvivesTheLineWithItsHistogram() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 10_000; i++) {
      h.recordValue(i * 7L);
    }
    Result r = new Result(Command.workloadE, 8, 10_000, 2, 3, 9_000, 90_000, 61.25, h,
        "hbase native client zk 127.0.0.1:2181", new Stalls(1, 1_500));
    Result back = PeLines.decode(PeLines.encode(r));
    assertEquals(r.json(), back.json());
    assertEquals(h, back.latencyMicros());
    assertThrows(IllegalArgumentException.class, () -> PeLines.decode("load 1 2"));
  }

  @Test
  void argumentsReadBackAsTheSameOptions() {
    Options o = new Options();
    o.table = "usertable";
    o.rows = 100_000;
    o.threads = 8;
    o.presplit = 8;
    o.durationSeconds = 60;
    o.warmUpOps = 0;
    o.waitIdlePercent = 50;
    o.seed = 7;
    o.distribution = "uniform";
    Options back = PerformanceEvaluation.parse(
        PeLines.args(o, Command.workloadA).toArray(new String[0]));
    assertEquals(List.of(Command.workloadA), back.commands);
    assertEquals(List.of(o.table, o.rows, o.threads, o.presplit, o.durationSeconds, o.warmUpOps,
        o.waitIdlePercent, o.seed, o.distribution, o.ops), List.of(back.table, back.rows,
        back.threads, back.presplit, back.durationSeconds, back.warmUpOps,
        back.waitIdlePercent, back.seed, back.distribution, back.ops));
    o.durationSeconds = 0;
    o.ops = 500;
    o.distribution = null;
    back = PerformanceEvaluation.parse(PeLines.args(o, Command.load).toArray(new String[0]));
    assertEquals(500, back.ops);
    assertEquals(0, back.durationSeconds);
    assertNull(back.distribution);
  }

  @Test
  void servesEachLineAndReportsBadOnesWithoutStopping() throws IOException {
    MemoryClients clients = new MemoryClients();
    String in = String.join("\n",
        "--table t --rows 200 --threads 2 --warmup 0 load",
        "--table t --rows 200 --threads 2 --warmup 0 --ops 100 workloadE",
        "--table t --rows 200 nonsense",
        "",
        "--table t --rows 200 --threads 2 --warmup 0 --ops 100 workloadC workloadC",
        "--table t --rows 200 --threads 2 --warmup 0 --ops 100 workloadC") + "\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PeLines.serve(clients, new BufferedReader(new StringReader(in)),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> out = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(6, out.size(), out.toString());
    assertEquals(PeLines.READY, out.get(0));
    Result load = PeLines.decode(out.get(1).substring(PeLines.RESULT.length()));
    assertEquals(200, load.rowsWritten());
    assertEquals(200, load.latencyMicros().getTotalCount());
    assertEquals("memory, two words", load.client());
    Result scans = PeLines.decode(out.get(2).substring(PeLines.RESULT.length()));
    assertEquals(Command.workloadE, scans.command());
    assertTrue(scans.rowsRead() >= 100, scans.line());
    assertTrue(out.get(3).startsWith(PeLines.ERR + "java.lang.IllegalArgumentException"),
        out.get(3));
    assertTrue(out.get(4).startsWith(PeLines.ERR), out.get(4)); // two commands on one line
    Result reads = PeLines.decode(out.get(5).substring(PeLines.RESULT.length()));
    assertEquals(100, reads.rowsRead());
    assertEquals(1_000, reads.cellsRead());
  }
}
