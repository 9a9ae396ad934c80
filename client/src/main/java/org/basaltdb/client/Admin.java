package org.basaltdb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * Tables, column families, namespaces and the catalog, with HBase's names and meanings. Calls go
 * to the connection's bootstrap server; each returns once the change is done. Failures are
 * {@link IOException}s carrying the server's message (for example "table t does not exist").
 *
 * <p>Thread safety: safe for concurrent use; it holds no connection of its own.
 */
public interface Admin extends Closeable {
  Connection getConnection();

  // ---------------------------------------------------------------- tables

  boolean tableExists(TableName table) throws IOException;

  /** Every user table's name. */
  List<TableName> listTableNames() throws IOException;

  /** User tables whose full name ({@code ns:name}, or {@code name} in default) matches. */
  List<TableName> listTableNames(Pattern pattern) throws IOException;

  List<TableName> listTableNames(Pattern pattern, boolean includeSysTables) throws IOException;

  List<TableName> listTableNamesByNamespace(String namespace) throws IOException;

  List<TableDescriptor> listTableDescriptors() throws IOException;

  List<TableDescriptor> listTableDescriptors(Pattern pattern) throws IOException;

  List<TableDescriptor> listTableDescriptors(List<TableName> tables) throws IOException;

  List<TableDescriptor> listTableDescriptorsByNamespace(String namespace) throws IOException;

  TableDescriptor getDescriptor(TableName table) throws IOException;

  void createTable(TableDescriptor table) throws IOException;

  /** Creates the table pre-split: one region per range between consecutive split keys. */
  void createTable(TableDescriptor table, byte[][] splitKeys) throws IOException;

  /** Deletes a disabled table and its data. */
  void deleteTable(TableName table) throws IOException;

  /** Empties a disabled table, keeping its region boundaries if {@code preserveSplits}. */
  void truncateTable(TableName table, boolean preserveSplits) throws IOException;

  void enableTable(TableName table) throws IOException;

  void disableTable(TableName table) throws IOException;

  boolean isTableEnabled(TableName table) throws IOException;

  boolean isTableDisabled(TableName table) throws IOException;

  /** Whether every region of the table is open. */
  boolean isTableAvailable(TableName table) throws IOException;

  /** The table's regions, in key order. */
  List<RegionInfo> getRegions(TableName table) throws IOException;

  // ---------------------------------------------------------------- column families and schema

  void addColumnFamily(TableName table, ColumnFamilyDescriptor family) throws IOException;

  void deleteColumnFamily(TableName table, byte[] family) throws IOException;

  void modifyColumnFamily(TableName table, ColumnFamilyDescriptor family) throws IOException;

  void modifyTable(TableDescriptor table) throws IOException;

  // ---------------------------------------------------------------- namespaces

  void createNamespace(NamespaceDescriptor namespace) throws IOException;

  void modifyNamespace(NamespaceDescriptor namespace) throws IOException;

  /** Deletes an empty namespace. */
  void deleteNamespace(String name) throws IOException;

  NamespaceDescriptor getNamespaceDescriptor(String name) throws IOException;

  List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException;

  List<String> listNamespaces() throws IOException;

  // ---------------------------------------------------------------- cluster

  String getClusterId() throws IOException;

  /** Nothing to release: an admin holds no connection. */
  @Override
  default void close() {}
}
