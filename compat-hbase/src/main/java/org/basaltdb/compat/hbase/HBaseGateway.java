package org.basaltdb.compat.hbase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HRegionServer;
import org.apache.hadoop.hbase.regionserver.HStore;
import org.apache.hadoop.hbase.security.UserProvider;
import org.apache.hadoop.hbase.thrift2.ThriftHBaseServiceHandler;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;

/**
 * Apache HBase 2.6.1 for the differential test, in a JVM of its own (its unshaded Hadoop must
 * not meet Basalt's shaded client): a mini-cluster (one master, one region server, embedded
 * ZooKeeper, the local filesystem), HBase's own Thrift2 {@code THBaseService} handler served
 * over an unframed binary socket on a free loopback port, and HBase's Thrift1 gateway
 * ({@link Thrift1Gateway}) on another.
 *
 * <p>Protocol on stdout/stdin, one line each, every line of ours prefixed {@code GW } so that
 * log output cannot be mistaken for it:
 * <pre>
 *   GW READY &lt;thrift2&gt; &lt;thrift1&gt; &lt;zk&gt;     printed once all serve: the two Thrift ports
 *                                     and the mini-cluster's ZooKeeper client port
 *   flush &lt;table&gt;                     every region of the table flushed, synchronously
 *   compact &lt;table&gt;                   every region major-compacted, synchronously
 *   stats                             GW OK compactionQueue=N flushQueue=N storeFiles=N
 *   GW OK | GW ERR &lt;message&gt;           the answer to each command
 * </pre>
 * End of stdin stops the cluster and the process.
 *
 * <p>Arguments: none for the differential tests (flushes and compactions only when asked). For
 * benchmarks ({@code YcsbCompare}), {@code --bench} keeps HBase's own flush and compaction
 * defaults, and {@code --flush-size BYTES} and {@code --block-cache BYTES} set
 * {@code hbase.hregion.memstore.flush.size} and the block cache (as {@code hfile.block.cache.size},
 * the fraction of this JVM's heap those bytes are).
 */
public final class HBaseGateway {
  private HBaseGateway() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
        true, StandardCharsets.UTF_8);
    Configuration conf = HBaseConfiguration.create();
    conf.setInt("hbase.master.info.port", -1);
    conf.setInt("hbase.regionserver.info.port", -1);
    // The local filesystem has no hflush: HBase must not insist, and must use the plain WAL.
    conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    conf.set("hbase.wal.provider", "filesystem");
    boolean bench = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bench" -> bench = true;
        case "--flush-size" -> conf.setLong("hbase.hregion.memstore.flush.size",
            Long.parseLong(args[++i]));
        case "--block-cache" -> conf.setFloat("hfile.block.cache.size",
            (float) ((double) Long.parseLong(args[++i]) / Runtime.getRuntime().maxMemory()));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!bench) {
      // Compactions and flushes happen when the test asks, not on their own.
      conf.setInt("hbase.hstore.compactionThreshold", 1000);
      conf.setInt("hbase.hstore.blockingStoreFiles", 2000);
      conf.setLong("hbase.hregion.majorcompaction", 0);
      conf.setLong("hbase.hregion.memstore.flush.size", 512L << 20);
    }
    HBaseTestingUtility util = new HBaseTestingUtility(conf);
    util.startMiniZKCluster();
    util.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1)
        .numRegionServers(1).build());
    // The Thrift handler's own client fails an operation the region server refused at once:
    // with the default retries a refused scan (a batch with a row filter) took HBase 30 s, most
    // of a short run's time. Nothing here moves regions, so retries change no answer.
    Configuration clusterConf = new Configuration(util.getConfiguration());
    clusterConf.setInt("hbase.client.retries.number", 1);
    clusterConf.setLong("hbase.client.pause", 10);
    ThriftHBaseServiceHandler handler =
        new ThriftHBaseServiceHandler(clusterConf, UserProvider.instantiate(clusterConf));
    TServerSocket socket =
        new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = socket.getServerSocket().getLocalPort();
    TServer server = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
        .processor(new THBaseService.Processor<>(handler))
        .protocolFactory(new TBinaryProtocol.Factory()).minWorkerThreads(2));
    Thread serving = new Thread(server::serve, "thrift2");
    serving.setDaemon(true);
    serving.start();
    int thrift1Port = Thrift1Gateway.start(clusterConf);
    // The ZooKeeper port lets HBase's native client (HBaseNativePe) find the cluster.
    out.println("GW READY " + port + " " + thrift1Port + " "
        + util.getZkCluster().getClientPort());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] parts = line.trim().split(" ");
      try {
        switch (parts[0]) {
          case "flush" -> util.flush(TableName.valueOf(parts[1]));
          case "compact" -> util.compact(TableName.valueOf(parts[1]), true);
          case "stats" -> {
            out.println("GW OK " + stats(util.getMiniHBaseCluster().getRegionServer(0)));
            continue;
          }
          default -> throw new IllegalArgumentException("unknown command '" + line + "'");
        }
        out.println("GW OK");
      } catch (Exception e) {
        out.println("GW ERR " + e.toString().replace('\n', ' '));
      }
    }
    server.stop();
    util.shutdownMiniHBaseCluster();
    util.shutdownMiniZKCluster();
    System.exit(0);
  }

  /** The region server's compaction and flush backlog, and its store files, right now. */
  private static String stats(HRegionServer rs) {
    long files = 0;
    for (HRegion r : rs.getRegions()) {
      for (HStore st : r.getStores()) {
        files += st.getStorefilesCount();
      }
    }
    return "compactionQueue=" + rs.getCompactSplitThread().getCompactionQueueSize()
        + " flushQueue=" + rs.getMetrics().getRegionServerWrapper().getFlushQueueSize()
        + " storeFiles=" + files;
  }
}
