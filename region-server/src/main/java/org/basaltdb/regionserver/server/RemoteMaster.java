package org.basaltdb.regionserver.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.cluster.TClusterError;

/**
 * The active master, seen from a region server in a cluster: every {@link MasterService} call
 * goes over the master's internal RPC to whichever master ZooKeeper says is active. While no
 * master is active (between one dying and a backup taking over) calls fail with
 * {@link MasterUnavailableException}, which clients retry.
 *
 * <p>Errors keep the master's wording, so "table t does not exist" still reads as a missing
 * table to clients.
 */
public final class RemoteMaster implements MasterService {
  private final Coordination coordination;
  private final RpcClients clients;
  private volatile String clusterId;

  public RemoteMaster(Coordination coordination, RpcClients clients) {
    this.coordination = coordination;
    this.clients = clients;
  }

  /** The active master cannot be reached now; trying again later may succeed. */
  public static final class MasterUnavailableException extends NotServingRegionException {
    public MasterUnavailableException(String message) {
      super(message);
    }
  }

  private interface HBaseCall<T> {
    T call(org.basaltdb.thrift.generated.THBaseService.Client c) throws TException;
  }

  private interface MasterCall<T> {
    T call(org.basaltdb.thrift.generated.cluster.MasterRpc.Client c) throws TException;
  }

  private <T> T hbase(HBaseCall<T> call) throws IOException {
    return send(ch -> call.call(ch.hbase()));
  }

  private <T> T master(MasterCall<T> call) throws IOException {
    return send(ch -> call.call(ch.master()));
  }

  private <T> T send(RpcClients.Call<T> call) throws IOException {
    String active = coordination.activeMaster();
    if (active == null) {
      throw new MasterUnavailableException("no master is active (one may be taking over)");
    }
    int colon = active.lastIndexOf(':');
    String host = active.substring(0, colon);
    int port = Integer.parseInt(active.substring(colon + 1));
    try {
      return clients.call(host, port, call);
    } catch (RpcClients.UnreachableException e) {
      throw new MasterUnavailableException("the master at " + active + " cannot be reached: "
          + e.getMessage());
    } catch (IOException e) {
      // The master went away during the call (a backup takes over): try again. A DDL change
      // it had already made then fails as done (for example "table t already exists").
      throw new MasterUnavailableException("the master at " + active + " went away during "
          + "the call: " + e.getMessage());
    } catch (TIOError e) {
      if (e.isCanRetry()) {
        throw new MasterUnavailableException(e.getMessage());
      }
      throw new IOException(e.getMessage(), e);
    } catch (TClusterError e) {
      if (e.isCanRetry()) {
        throw new MasterUnavailableException(e.getMessage());
      }
      throw new IOException(e.getMessage(), e);
    } catch (TIllegalArgument e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (TException e) {
      throw new IOException("call to the master at " + active + " failed: " + e, e);
    }
  }

  private static TableName name(org.basaltdb.thrift.generated.TTableName t) {
    return ThriftSchema.fromThrift(t);
  }

  private static org.basaltdb.thrift.generated.TTableName t(TableName t) {
    return ThriftSchema.toThrift(t);
  }

  @Override
  public String clusterId() {
    String id = clusterId;
    if (id == null) {
      try {
        id = hbase(c -> c.getClusterId());
        clusterId = id;
      } catch (IOException e) {
        throw new IllegalStateException("the cluster id is unknown: " + e.getMessage(), e);
      }
    }
    return id;
  }

  @Override
  public void createTable(TableDescriptor td, List<byte[]> splitKeys) throws IOException {
    List<ByteBuffer> keys = new ArrayList<>();
    for (byte[] k : splitKeys) {
      keys.add(ByteBuffer.wrap(k));
    }
    hbase(c -> {
      c.createTable(ThriftSchema.toThrift(td), keys);
      return null;
    });
  }

  @Override
  public void deleteTable(TableName tn) throws IOException {
    hbase(c -> {
      c.deleteTable(t(tn));
      return null;
    });
  }

  @Override
  public void truncateTable(TableName tn, boolean preserveSplits) throws IOException {
    hbase(c -> {
      c.truncateTable(t(tn), preserveSplits);
      return null;
    });
  }

  @Override
  public void enableTable(TableName tn) throws IOException {
    hbase(c -> {
      c.enableTable(t(tn));
      return null;
    });
  }

  @Override
  public void disableTable(TableName tn) throws IOException {
    hbase(c -> {
      c.disableTable(t(tn));
      return null;
    });
  }

  @Override
  public boolean tableExists(TableName tn) throws IOException {
    return hbase(c -> c.tableExists(t(tn)));
  }

  @Override
  public boolean isTableEnabled(TableName tn) throws IOException {
    return hbase(c -> c.isTableEnabled(t(tn)));
  }

  @Override
  public boolean isTableDisabled(TableName tn) throws IOException {
    return hbase(c -> c.isTableDisabled(t(tn)));
  }

  @Override
  public boolean isTableAvailable(TableName tn) throws IOException {
    return hbase(c -> c.isTableAvailable(t(tn)));
  }

  @Override
  public TableDescriptor tableDescriptor(TableName tn) throws IOException {
    TTableDescriptor d = hbase(c -> c.getTableDescriptor(t(tn)));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public List<TableDescriptor> tables(String regex, boolean includeSystem) throws IOException {
    return ThriftSchema.tableDescriptorsFromThrift(
        hbase(c -> c.getTableDescriptorsByPattern(regex, includeSystem)));
  }

  @Override
  public List<TableDescriptor> tablesInNamespace(String ns) throws IOException {
    return ThriftSchema.tableDescriptorsFromThrift(
        hbase(c -> c.getTableDescriptorsByNamespace(ns)));
  }

  @Override
  public List<RegionLocation> regionLocations(TableName tn) throws IOException {
    ByteBuffer table = ThriftSchema.tableNameToThriftBytes(tn);
    List<RegionLocation> out = new ArrayList<>();
    for (THRegionLocation l : hbase(c -> c.getAllRegionLocations(table))) {
      RegionInfo r = ThriftSchema.fromThrift(l.getRegionInfo());
      var s = l.getServerName();
      String server = s == null || s.getHostName() == null || s.getHostName().isEmpty() ? null
          : s.getHostName() + "," + s.getPort() + "," + s.getStartCode();
      out.add(new RegionLocation(r, server));
    }
    return out;
  }

  @Override
  public void modifyTable(TableDescriptor td) throws IOException {
    hbase(c -> {
      c.modifyTable(ThriftSchema.toThrift(td));
      return null;
    });
  }

  @Override
  public void addColumnFamily(TableName tn, ColumnFamilyDescriptor f) throws IOException {
    hbase(c -> {
      c.addColumnFamily(t(tn), ThriftSchema.toThrift(f));
      return null;
    });
  }

  @Override
  public void modifyColumnFamily(TableName tn, ColumnFamilyDescriptor f) throws IOException {
    hbase(c -> {
      c.modifyColumnFamily(t(tn), ThriftSchema.toThrift(f));
      return null;
    });
  }

  @Override
  public void deleteColumnFamily(TableName tn, byte[] family) throws IOException {
    hbase(c -> {
      c.deleteColumnFamily(t(tn), ByteBuffer.wrap(family));
      return null;
    });
  }

  @Override
  public void split(TableName tn, byte[] splitKey, String encodedRegion) throws IOException {
    master(c -> {
      c.split(tn.toString(), splitKey == null ? null : ByteBuffer.wrap(splitKey),
          encodedRegion);
      return null;
    });
  }

  /** Asks the master to split a region that grew past the split size. */
  public void requestSplit(String encodedRegion) throws IOException {
    master(c -> {
      c.requestSplit(encodedRegion);
      return null;
    });
  }

  @Override
  public void createNamespace(NamespaceDescriptor ns) throws IOException {
    hbase(c -> {
      c.createNamespace(ThriftSchema.toThrift(ns));
      return null;
    });
  }

  @Override
  public void modifyNamespace(NamespaceDescriptor ns) throws IOException {
    hbase(c -> {
      c.modifyNamespace(ThriftSchema.toThrift(ns));
      return null;
    });
  }

  @Override
  public void deleteNamespace(String ns) throws IOException {
    hbase(c -> {
      c.deleteNamespace(ns);
      return null;
    });
  }

  @Override
  public NamespaceDescriptor namespace(String ns) throws IOException {
    TNamespaceDescriptor d = hbase(c -> c.getNamespaceDescriptor(ns));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public List<NamespaceDescriptor> namespaces() throws IOException {
    List<NamespaceDescriptor> out = new ArrayList<>();
    for (TNamespaceDescriptor d : hbase(c -> c.listNamespaceDescriptors())) {
      out.add(ThriftSchema.fromThrift(d));
    }
    return out;
  }

  @Override
  public void move(String encodedRegion, String destServer) throws IOException {
    master(c -> {
      c.move(encodedRegion, destServer);
      return null;
    });
  }

  @Override
  public boolean balance() throws IOException {
    return master(c -> c.balance());
  }

  @Override
  public boolean balanceSwitch(boolean on) throws IOException {
    return master(c -> c.balanceSwitch(on));
  }

  @Override
  public void merge(String encodedA, String encodedB) throws IOException {
    master(c -> {
      c.mergeRegions(encodedA, encodedB);
      return null;
    });
  }

  @Override
  public void assign(String encodedRegion) throws IOException {
    master(c -> {
      c.assign(encodedRegion);
      return null;
    });
  }

  @Override
  public void unassign(String encodedRegion) throws IOException {
    master(c -> {
      c.unassign(encodedRegion);
      return null;
    });
  }

  @Override
  public List<String> checkConsistency() throws IOException {
    return master(c -> c.checkConsistency());
  }

  @Override
  public ClusterStatus clusterStatus() throws IOException {
    return ClusterStatus.fromThrift(master(c -> c.clusterStatus()));
  }
}
