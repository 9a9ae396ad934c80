package org.basaltdb.standalone;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.regionserver.server.ServerConfig;

/**
 * {@code bin/basalt}'s entry point.
 *
 * <pre>
 * basalt standalone [--data-dir DIR] [--thrift-port N] [--zk-port N] [--conf FILE]
 * basalt dump-sstable [--meta] [--limit N] [--values] FILE
 * basalt dump-wal [-v] FILE...
 * basalt version
 * </pre>
 */
public final class Main {
  static final String VERSION = "0.1.0-SNAPSHOT";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(1);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "standalone" -> standalone(rest);
      case "dump-sstable" -> org.basaltdb.regionserver.sstable.DumpSSTable.main(rest);
      case "dump-wal" -> org.basaltdb.wal.DumpWal.main(rest);
      case "version" -> System.out.println("Basalt " + VERSION);
      case "help", "-h", "--help" -> usage();
      default -> {
        System.err.println("basalt: unknown command '" + args[0] + "'");
        usage();
        System.exit(1);
      }
    }
  }

  private static void usage() {
    System.err.println("""
        usage: basalt COMMAND [ARGS]
          standalone [--data-dir DIR] [--thrift-port N] [--admin-port N] [--zk-port N]
                     [--conf FILE]  run ZooKeeper, master, region server and Thrift in one process
          dump-sstable [--meta] [--limit N] [--values] FILE   print an SSTable
          dump-wal [-v] FILE...                               print WAL files
          version                                             print the version""");
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
    String adminPort = option(a, "--admin-port");
    if (adminPort != null) {
      conf.set(ServerConfig.ADMIN_PORT.name(), adminPort);
    }
    String zkPort = option(a, "--zk-port");
    if (zkPort != null) {
      conf.set(Standalone.ZK_PORT.name(), zkPort);
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

  private static void standalone(String[] args) throws Exception {
    Configuration conf;
    try {
      conf = configure(args);
    } catch (IllegalArgumentException e) {
      System.err.println("basalt standalone: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    Standalone s = Standalone.start(conf);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        s.close();
      } catch (Exception e) {
        System.err.println("basalt: error while stopping: " + e);
      } finally {
        stopped.countDown();
        // Logging was told not to stop on its own (conf/log4j2.xml), so the lines above print.
        org.apache.logging.log4j.LogManager.shutdown();
      }
    }, "basalt-shutdown"));
    System.out.printf("Basalt standalone ready in %.1f s: Thrift on port %d, admin on port %d,"
        + " ZooKeeper on port %d, data in %s%n", (System.nanoTime() - t0) / 1e9, s.thriftPort(),
        s.adminPort(), s.zooKeeperPort(), s.rootDir());
    System.out.flush();
    stopped.await();
  }
}
