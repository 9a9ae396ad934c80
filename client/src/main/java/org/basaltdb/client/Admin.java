package org.basaltdb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * Tables, column families, namespaces and the catalog, with HBase's names and meanings; each
 * call returns once the change is done, but for {@link #compact} and {@link #majorCompact}, which
 * only queue compactions, as HBase's do ({@link #getCompactionState} tells when they end). DDL and catalog calls go to the connection's server;
 * {@link #flush}, {@link #compact}, {@link #majorCompact} and {@link #getServerStatus} to
 * Basalt's own admin service on basalt.client.admin.port, and the cluster operations (split, move,
 * balance, merge, assign, unassign, cluster status) through that service to the master. Regions
 * are named by their encoded names (32 hex digits). A missing table (or namespace) is a
 * {@link TableNotFoundException}, any other refusal a {@link DoNotRetryIOException}, both with
 * the server's message (for example "table t is disabled").
 *
 * <p>Thread safety: safe for concurrent use; it holds no connection of its own, and closing it
 * releases nothing.
 */
public interface Admin extends Closeable {
  String getClusterId() throws IOException;

  // ---------------------------------------------------------------- tables

  void createTable(TableDescriptor desc) throws IOException;

  /** Creates the table pre-split: one region per range between consecutive split keys. */
  void createTable(TableDescriptor desc, byte[][] splitKeys) throws IOException;

  /** Deletes a disabled table and its data. */
  void deleteTable(TableName t) throws IOException;

  /** Empties a disabled table, keeping its region boundaries if {@code preserveSplits}. */
  void truncateTable(TableName t, boolean preserveSplits) throws IOException;

  void enableTable(TableName t) throws IOException;

  void disableTable(TableName t) throws IOException;

  boolean tableExists(TableName t) throws IOException;

  boolean isTableEnabled(TableName t) throws IOException;

  boolean isTableDisabled(TableName t) throws IOException;

  /** Whether every region of the table is open. */
  boolean isTableAvailable(TableName t) throws IOException;

  TableDescriptor getDescriptor(TableName t) throws IOException;

  /** Every user table's descriptor. */
  List<TableDescriptor> listTableDescriptors() throws IOException;

  /** Tables whose full name ({@code ns:name}, or {@code name} in default) matches; null: all. */
  List<TableDescriptor> listTableDescriptors(Pattern p, boolean includeSystem)
      throws IOException;

  /** Every user table's name. */
  List<TableName> listTableNames() throws IOException;

  /** Tables whose full name ({@code ns:name}, or {@code name} in default) matches; null: all. */
  List<TableName> listTableNames(Pattern p, boolean includeSystem) throws IOException;

  List<TableDescriptor> listTableDescriptorsByNamespace(String ns) throws IOException;

  List<TableName> listTableNamesByNamespace(String ns) throws IOException;

  // ---------------------------------------------------------------- column families and schema

  void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void deleteColumnFamily(TableName t, byte[] family) throws IOException;

  void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException;

  void modifyTable(TableDescriptor desc) throws IOException;

  // ---------------------------------------------------------------- namespaces

  void createNamespace(NamespaceDescriptor ns) throws IOException;

  void modifyNamespace(NamespaceDescriptor ns) throws IOException;

  /** Deletes an empty namespace. */
  void deleteNamespace(String ns) throws IOException;

  NamespaceDescriptor getNamespaceDescriptor(String ns) throws IOException;

  List<NamespaceDescriptor> listNamespaceDescriptors() throws IOException;

  // ---------------------------------------------------------------- regions

  /** The table's regions and their servers, in start-key order, asked afresh. */
  List<RegionLocation> getRegions(TableName t) throws IOException;

  /** The region holding {@code row}, from the connection's location cache. */
  RegionLocation locateRegion(TableName t, byte[] row) throws IOException;

  // ---------------------------------------------------------------- Basalt's admin service

  /** Splits every region of the table at its middle row (regions of one row stay). */
  void split(TableName t) throws IOException;

  /** Splits the region of the table holding {@code splitKey} at that key. */
  void split(TableName t, byte[] splitKey) throws IOException;

  /** Splits one region, by encoded name, at {@code splitKey} or (null) at its middle row. */
  void splitRegion(TableName t, String encodedRegionName, byte[] splitKey) throws IOException;

  /** Flushes every region of the table, on every server holding one. */
  void flush(TableName t) throws IOException;

  /**
   * Queues a minor compaction of every region of the table and returns at once, as HBase's does;
   * {@link #getCompactionState} tells when it is done.
   */
  void compact(TableName t) throws IOException;

  /**
   * Queues a major compaction of every region of the table (each family rewritten into one file,
   * deleted cells dropped) and returns at once, as HBase's does: on a large table it takes
   * minutes. Wait for it, as HBase's users do, by polling {@link #getCompactionState} until
   * {@link CompactionState#NONE}.
   */
  void majorCompact(TableName t) throws IOException;

  /** The compactions queued or running on the table's regions, all servers together. */
  CompactionState getCompactionState(TableName t) throws IOException;

  /**
   * Bulk-loads finished SSTables (family → fully qualified paths; the flush format) into one
   * region, by encoded name, atomically: every family's files become visible at one instant,
   * exactly once across crashes. The server moves the files (copies them from another
   * filesystem). Returns the load's sequence id. One attempt: a
   * {@link RegionUnavailableException} when
   * the region moved, split or is closing, or a file no longer fits it (re-read the boundaries
   * and plan again, as {@code BulkLoader} does); not repeated after a broken connection, since
   * the load may have happened.
   */
  long bulkLoad(TableName t, String encodedRegionName, Map<byte[], List<String>> familyFiles)
      throws IOException;

  /**
   * The sizes of the table's open regions, asked of the admin service (basalt.client.admin.port) of
   * each host holding one. Best effort: a region whose server cannot be reached, or listens on
   * another admin port, is missing from the answer.
   */
  List<RegionMetrics> getRegionMetrics(TableName t) throws IOException;

  /** The state of the connection's server. */
  ServerStatus getServerStatus() throws IOException;

  // ---------------------------------------------------------------- cluster operations (master)

  /**
   * Moves a region, by encoded name, to {@code destServerName} ({@code host,port,startcode}), or
   * with null to any other live server the master picks. Not repeated when the connection breaks
   * during the call.
   */
  void move(String encodedRegionName, String destServerName) throws IOException;

  /**
   * Runs the balancer now; true if it ran, false when it is switched off. Not repeated when the
   * connection breaks during the call.
   */
  boolean balance() throws IOException;

  /**
   * Switches the periodic balancer on or off; returns the previous setting. A call repeated after
   * a broken connection may report the setting the first attempt made.
   */
  boolean balancerSwitch(boolean on) throws IOException;

  /**
   * Merges two adjacent regions of one table, by encoded name, into one. Not repeated when the
   * connection breaks during the call.
   */
  void mergeRegions(String encodedRegionNameA, String encodedRegionNameB) throws IOException;

  /** Opens a region that is not open, by encoded name, on a server the master picks. */
  void assign(String encodedRegionName) throws IOException;

  /** Closes a region, by encoded name; it stays closed until {@link #assign}ed again. */
  void unassign(String encodedRegionName) throws IOException;

  /** The live and dead servers, masters, balancer setting and regions in transition. */
  ClusterStatus getClusterStatus() throws IOException;

  /**
   * The master's consistency check, as HBase's hbck: what is wrong (a key range no region or two
   * regions cover, a region open on no server or on two, a directory meta does not know); an
   * empty list when nothing is.
   */
  List<String> checkConsistency() throws IOException;
}
