package org.basaltdb.mapreduce.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rowcounter} and {@code copytable} end to end through {@link Tools}, as bin/basalt runs
 * them: Hadoop generic options, the local job runner, a real standalone server.
 */
class ToolsTest {
  @TempDir
  static Path dir;

  static TestCluster cluster;
  static final TableName SRC = TableName.valueOf("src");
  static final int ROWS = 600;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.createTable(SRC, 6, ROWS, "f", "g");
    cluster.load(SRC, ROWS, "f", 2);
    cluster.load(SRC, ROWS / 2, "g", 1); // rows 0..299 also have g:q0
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  record Run(int status, String out, String err) {}

  /** Runs a tool with the client port given as a generic option, as a user would. */
  static Run run(String... args) throws Exception {
    Configuration conf = cluster.localRunnerConf();
    List<String> all = new ArrayList<>(List.of(args[0], "-D",
        "basalt.client.thrift.port=" + cluster.basalt.thriftPort(), "-D",
        "basalt.client.admin.port=" + cluster.basalt.adminPort()));
    all.addAll(List.of(args).subList(1, args.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    // Tools.COMMANDS is shared by every test in this JVM: put the real tools back afterwards.
    Map<String, Supplier<Tool>> saved = new LinkedHashMap<>(Tools.COMMANDS);
    int status;
    try {
      Tools.COMMANDS.put("rowcounter", () -> new RowCounter(o));
      Tools.COMMANDS.put("copytable", () -> new CopyTable(o));
      status = Tools.run(conf, all.toArray(new String[0]),
          new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      Tools.COMMANDS.putAll(saved);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rowCounterCountsEveryRow() throws Exception {
    Run r = run("rowcounter", SRC.toString());
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("ROWS=" + ROWS), r.out());
    assertTrue(r.out().contains("map 100%"), r.out());
    assertTrue(r.out().contains("rows so far"), r.out());
  }

  /**
   * Hadoop's generic -conf FILE names the cluster as well as -D does, and its client keys win
   * over a site file's server keys.
   */
  @Test
  void rowCounterTakesAConfigurationFile() throws Exception {
    Path site = dir.resolve("site.xml");
    Files.writeString(site, "<configuration><property><name>basalt.client.thrift.port</name><value>"
        + cluster.basalt.thriftPort() + "</value></property></configuration>");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    Path basaltSite = dir.resolve("basalt-site.xml");
    Files.writeString(basaltSite, "<configuration><property><name>thrift.port</name>"
        + "<value>1</value></property></configuration>");
    Configuration conf = cluster.localRunnerConf();
    conf.addResource(new org.apache.hadoop.fs.Path(basaltSite.toString()));
    int status = Tools.runTool(conf, new RowCounter(o), "rowcounter",
        new String[] {"-conf", site.toString(), SRC.toString(), "--range=,row00100"}, o);
    assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("ROWS=100"));
  }

  @Test
  void rowCounterWithRangeAndColumns() throws Exception {
    Run r = run("rowcounter", SRC.toString(), "--range", "row00100,row00400", "g:q0");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("ROWS=200"), r.out()); // rows 100..299 have g:q0
    r = run("rowcounter", SRC.toString(), "--range=row00590,", "f",
        "--expectedCount=10");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("ROWS=10"), r.out());
  }

  @Test
  void rowCounterBadInput() throws Exception {
    Run r = run("rowcounter", "nosuch");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("input table nosuch does not exist"), r.err());
    r = run("rowcounter", SRC.toString(), "zz");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("column family 'zz'"), r.err());
    r = run("rowcounter", SRC.toString(), "--range", "a");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--range needs START,STOP"), r.err());
    r = run("rowcounter");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("no table given"), r.err());
  }

  @Test
  void copyTableCopiesRowsWithTimestamps() throws Exception {
    TableName dst = TableName.valueOf("dst");
    try (Admin admin = cluster.conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(dst, ColumnFamilyDescriptor.of("f"),
          ColumnFamilyDescriptor.of("g")), new byte[][] {TestCluster.row(333)});
    }
    Run r = run("copytable", "--new-name=" + dst, SRC.toString());
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("ROWS_COPIED=" + ROWS), r.out());
    try (Table s = cluster.conn.getTable(SRC); Table d = cluster.conn.getTable(dst);
        ResultScanner a = s.getScanner(new Scan().readAllVersions());
        ResultScanner b = d.getScanner(new Scan().readAllVersions())) {
      int n = 0;
      for (Result x; (x = a.next()) != null; n++) {
        Result y = b.next();
        assertEquals(x.cells().size(), y.cells().size());
        for (int i = 0; i < x.cells().size(); i++) {
          assertArrayEquals(x.cells().get(i).value(), y.cells().get(i).value());
          assertEquals(x.cells().get(i).timestamp(), y.cells().get(i).timestamp());
        }
      }
      assertEquals(ROWS, n);
      assertNull(b.next());
    }
  }

  @Test
  void copyTableRangeAndFamilyRename() throws Exception {
    TableName dst = TableName.valueOf("renamed");
    try (Admin admin = cluster.conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(dst, ColumnFamilyDescriptor.of("h")));
    }
    Run r = run("copytable", "--start-row=row00050", "--stop-row=row00150",
        "--families=g:h", "--new.name=" + dst, SRC.toString());
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("ROWS_COPIED=100"), r.out());
    try (Table d = cluster.conn.getTable(dst)) {
      Result x = d.get(new Get(TestCluster.row(60)));
      assertArrayEquals(Bytes.toBytes("v-60-0"), x.value(Bytes.toBytes("h"), Bytes.toBytes("q0")));
      assertTrue(d.get(new Get(TestCluster.row(150))).isEmpty());
    }
  }

  @Test
  void copyTableBadInput() throws Exception {
    Run r = run("copytable", "--new-name=absent", SRC.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("target table absent does not exist"), r.err());
    r = run("copytable", SRC.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--new-name"), r.err());
    r = run("copytable", "--new-name=" + SRC, "--families=nope", SRC.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("'nope'"), r.err());
  }
}
