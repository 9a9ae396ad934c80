package org.basaltdb.server;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * What a region server's client endpoint asks of the master: DDL, the catalog and region
 * locations. The master implements it in-process in standalone mode.
 *
 * <p>Errors: {@link IllegalArgumentException} for bad requests, {@link IllegalStateException}
 * for requests the table's state forbids (e.g. deleting an enabled table), {@link IOException}
 * for everything else. A missing table or namespace is an IOException whose message says it
 * "does not exist", which the Java client turns into its {@code TableNotFoundException}.
 */
public interface MasterService {
  String clusterId();

  void createTable(TableDescriptor t, List<byte[]> splitKeys) throws IOException;

  void deleteTable(TableName t) throws IOException;

  void truncateTable(TableName t, boolean preserveSplits) throws IOException;

  void enableTable(TableName t) throws IOException;

  void disableTable(TableName t) throws IOException;

  boolean tableExists(TableName t) throws IOException;

  boolean isTableEnabled(TableName t) throws IOException;

  boolean isTableDisabled(TableName t) throws IOException;

  boolean isTableAvailable(TableName t) throws IOException;

  TableDescriptor tableDescriptor(TableName t) throws IOException;

  List<TableDescriptor> tables(String regex, boolean includeSystem) throws IOException;

  List<TableDescriptor> tablesInNamespace(String ns) throws IOException;

  List<RegionLocation> regionLocations(TableName t) throws IOException;

  void modifyTable(TableDescriptor t) throws IOException;

  void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void deleteColumnFamily(TableName t, byte[] family) throws IOException;

  /**
   * Splits regions of a table: the one holding {@code splitKey} at that key; or, with no key,
   * the region named {@code encodedRegion} (or every region of the table when that is null too)
   * at its middle row. Regions with fewer than two rows are left alone.
   */
  void split(TableName t, byte[] splitKey, String encodedRegion) throws IOException;

  void createNamespace(NamespaceDescriptor ns) throws IOException;

  void modifyNamespace(NamespaceDescriptor ns) throws IOException;

  void deleteNamespace(String ns) throws IOException;

  NamespaceDescriptor namespace(String ns) throws IOException;

  List<NamespaceDescriptor> namespaces() throws IOException;

  // ------------------------------------------------------------------ cluster operations

  /** Moves a region to {@code destServer} (a server name), or any other live server when null. */
  void move(String encodedRegion, String destServer) throws IOException;

  /** Runs the balancer now; false when it is switched off. */
  boolean balance() throws IOException;

  /** Switches the periodic balancer on or off; returns the previous setting. */
  boolean balanceSwitch(boolean on) throws IOException;

  /** Merges two adjacent regions of one table. */
  void merge(String encodedA, String encodedB) throws IOException;

  /** Opens a region that is not open, on a server the master picks. */
  void assign(String encodedRegion) throws IOException;

  /** Closes a region and leaves it closed until it is assigned again. */
  void unassign(String encodedRegion) throws IOException;

  ClusterStatus clusterStatus() throws IOException;

  /** What is inconsistent in the cluster (see {@code Master#checkConsistency}); empty: nothing. */
  List<String> checkConsistency() throws IOException;
}
