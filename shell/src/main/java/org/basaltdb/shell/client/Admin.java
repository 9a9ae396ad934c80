package org.basaltdb.shell.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;

/** The DDL and tool operations the shell uses; see {@link Connection}. */
public interface Admin extends Closeable {
  String getClusterId() throws IOException;

  void createTable(TableDescriptor desc, byte[][] splitKeys) throws IOException;

  void deleteTable(TableName t) throws IOException;

  void truncateTable(TableName t, boolean preserveSplits) throws IOException;

  void enableTable(TableName t) throws IOException;

  void disableTable(TableName t) throws IOException;

  boolean tableExists(TableName t) throws IOException;

  boolean isTableEnabled(TableName t) throws IOException;

  boolean isTableDisabled(TableName t) throws IOException;

  TableDescriptor getDescriptor(TableName t) throws IOException;

  List<TableName> listTableNames(Pattern p, boolean includeSystem) throws IOException;

  List<TableName> listTableNamesByNamespace(String ns) throws IOException;

  void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void deleteColumnFamily(TableName t, byte[] family) throws IOException;

  void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void createNamespace(NamespaceDescriptor ns) throws IOException;

  void modifyNamespace(NamespaceDescriptor ns) throws IOException;

  void deleteNamespace(String ns) throws IOException;

  NamespaceDescriptor getNamespaceDescriptor(String ns) throws IOException;

  List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException;

  List<RegionLocation> getRegions(TableName t) throws IOException;

  RegionLocation locateRegion(TableName t, byte[] row) throws IOException;

  void flush(TableName t) throws IOException;

  void compact(TableName t) throws IOException;

  void majorCompact(TableName t) throws IOException;

  /** Splits the region holding {@code splitKey} there, or with null every region at its middle. */
  void split(TableName t, byte[] splitKey) throws IOException;

  /** Splits one region (encoded name) at {@code splitKey}, or with null at its middle row. */
  void splitRegion(TableName t, String encodedRegion, byte[] splitKey) throws IOException;

  /** Moves a region (encoded name) to a server, or with null to any other live server. */
  void move(String encodedRegionName, String destServerName) throws IOException;

  /** Runs the balancer; false when it is switched off. */
  boolean balance() throws IOException;

  /** Switches the balancer on or off; returns the previous setting. */
  boolean balancerSwitch(boolean on) throws IOException;

  void mergeRegions(String encodedRegionNameA, String encodedRegionNameB) throws IOException;

  void assign(String encodedRegionName) throws IOException;

  void unassign(String encodedRegionName) throws IOException;

  ClusterStatus getClusterStatus() throws IOException;

  /** What the master's consistency check finds wrong; empty when nothing is. */
  List<String> checkConsistency() throws IOException;
}
