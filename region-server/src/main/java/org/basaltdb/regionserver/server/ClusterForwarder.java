package org.basaltdb.regionserver.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
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

  public ClusterForwarder(String self, MasterService master, Coordination coordination,
      RpcClients clients) {
    this.self = self;
    this.master = master;
    this.coordination = coordination;
    this.clients = clients;
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
    try {
      return clients.call(e.host(), e.rpcPort(), ch -> call.call(ch.hbase()));
    } catch (RpcClients.UnreachableException gone) {
      endpoints = coordination.liveRegionServers();
      throw gone;
    }
  }
}
