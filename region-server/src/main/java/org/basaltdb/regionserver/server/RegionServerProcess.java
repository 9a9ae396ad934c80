package org.basaltdb.regionserver.server;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TProcessor;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Hosts;
import org.basaltdb.common.Version;
import org.basaltdb.regionserver.thrift.AdminHandler;
import org.basaltdb.regionserver.thrift.DirectReplies;
import org.basaltdb.regionserver.thrift.RequestMetrics;
import org.basaltdb.regionserver.thrift.Thrift1Handler;
import org.basaltdb.regionserver.thrift.ThriftHandler;
import org.basaltdb.regionserver.thrift.ThriftServers;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.server.info.ThriftMeters;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.basaltdb.server.coordination.SessionLease;
import org.basaltdb.server.layout.RootDir;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.server.rpc.ServerCalls;
import org.basaltdb.server.rpc.ThriftServer;
import org.basaltdb.thrift.generated.cluster.RegionServerRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region server of a cluster ({@code bin/basalt regionserver}): announces itself in
 * ZooKeeper, opens the regions the master assigns, serves HBase's Thrift API for every table
 * (forwarding requests for regions served elsewhere), and asks the master to split regions that
 * grow too big. Its logs are split by the master when it dies.
 *
 * <p>Losing the ZooKeeper session, or a WAL that fails for good, stops the process at once: the
 * master may already be reassigning its regions, and serving them too could return stale data.
 */
public final class RegionServerProcess implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RegionServerProcess.class);

  private final Coordination coordination;
  private final SessionLease lease;
  private final RegionServer rs;
  private final RpcClients clients;
  private final ThriftServer thrift;
  private final ThriftServer thrift1;
  private final ThriftServer rpc;
  private final ThriftServer admin;
  private final ExecutorService splitAsker;
  /** The HTTP info server; null when {@code info.port} is -1. */
  private final InfoServer info;

  private RegionServerProcess(Coordination c, SessionLease lease, RegionServer rs,
      RpcClients clients, ThriftServer thrift, ThriftServer thrift1, ThriftServer rpc,
      ThriftServer admin, ExecutorService splitAsker, InfoServer info) {
    this.info = info;
    this.coordination = c;
    this.lease = lease;
    this.rs = rs;
    this.clients = clients;
    this.thrift = thrift;
    this.thrift1 = thrift1;
    this.rpc = rpc;
    this.admin = admin;
    this.splitAsker = splitAsker;
  }

  /** Starts a region server; returns once it is registered and serving. */
  public static RegionServerProcess start(Configuration conf,
      java.util.function.Consumer<String> abort)
      throws IOException, TTransportException {
    RootDir root = RootDir.of(conf);
    String host = Hosts.advertised(ServerConfig.HOST.get(conf));
    // Bound now: the server's name and its ZooKeeper entry carry the ports.
    InfoServer info = InfoServer.bind(conf, ServerConfig.REGION_SERVER_INFO_PORT,
        "region server");
    ServerSocket thriftSocket;
    try {
      thriftSocket = ThriftServer.listen(conf, ServerConfig.THRIFT_PORT.get(conf));
    } catch (IOException | RuntimeException e) {
      if (info != null) {
        info.close();
      }
      throw e;
    }
    ServerSocket thrift1Socket = null;
    ServerSocket rpcSocket = null;
    ServerSocket adminSocket = null;
    try {
      thrift1Socket = ThriftServer.listen(conf, ServerConfig.THRIFT1_PORT.get(conf));
      rpcSocket = ThriftServer.listen(conf, ServerConfig.RPC_PORT.get(conf));
      adminSocket = ThriftServer.listen(conf, ServerConfig.ADMIN_PORT.get(conf));
      return startOn(conf, abort, root, host, info, thriftSocket, thrift1Socket, rpcSocket,
          adminSocket);
    } catch (IOException | TTransportException | RuntimeException e) {
      if (info != null) {
        info.close();
      }
      for (ServerSocket s : new ServerSocket[] {thriftSocket, thrift1Socket, rpcSocket,
          adminSocket}) {
        if (s != null) {
          s.close();
        }
      }
      throw e;
    }
  }

  /** The rest of {@link #start}, on the sockets it bound. */
  private static RegionServerProcess startOn(Configuration conf,
      java.util.function.Consumer<String> abort, RootDir root, String host, InfoServer info,
      ServerSocket thriftSocket, ServerSocket thrift1Socket, ServerSocket rpcSocket,
      ServerSocket adminSocket) throws IOException, TTransportException {
    int thriftPort = thriftSocket.getLocalPort();
    ServerConfig.THRIFT1_PORT.set(conf, thrift1Socket.getLocalPort());
    int rpcPort = rpcSocket.getLocalPort();
    int adminPort = adminSocket.getLocalPort();
    ServerConfig.THRIFT_PORT.set(conf, thriftPort);
    ServerConfig.ADMIN_PORT.set(conf, adminPort);
    String serverName = host + "," + thriftPort + "," + Clock.SYSTEM.currentTimeMillis();

    Coordination c = new Coordination(ServerConfig.ZK_QUORUM.get(conf),
        (int) (long) ServerConfig.ZK_SESSION_TIMEOUT.get(conf), ServerConfig.ZK_ROOT.get(conf));
    RegionServer rs = new RegionServer(conf, root.fs(), root.path(), serverName, Clock.SYSTEM);
    rs.setAbortHandler(abort::accept);
    c.onSessionLost(() -> {
      rs.abort();
      abort.accept("the ZooKeeper session of " + serverName + " expired");
    });
    RpcClients clients = new RpcClients((int) (long) ServerConfig.RPC_TIMEOUT.get(conf));
    RemoteMaster master = new RemoteMaster(c, clients);
    ExecutorService splitAsker = Executors.newSingleThreadExecutor(
        new ThreadFactoryBuilder().setNameFormat("basalt-split-requests").setDaemon(true).build());
    rs.setSplitRequester(region -> splitAsker.execute(() -> {
      try {
        master.requestSplit(region.name());
      } catch (IOException | RuntimeException e) {
        LOG.warn("the master did not split {}: {}", region.name(), e.getMessage());
      }
    }));
    ClusterForwarder forwarder = new ClusterForwarder(serverName, master, c, clients);
    forwarder.watchServers();
    ThriftHandler clientHandler = new ThriftHandler(rs, master, forwarder);
    ThriftHandler localHandler = new ThriftHandler(rs, master);
    Map<String, TProcessor> services = Map.of(
        RpcClients.REGION_SERVER, new RegionServerRpc.Processor<>(new RegionServerRpcHandler(rs,
            reason -> System.exit(0))),
        RpcClients.HBASE, new DirectReplies(localHandler));
    ServerConfig.RPC_PORT.set(conf, rpcPort);
    ThriftServer rpc = ThriftServers.forInternal(conf, rpcSocket, services, localHandler,
        "region server RPC");
    RequestMetrics requests = RequestMetrics.OFF;
    if (info != null) {
      RegionServerInfo.register(info, rs);
      requests = new RequestMetrics(info.registry());
      info.start();
    }
    ThriftServer thrift = ThriftServers.forClients(conf, clientHandler, thriftSocket, requests);
    AdminHandler adminHandler = new AdminHandler(rs, master, Version.VERSION,
        Clock.SYSTEM.currentTimeMillis(),
        AdminHandler.PeerRegions.over(new ServerCalls(c, clients)));
    ThriftServer admin = ThriftServers.forAdmin(conf, adminHandler, adminSocket);
    // Thrift1 goes through the same client handler as Thrift2: same routing and forwarding.
    ThriftServer thrift1 = ThriftServers.forThrift1(conf, new Thrift1Handler(clientHandler,
        master, Thrift1Handler.Compactor.of(adminHandler)), thrift1Socket, requests);
    ThriftMeters.register(info, thrift);
    ThriftMeters.register(info, thrift1);
    rpc.start();
    // Announce before the WAL directory exists, so no master mistakes it for a dead server's.
    c.registerRegionServer(serverName, new ServerEndpoints(host, thriftPort, rpcPort, adminPort));
    // From here on every request is served only under a confirmed session (SessionLease).
    SessionLease lease = new SessionLease(c, serverName, ServerConfig.ZK_SESSION_LEASE.get(conf),
        Clock.SYSTEM, reason -> {
          rs.abort();
          abort.accept(reason);
        });
    rs.setSessionLease(lease);
    lease.start(c.negotiatedSessionTimeout(), ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
    rs.start(other -> false); // the master splits dead servers' logs
    thrift.start();
    thrift1.start();
    admin.start();
    LOG.info("region server {} ready: Thrift on {}, Thrift1 on {}, RPC on {}, admin on {},"
        + " info on {}, data in {}", serverName, thriftPort, thrift1.port(), rpcPort, adminPort,
        info == null ? "none" : info.port(), root.path());
    return new RegionServerProcess(c, lease, rs, clients, thrift, thrift1, rpc, admin,
        splitAsker, info);
  }

  public RegionServer regionServer() {
    return rs;
  }

  public String serverName() {
    return rs.serverName();
  }

  public int thriftPort() {
    return thrift.port();
  }

  public int thrift1Port() {
    return thrift1.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public int rpcPort() {
    return rpc.port();
  }

  /** The HTTP info server's port, or -1 when it is off. */
  public int infoPort() {
    return info == null ? -1 : info.port();
  }

  /**
   * Stops at once without flushing, as a crash would: the regions' edits stay in the WAL for
   * the master to split and replay elsewhere once ZooKeeper notices this server gone.
   */
  public void abort() {
    rs.abort();
    thrift.close();
    thrift1.close();
    admin.close();
    rpc.close();
    splitAsker.shutdownNow();
    clients.close();
    lease.close();
    coordination.close();
    if (info != null) {
      info.close();
    }
  }

  /** Stops serving, flushes and closes every region, then leaves ZooKeeper. */
  @Override
  public void close() throws IOException {
    thrift.close();
    thrift1.close();
    admin.close();
    try {
      rs.close();
    } finally {
      rpc.close();
      splitAsker.shutdownNow();
      clients.close();
      lease.close();
      coordination.close();
      if (info != null) {
        info.close();
      }
    }
    LOG.info("region server {} stopped", rs.serverName());
  }
}
