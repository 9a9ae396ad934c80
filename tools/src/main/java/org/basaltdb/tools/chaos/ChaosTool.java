package org.basaltdb.tools.chaos;

import java.io.PrintStream;
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
 * any Basalt cluster reachable through one server's Thrift and admin ports. Exit status 1 when
 * the verifier finds UNDEFINED nodes (lost acknowledged writes), 2 on a usage error.
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
        if (!List.of("generate", "verify", "run").contains(a)) {
          throw new IllegalArgumentException("unknown command '" + a
              + "' (generate, verify or run)");
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
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(a + " needs a number, not '" + v + "'");
      }
    }
    if (o.command == null) {
      throw new IllegalArgumentException("give a command: generate, verify or run");
    }
    if (!o.command.equals("verify") && o.nodes <= 0 && o.seconds <= 0) {
      throw new IllegalArgumentException(o.command + " needs --nodes N or --duration S");
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
    try (Connection c = ConnectionFactory.createConnection(conf)) {
      if (!o.command.equals("verify")) {
        LinkedListGenerator.createTable(c, t, o.regions);
        var g = new LinkedListGenerator(c, new LinkedListGenerator.Options(t, o.writers, o.width,
            o.nodes, o.seconds * 1000, 60_000), out);
        ChaosMonkey monkey = o.command.equals("run") && o.monkey
            ? new ChaosMonkey(o.seed, o.periodMillis,
                AdminActions.byName(c.getAdmin(), t, o.actions), out).start()
            : null;
        LinkedListGenerator.Result r;
        try {
          r = g.run();
        } finally {
          if (monkey != null) {
            monkey.close();
          }
        }
        out.println(r.line());
        if (o.command.equals("generate")) {
          return 0;
        }
      }
      LinkedListVerifier.Counts counts = new LinkedListVerifier(c, t, out).verify();
      out.println(counts.line());
      return counts.undefined() == 0 ? 0 : 1;
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
