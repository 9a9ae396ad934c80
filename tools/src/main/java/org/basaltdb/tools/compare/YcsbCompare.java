package org.basaltdb.tools.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.basaltdb.tools.JavaPeClient;
import org.basaltdb.tools.PerformanceEvaluation;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Result;
import org.basaltdb.tools.ThriftPeClient;

/**
 * YCSB load and workloads A–F through the Thrift2 port (or, with {@code --java-client}, each
 * system's own Java client) against Basalt standalone and Apache HBase 2.6.1 in one run, with
 * equal heap, flush size and block cache, on a data set larger than the flush size and the
 * cache (so reads come from SSTables). For each run: throughput,
 * p50/p99/p99.9, stalls (whole seconds with no completed operation, and the longest gap), and the
 * servers' compaction backlog sampled once a second. {@code bin/bench-ycsb} builds and runs it;
 * docs/performance.md has the procedure and figures.
 *
 * <p>Order: each server gets the same short warm-up on its own table; then each workload runs on
 * both servers, the first server alternating from one workload to the next. Before a server's
 * run the harness waits until the other servers have settled (their processes nearly idle, at
 * most {@code --settle} seconds), so that no run is measured while the other server finishes
 * its flushes and compactions on the same cores; a server's own background work, left from its
 * previous run, still counts in its next one.
 */
public final class YcsbCompare {

  /** What to run, and with which settings. */
  public static final class Config {
    public long rows = 400_000;
    public double durationSeconds = 60;
    public int threads = 8;
    public int presplit = 8;
    public String heap = "2g";
    public long flushSize = 16L << 20;
    public long blockCache = 64L << 20;
    public long warmupRows = 5_000;
    public long clientWarmupOps = 10_000;
    public double waitIdlePercent = 0;
    /** Longest wait, before a run, for the other servers to settle; 0: no wait. */
    public double settleSeconds = 300;
    public List<String> systems = new ArrayList<>(List.of("hbase", "basalt"));
    public List<Command> workloads = new ArrayList<>(List.of(Command.load, Command.workloadA,
        Command.workloadB, Command.workloadC, Command.workloadD, Command.workloadE,
        Command.workloadF));
    public Path home = Path.of(".");
    public Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "ycsb-compare");
    /** Use a Basalt server already running instead of starting one (tests): thrift,info. */
    public int[] externalBasalt;
    public String table = "usertable";
    /**
     * Each system through its own Java client instead of raw Thrift2 calls: Basalt's (module
     * client, in this JVM) and HBase's native one (in a child JVM on HBase's class path).
     */
    public boolean javaClient;
  }

  /**
   * One measured run of one workload on one server; {@code cost}: what the server process wrote
   * to storage and its GC pauses during the run ({@link ProcessCost#UNKNOWN} for a server this
   * harness did not start).
   */
  public record Run(Command workload, String server, Result result, String backlog,
      String backlogJson, ProcessCost cost, double settledSeconds) {
    String json() {
      String r = result.json();
      return "{\"server\":\"" + server + "\"," + backlogJson + "," + cost.json()
          + String.format(Locale.ROOT, ",\"othersSettledSeconds\":%.1f,", settledSeconds)
          + r.substring(1);
    }
  }

  public static void main(String[] args) throws Exception {
    Config c;
    try {
      c = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-ycsb: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (c == null) {
      System.out.println(USAGE);
      return;
    }
    List<Run> runs = run(c, System.out);
    System.out.println();
    System.out.print(table(runs));
    System.out.print(diskTotals(runs));
    System.exit(runs.stream().anyMatch(r -> r.result().errors() > 0) ? 1 : 0);
  }

  static final String USAGE = """
      usage: bench-ycsb [options]
        --rows N            rows loaded (default 400000; the full size is 2000000)
        --duration S        seconds per workload A..F (default 60); the load writes every row
        --threads N         client threads, one connection each (default 8)
        --presplit N        regions of the table (default 8)
        --heap SIZE         -Xms/-Xmx of each server JVM (default 2g)
        --flush-size BYTES  memstore flush size of both (default 16m)
        --block-cache BYTES block cache of both (default 64m)
        --warmup-rows N     rows of each server's warm-up table (default 5000; 0: none)
        --wait-idle PCT     before each run, wait until the machine is below PCT% busy (pe's)
        --settle S          before each run, wait at most S seconds (default 300; 0: not at all)
                            until the other servers use under 10% of a core (their flushes
                            and compactions done)
        --systems LIST      hbase,basalt (default), or one of them
        --java-client       each system through its own Java client, not raw Thrift2 calls:
                            Basalt's client (this JVM) and HBase's native client (a child JVM
                            on HBase's class path, finding the cluster through ZooKeeper); the
                            client warm-up then runs against each server's warm-up table
        --workloads LIST    default load,workloadA,workloadB,workloadC,workloadD,workloadE,workloadF
        --home DIR          the repository (default .)
        --work-dir DIR      where servers keep data and logs (default $TMPDIR/ycsb-compare; emptied)
      """;

  static long bytes(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long mul = 1;
    if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g")) {
      mul = switch (s.charAt(s.length() - 1)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        default -> 1L << 30;
      };
      s = s.substring(0, s.length() - 1);
    }
    try {
      return Long.parseLong(s) * mul;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: " + v);
    }
  }

  /** Parses the command line; null for --help. */
  public static Config parse(String[] args) {
    Config c = new Config();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      if (a.equals("--java-client")) {
        c.javaClient = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--rows" -> c.rows = Long.parseLong(v);
          case "--duration" -> c.durationSeconds = Double.parseDouble(v);
          case "--threads" -> c.threads = Integer.parseInt(v);
          case "--presplit" -> c.presplit = Integer.parseInt(v);
          case "--heap" -> c.heap = v;
          case "--flush-size" -> c.flushSize = bytes(v);
          case "--block-cache" -> c.blockCache = bytes(v);
          case "--warmup-rows" -> c.warmupRows = Long.parseLong(v);
          case "--wait-idle" -> c.waitIdlePercent = Double.parseDouble(v);
          case "--settle" -> c.settleSeconds = Double.parseDouble(v);
          case "--systems" -> c.systems = List.of(v.split(","));
          case "--workloads" -> {
            c.workloads = new ArrayList<>();
            for (String w : v.split(",")) {
              c.workloads.add(Command.valueOf(w));
            }
          }
          case "--home" -> c.home = Path.of(v);
          case "--work-dir" -> c.workDir = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(a + ": not a number: " + v);
      }
    }
    for (String s : c.systems) {
      if (!s.equals("hbase") && !s.equals("basalt")) {
        throw new IllegalArgumentException("--systems takes hbase and basalt, not " + s);
      }
    }
    if (c.rows <= 0 || c.threads <= 0 || c.durationSeconds <= 0) {
      throw new IllegalArgumentException("--rows, --threads and --duration must be positive");
    }
    return c;
  }

  /** Starts the servers, runs everything, stops them; prints a JSON line per run to {@code out}. */
  public static List<Run> run(Config c, PrintStream out) throws Exception {
    List<ServerUnderTest> servers = new ArrayList<>();
    Map<ServerUnderTest, PeDriver> drivers = new LinkedHashMap<>();
    try {
      if (c.externalBasalt != null) {
        servers.add(ServerUnderTest.external("Basalt", c.externalBasalt[0], c.externalBasalt[1]));
      } else {
        deleteRecursively(c.workDir);
        for (String s : c.systems) {
          Path dir = c.workDir.resolve(s);
          long t0 = System.nanoTime();
          servers.add(s.equals("hbase")
              ? ServerUnderTest.hbase(c.home, dir, c.heap, c.flushSize, c.blockCache)
              : ServerUnderTest.basalt(c.home, dir, c.heap, c.flushSize, c.blockCache));
          System.err.printf(Locale.ROOT, "bench-ycsb: %s up in %.1f s on Thrift port %d%n", s,
              (System.nanoTime() - t0) / 1e9, servers.get(servers.size() - 1).thriftPort);
        }
      }
      for (ServerUnderTest s : servers) {
        drivers.put(s, driver(c, s));
      }
      return measure(c, servers, drivers, out);
    } finally {
      for (PeDriver d : drivers.values()) {
        d.close();
      }
      for (ServerUnderTest s : servers) {
        s.close();
      }
    }
  }

  /** How runs reach {@code s}: raw Thrift2 calls, or its own Java client (--java-client). */
  private static PeDriver driver(Config c, ServerUnderTest s) throws IOException {
    if (!c.javaClient) {
      return PeDriver.inProcess(
          () -> new ThriftPeClient.Factory("127.0.0.1", s.thriftPort, false, false, 60_000));
    }
    if (s.zkPort() < 0) { // Basalt: its Java client finds the regions through any server
      return PeDriver.inProcess(
          () -> new JavaPeClient.Factory("127.0.0.1", s.thriftPort, false, false, 60_000));
    }
    long t0 = System.nanoTime();
    PeDriver d = PeDriver.hbaseNative(c.home, CLIENT_HEAP, s.zkPort(),
        c.workDir.resolve("hbase-client"), c.workDir.resolve("hbase-client.log"));
    System.err.printf(Locale.ROOT, "bench-ycsb: %s's native client up in %.1f s (ZooKeeper port"
        + " %d)%n", s.name, (System.nanoTime() - t0) / 1e9, s.zkPort());
    return d;
  }

  /** The heap of HBase's client JVM: bin/bench-ycsb gives this JVM (Basalt's client) the same. */
  private static final String CLIENT_HEAP = "1g";

  private static List<Run> measure(Config c, List<ServerUnderTest> servers,
      Map<ServerUnderTest, PeDriver> drivers, PrintStream out) throws Exception {
    Files.createDirectories(c.workDir);
    Map<ServerUnderTest, Backlog.Summary> current = new ConcurrentHashMap<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "backlog-sampler");
      t.setDaemon(true);
      return t;
    });
    Writer csv = Files.newBufferedWriter(c.workDir.resolve("backlog.csv"), StandardCharsets.UTF_8);
    csv.write("epochMillis,server,compactionQueue,flushQueue,storeFiles\n");
    long[] failures = new long[1];
    sampler.scheduleAtFixedRate(() -> {
      for (ServerUnderTest s : servers) {
        try {
          Backlog b = s.backlog();
          Backlog.Summary sum = current.get(s);
          if (sum != null) {
            sum.add(b);
          }
          csv.write(System.currentTimeMillis() + "," + s.name + "," + b.compactionQueue() + ","
              + b.flushQueue() + "," + b.storeFiles() + "\n");
        } catch (IOException | RuntimeException e) {
          if (failures[0]++ < 5) {
            System.err.println("bench-ycsb: backlog of " + s.name + ": " + e.getMessage());
          }
        }
      }
    }, 0, 1, TimeUnit.SECONDS);
    List<Run> runs = new ArrayList<>();
    try {
      if (c.warmupRows > 0) {
        for (ServerUnderTest s : servers) {
          for (Command w : List.of(Command.load, Command.workloadA, Command.workloadE)) {
            PerformanceEvaluation.Options o = options(c, s, "warmup", c.warmupRows, w);
            o.durationSeconds = 0;
            o.ops = c.warmupRows;
            o.waitIdlePercent = 0;
            drivers.get(s).run(o, w);
          }
        }
      }
      for (int i = 0; i < c.workloads.size(); i++) {
        Command w = c.workloads.get(i);
        List<ServerUnderTest> order = new ArrayList<>(servers);
        if (i % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (ServerUnderTest s : order) {
          if (c.javaClient && c.warmupRows > 0 && c.clientWarmupOps > 0) {
            // The clients' JIT warm-up, as pe's stand-in gives the raw Thrift2 client: the same
            // command on the server's warm-up table, untimed, through the same client.
            PerformanceEvaluation.Options o = options(c, s, "warmup", c.warmupRows, w);
            o.durationSeconds = 0;
            o.ops = c.clientWarmupOps;
            o.waitIdlePercent = 0;
            drivers.get(s).run(o, w);
          }
          double settled = settle(servers, s, c.settleSeconds);
          PerformanceEvaluation.Options o = options(c, s, c.table, c.rows, w);
          Backlog.Summary sum = new Backlog.Summary();
          current.put(s, sum);
          long written0 = s.pid() < 0 ? -1 : ProcessCost.writeBytes(s.pid());
          long clientPid = drivers.get(s).pid();
          long serverCpu0 = s.pid() < 0 ? -1 : ProcessCost.cpuTicks(s.pid());
          long clientCpu0 = ProcessCost.cpuTicks(clientPid);
          long t0 = System.currentTimeMillis();
          Result r = drivers.get(s).run(o, w);
          long t1 = System.currentTimeMillis();
          long serverCpu1 = s.pid() < 0 ? -1 : ProcessCost.cpuTicks(s.pid());
          long clientCpu1 = ProcessCost.cpuTicks(clientPid);
          long written1 = s.pid() < 0 ? -1 : ProcessCost.writeBytes(s.pid());
          current.remove(s);
          double[] gc = ProcessCost.pauses(s.gcLog(), t0, t1);
          ProcessCost cost = new ProcessCost(written0 < 0 || written1 < 0 ? -1
              : written1 - written0, (int) gc[0], gc[1], gc[2],
              serverCpu0 < 0 || serverCpu1 < 0 ? -1 : serverCpu1 - serverCpu0,
              clientCpu0 < 0 || clientCpu1 < 0 ? -1 : clientCpu1 - clientCpu0);
          Run run = new Run(w, s.name, r, sum.text(), sum.json(), cost, settled);
          runs.add(run);
          out.println(run.json());
          out.flush();
        }
      }
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      csv.close();
    }
    return runs;
  }

  /** A settled server uses less than this share of one core over {@link #SETTLE_WINDOW_MS}. */
  static final double SETTLED_CORE_SHARE = 0.10;
  /** Two seconds: one is too short to tell a chore's tick from a compaction. */
  static final long SETTLE_WINDOW_MS = 2_000;

  /**
   * Waits until every server but {@code next} has settled, at most {@code maxSeconds}: the
   * HBase mini-cluster compacts for minutes after a large load, and a run measured meanwhile
   * would share the two cores with it. Returns the seconds waited (logged when over a window).
   */
  static double settle(List<ServerUnderTest> servers, ServerUnderTest next, double maxSeconds)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + (long) (maxSeconds * 1e9);
    for (ServerUnderTest other : servers) {
      if (other == next || other.pid() < 0 || maxSeconds <= 0) {
        continue;
      }
      while (System.nanoTime() < deadline) {
        long t0 = ProcessCost.cpuTicks(other.pid());
        Thread.sleep(SETTLE_WINDOW_MS);
        long t1 = ProcessCost.cpuTicks(other.pid());
        if (t0 < 0 || t1 < 0
            || (t1 - t0) / 100.0 < SETTLED_CORE_SHARE * SETTLE_WINDOW_MS / 1000.0) {
          break;
        }
      }
    }
    double waited = (System.nanoTime() - start) / 1e9;
    if (waited > SETTLE_WINDOW_MS / 1000.0 + 0.5) {
      System.err.printf(Locale.ROOT, "bench-ycsb: waited %.0f s for the other server to settle"
          + " before %s's run%s%n", waited, next.name,
          System.nanoTime() >= deadline ? " (gave up: it is still busy)" : "");
    }
    return waited;
  }

  private static PerformanceEvaluation.Options options(Config c, ServerUnderTest s, String table,
      long rows, Command w) {
    PerformanceEvaluation.Options o = new PerformanceEvaluation.Options();
    o.port = s.thriftPort;
    o.table = table;
    o.rows = rows;
    o.threads = c.threads;
    o.presplit = c.presplit;
    // --java-client warms the clients up on the real servers instead (measure); pe's stand-in
    // speaks Thrift2 and could not warm HBase's native client.
    o.warmUpOps = c.javaClient ? 0 : c.clientWarmupOps;
    o.waitIdlePercent = c.waitIdlePercent;
    if (w != Command.load) {
      o.durationSeconds = c.durationSeconds;
    }
    o.commands.add(w);
    return o;
  }

  /** The runs as a Markdown table, a ratio row after each workload measured on both servers. */
  public static String table(List<Run> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| workload | server | ops/s | p50 / p99 / p99.9 ms | max ms | stalls s"
        + " | longest gap ms | backlog (compaction queue max/mean, flush queue max,"
        + " store files max/last) | disk writes (per row written) | GC pauses: n / total /"
        + " longest | CPU µs/op server / client |\n"
        + "|---|---|---:|---|---:|---:|---:|---|---:|---|---:|\n");
    Map<Command, Map<String, Run>> by = new LinkedHashMap<>();
    for (Run r : runs) {
      by.computeIfAbsent(r.workload(), k -> new LinkedHashMap<>()).put(r.server(), r);
    }
    for (Map.Entry<Command, Map<String, Run>> e : by.entrySet()) {
      for (Run r : e.getValue().values()) {
        Result x = r.result();
        sb.append(String.format(Locale.ROOT,
            "| %s | %s | %,.0f | %.2f / %.2f / %.2f | %.1f | %d | %d | %s | %s | %s | %s |%n",
            e.getKey(), r.server(), x.opsPerSecond(), pct(x, 50), pct(x, 99), pct(x, 99.9),
            x.latencyMicros().getMaxValue() / 1000.0, x.stalls().seconds(),
            x.stalls().longestGapMs(), r.backlog(), r.cost().diskText(x.rowsWritten()),
            r.cost().gcText(), r.cost().cpuText(x.ops())));
      }
      Run b = e.getValue().get("Basalt");
      Run h = e.getValue().get("HBase");
      if (b != null && h != null) {
        sb.append(String.format(Locale.ROOT, "| %s | **Basalt ÷ HBase** | **%.2f×** | p99 %s |"
            + " | | | | %s | | |%n", e.getKey(),
            b.result().opsPerSecond() / h.result().opsPerSecond(),
            pct(b.result(), 99) < pct(h.result(), 99) ? "lower" : "NOT lower",
            b.cost().writeBytes() > 0 && h.cost().writeBytes() > 0
                ? String.format(Locale.ROOT, "writes %.2f×",
                    (double) b.cost().writeBytes() / h.cost().writeBytes()) : ""));
      }
    }
    return sb.toString();
  }

  /**
   * Each server's disk writes summed over its runs, against the rows the runs wrote: the write
   * amplification of the whole benchmark (WAL, flushes and compactions, including those a run
   * inherited from the one before). Empty when no run's writes are known.
   */
  public static String diskTotals(List<Run> runs) {
    Map<String, long[]> by = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.cost().writeBytes() >= 0) {
        long[] t = by.computeIfAbsent(r.server(), k -> new long[2]);
        t[0] += r.cost().writeBytes();
        t[1] += r.result().rowsWritten();
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, long[]> e : by.entrySet()) {
      sb.append(String.format(Locale.ROOT, "%n%s wrote %,.0f MB to storage during the runs,"
          + " %,d rows written (%,.0f B per row written)", e.getKey(), e.getValue()[0] / 1e6,
          e.getValue()[1], e.getValue()[1] == 0 ? 0.0 : (double) e.getValue()[0] / e.getValue()[1]));
    }
    return sb.length() == 0 ? "" : sb.append(System.lineSeparator()).toString();
  }

  private static double pct(Result r, double p) {
    return r.latencyMicros().getTotalCount() == 0 ? 0
        : r.latencyMicros().getValueAtPercentile(p) / 1000.0;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private YcsbCompare() {}
}
