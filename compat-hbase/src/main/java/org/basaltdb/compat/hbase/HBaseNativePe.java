package org.basaltdb.compat.hbase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.basaltdb.tools.PeLines;
import org.basaltdb.tools.PerformanceEvaluation;

/**
 * {@code pe} through Apache HBase's native client ({@link HBaseTablePeClient}), on HBase's own
 * class path: HBase's side of {@code bench-ycsb --java-client}.
 *
 * <pre>
 *   HBaseNativePe --zk-port N [--zk-host H] --serve          pe runs read from stdin (PeLines)
 *   HBaseNativePe --zk-port N [--zk-host H] PE-ARGS...       one pe invocation, lines on stdout
 * </pre>
 * The cluster is found through its ZooKeeper (the gateway's {@code GW READY} line gives the
 * port); pe's own {@code --warmup} is Basalt's stand-in server only, so give {@code --warmup 0}.
 */
public final class HBaseNativePe {
  private HBaseNativePe() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
        true, StandardCharsets.UTF_8);
    String zkHost = "127.0.0.1";
    int zkPort = -1;
    boolean serve = false;
    List<String> pe = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--zk-port" -> zkPort = Integer.parseInt(args[++i]);
        case "--zk-host" -> zkHost = args[++i];
        case "--serve" -> serve = true;
        default -> pe.add(args[i]);
      }
    }
    if (zkPort <= 0) {
      System.err.println("HBaseNativePe: --zk-port N is required");
      System.exit(2);
    }
    HBaseTablePeClient.Factory factory = new HBaseTablePeClient.Factory(conf(zkHost, zkPort));
    if (serve) {
      PeLines.serve(factory, new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8)), out);
      System.exit(0);
    }
    PerformanceEvaluation.Options o = PerformanceEvaluation.parse(pe.toArray(new String[0]));
    if (o == null) {
      out.println("pe's options: bin/pe --help");
      return;
    }
    boolean failed = false;
    for (PerformanceEvaluation.Command c : o.commands) {
      PerformanceEvaluation.Result r = PerformanceEvaluation.run(o, c, factory);
      out.println(o.json ? r.json() : r.line());
      failed |= r.errors() > 0;
    }
    System.exit(failed ? 1 : 0);
  }

  /** A client configuration for the cluster whose ZooKeeper listens on {@code host:port}. */
  static Configuration conf(String host, int port) {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", host);
    conf.setInt("hbase.zookeeper.property.clientPort", port);
    return conf;
  }
}
