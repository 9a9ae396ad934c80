package org.basaltdb.compat;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TKeepDeletedCells;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.basaltdb.common.TableName;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: the same seeded random operations ({@link Ops}) sent through
 * THBaseService to Apache HBase 2.6.1 (a mini-cluster behind HBase's own Thrift2 handler, in a
 * child JVM: {@link HBaseChild}) and to Basalt standalone (in this JVM), every answer compared.
 * Flushes and major compactions are interleaved on both sides, so answers come from memstores,
 * from files and from both.
 *
 * <p>On the first difference it prints the seed, the operation and both answers, then shrinks
 * the run (replaying subsets on fresh tables) to a short reproduction, printed as well.
 *
 * <p>Properties: {@code compat.seeds} (how many random seeds; without it the fixed
 * {@link #CI_SEEDS}), {@code compat.ops} (per seed, default 300), {@code compat.seed} (run these
 * seeds only, separated by commas), {@code compat.shrink} (default true), {@code compat.verbose} (print every
 * operation and both answers). The long run, in
 * docs/hbase-compatibility.md: 20 random seeds of 5,000 operations.
 */
class DifferentialTest {
  @TempDir
  static Path dir;

  static HBaseChild hbase;
  static Standalone basalt;
  static Side hbaseSide;
  static Side basaltSide;
  static int tables;
  static long hbaseNanos;
  static long basaltNanos;

  @BeforeAll
  static void start() throws Exception {
    hbase = new HBaseChild(dir);
    Configuration conf = Standalone.embeddedConfiguration(dir.resolve("basalt"));
    // Compactions happen when the test asks, on both sides (the gateway sets HBase alike): a
    // compaction of every file drops delete markers, so one started by either server on its
    // own would change later answers.
    conf.setInt("compaction.min.files", 100_000);
    conf.setInt("compaction.max.files", 100_000);
    conf.set("compaction.major.period", "0");
    basalt = Standalone.start(conf);
    hbaseSide = new Side("hbase", hbase.thriftPort, hbase.thrift1Port) {
      @Override
      void flush(String table) throws Exception {
        hbase.command("flush " + table);
      }

      @Override
      void compact(String table) throws Exception {
        hbase.command("compact " + table);
      }
    };
    basaltSide = new Side("basalt", basalt.thriftPort(), basalt.thrift1Port()) {
      @Override
      void flush(String table) throws Exception {
        for (Region r : basalt.regionServer().regions(TableName.valueOf(table))) {
          r.flush();
        }
      }

      @Override
      void compact(String table) throws Exception {
        for (Region r : basalt.regionServer().regions(TableName.valueOf(table))) {
          r.majorCompact(s -> s.files().size() < HBASE_MAX_FILES_TO_COMPACT);
        }
      }
    };
  }

  @AfterAll
  static void stop() throws Exception {
    if (hbaseSide != null) {
      hbaseSide.close();
    }
    if (basaltSide != null) {
      basaltSide.close();
    }
    if (basalt != null) {
      basalt.close();
    }
    if (hbase != null) {
      hbase.close();
    }
  }

  /**
   * What the gateway's {@code compact} does to a store with this many files or more: nothing.
   * It calls {@code HRegion.compact(true)}, which asks each store for a compaction at system
   * priority, not a user's; HBase then runs a major compaction only over fewer than
   * {@code hbase.hstore.compaction.max} (10) files and otherwise falls back to a minor
   * selection, which the gateway's {@code hbase.hstore.compactionThreshold} (1000) leaves
   * empty. A user's major compaction (Admin, shell) compacts every file, as Basalt's
   * {@link Region#compact} does; so Basalt's side here asks each store for what HBase's side is
   * asked: a major compaction of its files when there are fewer than ten.
   */
  private static final int HBASE_MAX_FILES_TO_COMPACT = 10;

  /** Tables kept before the oldest is dropped: a long run (and shrinking) makes hundreds. */
  private static final int LIVE_TABLES = 6;

  /**
   * The same fresh table on both sides: four families with different version rules. Family t
   * has a TTL of a day and MIN_VERSIONS 2: every explicit timestamp (1..12 ms after the epoch)
   * is long expired on both sides whatever their clocks, so only MIN_VERSIONS keeps them.
   */
  private static String newTable() throws Exception {
    String name = "d" + (++tables);
    for (Side s : List.of(hbaseSide, basaltSide)) {
      TTableDescriptor d = new TTableDescriptor(table(name));
      d.addToColumns(new TColumnFamilyDescriptor(Ops.bb("f")).setMaxVersions(3));
      d.addToColumns(new TColumnFamilyDescriptor(Ops.bb("g")).setMaxVersions(1)
          .setKeepDeletedCells(TKeepDeletedCells.TRUE));
      d.addToColumns(new TColumnFamilyDescriptor(Ops.bb("h")).setMaxVersions(5));
      d.addToColumns(new TColumnFamilyDescriptor(Ops.bb("t")).setMaxVersions(4)
          .setMinVersions(2).setTimeToLive(86_400));
      s.client.createTable(d, List.of(Ops.bb("r5")));
    }
    if (tables > LIVE_TABLES) {
      TTableName old = table("d" + (tables - LIVE_TABLES));
      for (Side s : List.of(hbaseSide, basaltSide)) {
        s.client.disableTable(old);
        s.client.deleteTable(old);
      }
    }
    return name;
  }

  private static TTableName table(String name) {
    return new TTableName(Ops.bb(name)).setNs(Ops.bb("default"));
  }

  /** A difference: where, and what each side answered. */
  record Difference(int index, Side.Answer hbase, Side.Answer basalt) {}

  /** Runs {@code ops} on a fresh table; the first difference, or null. */
  private static Difference run(List<Ops.Op> ops, TableRef table) throws Exception {
    table.set(newTable());
    for (int i = 0; i < ops.size(); i++) {
      Ops.Op op = ops.get(i);
      long t0 = System.nanoTime();
      Side.Answer h = hbaseSide.run(op.call());
      if (op.write()) {
        awaitNextMillisecond();
      }
      long t1 = System.nanoTime();
      Side.Answer b = basaltSide.run(op.call());
      if (op.write()) {
        awaitNextMillisecond();
      }
      hbaseNanos += t1 - t0;
      basaltNanos += System.nanoTime() - t1;
      if (Boolean.getBoolean("compat.verbose")) {
        System.out.println(op + "\n  hbase:  " + h + "\n  basalt: " + b);
      }
      if (!h.text().equals(b.text())) {
        return new Difference(i, h, b);
      }
    }
    return null;
  }

  /**
   * Waits until the wall clock has left the millisecond it is in. Both servers stamp writes
   * without a timestamp from this host's clock, so after a write returns, the next write on that
   * side is stamped later: a delete marker stamped "now" and an increment in the same millisecond
   * (which the marker masks, on one side and not the other) is a race of the test, not a
   * difference in semantics. Busy-waits at most a millisecond.
   */
  private static void awaitNextMillisecond() {
    long now = System.currentTimeMillis();
    while (System.currentTimeMillis() <= now) {
      Thread.onSpinWait();
    }
  }

  /**
   * The reduced reproductions of differences found and fixed ({@link Cases}), each on a fresh
   * table, every answer compared; all of them are reported, not just the first.
   */
  @Test
  void reducedReproductionsAnswerAsHBaseDoes() throws Exception {
    TableRef table = new TableRef();
    List<String> failures = new ArrayList<>();
    for (Cases.Case c : new Cases(table).all()) {
      Difference d = run(c.ops(), table);
      if (d != null) {
        failures.add(c.name() + ": operation " + d.index + ": " + c.ops().get(d.index)
            + "\n  hbase:  " + d.hbase + "\n  basalt: " + d.basalt);
      }
    }
    if (!failures.isEmpty()) {
      fail("Basalt and HBase 2.6.1 answered differently:\n" + String.join("\n", failures));
    }
  }

  /** Seeds run by default; each passed {@code compat.ops} (300) operations when added. */
  static final List<Long> CI_SEEDS =
      List.of(5890330397730401584L, 2194729976260829901L, 1259779138157267732L);

  @Test
  void basaltAnswersAsHBaseDoes() throws Exception {
    int opsPerSeed = Integer.getInteger("compat.ops", 300);
    List<Long> seeds = new ArrayList<>();
    if (System.getProperty("compat.seed") != null) {
      for (String seed : System.getProperty("compat.seed").split(",")) {
        seeds.add(Long.parseLong(seed.trim()));
      }
    } else if (System.getProperty("compat.seeds") == null) {
      // mvn test's budget: seeds that pass today, so that the suite guards what is fixed.
      // Random seeds (-Dcompat.seeds=N) still find the differences listed as remaining in
      // docs/hbase-compatibility.md.
      seeds.addAll(CI_SEEDS);
    } else {
      java.util.Random r = new java.util.Random();
      for (int i = Integer.getInteger("compat.seeds", 3); i > 0; i--) {
        seeds.add(r.nextLong() & Long.MAX_VALUE);
      }
    }
    List<String> failures = new ArrayList<>();
    for (long seed : seeds) {
      long t0 = System.nanoTime();
      TableRef table = new TableRef();
      Ops gen = new Ops(seed, true);
      List<Ops.Op> ops = new ArrayList<>();
      for (int i = 0; i < opsPerSeed; i++) {
        ops.add(gen.next(table));
      }
      hbaseNanos = 0;
      basaltNanos = 0;
      Difference d = run(ops, table);
      System.out.printf("DifferentialTest seed %d: %d operations, %s (%.1f s: HBase %.1f s, "
          + "Basalt %.1f s)%n", seed, d == null ? ops.size() : d.index + 1,
          d == null ? "no difference" : "DIFFERENCE", (System.nanoTime() - t0) / 1e9,
          hbaseNanos / 1e9, basaltNanos / 1e9);
      if (d == null) {
        continue;
      }
      StringBuilder report = new StringBuilder();
      report.append("seed ").append(seed).append(", operation ").append(d.index).append(": ")
          .append(ops.get(d.index)).append("\n  hbase:  ").append(d.hbase)
          .append("\n  basalt: ").append(d.basalt);
      if (!"false".equals(System.getProperty("compat.shrink"))) {
        System.out.println(report + "\n  (shrinking...)"); // shrinking can take minutes
        report.append("\n  shrunk to:").append(shrink(ops.subList(0, d.index + 1), table));
      }
      report.append("\n  replay: -Dcompat.seed=").append(seed).append(" -Dcompat.ops=")
          .append(opsPerSeed);
      System.out.println(report);
      failures.add(report.toString());
    }
    if (!failures.isEmpty()) {
      fail("Basalt and HBase 2.6.1 answered differently:\n" + String.join("\n", failures));
    }
  }

  /**
   * Removes operations (in halves, then quarters, ... down to single operations) while the
   * rest still ends in a difference at its last operation; returns the short reproduction.
   */
  private static String shrink(List<Ops.Op> failing, TableRef table) throws Exception {
    List<Ops.Op> ops = new ArrayList<>(failing);
    int replays = 0;
    int budget = Integer.getInteger("compat.shrink.replays", 150);
    // Whole classes first: the reads before the last operation change nothing, and writes to
    // other rows rarely matter to a read of one row.
    Ops.Op last = ops.get(ops.size() - 1);
    List<List<Ops.Op>> classes = new ArrayList<>();
    List<Ops.Op> writes = new ArrayList<>();
    List<Ops.Op> sameRow = new ArrayList<>();
    for (Ops.Op op : ops.subList(0, ops.size() - 1)) {
      if (op.write()) {
        writes.add(op);
        if (last.row() != null && (op.row() == null || op.row().equals(last.row()))) {
          sameRow.add(op);
        }
      }
    }
    writes.add(last);
    sameRow.add(last);
    classes.add(writes);
    if (last.row() != null) {
      classes.add(sameRow);
    }
    for (List<Ops.Op> candidate : classes) {
      if (candidate.size() < ops.size()) {
        replays++;
        Difference d = run(candidate, table);
        if (d != null && d.index == candidate.size() - 1) {
          ops = candidate;
        }
      }
    }
    for (int chunk = Math.max(1, (ops.size() - 1) / 2); chunk >= 1 && replays < budget;
        chunk = chunk == 1 ? 0 : Math.max(1, chunk / 2)) {
      int i = 0;
      while (i < ops.size() - 1 && replays < budget) {
        int end = Math.min(i + chunk, ops.size() - 1);
        List<Ops.Op> candidate = new ArrayList<>(ops.subList(0, i));
        candidate.addAll(ops.subList(end, ops.size()));
        replays++;
        Difference d = run(candidate, table);
        if (d != null && d.index == candidate.size() - 1) {
          ops = candidate;
        } else {
          i = end;
        }
      }
    }
    Difference d = run(ops, table);
    StringBuilder b = new StringBuilder();
    for (Ops.Op op : ops) {
      b.append("\n    ").append(op);
    }
    if (d != null) {
      b.append("\n    -> hbase:  ").append(d.hbase).append("\n    -> basalt: ").append(d.basalt);
    }
    b.append("\n    (").append(replays).append(" replays)");
    return b.toString();
  }
}
