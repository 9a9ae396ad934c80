package org.basaltdb.master;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TProcessor;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Hosts;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.server.layout.RootDir;
import org.basaltdb.server.layout.SplitFiles;
import org.basaltdb.server.rpc.CatalogHandler;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.server.rpc.ThriftServer;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.cluster.MasterRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master process ({@code bin/basalt master}): joins the election in ZooKeeper and waits, as a
 * backup, until it is the active master; then takes charge of the cluster and opens its RPC
 * port (DDL and the catalog as THBaseService, and MasterRpc). It stops at once if it loses its
 * leadership or its ZooKeeper session: another master is (or will be) in charge.
 */
public final class MasterProcess implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterProcess.class);

  private final Coordination coordination;
  private final RpcClients clients;
  private final Master master;
  private final ThriftServer rpc;

  /** The HTTP info server; null when {@code info.port} is -1. */
  private final InfoServer info;

  private MasterProcess(Coordination c, RpcClients clients, Master master, ThriftServer rpc,
      InfoServer info) {
    this.info = info;
    this.coordination = c;
    this.clients = clients;
    this.master = master;
    this.rpc = rpc;
  }

  /**
   * Starts a master; returns once it is the active master and serving (which, for a backup, is
   * when the active one is gone). {@code files} does the file work of splits and merges (the
   * region server's {@code RegionSplitFiles}). {@code abort} runs if it loses leadership or its
   * session.
   */
  public static MasterProcess start(Configuration conf, SplitFiles files,
      java.util.function.Consumer<String> abort)
      throws IOException, org.apache.thrift.transport.TTransportException {
    RootDir root = RootDir.of(conf);
    // Bound first: a port in use fails the start; a backup answers /health while it waits.
    InfoServer info = InfoServer.bind(conf, ServerConfig.INFO_PORT.defaultValue(), "master");
    try {
      return start(conf, files, abort, root, info);
    } catch (IOException | org.apache.thrift.transport.TTransportException | RuntimeException e) {
      if (info != null) {
        info.close();
      }
      throw e;
    }
  }

  private static MasterProcess start(Configuration conf, SplitFiles files,
      java.util.function.Consumer<String> abort, RootDir root, InfoServer info)
      throws IOException, org.apache.thrift.transport.TTransportException {
    String host = Hosts.advertised(MasterConfig.MASTER_HOST.get(conf));
    int port = Hosts.portOrFree(MasterConfig.MASTER_PORT.get(conf));
    String endpoint = host + ":" + port;
    Coordination c = new Coordination(ServerConfig.ZK_QUORUM.get(conf),
        (int) (long) ServerConfig.ZK_SESSION_TIMEOUT.get(conf), ServerConfig.ZK_ROOT.get(conf));
    c.onSessionLost(() -> abort.accept("the ZooKeeper session of master " + endpoint
        + " expired"));
    LOG.info("master {} waiting to become the active master", endpoint);
    boolean[] active = new boolean[1];
    java.util.concurrent.atomic.AtomicReference<Master> serving =
        new java.util.concurrent.atomic.AtomicReference<>();
    if (info != null) {
      info.addReadinessCheck("master", () -> serving.get() != null ? null
          : "master " + endpoint + " is a backup, or not yet serving");
      info.start();
    }
    if (!c.electMaster(endpoint, Long.MAX_VALUE, () -> {
      if (active[0]) {
        abort.accept("master " + endpoint + " lost its leadership");
      }
    })) {
      c.close();
      throw new IOException("master " + endpoint + " was not elected");
    }
    active[0] = true;
    LOG.info("master {} is the active master", endpoint);
    RpcClients clients = new RpcClients((int) (long) ServerConfig.RPC_TIMEOUT.get(conf));
    Master master = Master.forCluster(conf, root.fs(), root.path(), Clock.SYSTEM, c, clients,
        files, endpoint);
    try {
      master.start();
      Map<String, TProcessor> services = Map.of(
          RpcClients.MASTER, new MasterRpc.Processor<>(new MasterRpcHandler(master)),
          RpcClients.HBASE, new THBaseService.Processor<>(new CatalogHandler(master)));
      ThriftServer rpc = ThriftServer.forInternal(conf, ThriftServer.listen(conf, port), services,
          () -> { }, "master RPC");
      rpc.start();
      if (info != null) {
        MasterInfo.register(info, master);
      }
      serving.set(master);
      LOG.info("master {} ready", endpoint);
      return new MasterProcess(c, clients, master, rpc, info);
    } catch (IOException | org.apache.thrift.transport.TTransportException | RuntimeException e) {
      master.stop();
      clients.close();
      c.close();
      throw e;
    }
  }

  public Master master() {
    return master;
  }

  /** The HTTP info server's port, or -1 when it is off. */
  public int infoPort() {
    return info == null ? -1 : info.port();
  }

  /** Stops serving and steps down; a backup master takes over. */
  @Override
  public void close() {
    rpc.close();
    master.stop();
    clients.close();
    coordination.close();
    if (info != null) {
      info.close();
    }
    LOG.info("master {} stopped", master.serverName());
  }
}
