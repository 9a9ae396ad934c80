package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.TestCluster;
import org.basaltdb.mapreduce.tools.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** importtsv on the local job runner against an in-process standalone, then completebulkload. */
class ImportTsvTest {
  @TempDir static java.nio.file.Path tmp;
  static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(tmp);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Run(int status, String out) {}

  private static Run run(String tool, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    org.apache.hadoop.util.Tool t = tool.equals("importtsv") ? new ImportTsv(ps)
        : new BulkLoadTool(null, ps);
    int status = Tools.runTool(cluster.jobConf(), t, tool, args, ps);
    return new Run(status, out.toString(StandardCharsets.UTF_8));
  }

  private static void create(String name, String... splits) throws Exception {
    byte[][] keys = new byte[splits.length][];
    for (int i = 0; i < splits.length; i++) {
      keys[i] = toBytes(splits[i]);
    }
    try (Admin admin = cluster.conn.getAdmin()) {
      admin.createTable(TableDescriptor.of(TableName.valueOf(name),
          ColumnFamilyDescriptor.of("f"), ColumnFamilyDescriptor.of("g")), keys);
    }
  }

  /** 300 good lines (row, f:a, g:b) and three bad ones; returns the file. */
  private static java.nio.file.Path tsv(String name) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(String.format("row%03d\ta-%d\tb-%d", (i * 7) % 300, i, i));
      if (i == 100) {
        lines.add("row999\ttoo\tmany\tfields");
      }
      if (i == 200) {
        lines.add("\tempty-row-key\tx");
        lines.add("row998"); // no f:a or g:b: a row without cells, not a bad line
      }
    }
    lines.add("row997\tlast\tline\textra");
    java.nio.file.Path p = tmp.resolve(name);
    Files.write(p, lines);
    return p;
  }

  private static List<String> dump(String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Table t = cluster.conn.getTable(TableName.valueOf(table));
        ResultScanner s = t.getScanner(new Scan())) {
      for (Result r : s) {
        for (Cell c : r.cells()) {
          out.add(Bytes.toString(c.row()) + "/" + Bytes.toString(c.family()) + ":"
              + Bytes.toString(c.qualifier()) + "/" + c.timestamp() + "="
              + Bytes.toString(c.value()));
        }
      }
    }
    return out;
  }

  /**
   * Each way of sorting the bulk output: the mappers ({@code true}; {@code runs}: with a buffer
   * so small that each mapper writes many sorted runs, which the reducers merge; {@code direct}:
   * as many runs, each written as SSTables by its mapper, {@code map.side.merge=false};
   * {@code load}: and importtsv loads the output itself, {@code basalt.importtsv.bulk.load}) or
   * the reducers ({@code false}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "runs", "direct", "load"})
  void bulkOutputThenCompleteBulkLoadGivesTheSameTableAsDirectPuts(String mode) throws Exception {
    java.nio.file.Path input = tsv("in-" + mode + ".tsv");
    String bulkTable = "bulk_" + mode;
    String directTable = "direct_" + mode;
    create(bulkTable, "row100", "row200");
    create(directTable, "row150");
    java.nio.file.Path outDir = tmp.resolve("sstables-" + mode);
    String out = outDir.toUri().toString();
    List<String> args = new ArrayList<>(List.of("-Dimporttsv.columns=HBASE_ROW_KEY,f:a,g:b",
        "-Dimporttsv.timestamp=12345", "-Dimporttsv.bulk.output=" + out));
    args.add("-Dbasalt.importtsv.map.side.sort=" + (mode.equals("false") ? "false" : "true"));
    if (mode.equals("direct")) {
      args.add("-Dbasalt.importtsv.map.side.merge=false");
    }
    if (mode.equals("runs") || mode.equals("direct")) { // about 25 lines per run, three splits
      args.add("-Dbasalt.importtsv.map.sort.buffer=1024");
      args.add("-Dmapreduce.input.fileinputformat.split.maxsize=2000");
    }
    boolean loadToo = mode.equals("load");
    if (loadToo) {
      args.add("-Dbasalt.importtsv.bulk.load=true");
    }
    args.addAll(List.of(bulkTable, input.toString()));
    Run bulk = run("importtsv", args.toArray(new String[0]));
    assertEquals(0, bulk.status(), bulk.out());
    assertTrue(bulk.out().contains("Bad Lines=3"), bulk.out());
    if (loadToo) {
      assertTrue(bulk.out().contains("into 3 region(s)"), bulk.out());
    } else {
      assertTrue(bulk.out().contains("completebulkload " + out), bulk.out());
      assertEquals(List.of(), dump(bulkTable), "nothing is in the table before the load");
      checkFilesAndLoad(mode, outDir, out, bulkTable);
    }

    Run direct = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:a,g:b",
        "-Dimporttsv.timestamp=12345", directTable, input.toString());
    assertEquals(0, direct.status(), direct.out());
    assertTrue(direct.out().contains("Bad Lines=3"), direct.out());

    List<String> cells = dump(bulkTable);
    assertEquals(600, cells.size());
    assertEquals(dump(directTable), cells);
    try (Table t = cluster.conn.getTable(TableName.valueOf(bulkTable))) {
      Result r = t.get(new Get(toBytes("row007")));
      assertEquals("a-1", Bytes.toString(r.value(toBytes("f"), toBytes("a"))));
      assertEquals(12345L, r.latest(toBytes("g"), toBytes("b")).timestamp());
    }
    // Nothing left but the job's marker: the family directories are empty (no .crc files
    // beside the SSTables either, which the load would leave behind), no _tmp, no staging.
    List<String> left = new ArrayList<>();
    try (var w = Files.walk(outDir)) {
      w.filter(Files::isRegularFile).forEach(p -> left.add(outDir.relativize(p).toString()));
    }
    left.remove("._SUCCESS.crc");
    assertEquals(List.of("_SUCCESS"), left);
    try (var w = Files.walk(tmp.resolve("data/data/default/" + bulkTable))) {
      assertFalse(w.anyMatch(p -> p.toString().contains(".bulkload")
          || p.toString().contains("/.tmp/") && Files.isRegularFile(p)));
    }
  }

  /** Checks the files importtsv wrote, then loads them with completebulkload. */
  private static void checkFilesAndLoad(String mode, java.nio.file.Path outDir, String out,
      String bulkTable) throws Exception {
    int files;
    try (var w = Files.walk(outDir)) {
      files = (int) w.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString()
          .startsWith(".") && !p.getFileName().toString().startsWith("_")).count();
    }
    // The reducers write one file per family and region, whether they sort or merge the mappers'
    // runs; mappers that write SSTables themselves as many per sorted run, each within one
    // region, so no file needs splitting at the load.
    if (!mode.equals("direct")) {
      assertEquals(6, files);
    } else {
      assertTrue(files > 30, "files: " + files);
      LoadPlan plan = new BulkLoader(cluster.conn, cluster.jobConf(), System.out)
          .plan(new org.apache.hadoop.fs.Path(out), TableName.valueOf(bulkTable));
      assertEquals(List.of(), plan.splits());
    }

    Run load = run("completebulkload", out, bulkTable);
    assertEquals(0, load.status(), load.out());
    assertTrue(load.out().contains("into 3 region(s)"), load.out());
  }

  @Test
  void timestampsFromTheLineAndBadLinesThatFailTheJob() throws Exception {
    create("tskey");
    java.nio.file.Path good = tmp.resolve("ts.tsv");
    Files.write(good, List.of("k1,v1,100", "k2,v2,200"));
    Run ok = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:c,HBASE_TS_KEY",
        "-Dimporttsv.separator=,", "-Dimporttsv.bulk.output="
            + tmp.resolve("ts-out").toUri(), "tskey", good.toString());
    assertEquals(0, ok.status(), ok.out());
    assertEquals(0, run("completebulkload", tmp.resolve("ts-out").toUri().toString(), "tskey")
        .status());
    assertEquals(List.of("k1/f:c/100=v1", "k2/f:c/200=v2"), dump("tskey"));

    java.nio.file.Path bad = tmp.resolve("bad.tsv");
    // 12-byte lines and 16-byte splits: the bad third line (offset 24) is in the second split,
    // and its number is still exact.
    Files.write(bad, List.of("k1,aaaa,100", "k2,bbbb,200", "k4,v4,notanumber", "k5,v5,500"));
    Run fail = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:c,HBASE_TS_KEY",
        "-Dimporttsv.separator=,", "-Dimporttsv.skip.bad.lines=false",
        "-Dmapreduce.input.fileinputformat.split.maxsize=16", "tskey", bad.toString());
    assertEquals(1, fail.status(), fail.out());
    assertTrue(fail.out().contains("bad.tsv:3") && fail.out().contains("invalid timestamp"),
        fail.out());
  }

  @Test
  void wrongOptionsAreRefusedBeforeAnythingRuns() throws Exception {
    create("opts");
    java.nio.file.Path in = tmp.resolve("opts.tsv");
    Files.write(in, List.of("r1\tx"));
    Run noRow = run("importtsv", "-Dimporttsv.columns=f:a,f:b", "opts", in.toString());
    assertEquals(2, noRow.status());
    assertTrue(noRow.out().contains("HBASE_ROW_KEY"), noRow.out());
    Run twoRows = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,HBASE_ROW_KEY", "opts",
        in.toString());
    assertTrue(twoRows.out().contains("twice"), twoRows.out());
    Run unknown = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,nope:a", "opts",
        in.toString());
    assertEquals(2, unknown.status());
    assertTrue(unknown.out().contains("nope"), unknown.out());
    Run missing = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:a", "nosuch",
        in.toString());
    assertTrue(missing.out().contains("create.table=yes"), missing.out());

    Run dry = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:a",
        "-Dimporttsv.dry.run=true", "opts", in.toString());
    assertEquals(0, dry.status(), dry.out());
    assertTrue(dry.out().contains("Lines=1 Bad Lines=0"), dry.out());
    assertEquals(List.of(), dump("opts"), "a dry run writes nothing");

    Run created = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,h:a",
        "-Dcreate.table=yes", "fresh", in.toString());
    assertEquals(0, created.status(), created.out());
    assertEquals(1, dump("fresh").size());

    // With bulk output a missing table is created unless -Dcreate.table=no, as in HBase.
    Run bulkNo = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,h:a", "-Dcreate.table=no",
        "-Dimporttsv.bulk.output=" + tmp.resolve("fresh2-out").toUri(), "fresh2", in.toString());
    assertEquals(2, bulkNo.status(), bulkNo.out());
    Run bulkYes = run("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,h:a",
        "-Dimporttsv.bulk.output=" + tmp.resolve("fresh2-out").toUri(), "fresh2", in.toString());
    assertEquals(0, bulkYes.status(), bulkYes.out());
    assertTrue(bulkYes.out().contains("created table fresh2"), bulkYes.out());
  }
}
