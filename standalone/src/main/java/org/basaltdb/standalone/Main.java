package org.basaltdb.standalone;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.server.ServerConfig;

/**
 * {@code bin/basalt}'s entry point for the server processes and file tools; {@code bin/basalt}
 * itself starts the shell, pe and the MapReduce tools, which the usage lists too. Every command
 * answers {@code --help} (or {@code -h}) with its own synopsis on standard output. A flag names
 * the same thing the same way in every command (a port is {@code --thrift-port},
 * {@code --zk-port}, ...); older spellings stay as aliases ({@code zookeeper --port}).
 */
public final class Main {
  static final String VERSION = org.basaltdb.common.Version.VERSION;

  /** A command's synopsis (its flags) and what it does, in the order the usage lists them. */
  private record Command(String name, String synopsis, String what) {}

  private static final List<Command> COMMANDS = List.of(
      new Command("standalone", "[--data-dir DIR] [--thrift-port N] [--thrift1-port N]"
          + " [--admin-port N] [--zk-port N] [--info-port N] [--conf FILE]",
          "ZooKeeper, master, region server and Thrift in one process"),
      new Command("master", "[--conf FILE] [--root DIR|URI] [--zk-quorum H:P,...]"
          + " [--master-port N] [--info-port N]",
          "a cluster's master (a backup until the active one goes away)"),
      new Command("regionserver", "[--conf FILE] [--root DIR|URI] [--zk-quorum H:P,...]"
          + " [--thrift-port N] [--thrift1-port N] [--rpc-port N] [--admin-port N]"
          + " [--info-port N]",
          "a cluster's region server"),
      new Command("zookeeper", "[--zk-port N] [--data-dir DIR]",
          "a one-node ZooKeeper for a test cluster (--port N: the old spelling of --zk-port)"),
      new Command("shell", "[-e \"cmd; cmd\"] [-n] [--host H] [--thrift-port N] [--admin-port N]"
          + " [SCRIPT]", "the interactive shell, HBase shell syntax (basalt shell --help)"),
      new Command("pe", "ARGS", "the performance tool (basalt pe --help)"),
      new Command("chaos", "generate|verify|run ARGS", "linked lists written under faults, then "
          + "verified: no acknowledged write lost (basalt chaos --help)"),
      new Command("rowcounter", "[-D k=v] TABLE [--range=[START],[STOP]] [FAMILY[:QUALIFIER]...]",
          "MapReduce: count a table's rows (Hadoop's local runner, or YARN)"),
      new Command("copytable", "[-D k=v] --new-name=TARGET [--start-row=R] [--stop-row=R]"
          + " [--families=F[:NEWF],...] SOURCE", "MapReduce: copy a table's rows into another"),
      new Command("importtsv", "-Dimporttsv.columns=HBASE_ROW_KEY,f:a,... [-D k=v] TABLE INPUT...",
          "MapReduce: load TSV files into a table, or into SSTables for completebulkload"),
      new Command("completebulkload", "[-D k=v] [--dry-run] [--ignore-unmatched-families] DIR"
          + " TABLE", "load a bulk job's SSTables into a table's regions, atomically per region"),
      new Command("dump-sstable", "[--meta] [--limit N] [--values] FILE",
          "print an SSTable or a reference file"),
      new Command("dump-wal", "[-v] FILE...", "print WAL files"),
      new Command("version", "", "print the version"),
      new Command("help", "", "this text"));

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.print(usage());
      System.exit(1);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (wantsHelp(rest) && command(args[0]) != null) {
      System.out.println(commandUsage(command(args[0])));
      return;
    }
    switch (args[0]) {
      case "standalone" -> standalone(rest);
      case "master" -> master(rest);
      case "regionserver" -> regionServer(rest);
      case "zookeeper" -> zookeeper(rest);
      case "dump-sstable" -> org.basaltdb.regionserver.sstable.DumpSSTable.main(rest);
      case "dump-wal" -> org.basaltdb.wal.DumpWal.main(rest);
      case "version" -> System.out.println("Basalt " + VERSION);
      case "help", "-h", "--help" -> System.out.print(usage());
      case "shell", "pe", "chaos", "rowcounter", "copytable", "importtsv", "completebulkload" -> {
        System.err.println("basalt: " + args[0] + " is started by bin/basalt, which runs it in"
            + " its own module; run bin/basalt " + args[0]);
        System.exit(1);
      }
      default -> {
        System.err.println("basalt: unknown command '" + args[0] + "'");
        System.err.print(usage());
        System.exit(1);
      }
    }
  }

  private static boolean wantsHelp(String[] args) {
    return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
  }

  private static Command command(String name) {
    return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  static String commandUsage(Command c) {
    return "usage: basalt " + c.name() + (c.synopsis().isEmpty() ? "" : " " + c.synopsis())
        + "\n  " + c.what();
  }

  /** Every command, with its flags and one line of what it does. */
  static String usage() {
    StringBuilder sb = new StringBuilder(
        "usage: basalt COMMAND [ARGS]   (basalt COMMAND --help: the command's own usage)\n");
    for (Command c : COMMANDS) {
      sb.append("  ").append(c.name());
      if (!c.synopsis().isEmpty()) {
        sb.append(' ').append(c.synopsis());
      }
      sb.append("\n      ").append(c.what()).append('\n');
    }
    return sb.toString();
  }

  /** Loads basalt-site.xml (from --conf, $BASALT_CONF_DIR or ./conf) and applies the flags. */
  static Configuration configure(String[] args) {
    Configuration conf = new Configuration(false);
    List<String> a = new ArrayList<>(Arrays.asList(args));
    String confFile = option(a, "--conf");
    if (confFile == null) {
      String dir = System.getenv().getOrDefault("BASALT_CONF_DIR", "conf");
      File f = new File(dir, "basalt-site.xml");
      confFile = f.isFile() ? f.getPath() : null;
    }
    if (confFile != null) {
      if (!new File(confFile).isFile()) {
        throw new IllegalArgumentException("configuration file " + confFile + " does not exist");
      }
      conf.addResource(new org.apache.hadoop.fs.Path(new File(confFile).getAbsolutePath()));
    }
    String dataDir = option(a, "--data-dir");
    if (dataDir != null) {
      conf.set(ServerConfig.ROOT_DIR.name(), new File(dataDir).getAbsoluteFile().toURI()
          .toString());
    } else {
      String root = ServerConfig.ROOT_DIR.get(conf);
      if (root.startsWith("file:") && !root.startsWith("file:/")) {
        conf.set(ServerConfig.ROOT_DIR.name(),
            new File(root.substring(5)).getAbsoluteFile().toURI().toString());
      }
    }
    String port = option(a, "--thrift-port");
    if (port != null) {
      conf.set(ServerConfig.THRIFT_PORT.name(), port);
    }
    String thrift1Port = option(a, "--thrift1-port");
    if (thrift1Port != null) {
      conf.set(ServerConfig.THRIFT1_PORT.name(), thrift1Port);
    }
    String adminPort = option(a, "--admin-port");
    if (adminPort != null) {
      conf.set(ServerConfig.ADMIN_PORT.name(), adminPort);
    }
    String rootDir = option(a, "--root");
    if (rootDir != null) {
      conf.set(ServerConfig.ROOT_DIR.name(), rootDir.contains(":/") ? rootDir
          : new File(rootDir).getAbsoluteFile().toURI().toString());
    }
    String quorum = option(a, "--zk-quorum");
    if (quorum != null) {
      conf.set(ServerConfig.ZK_QUORUM.name(), quorum);
    }
    String rpcPort = option(a, "--rpc-port");
    if (rpcPort != null) {
      conf.set(ServerConfig.RPC_PORT.name(), rpcPort);
    }
    String masterPort = option(a, "--master-port");
    if (masterPort != null) {
      conf.set(MasterConfig.MASTER_PORT.name(), masterPort);
    }
    String infoPort = option(a, "--info-port");
    if (infoPort != null) {
      conf.set(ServerConfig.INFO_PORT.name(), infoPort);
    }
    String zkPort = option(a, "--zk-port");
    if (zkPort != null) {
      conf.set(StandaloneConfig.ZK_PORT.name(), zkPort);
    }
    if (!a.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments " + a);
    }
    return conf;
  }

  private static String option(List<String> a, String name) {
    int i = a.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= a.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String v = a.get(i + 1);
    a.remove(i + 1);
    a.remove(i);
    return v;
  }

  /** Stops this process at once: what a server does when it must not go on serving. */
  static void halt(String reason) {
    System.err.println("basalt: stopping at once: " + reason);
    org.slf4j.LoggerFactory.getLogger(Main.class).error("stopping at once: {}", reason);
    org.apache.logging.log4j.LogManager.shutdown();
    Runtime.getRuntime().halt(1);
  }

  private static Configuration configureOrExit(String command, String[] args) {
    try {
      return configure(args);
    } catch (IllegalArgumentException e) {
      System.err.println("basalt " + command + ": " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /**
   * Runs until SIGTERM, which runs {@code stop} and then stops logging (told not to stop on its
   * own in conf/log4j2.xml, so the shutdown's own lines still print).
   */
  private static void runUntilStopped(java.io.Closeable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.close();
      } catch (Exception e) {
        System.err.println("basalt: error while stopping: " + e);
      } finally {
        stopped.countDown();
        org.apache.logging.log4j.LogManager.shutdown();
      }
    }, "basalt-shutdown"));
    stopped.await();
  }

  /** One line saying why a server could not start (the log has the stack trace), then exit 1. */
  private static void failToStart(String command, Exception e) {
    org.slf4j.LoggerFactory.getLogger(Main.class).error("{} could not start", command, e);
    String cause = e.getCause() != null && e.getCause().getMessage() != null
        ? " (" + e.getCause().getMessage() + ")" : "";
    System.err.println("basalt " + command + ": could not start: " + e.getMessage() + cause);
    org.apache.logging.log4j.LogManager.shutdown();
    System.exit(1);
  }

  private static void master(String[] args) throws Exception {
    Configuration conf = configureOrExit("master", args);
    System.out.println("Basalt master starting; it waits as a backup while another is active");
    System.out.flush();
    org.basaltdb.master.MasterProcess m;
    try {
      m = org.basaltdb.master.MasterProcess.start(conf,
          new org.basaltdb.regionserver.region.RegionSplitFiles(), Main::halt);
    } catch (java.io.IOException | org.apache.thrift.transport.TTransportException e) {
      failToStart("master", e);
      return;
    }
    System.out.println("Basalt master active: " + m.master().serverName() + infoLine(
        m.infoPort()));
    System.out.flush();
    runUntilStopped(m);
  }

  private static void regionServer(String[] args) throws Exception {
    Configuration conf = configureOrExit("regionserver", args);
    org.basaltdb.regionserver.server.RegionServerProcess rs;
    try {
      rs = org.basaltdb.regionserver.server.RegionServerProcess.start(conf, Main::halt);
    } catch (java.io.IOException | org.apache.thrift.transport.TTransportException e) {
      failToStart("regionserver", e);
      return;
    }
    System.out.printf("Basalt region server %s ready: Thrift on port %d, RPC on port %d,"
        + " admin on port %d, Thrift1 on port %d%s%n", rs.serverName(), rs.thriftPort(),
        rs.rpcPort(), rs.adminPort(), rs.thrift1Port(), infoLine(rs.infoPort()));
    System.out.flush();
    runUntilStopped(rs);
  }

  /** ", HTTP info on port N" for the start-up line, or nothing when it is off. */
  private static String infoLine(int port) {
    return port < 0 ? "" : ", HTTP info on port " + port;
  }

  private static void zookeeper(String[] args) throws Exception {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    String port = option(a, "--zk-port");
    String oldPort = option(a, "--port"); // the spelling before --zk-port
    port = port != null ? port : oldPort;
    String dir = option(a, "--data-dir");
    if (!a.isEmpty()) {
      System.err.println("basalt zookeeper: unknown arguments " + a);
      System.exit(2);
    }
    EmbeddedZooKeeper zk = new EmbeddedZooKeeper(new File(dir == null ? "zookeeper" : dir),
        port == null ? 2181 : Integer.parseInt(port));
    System.out.println("ZooKeeper ready on " + zk.connectString());
    System.out.flush();
    runUntilStopped(zk::close);
  }

  private static void standalone(String[] args) throws Exception {
    Configuration conf = configureOrExit("standalone", args);
    long t0 = System.nanoTime();
    Standalone s = Standalone.start(conf);
    System.out.printf("Basalt standalone ready in %.1f s: Thrift on port %d, Thrift1 on port %d,"
        + " admin on port %d, ZooKeeper on port %d%s, data in %s%n",
        (System.nanoTime() - t0) / 1e9, s.thriftPort(), s.thrift1Port(), s.adminPort(),
        s.zooKeeperPort(), infoLine(s.infoPort()), s.rootDir());
    System.out.flush();
    runUntilStopped(s);
  }
}
