package org.basaltdb.tools.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.standalone.Standalone;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the comparison harness (a few seconds): every workload against a real Basalt
 * standalone started in-process, the backlog read from its {@code /metrics}. Starting the child
 * JVMs and HBase is left to the documented benchmark run.
 */
class YcsbCompareTest {
  @TempDir
  Path dir;

  @Test
  void runsEveryWorkloadAndReportsBacklogAndStalls() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir.resolve("basalt"));
    try (Standalone basalt = Standalone.start(conf)) {
      YcsbCompare.Config c = YcsbCompare.parse(new String[] {"--rows", "300", "--duration", "1",
          "--threads", "2", "--presplit", "2", "--warmup-rows", "100", "--work-dir",
          dir.resolve("work").toString()});
      c.externalBasalt = new int[] {basalt.thriftPort(), basalt.infoPort()};
      c.clientWarmupOps = 0;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<YcsbCompare.Run> runs = YcsbCompare.run(c, new PrintStream(out, true,
          StandardCharsets.UTF_8));
      assertEquals(7, runs.size());
      String lines = out.toString(StandardCharsets.UTF_8);
      for (Command w : c.workloads) {
        assertTrue(lines.contains("\"command\":\"" + w + "\""), lines);
      }
      for (YcsbCompare.Run r : runs) {
        assertEquals(0, r.result().errors(), r.json());
        assertTrue(r.json().contains("\"stallSeconds\":"), r.json());
      }
      String table = YcsbCompare.table(runs);
      System.out.println(table);
      assertTrue(table.contains("| workloadF | Basalt |"), table);
      // The sampler read the server's backlog: a header and at least one line.
      List<String> csv = Files.readAllLines(dir.resolve("work/backlog.csv"));
      assertTrue(csv.size() >= 2, csv.toString());
      assertTrue(csv.get(1).contains(",Basalt,"), csv.toString());
    }
  }

  @Test
  void javaClientRunsGoThroughBasaltsJavaClientAfterAWarmUpOnTheWarmUpTable() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir.resolve("basalt"));
    try (Standalone basalt = Standalone.start(conf)) {
      YcsbCompare.Config c = YcsbCompare.parse(new String[] {"--rows", "300", "--duration", "1",
          "--threads", "2", "--presplit", "2", "--warmup-rows", "100", "--java-client",
          "--workloads", "load,workloadA,workloadE", "--work-dir",
          dir.resolve("work").toString()});
      c.externalBasalt = new int[] {basalt.thriftPort(), basalt.infoPort()};
      c.clientWarmupOps = 50;
      List<YcsbCompare.Run> runs = YcsbCompare.run(c, new PrintStream(
          new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertEquals(3, runs.size());
      for (YcsbCompare.Run r : runs) {
        assertEquals(0, r.result().errors(), r.json());
        assertTrue(r.result().client().startsWith("java client "), r.json());
        assertTrue(r.cost().clientCpuTicks() >= 0, r.json()); // this JVM's, from /proc
      }
      assertEquals(300, runs.get(0).result().rowsWritten()); // the load: every row, once
    }
  }

  @Test
  void optionsAreCheckedAndSizesRead() {
    assertEquals(64L << 20, YcsbCompare.bytes("64m"));
    assertEquals(2L << 30, YcsbCompare.bytes("2g"));
    assertThrows(IllegalArgumentException.class,
        () -> YcsbCompare.parse(new String[] {"--systems", "cassandra"}));
    assertThrows(IllegalArgumentException.class,
        () -> YcsbCompare.parse(new String[] {"--rows"}));
    assertEquals(List.of("basalt"),
        YcsbCompare.parse(new String[] {"--systems", "basalt"}).systems);
    assertFalse(YcsbCompare.parse(new String[] {"--rows", "10"}).javaClient);
    YcsbCompare.Config java = YcsbCompare.parse(
        new String[] {"--rows", "10", "--java-client", "--threads", "4"});
    assertTrue(java.javaClient); // a flag: it takes no value, and the next option still reads
    assertEquals(4, java.threads);
    assertTrue(YcsbCompare.parse(new String[] {"--java-client"}).javaClient);
    assertTrue(YcsbCompare.USAGE.contains("--java-client"));
  }
}
