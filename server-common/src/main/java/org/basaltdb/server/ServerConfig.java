package org.basaltdb.server;

import java.util.List;
import org.basaltdb.common.ConfigKey;

/**
 * Configuration keys every server process reads, master and region server alike: the root
 * directory, ZooKeeper, the ports and the Thrift server's limits, the internal RPC. Keys of the
 * storage engine and the region server alone are in region-server's {@code RegionServerConfig},
 * the master's (its host and port included) in {@code MasterConfig}. Listed in
 * docs/configuration.md.
 */
public final class ServerConfig {
  private ServerConfig() {}

  public static final ConfigKey<String> ROOT_DIR = ConfigKey.ofString("basalt.root.dir",
      "file:./data", "Where Basalt keeps its files: hdfs://namenode:8020/basalt in a cluster, "
          + "a local directory in standalone mode.");

  public static final ConfigKey<String> ZK_QUORUM = ConfigKey.ofString("zookeeper.quorum",
      "localhost:2181", "The ZooKeeper ensemble, host:port[,host:port...].");

  public static final ConfigKey<Long> ZK_SESSION_TIMEOUT = ConfigKey.ofMillis(
      "zookeeper.session.timeout", 15_000,
      "ZooKeeper session timeout: how fast a dead server is noticed.");

  public static final ConfigKey<Double> ZK_SESSION_LEASE = ConfigKey.ofDouble(
      "zookeeper.session.lease.fraction", 0.66,
      "A region server serves reads and writes only while ZooKeeper confirmed its session less "
          + "than this fraction of the session timeout ago (it asks four times per lease); a "
          + "server paused longer refuses every request until ZooKeeper confirms it again. "
          + "Above 0, below 1; the rest of the timeout is margin between the two clocks.");

  public static final ConfigKey<String> ZK_ROOT = ConfigKey.ofString("zookeeper.root",
      "/basalt", "The parent znode of everything Basalt keeps in ZooKeeper.");

  public static final ConfigKey<String> THRIFT_BIND = ConfigKey.ofString("thrift.bind",
      "0.0.0.0", "The address the Thrift client service listens on.");

  public static final ConfigKey<Integer> THRIFT_PORT = ConfigKey.ofInt("thrift.port", 9090,
      "The port of the HBase-compatible Thrift client service (HBase's default).");

  public static final ConfigKey<Integer> THRIFT1_PORT = ConfigKey.ofInt("thrift1.port", 9089,
      "The port of HBase's older Thrift1 service (happybase); HBase serves it on 9090 too, so"
      + " Basalt takes the port beside it (9091 and up are bin/cluster's region servers')."
      + " Same transport, protocol and limits as thrift.port.");

  public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.ofInt("admin.port", 16020,
      "The port of Basalt's own admin service (flush, compact, status).");

  public static final ConfigKey<Boolean> THRIFT_FRAMED = ConfigKey.ofBoolean("thrift.framed",
      false, "Framed transport instead of unframed (HBase's Thrift2 default is unframed).");

  public static final ConfigKey<Boolean> THRIFT_COMPACT = ConfigKey.ofBoolean("thrift.compact",
      false, "Compact protocol instead of binary.");

  public static final ConfigKey<Long> THRIFT_MAX_MESSAGE = ConfigKey.ofBytes(
      "thrift.max.message.size", 64L << 20,
      "The largest request (and frame) accepted; larger ones close that client's connection.");

  public static final ConfigKey<Integer> THRIFT_MAX_STRING = ConfigKey.ofInt(
      "thrift.max.string.length", 32 << 20,
      "The longest string or binary field accepted in a request.");

  public static final ConfigKey<Integer> THRIFT_MAX_CONTAINER = ConfigKey.ofInt(
      "thrift.max.container.length", 1_000_000,
      "The most elements of a list, set or map accepted in a request.");

  public static final ConfigKey<Integer> THRIFT_MIN_WORKERS = ConfigKey.ofInt(
      "thrift.workers.min", 8,
      "Worker threads started with a Thrift service (an idle worker ends after 60 s).");

  public static final ConfigKey<Integer> THRIFT_MAX_WORKERS = ConfigKey.ofInt(
      "thrift.workers.max", 256,
      "The most Thrift requests served at once (one worker thread each); a busy connection"
          + " beyond waits for a worker. Idle connections hold no worker.");

  public static final ConfigKey<Integer> THRIFT_MAX_CONNECTIONS = ConfigKey.ofInt(
      "thrift.connections.max", 5000,
      "The most client connections a Thrift service keeps open, idle or busy; the next one is"
          + " answered with an error naming this limit and closed. Keep it below the process's"
          + " open-file limit.");

  public static final ConfigKey<Long> THRIFT_LINGER = ConfigKey.ofMillis(
      "thrift.connection.linger", 20,
      "How long a worker waits for a connection's next request before it hands the connection"
          + " back to the selector (0: at once); it does not wait while other connections wait"
          + " for a worker.");

  public static final ConfigKey<Long> THRIFT_READ_TIMEOUT = ConfigKey.ofMillis(
      "thrift.read.timeout", 60_000,
      "How long a client may take to send the rest of a request it has begun; a slower one"
          + " loses its connection. Idle connections have no timeout.");

  public static final ConfigKey<Integer> RPC_PORT = ConfigKey.ofInt("rpc.port", 16030,
      "The port of a region server's internal RPC service (region opens from the master, "
          + "requests forwarded by other region servers); cluster mode only.");

  public static final ConfigKey<String> HOST = ConfigKey.ofString("server.host", "",
      "The host name a server advertises in ZooKeeper and region locations "
          + "(default: this machine's canonical name).");

  public static final ConfigKey<Long> RPC_TIMEOUT = ConfigKey.ofMillis("rpc.timeout", 60_000,
      "How long one internal call between servers may take (a region open replays its edits).");

  public static final ConfigKey<Integer> INFO_PORT = ConfigKey.ofInt("info.port", 16010,
      "The HTTP info port (/metrics, /health, /ready, /conf, /stacks): 0 picks a free one, -1"
          + " turns it off. Default 16010 for the master and standalone (HBase's master UI port),"
          + " 16011 for a region server (HBase's 16030 is Basalt's rpc.port).");

  public static final ConfigKey<String> INFO_BIND = ConfigKey.ofString("info.bind", "0.0.0.0",
      "The address the HTTP info server listens on.");

  /** A region server's info port when {@code info.port} is not set. */
  public static final int REGION_SERVER_INFO_PORT = 16011;

  public static final List<ConfigKey<?>> ALL = List.of(ROOT_DIR, ZK_QUORUM, ZK_SESSION_TIMEOUT,
      ZK_SESSION_LEASE,
      ZK_ROOT, THRIFT_BIND, THRIFT_PORT, THRIFT1_PORT, ADMIN_PORT, THRIFT_FRAMED, THRIFT_COMPACT,
      THRIFT_MAX_MESSAGE, THRIFT_MAX_STRING, THRIFT_MAX_CONTAINER, THRIFT_MIN_WORKERS,
      THRIFT_MAX_WORKERS, THRIFT_MAX_CONNECTIONS, THRIFT_LINGER, THRIFT_READ_TIMEOUT, RPC_PORT, HOST, RPC_TIMEOUT, INFO_PORT, INFO_BIND);
}
