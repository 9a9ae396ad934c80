package org.basaltdb.regionserver.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.regionserver.thrift.Forwarder;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.basaltdb.server.rpc.RpcClients;

/**
 * The forwarder of a region server in a cluster: region locations come from the master and are
 * cached per table until a forwarded call finds a region gone; each server's internal endpoint
 * comes from its ZooKeeper node.
 *
 * <p>Once {@link #watchServers} runs, a server whose node goes away (its session ended: dead, or
 * paused or cut off past its session, as when its host vanishes) is forgotten at once: calls
 * waiting for its answer fail (the caller looks the region up again), the next call to it fails
 * as not live without connecting, and every cached location is dropped, since its regions are
 * about to move. Without this a call forwarded to a paused server, whose kernel still accepts
 * connections, waits out the whole {@code rpc.timeout} (60 s) after the master has moved its
 * regions.
 *
 * <p>Thread safety: safe for concurrent use; two threads may load the same table at once, and
 * the later answer wins, which is harmless.
 */
public final class ClusterForwarder implements Forwarder {
  private final String self;
  private final MasterService master;
  private final Coordination coordination;
  private final RpcClients clients;
  private final Map<TableName, NavigableMap<byte[], Owner>> tables = new ConcurrentHashMap<>();
  private volatile Map<String, ServerEndpoints> endpoints = Map.of();
  /** Where each server called was, so its calls can be cut off once it is gone. */
  private final Map<String, ServerEndpoints> called = new ConcurrentHashMap<>();

  public ClusterForwarder(String self, MasterService master, Coordination coordination,
      RpcClients clients) {
    this.self = self;
    this.master = master;
    this.coordination = coordination;
    this.clients = clients;
  }

  /** Watches region servers' nodes in ZooKeeper, calling {@link #serverGone} as each leaves. */
  public void watchServers() throws IOException {
    coordination.watchRegionServers(joined -> { }, this::serverGone);
  }

  /**
   * {@code server}'s session has ended: ends the calls waiting on it, stops calling it and drops
   * the cached locations.
   */
  void serverGone(String server) {
    Map<String, ServerEndpoints> before = endpoints;
    if (before.containsKey(server)) {
      Map<String, ServerEndpoints> after = new HashMap<>(before);
      after.remove(server);
      endpoints = Map.copyOf(after);
    }
    ServerEndpoints e = called.remove(server);
    if (e != null) {
      clients.cutOff(e.host(), e.rpcPort());
    }
    tables.clear();
  }

  @Override
  public Owner locate(TableName table, byte[] row) throws IOException {
    Owner o = find(load(table), row);
    if (o == null) {
      invalidate(table);
      o = find(load(table), row);
      if (o == null) {
        throw new IOException("no region of table " + table + " holds row '"
            + Bytes.toStringBinary(row) + "'");
      }
    }
    return o;
  }

  private static Owner find(NavigableMap<byte[], Owner> regions, byte[] row) {
    Map.Entry<byte[], Owner> e = regions.floorEntry(row);
    return e != null && e.getValue().region().containsRow(row) ? e.getValue() : null;
  }

  @Override
  public List<Owner> regions(TableName table, boolean fresh) throws IOException {
    if (fresh) {
      invalidate(table);
    }
    return new ArrayList<>(load(table).values());
  }

  @Override
  public void invalidate(TableName table) {
    tables.remove(table);
  }

  private NavigableMap<byte[], Owner> load(TableName table) throws IOException {
    NavigableMap<byte[], Owner> m = tables.get(table);
    if (m != null) {
      return m;
    }
    m = new TreeMap<>(Bytes.COMPARATOR);
    for (RegionLocation l : master.regionLocations(table)) {
      m.put(l.region().startKey(), new Owner(l.region(), l.server(), self.equals(l.server())));
    }
    m = Collections.unmodifiableNavigableMap(m);
    tables.put(table, m);
    return m;
  }

  @Override
  public <T> T call(String serverName, RemoteCall<T> call) throws IOException, TException {
    ServerEndpoints e = endpoints.get(serverName);
    if (e == null) {
      endpoints = coordination.liveRegionServers();
      e = endpoints.get(serverName);
      if (e == null) {
        throw new RpcClients.UnreachableException("region server " + serverName
            + " is not live", null);
      }
    }
    called.putIfAbsent(serverName, e);
    try {
      return clients.call(e.host(), e.rpcPort(), ch -> call.call(ch.hbase()));
    } catch (RpcClients.UnreachableException gone) {
      endpoints = coordination.liveRegionServers();
      throw gone;
    }
  }
}
