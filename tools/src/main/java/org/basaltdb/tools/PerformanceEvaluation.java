package org.basaltdb.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * {@code pe}: Basalt's performance evaluation tool, like {@code hbase pe}, plus YCSB-style
 * workloads. It speaks {@code THBaseService} (HBase 2.x Thrift2), so the same run measures
 * Basalt and Apache HBase's Thrift2 gateway.
 *
 * <p>Rows are {@code rows} dense keys: row {@code i} is its zero-padded 10-digit decimal index,
 * so {@code --presplit N} cuts the key space into N equal ranges and every command reads what
 * the others wrote. Each client thread owns its own connection; latency is measured per
 * operation, closed loop (a thread sends its next request when the previous one answered).
 */
public final class PerformanceEvaluation {

  static final byte[] FAMILY = bytes("info");
  static final byte[] COUNTER = bytes("counter");
  static final byte[] PE_QUALIFIER = bytes("0");
  static final int SCAN_ROWS = 100;

  /** What one run does. */
  public enum Command {
    sequentialWrite("write rows 0..rows-1 in order, one cell of --value-size bytes each", true),
    randomWrite("write one cell of --value-size bytes to a uniformly random row", true),
    randomRead("read a uniformly random row", false),
    scan("scan " + SCAN_ROWS + " rows from a uniformly random row", false),
    increment("increment info:counter of a uniformly random row", false),
    load("YCSB load: insert every row, --fields fields of --field-size bytes (1 KiB rows)", true),
    workloadA("YCSB A: 50% read a whole row, 50% update one field; Zipfian keys", false),
    workloadB("YCSB B: 95% read a whole row, 5% update one field; Zipfian keys", false),
    workloadC("YCSB C: read a whole row; Zipfian keys", false),
    workloadD("YCSB D: 95% read a whole row, 5% insert a new row (after --rows); the latest"
        + " rows most popular", false),
    workloadE("YCSB E: scan 1.." + SCAN_ROWS + " rows (uniform) from a Zipfian start row", false),
    workloadF("YCSB F: 50% read a whole row, 50% read it and then update one field (one"
        + " operation); Zipfian keys", false);

    final String help;
    final boolean writesEveryRow;

    Command(String help, boolean writesEveryRow) {
      this.help = help;
      this.writesEveryRow = writesEveryRow;
    }

    boolean ycsb() {
      return this == load || name().startsWith("workload");
    }
  }

  /** Command-line options; {@link #parse} fills them. */
  public static final class Options {
    public String host = "127.0.0.1";
    public int port = 9090;
    public String table = "TestTable";
    public long rows = 100_000;
    public int threads = 1;
    public int valueSize = 1000;
    public int fields = 10;
    public int fieldSize = 100;
    public int presplit = 0;
    /** Total operations over all threads; 0: as many as rows (unless a duration is set). */
    public long ops = 0;
    public double durationSeconds = 0;
    public boolean framed = false;
    public boolean compact = false;
    /** Speak HBase's Thrift1 {@code Hbase} service (happybase's calls) instead of Thrift2. */
    public boolean thrift1 = false;
    /** Go through Basalt's Java client (module {@code client}) instead of raw Thrift2 calls. */
    public boolean javaClient = false;
    /** Thrift2 scans as openScanner, getScannerRows, closeScanner (Thrift1's three calls). */
    public boolean scannerCalls = false;
    public long seed = 42;
    public boolean json = false;
    /** zipfian or uniform; null: the command's default (YCSB: Zipfian, pe: uniform). */
    public String distribution = null;
    public int timeoutMs = 60_000;
    /** Operations sent to an in-process stand-in before each timed run ({@link WarmUp}). */
    public long warmUpOps = 10_000;
    /** Before each timed run, wait until the machine is below this % busy; 0: do not wait. */
    public double waitIdlePercent = 0;
    /** Connections opened before the runs and left idle through them (a server's idle load). */
    public int idleConnections = 0;
    public final List<Command> commands = new ArrayList<>();

    long opsFor(Command c) {
      if (ops > 0) {
        return ops;
      }
      return durationSeconds > 0 ? Long.MAX_VALUE : rows;
    }
  }

  /** What one run measured. */
  public record Result(Command command, int threads, long ops, long errors, long rowsWritten,
      long rowsRead, long cellsRead, double seconds, Histogram latencyMicros, String client,
      Stalls stalls) {

    public double opsPerSecond() {
      return ops / seconds;
    }

    double ms(double percentile) {
      return latencyMicros.getTotalCount() == 0 ? 0
          : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** One line, for people. */
    public String line() {
      return String.format(Locale.ROOT, "pe %-15s threads=%d ops=%d time=%.2fs ops/s=%.0f "
          + "p50=%.3fms p99=%.3fms p999=%.3fms max=%.3fms rowsWritten=%d rowsRead=%d errors=%d "
          + "stalls=%ds longestGap=%dms [%s]", command, threads, ops, seconds, opsPerSecond(),
          ms(50), ms(99), ms(99.9), latencyMicros.getMaxValue() / 1000.0, rowsWritten, rowsRead,
          errors, stalls.seconds(), stalls.longestGapMs(), client);
    }

    /** One line of JSON, for scripts. */
    public String json() {
      return String.format(Locale.ROOT, "{\"command\":\"%s\",\"threads\":%d,\"ops\":%d,"
          + "\"seconds\":%.3f,\"opsPerSecond\":%.1f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,"
          + "\"p999Ms\":%.3f,\"maxMs\":%.3f,\"rowsWritten\":%d,\"rowsRead\":%d,\"cellsRead\":%d,"
          + "\"errors\":%d,\"stallSeconds\":%d,\"longestGapMs\":%d,\"client\":\"%s\"}",
          command, threads, ops, seconds, opsPerSecond(), ms(50), ms(99), ms(99.9),
          latencyMicros.getMaxValue() / 1000.0, rowsWritten, rowsRead, cellsRead, errors,
          stalls.seconds(), stalls.longestGapMs(), client);
    }
  }

  /**
   * Where a run stopped completing operations: {@code seconds} whole seconds of the run (counted
   * from its start) in which no operation completed, and the longest stretch without a
   * completion, to {@link #BUCKET_MS} ms.
   */
  public record Stalls(int seconds, long longestGapMs) {
    /** From per-bucket completion counts of {@link #BUCKET_MS} ms each, over {@code runSeconds}. */
    static Stalls of(long[] buckets, double runSeconds) {
      int n = (int) Math.min(buckets.length, Math.floor(runSeconds * 1000 / BUCKET_MS));
      int perSecond = (int) (1000 / BUCKET_MS);
      int stalled = 0;
      for (int s = 0; (s + 1) * perSecond <= n; s++) {
        long done = 0;
        for (int b = s * perSecond; b < (s + 1) * perSecond; b++) {
          done += buckets[b];
        }
        if (done == 0) {
          stalled++;
        }
      }
      long longest = 0;
      long run = 0;
      for (int b = 0; b < n; b++) {
        run = buckets[b] == 0 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      return new Stalls(stalled, longest * BUCKET_MS);
    }
  }

  /** The resolution of stall accounting: fine enough to see a pause, coarse enough to be cheap. */
  static final long BUCKET_MS = 100;

  public static void main(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("pe: " + e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    if (o == null) {
      usage(System.out);
      return;
    }
    PeClient.Factory factory = o.thrift1
        ? new Thrift1PeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs)
        : o.javaClient
        ? new JavaPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs)
        : o.scannerCalls
        ? new ThriftPeClient.ScannerCalls(new ThriftPeClient.Factory(o.host, o.port, o.framed,
            o.compact, o.timeoutMs))
        : new ThriftPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs);
    List<PeClient> idle = new ArrayList<>();
    try {
      // Each idle client is a connection of its own (the Java client's share one).
      PeClient.Factory idleFactory = o.javaClient
          ? new ThriftPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs)
          : factory;
      for (int i = 0; i < o.idleConnections; i++) {
        idle.add(idleFactory.open());
      }
      if (o.idleConnections > 0) {
        System.err.println("pe: " + idle.size() + " idle connections open");
      }
      boolean failed = false;
      for (Command c : o.commands) {
        Result r = run(o, c, factory);
        System.out.println(o.json ? r.json() : r.line());
        System.out.flush();
        failed |= r.errors() > 0;
      }
      System.exit(failed ? 1 : 0);
    } catch (Exception e) {
      System.err.println("pe: " + e.getMessage() + (idle.size() < o.idleConnections
          ? " (after opening " + idle.size() + " idle connections)" : ""));
      System.exit(1);
    } finally {
      for (PeClient c : idle) {
        try {
          c.close();
        } catch (IOException e) {
          // leaving: nothing to do
        }
      }
    }
  }

  static void usage(PrintStream out) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: pe [options] COMMAND [COMMAND...]   (commands run one after another)\n");
    sb.append("commands:\n");
    for (Command c : Command.values()) {
      sb.append(String.format("  %-16s %s%n", c, c.help));
    }
    sb.append("""
        options:
          --host H           Thrift server (default 127.0.0.1)
          --port N           Thrift port (default 9090)
          --thrift-port N    the same, spelled as the servers spell it
          --thrift1-port N   --thrift1 against this port (the servers' thrift1.port)
          --table T          table, [namespace:]name (default TestTable); family "info"
          --rows N           rows in the key space (default 100000)
          --threads N        client threads, one connection each (default 1)
          --ops N            operations per run over all threads (default: --rows)
          --duration S       run for S seconds instead of a number of operations
          --value-size N     bytes per cell for sequentialWrite/randomWrite (default 1000)
          --fields N         YCSB fields per row (default 10)
          --field-size N     YCSB bytes per field (default 100)
          --presplit N       create the table with N regions if it does not exist
          --distribution D   uniform or zipfian (default: zipfian for workloads, uniform otherwise)
          --framed           framed transport (the server must be framed too)
          --compact          compact protocol (the server must be compact too)
          --thrift1          speak HBase's Thrift1 Hbase service, as happybase does (give
                             --port the servers' thrift1.port, 9089); --warmup is Thrift2's only
          --scanner-calls    Thrift2 scans as openScanner + getScannerRows + closeScanner, the
                             three round trips a Thrift1 scan takes, instead of the one-call
                             getScannerResults (to compare the two services on equal calls)
          --java-client      go through Basalt's Java client (module client): one shared
                             Connection, a Table per thread, each call straight to the
                             region's server (a cluster's Thrift port: give any server's)
          --seed N           random seed (default 42); thread i uses seed+i
          --timeout MS       socket timeout (default 60000)
          --warmup N         before each timed run, send rounds of N requests (default 10000) to
                             a stand-in server inside pe until the client's own JIT has compiled
                             its request path; the measured server sees none of them (0: none)
          --wait-idle PCT    after the warm-up, wait until the machine's CPU is below PCT% busy
                             over one second (at most 120 s; Linux /proc/stat), so a run does
                             not measure a server's flushes and compactions from the last one
          --idle-connections N  open N more connections first and leave them idle through
                             every run (a server's many-clients case); they send nothing
          --json             print one JSON object per run instead of the text line
        """);
    out.print(sb);
  }

  /** Parses the command line; returns null for --help. */
  public static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        try {
          o.commands.add(Command.valueOf(a));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown command '" + a + "'");
        }
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> {
          return null;
        }
        case "--framed" -> o.framed = true;
        case "--thrift1" -> o.thrift1 = true;
        case "--java-client" -> o.javaClient = true;
        case "--scanner-calls" -> o.scannerCalls = true;
        case "--compact" -> o.compact = true;
        case "--json" -> o.json = true;
        default -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          try {
            switch (name) {
              case "--host" -> o.host = value;
              case "--port", "--thrift-port" -> o.port = Integer.parseInt(value);
              case "--thrift1-port" -> {
                o.port = Integer.parseInt(value);
                o.thrift1 = true;
              }
              case "--table" -> o.table = value;
              case "--rows" -> o.rows = positive(name, Long.parseLong(value));
              case "--threads" -> o.threads = (int) positive(name, Integer.parseInt(value));
              case "--ops" -> o.ops = positive(name, Long.parseLong(value));
              case "--duration" -> o.durationSeconds = Double.parseDouble(value);
              case "--value-size" -> o.valueSize = (int) positive(name, Integer.parseInt(value));
              case "--fields" -> o.fields = (int) positive(name, Integer.parseInt(value));
              case "--field-size" -> o.fieldSize = (int) positive(name, Integer.parseInt(value));
              case "--presplit" -> o.presplit = Integer.parseInt(value);
              case "--seed" -> o.seed = Long.parseLong(value);
              case "--idle-connections" -> o.idleConnections = Integer.parseInt(value);
              case "--timeout" -> o.timeoutMs = Integer.parseInt(value);
              case "--warmup" -> {
                o.warmUpOps = Long.parseLong(value);
                if (o.warmUpOps < 0) {
                  throw new IllegalArgumentException("--warmup must be 0 or more");
                }
              }
              case "--wait-idle" -> {
                o.waitIdlePercent = Double.parseDouble(value);
                if (o.waitIdlePercent < 0 || o.waitIdlePercent > 100) {
                  throw new IllegalArgumentException("--wait-idle is a percentage, 0 to 100");
                }
              }
              case "--distribution" -> {
                if (!value.equals("uniform") && !value.equals("zipfian")) {
                  throw new IllegalArgumentException("--distribution is uniform or zipfian");
                }
                o.distribution = value;
              }
              default -> throw new IllegalArgumentException("unknown option " + name);
            }
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: " + value);
          }
        }
      }
    }
    if (o.commands.isEmpty()) {
      throw new IllegalArgumentException("no command given");
    }
    if (o.scannerCalls && (o.thrift1 || o.javaClient)) {
      throw new IllegalArgumentException("--scanner-calls changes Thrift2's scans; it does not"
          + " go with --thrift1 or --java-client");
    }
    return o;
  }

  private static long positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return v;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Row {@code i}: its index as 10 zero-padded decimal digits (26 past 10^10 rows). */
  static byte[] rowKey(long i) {
    int width = i < 10_000_000_000L ? 10 : 26;
    byte[] k = new byte[width];
    for (int p = width - 1; p >= 0; p--) {
      k[p] = (byte) ('0' + (i % 10));
      i /= 10;
    }
    return k;
  }

  /** The split keys that cut rows {@code [0, rows)} into {@code regions} equal ranges. */
  static List<byte[]> splitKeys(long rows, int regions) {
    List<byte[]> out = new ArrayList<>();
    for (int r = 1; r < regions; r++) {
      out.add(rowKey(rows * r / regions));
    }
    return out;
  }

  /** A bijection of {@code [0, n)} that spreads consecutive indexes: YCSB's hashed insert order. */
  static long scramble(long i, long n) {
    long p = 2_654_435_761L;
    while (gcd(p, n) != 1) {
      p += 2;
    }
    long a = i % n;
    long b = p % n;
    if (n < (1L << 31)) {
      return a * b % n;
    }
    return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
        .mod(java.math.BigInteger.valueOf(n)).longValue();
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Runs one command with {@code o.threads} clients and returns what it measured. */
  public static Result run(Options o, Command c, PeClient.Factory factory) throws Exception {
    try (PeClient admin = factory.open()) {
      admin.createTableIfMissing(o.table, FAMILY, o.presplit > 1
          ? splitKeys(o.rows, o.presplit) : List.of());
    }
    if (o.warmUpOps > 0 && (factory instanceof ThriftPeClient.Factory
        || factory instanceof JavaPeClient.Factory)) {
      System.err.println("pe " + c + ": client warmed up: " + WarmUp.run(o, c,
          new ThriftPeClient.Factory(o.host, o.port, o.framed, o.compact, o.timeoutMs),
          factory instanceof JavaPeClient.Factory, o.warmUpOps));
    }
    if (o.waitIdlePercent > 0) {
      System.err.println("pe " + c + ": " + IdleWait.await(o.waitIdlePercent));
    }
    long opsTotal = o.opsFor(c);
    KeyChooser keys = chooser(o, c);
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    Worker[] workers = new Worker[o.threads];
    List<PeClient> clients = new ArrayList<>();
    try {
      for (int t = 0; t < o.threads; t++) {
        clients.add(factory.open());
      }
      long start = System.nanoTime();
      long deadline = o.durationSeconds > 0 ? start + (long) (o.durationSeconds * 1e9)
          : Long.MAX_VALUE;
      runWorkers(workers, o, c, clients, keys, o.seed, next, opsTotal, deadline, errors,
          firstError, "pe-" + c + "-", start);
      double seconds = (System.nanoTime() - start) / 1e9;
      Histogram h = new Histogram(3_600_000_000L, 3);
      long ops = 0;
      long written = 0;
      long read = 0;
      long cells = 0;
      long[] buckets = new long[0];
      for (Worker w : workers) {
        if (w.buckets.length > buckets.length) {
          buckets = java.util.Arrays.copyOf(buckets, w.buckets.length);
        }
        for (int b = 0; b < w.buckets.length; b++) {
          buckets[b] += w.buckets[b];
        }
        h.add(w.latency);
        ops += w.ops;
        written += w.rowsWritten;
        read += w.rowsRead;
        cells += w.cellsRead;
      }
      if (firstError.get() != null) {
        System.err.println("pe " + c + ": " + errors.get() + " failed operations; first: "
            + firstError.get());
      }
      return new Result(c, o.threads, ops, errors.get(), written, read, cells, seconds, h,
          factory.describe(), Stalls.of(buckets, seconds));
    } finally {
      for (PeClient client : clients) {
        client.close();
      }
    }
  }

  /**
   * Fills {@code workers}, one per client, thread {@code t} with random seed {@code seed + t},
   * starts them and waits for them all.
   */
  static void runWorkers(Worker[] workers, Options o, Command c, List<PeClient> clients,
      KeyChooser keys, long seed, AtomicLong next, long opsTotal, long deadline,
      AtomicLong errors, AtomicReference<Throwable> firstError, String namePrefix,
      long startNanos) throws InterruptedException {
    for (int t = 0; t < workers.length; t++) {
      workers[t] = new Worker(o, c, clients.get(t), keys, new SplittableRandom(seed + t), next,
          opsTotal, deadline, errors, firstError, startNanos);
      workers[t].setName(namePrefix + t);
      workers[t].start();
    }
    for (Worker w : workers) {
      w.join();
    }
  }

  static KeyChooser chooser(Options o, Command c) {
    if (c == Command.workloadD) {
      return new KeyChooser.Latest(o.rows);
    }
    String d = o.distribution != null ? o.distribution : c.ycsb() ? "zipfian" : "uniform";
    return d.equals("zipfian") ? KeyChooser.scrambledZipfian(o.rows) : KeyChooser.uniform(o.rows);
  }

  /** One client thread: takes operation numbers from a shared counter until done. */
  static final class Worker extends Thread {
    final Options o;
    final Command c;
    final PeClient client;
    final KeyChooser keys;
    final SplittableRandom rnd;
    final AtomicLong next;
    final long opsTotal;
    final long deadline;
    final AtomicLong errors;
    final AtomicReference<Throwable> firstError;
    final Histogram latency = new Histogram(3_600_000_000L, 3);
    /** Operations completed per {@link #BUCKET_MS} ms since {@link #startNanos}. */
    long[] buckets = new long[64];
    final long startNanos;
    final byte[][] fieldNames;
    long ops;
    long rowsWritten;
    long rowsRead;
    long cellsRead;

    Worker(Options o, Command c, PeClient client, KeyChooser keys, SplittableRandom rnd,
        AtomicLong next, long opsTotal, long deadline, AtomicLong errors,
        AtomicReference<Throwable> firstError, long startNanos) {
      this.startNanos = startNanos;
      this.o = o;
      this.c = c;
      this.client = client;
      this.keys = keys;
      this.rnd = rnd;
      this.next = next;
      this.opsTotal = opsTotal;
      this.deadline = deadline;
      this.errors = errors;
      this.firstError = firstError;
      fieldNames = new byte[o.fields][];
      for (int f = 0; f < o.fields; f++) {
        fieldNames[f] = bytes("field" + f);
      }
    }

    private byte[] value(int size) {
      byte[] v = new byte[size];
      for (int i = 0; i < size; i++) {
        v[i] = (byte) ('a' + rnd.nextInt(26));
      }
      return v;
    }

    @Override
    public void run() {
      while (true) {
        long i = next.getAndIncrement();
        if (i >= opsTotal || (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline)) {
          return;
        }
        long t0 = System.nanoTime();
        try {
          op(i);
        } catch (Exception e) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, e);
        }
        long t1 = System.nanoTime();
        latency.recordValue(Math.max(1, (t1 - t0) / 1000));
        ops++;
        int b = (int) Math.max(0, (t1 - startNanos) / (BUCKET_MS * 1_000_000));
        if (b >= buckets.length) {
          buckets = java.util.Arrays.copyOf(buckets, Math.max(b + 1, buckets.length * 2));
        }
        buckets[b]++;
      }
    }

    private void op(long i) throws IOException {
      String t = o.table;
      switch (c) {
        case sequentialWrite -> {
          client.put(t, rowKey(i % o.rows), FAMILY, new byte[][] {PE_QUALIFIER},
              new byte[][] {value(o.valueSize)});
          rowsWritten++;
        }
        case randomWrite -> {
          client.put(t, rowKey(keys.next(rnd)), FAMILY, new byte[][] {PE_QUALIFIER},
              new byte[][] {value(o.valueSize)});
          rowsWritten++;
        }
        case randomRead, workloadC -> read(keys.next(rnd));
        case scan -> scan(SCAN_ROWS);
        case increment -> {
          client.increment(t, rowKey(keys.next(rnd)), FAMILY, COUNTER, 1);
          rowsWritten++;
        }
        case load -> {
          byte[][] values = new byte[o.fields][];
          for (int f = 0; f < o.fields; f++) {
            values[f] = value(o.fieldSize);
          }
          client.put(t, rowKey(scramble(i % o.rows, o.rows)), FAMILY, fieldNames, values);
          rowsWritten++;
        }
        case workloadA -> {
          long row = keys.next(rnd);
          if (rnd.nextBoolean()) {
            read(row);
          } else {
            int f = rnd.nextInt(o.fields);
            client.put(t, rowKey(row), FAMILY, new byte[][] {fieldNames[f]},
                new byte[][] {value(o.fieldSize)});
            rowsWritten++;
          }
        }
        case workloadB -> {
          long row = keys.next(rnd);
          if (rnd.nextInt(100) < 95) {
            read(row);
          } else {
            update(row);
          }
        }
        case workloadD -> {
          KeyChooser.Latest latest = (KeyChooser.Latest) keys;
          if (rnd.nextInt(100) < 95) {
            read(latest.next(rnd));
          } else {
            long row = latest.insertNext();
            try {
              insert(row);
            } finally {
              latest.inserted(row);
            }
          }
        }
        case workloadF -> {
          long row = keys.next(rnd);
          read(row);
          if (rnd.nextBoolean()) {
            update(row); // read-modify-write: the read above, then the write, one operation
          }
        }
        case workloadE -> scan(1 + rnd.nextInt(SCAN_ROWS));
        default -> throw new IllegalStateException(c.toString());
      }
    }

    private void update(long row) throws IOException {
      int f = rnd.nextInt(o.fields);
      client.put(o.table, rowKey(row), FAMILY, new byte[][] {fieldNames[f]},
          new byte[][] {value(o.fieldSize)});
      rowsWritten++;
    }

    private void insert(long row) throws IOException {
      byte[][] values = new byte[o.fields][];
      for (int f = 0; f < o.fields; f++) {
        values[f] = value(o.fieldSize);
      }
      client.put(o.table, rowKey(row), FAMILY, fieldNames, values);
      rowsWritten++;
    }

    private void read(long row) throws IOException {
      int n = client.get(o.table, rowKey(row), FAMILY);
      if (n > 0) {
        rowsRead++;
        cellsRead += n;
      }
    }

    private void scan(int rows) throws IOException {
      // Start so that a full range fits in the key space: a loaded table answers every row.
      long start = Math.min(keys.next(rnd), Math.max(0, o.rows - rows));
      rowsRead += client.scan(o.table, rowKey(start), FAMILY, rows);
    }
  }

  private PerformanceEvaluation() {}
}
