package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.thrift.TException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;
import org.basaltdb.thrift.generated.admin.TClusterServer;
import org.basaltdb.thrift.generated.admin.TClusterStatus;
import org.basaltdb.thrift.generated.admin.TRegionStatus;
import org.basaltdb.thrift.generated.admin.TServerStatus;

/**
 * An {@link Admin} over THBaseService's DDL methods and Basalt's admin service. Reads are
 * retried after any transient failure; changes only when the server asked for a retry or could
 * not be reached (a change whose connection broke mid-call may have happened, so it is not
 * repeated). A change to a table drops its cached region locations.
 */
final class ThriftAdmin implements Admin {
  private final ThriftConnection conn;

  ThriftAdmin(ThriftConnection conn) {
    this.conn = conn;
  }

  /** Nothing to release: an admin holds no connection. */
  @Override
  public void close() {}

  private interface VoidCall {
    void call(THBaseService.Client c) throws TException;
  }

  private <T> T read(String what, TableName table, Caller.Call<T> call) throws IOException {
    return conn.onBootstrap(what, table, true, call);
  }

  private void change(String what, TableName table, VoidCall call) throws IOException {
    try {
      conn.onBootstrap(what, table, false, c -> {
        call.call(c);
        return null;
      });
    } finally {
      if (table != null) {
        conn.locations().invalidate(table);
      }
    }
  }

  private static TTableName t(TableName name) {
    return ThriftSchema.toThrift(name);
  }

  private static String regex(Pattern p) {
    return p == null ? null : p.pattern();
  }

  @Override
  public String getClusterId() throws IOException {
    return read("getClusterId", null, c -> c.getClusterId());
  }

  // ---------------------------------------------------------------- tables

  @Override
  public void createTable(TableDescriptor desc) throws IOException {
    createTable(desc, new byte[0][]);
  }

  @Override
  public void createTable(TableDescriptor desc, byte[][] splitKeys) throws IOException {
    TTableDescriptor d = ThriftSchema.toThrift(desc);
    List<ByteBuffer> keys = new ArrayList<>(splitKeys.length);
    for (byte[] k : splitKeys) {
      keys.add(ByteBuffer.wrap(k));
    }
    change("createTable", desc.name(), c -> c.createTable(d, keys));
  }

  @Override
  public void deleteTable(TableName table) throws IOException {
    change("deleteTable", table, c -> c.deleteTable(t(table)));
  }

  @Override
  public void truncateTable(TableName table, boolean preserveSplits) throws IOException {
    change("truncateTable", table, c -> c.truncateTable(t(table), preserveSplits));
  }

  @Override
  public void enableTable(TableName table) throws IOException {
    change("enableTable", table, c -> c.enableTable(t(table)));
  }

  @Override
  public void disableTable(TableName table) throws IOException {
    change("disableTable", table, c -> c.disableTable(t(table)));
  }

  @Override
  public boolean tableExists(TableName table) throws IOException {
    return read("tableExists", table, c -> c.tableExists(t(table)));
  }

  @Override
  public boolean isTableEnabled(TableName table) throws IOException {
    return read("isTableEnabled", table, c -> c.isTableEnabled(t(table)));
  }

  @Override
  public boolean isTableDisabled(TableName table) throws IOException {
    return read("isTableDisabled", table, c -> c.isTableDisabled(t(table)));
  }

  @Override
  public boolean isTableAvailable(TableName table) throws IOException {
    return read("isTableAvailable", table, c -> c.isTableAvailable(t(table)));
  }

  @Override
  public TableDescriptor getDescriptor(TableName table) throws IOException {
    TTableDescriptor d = read("getDescriptor", table, c -> c.getTableDescriptor(t(table)));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public List<TableDescriptor> listTableDescriptors() throws IOException {
    return listTableDescriptors(null, false);
  }

  @Override
  public List<TableDescriptor> listTableDescriptors(Pattern p, boolean includeSystem)
      throws IOException {
    return ThriftSchema.tableDescriptorsFromThrift(read("listTableDescriptors", null,
        c -> c.getTableDescriptorsByPattern(regex(p), includeSystem)));
  }

  @Override
  public List<TableName> listTableNames() throws IOException {
    return listTableNames(null, false);
  }

  @Override
  public List<TableName> listTableNames(Pattern p, boolean includeSystem) throws IOException {
    return ThriftSchema.tableNamesFromThrift(read("listTableNames", null,
        c -> c.getTableNamesByPattern(regex(p), includeSystem)));
  }

  @Override
  public List<TableDescriptor> listTableDescriptorsByNamespace(String ns) throws IOException {
    return ThriftSchema.tableDescriptorsFromThrift(read("listTableDescriptorsByNamespace " + ns,
        null, c -> c.getTableDescriptorsByNamespace(ns)));
  }

  @Override
  public List<TableName> listTableNamesByNamespace(String ns) throws IOException {
    return ThriftSchema.tableNamesFromThrift(read("listTableNamesByNamespace " + ns, null,
        c -> c.getTableNamesByNamespace(ns)));
  }

  // ---------------------------------------------------------------- column families and schema

  @Override
  public void addColumnFamily(TableName table, ColumnFamilyDescriptor f) throws IOException {
    var tf = ThriftSchema.toThrift(f);
    change("addColumnFamily", table, c -> c.addColumnFamily(t(table), tf));
  }

  @Override
  public void deleteColumnFamily(TableName table, byte[] family) throws IOException {
    change("deleteColumnFamily", table,
        c -> c.deleteColumnFamily(t(table), ByteBuffer.wrap(family)));
  }

  @Override
  public void modifyColumnFamily(TableName table, ColumnFamilyDescriptor f) throws IOException {
    var tf = ThriftSchema.toThrift(f);
    change("modifyColumnFamily", table, c -> c.modifyColumnFamily(t(table), tf));
  }

  @Override
  public void modifyTable(TableDescriptor desc) throws IOException {
    TTableDescriptor d = ThriftSchema.toThrift(desc);
    change("modifyTable", desc.name(), c -> c.modifyTable(d));
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespace(NamespaceDescriptor ns) throws IOException {
    TNamespaceDescriptor d = ThriftSchema.toThrift(ns);
    change("createNamespace " + ns.name(), null, c -> c.createNamespace(d));
  }

  @Override
  public void modifyNamespace(NamespaceDescriptor ns) throws IOException {
    TNamespaceDescriptor d = ThriftSchema.toThrift(ns);
    change("modifyNamespace " + ns.name(), null, c -> c.modifyNamespace(d));
  }

  @Override
  public void deleteNamespace(String ns) throws IOException {
    change("deleteNamespace " + ns, null, c -> c.deleteNamespace(ns));
  }

  @Override
  public NamespaceDescriptor getNamespaceDescriptor(String ns) throws IOException {
    TNamespaceDescriptor d =
        read("getNamespaceDescriptor " + ns, null, c -> c.getNamespaceDescriptor(ns));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException {
    List<TNamespaceDescriptor> in =
        read("listNamespaceDescriptors", null, c -> c.listNamespaceDescriptors());
    List<NamespaceDescriptor> out = new ArrayList<>(in.size());
    for (TNamespaceDescriptor d : in) {
      out.add(ThriftSchema.fromThrift(d));
    }
    return out;
  }

  // ---------------------------------------------------------------- regions

  @Override
  public List<RegionLocation> getRegions(TableName table) throws IOException {
    List<LocationCache.Location> all = conn.caller().withRetries("getRegions", table, null,
        () -> {}, () -> conn.locations().all(table, true));
    List<RegionLocation> out = new ArrayList<>(all.size());
    all.forEach(l -> out.add(l.toRegionLocation()));
    return out;
  }

  @Override
  public RegionLocation locateRegion(TableName table, byte[] row) throws IOException {
    return conn.caller().withRetries("locateRegion", table, row,
        () -> conn.locations().invalidate(table),
        () -> conn.locations().locate(table, row)).toRegionLocation();
  }

  // ---------------------------------------------------------------- Basalt's admin service

  @Override
  public void flush(TableName table) throws IOException {
    onMaster("flush", table, null, true, c -> {
      c.flushTable(table.toString());
      return null;
    });
  }

  @Override
  public void compact(TableName table) throws IOException {
    onMaster("compact", table, null, true, c -> {
      c.requestCompaction(table.toString(), false);
      return null;
    });
  }

  @Override
  public void majorCompact(TableName table) throws IOException {
    onMaster("majorCompact", table, null, true, c -> {
      c.requestCompaction(table.toString(), true);
      return null;
    });
  }

  @Override
  public CompactionState getCompactionState(TableName table) throws IOException {
    return onMaster("getCompactionState", table, null, true,
        c -> CompactionState.valueOf(c.compactionState(table.toString()).name()));
  }

  @Override
  public void split(TableName table) throws IOException {
    splitCall(table, null, null);
  }

  @Override
  public void split(TableName table, byte[] splitKey) throws IOException {
    if (splitKey == null || splitKey.length == 0) {
      throw new IllegalArgumentException("a split key must not be empty");
    }
    splitCall(table, splitKey, null);
  }

  @Override
  public void splitRegion(TableName table, String encodedRegionName, byte[] splitKey)
      throws IOException {
    splitCall(table, splitKey, Objects.requireNonNull(encodedRegionName, "encodedRegionName"));
  }

  private void splitCall(TableName table, byte[] key, String region) throws IOException {
    try {
      onMaster("split", table, key, false, c -> {
        c.split(table.toString(), key == null ? null : ByteBuffer.wrap(key), region);
        return null;
      });
    } finally {
      conn.locations().invalidate(table);
    }
  }

  /**
   * A cluster operation: the admin service of the connection's server does it for the whole
   * cluster (forwarding to the master, or to the servers holding the table's regions).
   * It is tried again while the server cannot be reached or answers that it may be; after a
   * broken connection only if {@code idempotent}.
   */
  private <T> T onMaster(String what, TableName table, byte[] row, boolean idempotent,
      Caller.AdminCall<T> call) throws IOException {
    Caller caller = conn.caller();
    return caller.withRetries(what, table, row, () -> {},
        () -> caller.onceAdmin(conn.adminAddress(conn.bootstrap().host()), idempotent, call));
  }

  @Override
  public long bulkLoad(TableName table, String encodedRegionName,
      Map<byte[], List<String>> familyFiles) throws IOException {
    Map<ByteBuffer, List<String>> files = new java.util.LinkedHashMap<>();
    familyFiles.forEach((f, ps) -> files.put(ByteBuffer.wrap(f), List.copyOf(ps)));
    String region = region(encodedRegionName, "bulkLoad");
    try {
      return conn.caller().onceAdmin(conn.adminAddress(conn.bootstrap().host()), false,
          c -> c.bulkLoad(table.toString(), region, files));
    } catch (RetryableException e) {
      throw new RegionUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public List<RegionMetrics> getRegionMetrics(TableName table) throws IOException {
    Set<String> names = new HashSet<>();
    Set<String> hosts = new TreeSet<>();
    for (LocationCache.Location l : conn.caller().withRetries("getRegionMetrics", table, null,
        () -> {}, () -> conn.locations().all(table, true))) {
      names.add(l.region().encodedName());
      hosts.add(l.server().host());
    }
    List<RegionMetrics> out = new ArrayList<>();
    for (String host : hosts) {
      List<TRegionStatus> regions;
      try {
        regions = conn.caller().onceAdmin(conn.adminAddress(host), true, c -> c.regions(""));
      } catch (IOException e) {
        continue; // best effort, as documented: this host's regions go without sizes
      }
      for (TRegionStatus r : regions) {
        if (names.contains(r.getEncodedName())) {
          out.add(new RegionMetrics(r.getEncodedName(), r.getMemstoreBytes(), r.getStoreFiles(),
              r.getStoreFileBytes()));
        }
      }
    }
    return out;
  }

  @Override
  public ServerStatus getServerStatus() throws IOException {
    Caller caller = conn.caller();
    TServerStatus s = caller.withRetries("getServerStatus", null, null, () -> {},
        () -> caller.onceAdmin(conn.adminAddress(conn.bootstrap().host()), true,
            c -> c.status()));
    return new ServerStatus(s.getServerName(), s.getVersion(), s.getStartTime(), s.getRegions(),
        s.getMemstoreBytes(), s.getStoreFiles(), s.getStoreFileBytes(), s.getBlockCacheBytes(),
        s.getBlockCacheHitRatio());
  }

  // ---------------------------------------------------------------- cluster operations

  private static String region(String encodedName, String what) {
    if (encodedName == null || encodedName.isEmpty()) {
      throw new IllegalArgumentException(what + ": an encoded region name is needed");
    }
    return encodedName;
  }

  /** Runs a change to one or two regions, then drops the cached locations of their tables. */
  private void regionChange(String what, boolean idempotent, Caller.AdminCall<Void> call,
      String... regions) throws IOException {
    try {
      onMaster(what, null, null, idempotent, call);
    } finally {
      for (String r : regions) {
        conn.locations().invalidateRegion(r);
      }
    }
  }

  @Override
  public void move(String encodedRegionName, String destServerName) throws IOException {
    String r = region(encodedRegionName, "move");
    regionChange("move " + r, false, c -> {
      c.move(r, destServerName);
      return null;
    }, r);
  }

  @Override
  public boolean balance() throws IOException {
    return onMaster("balance", null, null, false, c -> c.balance());
  }

  @Override
  public boolean balancerSwitch(boolean on) throws IOException {
    return onMaster("balancerSwitch", null, null, true, c -> c.balanceSwitch(on));
  }

  @Override
  public void mergeRegions(String encodedRegionNameA, String encodedRegionNameB)
      throws IOException {
    String a = region(encodedRegionNameA, "mergeRegions");
    String b = region(encodedRegionNameB, "mergeRegions");
    if (a.equals(b)) {
      throw new IllegalArgumentException("mergeRegions: cannot merge region " + a
          + " with itself");
    }
    regionChange("mergeRegions " + a + " " + b, false, c -> {
      c.mergeRegions(a, b);
      return null;
    }, a, b);
  }

  @Override
  public void assign(String encodedRegionName) throws IOException {
    String r = region(encodedRegionName, "assign");
    regionChange("assign " + r, true, c -> {
      c.assign(r);
      return null;
    }, r);
  }

  @Override
  public void unassign(String encodedRegionName) throws IOException {
    String r = region(encodedRegionName, "unassign");
    regionChange("unassign " + r, true, c -> {
      c.unassign(r);
      return null;
    }, r);
  }

  @Override
  public List<String> checkConsistency() throws IOException {
    return onMaster("checkConsistency", null, null, true, c -> c.checkConsistency());
  }

  @Override
  public ClusterStatus getClusterStatus() throws IOException {
    TClusterStatus s = onMaster("getClusterStatus", null, null, true, c -> c.clusterStatus());
    List<ClusterStatus.LiveServer> live = new ArrayList<>(s.getServersSize());
    for (TClusterServer ts : s.getServers()) {
      live.add(new ClusterStatus.LiveServer(ts.getServerName(), ts.getRegionCount(),
          ts.getRegions()));
    }
    return new ClusterStatus(s.getClusterId(), s.getActiveMaster(), s.getBackupMasters(), live,
        s.getDeadServers(), s.isBalancerOn(), s.getRegionsInTransition());
  }
}
