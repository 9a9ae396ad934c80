package org.basaltdb.tools.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.TableName;

/**
 * {@code bin/basalt chaos}: writes linked lists ({@code generate}), checks them ({@code verify}),
 * or both with a chaos monkey injecting the admin API's faults meanwhile ({@code run}), against
 * any Basalt cluster reachable through one server's Thrift and admin ports; {@code register}
 * (or {@code run --register-threads N}) calls get, put and checkAndPut on a few rows meanwhile
 * and checks each row's history for linearizability. Exit status 1 when the verifier finds
 * UNDEFINED nodes (lost acknowledged writes) or a row's history is not linearizable, 3 when
 * some row's check was undecided and nothing failed, 2 on a usage error.
 */
public final class ChaosTool {
  private ChaosTool() {}

  static final class Options {
    String command;
    String host = "127.0.0.1";
    int port = ClientConfig.PORT.defaultValue();
    int adminPort = ClientConfig.ADMIN_PORT.defaultValue();
    String table = LinkedList.DEFAULT_TABLE;
    int writers = 4;
    int width = 100;
    long nodes;
    long seconds;
    int regions = 12;
    long seed = System.nanoTime();
    long periodMillis = 5_000;
    List<String> actions = AdminActions.NAMES;
    boolean monkey = true;
    int registerThreads = -1; // the command's default: 8 for register, none for run
    int registerKeys = 16;
    int registerRate = 200;
    String registerTable = RegisterWorkload.DEFAULT_TABLE;

    int registerThreads() {
      return registerThreads >= 0 ? registerThreads : command.equals("register") ? 8 : 0;
    }
  }

  static void usage(PrintStream out) {
    out.println("""
        usage: bin/basalt chaos COMMAND [options]
          generate   write linked lists (every node references one written and acknowledged
                     before it) until --nodes or --duration is reached
          verify     read the whole table; print REFERENCED, UNREFERENCED and UNDEFINED (a
                     reference to a missing node: a lost acknowledged write); exit 1 if UNDEFINED > 0
          run        generate while a chaos monkey moves, splits, merges, flushes, compacts and
                     balances, then verify
          register   call get, put and checkAndPut on a few rows under the chaos monkey for
                     --duration, then check each row's history for linearizability; exit 1
                     on a violation (the row, the seed, the shortest failing window printed)
        options:
          --host H            a server of the cluster (default 127.0.0.1)
          --thrift-port N     its Thrift port (default 9090; --port N: the old spelling)
          --admin-port N      its admin port (default 16020)
          --table T           default chaos_linked_list; created pre-split when missing
          --regions N         regions of a new table (default 12)
          --writers N         writer threads (default 4)
          --width N           lists per writer = nodes per put batch (default 100)
          --nodes N           stop after N nodes in all
          --duration S        stop after S seconds (one of --nodes and --duration is needed)
          --seed S            the monkey's seed (default: printed at the start)
          --period-ms MS      one monkey action every MS ms (default 5000)
          --actions A,B       among move, split, merge, flush, major-compact, balance (default all)
          --no-monkey         run without the monkey
          --register-threads N  threads calling the rows (default 8 for register; with run,
                              N > 0 writes linked lists and rows at once, default 0)
          --register-keys N   rows, 1 to 256 (default 16)
          --register-rate N   calls a second per thread at most (default 200; 0: no bound)
          --register-table T  default chaos_register; created pre-split (--regions) when missing
        Every monkey action is logged with its time since the start; rerun with the same --seed
        to replay the same choices. kill -9 of servers: see docs/operations.md.""");
  }

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      if (a.equals("--no-monkey")) {
        o.monkey = false;
        continue;
      }
      if (!a.startsWith("--")) {
        if (o.command != null) {
          throw new IllegalArgumentException("unexpected argument '" + a + "'");
        }
        if (!List.of("generate", "verify", "run", "register").contains(a)) {
          throw new IllegalArgumentException("unknown command '" + a
              + "' (generate, verify, run or register)");
        }
        o.command = a;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--host" -> o.host = v;
          case "--thrift-port", "--port" -> o.port = Integer.parseInt(v);
          case "--admin-port" -> o.adminPort = Integer.parseInt(v);
          case "--table" -> o.table = v;
          case "--regions" -> o.regions = Integer.parseInt(v);
          case "--writers" -> o.writers = Integer.parseInt(v);
          case "--width" -> o.width = Integer.parseInt(v);
          case "--nodes" -> o.nodes = Long.parseLong(v);
          case "--duration" -> o.seconds = Long.parseLong(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--period-ms" -> o.periodMillis = Long.parseLong(v);
          case "--actions" -> o.actions = Arrays.asList(v.split(","));
          case "--register-threads" -> o.registerThreads = Integer.parseInt(v);
          case "--register-keys" -> o.registerKeys = Integer.parseInt(v);
          case "--register-rate" -> o.registerRate = Integer.parseInt(v);
          case "--register-table" -> o.registerTable = v;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(a + " needs a number, not '" + v + "'");
      }
    }
    if (o.command == null) {
      throw new IllegalArgumentException("give a command: generate, verify, run or register");
    }
    if (o.command.equals("register") && o.seconds <= 0) {
      throw new IllegalArgumentException("register needs --duration S");
    }
    if (!o.command.equals("verify") && o.nodes <= 0 && o.seconds <= 0) {
      throw new IllegalArgumentException(o.command + " needs --nodes N or --duration S");
    }
    if (o.registerKeys < 1 || o.registerKeys > 256) {
      throw new IllegalArgumentException("--register-keys must be 1 to 256, not "
          + o.registerKeys);
    }
    return o;
  }

  /** Runs {@code o}; returns the exit status. */
  static int run(Options o, PrintStream out) throws Exception {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, o.host);
    ClientConfig.PORT.set(conf, o.port);
    ClientConfig.ADMIN_PORT.set(conf, o.adminPort);
    TableName t = TableName.valueOf(o.table);
    TableName rt = TableName.valueOf(o.registerTable);
    try (Connection c = ConnectionFactory.createConnection(conf)) {
      if (o.command.equals("verify")) {
        LinkedListVerifier.Counts counts = new LinkedListVerifier(c, t, out).verify();
        out.println(counts.line());
        return counts.undefined() == 0 ? 0 : 1;
      }
      boolean lists = !o.command.equals("register");
      boolean registers = o.registerThreads() > 0;
      List<TableName> tables = new ArrayList<>();
      if (lists) {
        LinkedListGenerator.createTable(c, t, o.regions);
        tables.add(t);
      }
      RegisterWorkload workload = null;
      if (registers) {
        RegisterWorkload.createTable(c, rt, o.regions);
        tables.add(rt);
        workload = new RegisterWorkload(c, new RegisterWorkload.Options(rt, o.registerKeys,
            o.registerThreads(), o.seconds * 1000, o.seed, o.registerRate), out);
      }
      ChaosMonkey monkey = !o.command.equals("generate") && o.monkey
          ? new ChaosMonkey(o.seed, o.periodMillis,
              AdminActions.byName(c.getAdmin(), tables, o.actions), out).start()
          : null;
      LinkedListGenerator.Result written = null;
      RegisterWorkload.History history = null;
      try {
        RegisterHistoryTask task = workload == null ? null : new RegisterHistoryTask(workload);
        if (lists) {
          var g = new LinkedListGenerator(c, new LinkedListGenerator.Options(t, o.writers,
              o.width, o.nodes, o.seconds * 1000, 60_000), out);
          try {
            written = g.run();
          } finally {
            if (task != null) {
              workload.stop(); // with --nodes, the rows are called as long as lists are written
            }
          }
        }
        history = task == null ? null : task.join();
      } finally {
        if (monkey != null) {
          monkey.close();
        }
      }
      int status = 0;
      if (written != null) {
        out.println(written.line());
      }
      if (history != null) {
        RegisterWorkload.Report report = workload.check(history, new RegisterChecker());
        out.println(report.line());
        status = report.violations() > 0 ? 1 : report.inconclusive() > 0 ? 3 : 0;
      }
      if (o.command.equals("run")) {
        LinkedListVerifier.Counts counts = new LinkedListVerifier(c, t, out).verify();
        out.println(counts.line());
        status = counts.undefined() > 0 ? 1 : status;
      }
      return status;
    }
  }

  /** The register workload on its own thread, beside the linked-list writers. */
  private static final class RegisterHistoryTask {
    private final Thread thread;
    private volatile RegisterWorkload.History history;
    private volatile InterruptedException failure;

    RegisterHistoryTask(RegisterWorkload workload) {
      thread = new Thread(() -> {
        try {
          history = workload.run();
        } catch (InterruptedException e) {
          failure = e;
        }
      }, "register-workload");
      thread.start();
    }

    RegisterWorkload.History join() throws InterruptedException {
      thread.join();
      if (failure != null) {
        throw failure;
      }
      return history;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    if (o == null) {
      usage(System.out);
      return;
    }
    System.exit(run(o, System.out));
  }
}
