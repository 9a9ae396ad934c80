package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** completebulkload against an in-process standalone Basalt. */
class BulkLoaderTest {
  @TempDir static java.nio.file.Path tmp;
  static Standalone basalt;
  static Connection conn;
  static FileSystem fs;
  static Configuration conf;
  static int dirs;

  @BeforeAll
  static void start() throws Exception {
    basalt = Standalone.start(Standalone.embeddedConfiguration(tmp.resolve("data")));
    conf = new Configuration(false);
    ClientConfig.HOST.set(conf, "localhost");
    ClientConfig.PORT.set(conf, basalt.thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 10L);
    conn = ConnectionFactory.createConnection(conf);
    fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (conn != null) {
      conn.close();
    }
    if (basalt != null) {
      basalt.close();
    }
  }

  private static TableName create(String name, String... splits) throws IOException {
    TableName t = TableName.valueOf(name);
    byte[][] keys = new byte[splits.length][];
    for (int i = 0; i < splits.length; i++) {
      keys[i] = toBytes(splits[i]);
    }
    try (Admin admin = conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f"),
          ColumnFamilyDescriptor.of("g")), keys);
    }
    return t;
  }

  private static Path newDir() {
    return new Path(tmp.resolve("load" + (dirs++)).toUri());
  }

  private static List<String> rows(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(String.format("%s%03d", prefix, i));
    }
    return out;
  }

  private record Run(BulkLoader.Result result, String console) {}

  private static Run load(Path dir, TableName t, boolean ignore) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BulkLoader.Result r = new BulkLoader(conn, conf, new PrintStream(out, true,
        StandardCharsets.UTF_8)).ignoreUnmatchedFamilies(ignore).load(dir, t);
    return new Run(r, out.toString(StandardCharsets.UTF_8));
  }

  private static String value(TableName t, String row, String family) throws IOException {
    try (Table table = conn.getTable(t)) {
      Result r = table.get(new Get(toBytes(row)));
      byte[] v = r.value(toBytes(family), toBytes("q"));
      return v == null ? null : Bytes.toString(v);
    }
  }

  private static int count(TableName t) throws IOException {
    int n = 0;
    try (Table table = conn.getTable(t); ResultScanner s = table.getScanner(new Scan())) {
      for (Result r : s) {
        n++;
      }
    }
    return n;
  }

  /** Every file left under {@code p}, recursively. */
  private static List<String> leftovers(Path p) throws IOException {
    List<String> out = new ArrayList<>();
    if (!fs.exists(p)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(p)) {
      if (s.isDirectory()) {
        out.addAll(leftovers(s.getPath()));
      } else {
        out.add(s.getPath().toString());
      }
    }
    return out;
  }

  private static void assertNoStagingLeft(TableName t) throws IOException {
    Path tableDir = new Path(basalt.rootDir(), "data/default/" + t.qualifier());
    for (String f : leftovers(tableDir)) {
      assertFalse(f.contains("/.bulkload/") || f.contains("/.tmp/"), "left behind: " + f);
    }
  }

  @Test
  void twoFamiliesAcrossThreeRegionsLoadAndTheDirectoryEmpties() throws Exception {
    TableName t = create("two", "h", "p");
    try (Table table = conn.getTable(t)) {
      table.put(new Put(toBytes("a005")).addColumn(toBytes("f"), toBytes("q"), 7,
          toBytes("older")));
    }
    Path dir = newDir();
    SSTables.write(fs, new Path(dir, "f/part-0"), "f", rows("a", 50), "fa-", 7);
    SSTables.write(fs, new Path(dir, "f/part-1"), "f", rows("k", 50), "fk-", 7);
    SSTables.write(fs, new Path(dir, "g/part-0"), "g", rows("a", 50), "ga-", 7);
    SSTables.write(fs, new Path(dir, "g/part-1"), "g", rows("x", 50), "gx-", 7);
    fs.create(new Path(dir, "_SUCCESS")).close();
    Run run = load(dir, t, false);
    assertEquals(3, run.result().regions());
    assertEquals(4, run.result().files());
    assertTrue(run.console().contains("region 3/3"), run.console());
    assertEquals("fa-a005", value(t, "a005", "f"), "the load is newer than the earlier put");
    assertEquals("ga-a049", value(t, "a049", "g"));
    assertEquals("fk-k010", value(t, "k010", "f"));
    assertEquals("gx-x049", value(t, "x049", "g"));
    assertEquals(150, count(t));
    assertEquals(List.of(new Path(dir, "_SUCCESS").toString()),
        leftovers(dir).stream().map(s -> new Path(s).toString()).toList());
    assertNoStagingLeft(t);
  }

  @Test
  void aRegionSplitBetweenTheJobAndTheLoadSplitsTheFiles() throws Exception {
    TableName t = create("splitlater");
    Path dir = newDir();
    SSTables.write(fs, new Path(dir, "f/part-0"), "f", rows("r", 300), "v", 3);
    SSTables.write(fs, new Path(dir, "g/part-0"), "g", rows("r", 50), "w", 3); // fits one
    try (Admin admin = conn.getAdmin()) {
      admin.split(t, toBytes("r100"));
      admin.split(t, toBytes("r200"));
      assertEquals(3, admin.getRegions(t).size());
    }
    ByteArrayOutputStream dry = new ByteArrayOutputStream();
    new BulkLoader(conn, conf, new PrintStream(dry, true, StandardCharsets.UTF_8))
        .printPlan(dir, t);
    String plan = dry.toString(StandardCharsets.UTF_8);
    assertTrue(plan.contains("f/part-0") && plan.contains("needs splitting at 'r100' 'r200'"),
        plan);
    assertTrue(fs.exists(new Path(dir, "f/part-0")), "a dry run changes nothing");
    assertEquals(0, count(t));

    Run run = load(dir, t, false);
    assertEquals(1, run.result().filesSplit());
    assertEquals(3, run.result().regions());
    assertEquals(300, count(t));
    assertEquals("vr150", value(t, "r150", "f"));
    assertEquals("wr049", value(t, "r049", "g"), "the file that fitted is loaded too");
    assertFalse(fs.exists(new Path(dir, "f/_tmp")), "split pieces are gone");
    assertNoStagingLeft(t);
  }

  @Test
  void aRegionRefusesAFileThatNoLongerFitsItAsRetryable() throws Exception {
    TableName t = create("refuse", "m");
    Path dir = newDir();
    Path wide = SSTables.write(fs, new Path(dir, "f/wide"), "f", List.of("a", "z"), "v", 1);
    try (Admin admin = conn.getAdmin()) {
      String first = admin.getRegions(t).get(0).region().encodedName();
      org.basaltdb.client.RegionUnavailableException e = assertThrows(
          org.basaltdb.client.RegionUnavailableException.class,
          () -> admin.bulkLoad(t, first, java.util.Map.of(toBytes("f"),
              List.of(fs.makeQualified(wide).toString()))));
      assertTrue(e.getMessage().contains("does not fit region"), e.getMessage());
    }
    assertTrue(fs.exists(wide), "a refused file stays where it was");
    assertEquals(0, count(t));
  }

  @Test
  void unknownFamiliesAreNamedUnlessIgnored() throws Exception {
    TableName t = create("unknownfam");
    Path dir = newDir();
    SSTables.write(fs, new Path(dir, "f/part-0"), "f", rows("a", 10), "v", 1);
    SSTables.write(fs, new Path(dir, "nope/part-0"), "nope", rows("a", 10), "v", 1);
    SSTables.write(fs, new Path(dir, "other/part-0"), "other", rows("a", 10), "v", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> load(dir, t, false));
    assertTrue(e.getMessage().contains("no families nope, other"), e.getMessage());
    assertTrue(e.getMessage().contains("--ignore-unmatched-families"), e.getMessage());
    assertTrue(fs.exists(new Path(dir, "f/part-0")), "nothing was loaded");
    Run run = load(dir, t, true);
    assertEquals(1, run.result().files());
    assertEquals(10, count(t));
  }

  @Test
  void garbageFilesAreReportedAndSkipped() throws Exception {
    TableName t = create("garbage");
    Path dir = newDir();
    SSTables.write(fs, new Path(dir, "f/part-0"), "f", rows("a", 10), "v", 1);
    try (var out = fs.create(new Path(dir, "f/notes.txt"))) {
      out.write("this is not an sstable".getBytes(StandardCharsets.UTF_8));
    }
    fs.create(new Path(dir, "g/empty")).close();
    Run run = load(dir, t, false);
    assertEquals(1, run.result().files());
    assertEquals(2, run.result().skipped().size(), run.result().skipped().toString());
    assertTrue(run.console().contains("notes.txt (not an SSTable"), run.console());
    assertEquals(10, count(t));
    assertTrue(fs.exists(new Path(dir, "f/notes.txt")), "a skipped file stays");
  }

  @Test
  void theCommandLineToolLoadsAndDryRuns() throws Exception {
    TableName t = create("cli");
    Path dir = newDir();
    SSTables.write(fs, new Path(dir, "g/part-0"), "g", rows("c", 20), "v", 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Configuration c = new Configuration(conf);
    BulkLoadTool tool = new BulkLoadTool(c, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(0, tool.run(new String[] {"--dry-run", dir.toString(), "cli"}));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("dry run"), out.toString());
    assertEquals(0, count(t));
    tool = new BulkLoadTool(new Configuration(conf), new PrintStream(out, true,
        StandardCharsets.UTF_8));
    assertEquals(0, tool.run(new String[] {dir.toString(), "cli"}));
    assertEquals(20, count(t));
    assertEquals(2, tool.run(new String[] {"only-one-arg"}));
    assertEquals(1, tool.run(new String[] {dir.toString() + "-missing", "cli"}));
  }
}
