package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;

/**
 * An {@link Admin} over THBaseService's DDL methods. Reads of the catalog are retried after any
 * transient failure; changes only when the server asked for a retry or could not be reached
 * (a change whose connection broke mid-call may have happened, so it is not repeated). Changes
 * to a table drop its cached region locations.
 */
final class ThriftAdmin implements Admin {
  private final ThriftConnection conn;

  ThriftAdmin(ThriftConnection conn) {
    this.conn = conn;
  }

  @Override
  public Connection getConnection() {
    return conn;
  }

  private <T> T read(String what, Caller.Call<T> call) throws IOException {
    return conn.onBootstrap(what, true, call);
  }

  /** A change; {@code table} (or null) has its cached locations dropped afterwards. */
  private void change(String what, TableName table, VoidCall call) throws IOException {
    try {
      conn.onBootstrap(what, false, c -> {
        call.call(c);
        return null;
      });
    } finally {
      if (table != null) {
        conn.locations().invalidate(table);
      }
    }
  }

  private interface VoidCall {
    void call(org.basaltdb.thrift.generated.THBaseService.Client c)
        throws org.apache.thrift.TException;
  }

  private static TTableName t(TableName name) {
    return ThriftSchema.toThrift(name);
  }

  // ---------------------------------------------------------------- tables

  @Override
  public boolean tableExists(TableName table) throws IOException {
    return read("tableExists " + table, c -> c.tableExists(t(table)));
  }

  @Override
  public List<TableName> listTableNames() throws IOException {
    return listTableNames(null, false);
  }

  @Override
  public List<TableName> listTableNames(Pattern pattern) throws IOException {
    return listTableNames(pattern, false);
  }

  @Override
  public List<TableName> listTableNames(Pattern pattern, boolean includeSysTables)
      throws IOException {
    String regex = pattern == null ? null : pattern.pattern();
    return ThriftSchema.tableNamesFromThrift(read("listTableNames",
        c -> c.getTableNamesByPattern(regex, includeSysTables)));
  }

  @Override
  public List<TableName> listTableNamesByNamespace(String namespace) throws IOException {
    return ThriftSchema.tableNamesFromThrift(read("listTableNamesByNamespace " + namespace,
        c -> c.getTableNamesByNamespace(namespace)));
  }

  @Override
  public List<TableDescriptor> listTableDescriptors() throws IOException {
    return listTableDescriptors((Pattern) null);
  }

  @Override
  public List<TableDescriptor> listTableDescriptors(Pattern pattern) throws IOException {
    String regex = pattern == null ? null : pattern.pattern();
    return ThriftSchema.tableDescriptorsFromThrift(read("listTableDescriptors",
        c -> c.getTableDescriptorsByPattern(regex, false)));
  }

  @Override
  public List<TableDescriptor> listTableDescriptors(List<TableName> tables) throws IOException {
    List<TTableName> names = ThriftSchema.tableNamesToThrift(tables);
    return ThriftSchema.tableDescriptorsFromThrift(read("listTableDescriptors",
        c -> c.getTableDescriptors(names)));
  }

  @Override
  public List<TableDescriptor> listTableDescriptorsByNamespace(String namespace)
      throws IOException {
    return ThriftSchema.tableDescriptorsFromThrift(read(
        "listTableDescriptorsByNamespace " + namespace,
        c -> c.getTableDescriptorsByNamespace(namespace)));
  }

  @Override
  public TableDescriptor getDescriptor(TableName table) throws IOException {
    TTableDescriptor d = read("getDescriptor " + table, c -> c.getTableDescriptor(t(table)));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public void createTable(TableDescriptor table) throws IOException {
    createTable(table, new byte[0][]);
  }

  @Override
  public void createTable(TableDescriptor table, byte[][] splitKeys) throws IOException {
    var desc = ThriftSchema.toThrift(table);
    List<ByteBuffer> keys = new ArrayList<>(splitKeys.length);
    for (byte[] k : splitKeys) {
      keys.add(ByteBuffer.wrap(k));
    }
    change("createTable " + table.name(), table.name(), c -> c.createTable(desc, keys));
  }

  @Override
  public void deleteTable(TableName table) throws IOException {
    change("deleteTable " + table, table, c -> c.deleteTable(t(table)));
  }

  @Override
  public void truncateTable(TableName table, boolean preserveSplits) throws IOException {
    change("truncateTable " + table, table, c -> c.truncateTable(t(table), preserveSplits));
  }

  @Override
  public void enableTable(TableName table) throws IOException {
    change("enableTable " + table, table, c -> c.enableTable(t(table)));
  }

  @Override
  public void disableTable(TableName table) throws IOException {
    change("disableTable " + table, table, c -> c.disableTable(t(table)));
  }

  @Override
  public boolean isTableEnabled(TableName table) throws IOException {
    return read("isTableEnabled " + table, c -> c.isTableEnabled(t(table)));
  }

  @Override
  public boolean isTableDisabled(TableName table) throws IOException {
    return read("isTableDisabled " + table, c -> c.isTableDisabled(t(table)));
  }

  @Override
  public boolean isTableAvailable(TableName table) throws IOException {
    return read("isTableAvailable " + table, c -> c.isTableAvailable(t(table)));
  }

  @Override
  public List<RegionInfo> getRegions(TableName table) throws IOException {
    ByteBuffer name = ThriftSchema.tableNameToThriftBytes(table);
    List<THRegionLocation> locations =
        read("getRegions " + table, c -> c.getAllRegionLocations(name));
    List<RegionInfo> out = new ArrayList<>(locations.size());
    for (THRegionLocation l : locations) {
      out.add(ThriftSchema.fromThrift(l.getRegionInfo()));
    }
    return out;
  }

  // ---------------------------------------------------------------- column families and schema

  @Override
  public void addColumnFamily(TableName table, ColumnFamilyDescriptor family) throws IOException {
    var f = ThriftSchema.toThrift(family);
    change("addColumnFamily " + table, table, c -> c.addColumnFamily(t(table), f));
  }

  @Override
  public void deleteColumnFamily(TableName table, byte[] family) throws IOException {
    change("deleteColumnFamily " + table, table,
        c -> c.deleteColumnFamily(t(table), ByteBuffer.wrap(family)));
  }

  @Override
  public void modifyColumnFamily(TableName table, ColumnFamilyDescriptor family)
      throws IOException {
    var f = ThriftSchema.toThrift(family);
    change("modifyColumnFamily " + table, table, c -> c.modifyColumnFamily(t(table), f));
  }

  @Override
  public void modifyTable(TableDescriptor table) throws IOException {
    var desc = ThriftSchema.toThrift(table);
    change("modifyTable " + table.name(), table.name(), c -> c.modifyTable(desc));
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespace(NamespaceDescriptor namespace) throws IOException {
    TNamespaceDescriptor d = ThriftSchema.toThrift(namespace);
    change("createNamespace " + namespace.name(), null, c -> c.createNamespace(d));
  }

  @Override
  public void modifyNamespace(NamespaceDescriptor namespace) throws IOException {
    TNamespaceDescriptor d = ThriftSchema.toThrift(namespace);
    change("modifyNamespace " + namespace.name(), null, c -> c.modifyNamespace(d));
  }

  @Override
  public void deleteNamespace(String name) throws IOException {
    change("deleteNamespace " + name, null, c -> c.deleteNamespace(name));
  }

  @Override
  public NamespaceDescriptor getNamespaceDescriptor(String name) throws IOException {
    TNamespaceDescriptor d =
        read("getNamespaceDescriptor " + name, c -> c.getNamespaceDescriptor(name));
    return ThriftSchema.fromThrift(d);
  }

  @Override
  public List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException {
    List<TNamespaceDescriptor> in = read("listNamespaceDescriptors",
        c -> c.listNamespaceDescriptors());
    List<NamespaceDescriptor> out = new ArrayList<>(in.size());
    for (TNamespaceDescriptor d : in) {
      out.add(ThriftSchema.fromThrift(d));
    }
    return out;
  }

  @Override
  public List<String> listNamespaces() throws IOException {
    return read("listNamespaces", c -> c.listNamespaces());
  }

  // ---------------------------------------------------------------- cluster

  @Override
  public String getClusterId() throws IOException {
    return read("getClusterId", c -> c.getClusterId());
  }
}
