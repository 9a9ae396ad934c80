package org.basaltdb.tools.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.basaltdb.client.Connection;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * The single-key verifier's workload (issue 22): threads call get, put and checkAndPut on a few
 * rows, each row a register holding an 8-byte value in {@code r:v}, and record every call with
 * its invocation and completion times; {@link #check} then checks each row's history with the
 * {@link RegisterChecker}. Every put writes a value never written before ({@code thread << 32 |
 * sequence}), so a read names the write it saw. A put or checkAndPut that throws (the client
 * gave up, the connection broke) has an unknown outcome. Reads that throw are left out.
 *
 * <p>Rows: 8 bytes, the first spreading the rows over the table's regions (pre-split on the
 * first byte, as the linked lists are), the other seven a random id of this run, so every run
 * starts from absent registers. Deletes are not among the calls: a put in the same millisecond
 * as a delete is masked by it (HBase's versioning, which Basalt keeps), so a register with
 * deletes is not linearizable by design.
 *
 * <p>Thread safety: {@link #run} blocks until the threads are done; {@link #stop} may be called
 * from any thread meanwhile.
 */
public final class RegisterWorkload {
  public static final String DEFAULT_TABLE = "chaos_register";
  static final byte[] FAMILY = Bytes.toBytes("r");
  static final byte[] QUALIFIER = Bytes.toBytes("v");

  /** Percent of calls that are reads; then puts; the rest are checkAndPuts. */
  private static final int READS = 50;
  private static final int PUTS = 20;
  /** What a read of a value that is not 8 bytes long is recorded as: no put wrote it. */
  static final long NOT_WRITTEN = -1;
  /** A thread's pause after a call that threw, as a client backs off. */
  private static final long BACKOFF_MILLIS = 100;

  /**
   * {@code keys} rows, {@code threads} callers, for {@code millis} or until stopped; each thread
   * makes at most {@code callsPerSecond} calls a second (0: as fast as it can), which bounds the
   * history a long run keeps in memory (about 100 bytes a call) and checks at the end.
   */
  public record Options(TableName table, int keys, int threads, long millis, long seed,
      int callsPerSecond) {
    public Options {
      if (keys < 1 || keys > 256 || threads < 1 || callsPerSecond < 0) {
        throw new IllegalArgumentException("register keys must be 1 to 256, threads positive "
            + "and the rate not negative");
      }
    }
  }

  /** One recorded call on row {@code key}. */
  record Call(int key, RegisterOp op) {}

  /** Every call made, and the run's rows. */
  public static final class History {
    final List<Call> calls;
    final byte[][] rows;
    final long failedReads;
    final long millis;

    History(List<Call> calls, byte[][] rows, long failedReads, long millis) {
      this.calls = calls;
      this.rows = rows;
      this.failedReads = failedReads;
      this.millis = millis;
    }

    public int size() {
      return calls.size();
    }

    /** The calls on row {@code key}. */
    List<RegisterOp> of(int key) {
      return calls.stream().filter(c -> c.key() == key).map(Call::op).toList();
    }
  }

  /** What {@link #check} found. */
  public record Report(long calls, long unknown, long failedReads, int keys, int threads,
      int violations, int inconclusive, long millis, long checkMillis, List<String> details) {
    public String line() {
      return String.format("register: %,d calls on %d keys by %d threads in %.1f s (%,d of "
          + "unknown outcome, %,d failed reads left out), checked in %.1f s: %d violations, "
          + "%d inconclusive", calls, keys, threads, millis / 1000.0, unknown, failedReads,
          checkMillis / 1000.0, violations, inconclusive);
    }
  }

  private final Connection connection;
  private final Options options;
  private final PrintStream log;
  private final AtomicBoolean stop = new AtomicBoolean();

  public RegisterWorkload(Connection connection, Options options, PrintStream log) {
    this.connection = connection;
    this.options = options;
    this.log = log;
  }

  /** Creates the table (pre-split into {@code regions}) unless it exists. */
  public static void createTable(Connection c, TableName t, int regions) throws IOException {
    var admin = c.getAdmin();
    if (!admin.tableExists(t)) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("r")),
          LinkedList.splitKeys(regions));
    }
  }

  /** Asks the threads to end after the call in flight. */
  public void stop() {
    stop.set(true);
  }

  public History run() throws InterruptedException {
    int keys = options.keys();
    byte[] runId = new byte[7];
    new SecureRandom().nextBytes(runId);
    byte[][] rows = new byte[keys][];
    for (int k = 0; k < keys; k++) {
      rows[k] = new byte[8];
      rows[k][0] = (byte) (k * 256 / keys);
      System.arraycopy(runId, 0, rows[k], 1, 7);
    }
    long t0 = System.nanoTime();
    long deadline = options.millis() > 0 ? t0 + options.millis() * 1_000_000 : Long.MAX_VALUE;
    SplittableRandom seeds = new SplittableRandom(options.seed());
    List<List<Call>> perThread = new ArrayList<>();
    long[] failedReads = new long[options.threads()];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < options.threads(); i++) {
      int id = i;
      List<Call> calls = new ArrayList<>();
      perThread.add(calls);
      SplittableRandom random = seeds.split();
      Thread t = new Thread(() -> failedReads[id] = call(id, random, rows, t0, deadline, calls),
          "register-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Call> all = new ArrayList<>();
    perThread.forEach(all::addAll);
    long failed = 0;
    for (long f : failedReads) {
      failed += f;
    }
    return new History(all, rows, failed, (System.nanoTime() - t0) / 1_000_000);
  }

  /** One thread's calls; returns the number of reads that threw. */
  private long call(int thread, SplittableRandom random, byte[][] rows, long t0, long deadline,
      List<Call> out) {
    long[] lastSeen = new long[rows.length]; // the value this thread last read or wrote
    long sequence = 0;
    long failedReads = 0;
    long invokedAt = 0;
    try (Table table = connection.getTable(options.table())) {
      while (!stop.get() && System.nanoTime() < deadline) {
        pace(invokedAt);
        invokedAt = System.nanoTime();
        int key = random.nextInt(rows.length);
        byte[] row = rows[key];
        int dice = random.nextInt(100);
        long value = ((long) (thread + 1) << 32) | ++sequence;
        RegisterOp op;
        long invoked = System.nanoTime() - t0;
        try {
          if (dice < READS) {
            Result r = table.get(new Get(row).addColumn(FAMILY, QUALIFIER));
            byte[] v = r.value(FAMILY, QUALIFIER);
            long seen = v == null ? RegisterOp.ABSENT
                : v.length == 8 ? Bytes.toLong(v) : NOT_WRITTEN; // a violation, not a failure
            op = RegisterOp.read(thread, seen, invoked, System.nanoTime() - t0);
            lastSeen[key] = seen;
          } else if (dice < READS + PUTS) {
            table.put(new Put(row).addColumn(FAMILY, QUALIFIER, Bytes.toBytes(value)));
            op = RegisterOp.write(thread, value, invoked, System.nanoTime() - t0);
            lastSeen[key] = value;
          } else {
            long expected = lastSeen[key];
            boolean done = table.checkAndMutate(CheckAndMutate.of(row, FAMILY, QUALIFIER,
                CompareOperator.EQUAL, expected == RegisterOp.ABSENT ? null
                    : Bytes.toBytes(expected),
                new Put(row).addColumn(FAMILY, QUALIFIER, Bytes.toBytes(value))));
            op = RegisterOp.cas(thread, expected, value, done, invoked,
                System.nanoTime() - t0);
            if (done) {
              lastSeen[key] = value;
            }
          }
          out.add(new Call(key, op));
        } catch (IOException | RuntimeException e) {
          if (dice < READS) {
            failedReads++;
          } else {
            RegisterOp unknown = dice < READS + PUTS
                ? RegisterOp.write(thread, value, invoked, invoked)
                : RegisterOp.cas(thread, lastSeen[key], value, true, invoked, invoked);
            out.add(new Call(key, unknown.unknown()));
          }
          if (random.nextInt(20) == 0) { // a sample, not one line per failed call
            log.printf("register-%d: a call failed at +%.3fs: %s%n", thread,
                invoked / 1e9, e.toString().lines().findFirst().orElse(""));
          }
          try {
            Thread.sleep(BACKOFF_MILLIS);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return failedReads;
          }
        }
      }
    } catch (IOException e) {
      log.println("register-" + thread + " could not close its table: " + e);
    }
    return failedReads;
  }

  /** Waits out the rest of the previous call's slot, if the rate is bounded. */
  private void pace(long previousCallAt) {
    if (options.callsPerSecond() == 0 || previousCallAt == 0) {
      return;
    }
    long due = previousCallAt + 1_000_000_000L / options.callsPerSecond();
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the rate is the schedule
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
      }
    }
  }

  /**
   * Checks every row's history; prints each violation (the row, the seed and the shortest
   * failing window with times in ms since the start) to the log.
   */
  public Report check(History h, RegisterChecker checker) {
    long t0 = System.nanoTime();
    int violations = 0;
    int inconclusive = 0;
    List<String> details = new ArrayList<>();
    for (int k = 0; k < h.rows.length; k++) {
      List<RegisterOp> ops = h.of(k);
      RegisterChecker.Verdict v = checker.check(ops);
      String row = HexFormat.of().formatHex(h.rows[k]);
      if (v.kind() == RegisterChecker.Kind.VIOLATION) {
        violations++;
        StringBuilder b = new StringBuilder(String.format("register: key %d (row %s) is NOT "
            + "linearizable (seed %d, %d calls); the shortest failing window, from %s, %d "
            + "calls [invoked, completed] in ms since the start:%n", k, row, options.seed(),
            ops.size(), v.fromEmpty() ? "the empty register" : "any value", v.window().size()));
        for (RegisterOp o : v.window()) {
          b.append(String.format("    [%10.3f, %10s] %s%n", o.invokedNanos() / 1e6,
              o.unknownOutcome() ? "-" : String.format("%.3f", o.completedNanos() / 1e6),
              o.describe()));
        }
        details.add(b.toString());
        log.print(b);
      } else if (v.kind() == RegisterChecker.Kind.INCONCLUSIVE) {
        inconclusive++;
        String s = String.format("register: key %d (row %s): undecided after %,d "
            + "configurations (%d calls); not counted as a violation%n", k, row, v.states(),
            ops.size());
        details.add(s);
        log.print(s);
      }
    }
    long unknown = h.calls.stream().filter(c -> c.op().unknownOutcome()).count();
    return new Report(h.size(), unknown, h.failedReads, h.rows.length, options.threads(),
        violations, inconclusive, h.millis, (System.nanoTime() - t0) / 1_000_000, details);
  }
}
