package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.layout.RegionLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table and namespace DDL: creating tables with pre-split regions, enabling, disabling,
 * truncating, altering (descriptor and column families) and deleting them, and creating,
 * altering and deleting namespaces. Writes meta, opens or closes the tables' regions through
 * the {@link AssignmentManager}, and deletes the files of dropped tables and families.
 *
 * <p>Thread safety: none of its own; every method requires the master's lock (the
 * {@link Master}'s monitor), which {@link Master} holds when it calls in.
 */
final class TableDdl {
  private static final Logger LOG = LoggerFactory.getLogger(TableDdl.class);

  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private final AssignmentManager assignments;

  TableDdl(FileSystem fs, Path root, Clock clock, AssignmentManager assignments) {
    this.fs = fs;
    this.root = root;
    this.clock = clock;
    this.assignments = assignments;
  }

  /** The meta table, where meta is open now. */
  private MetaTable meta() {
    return assignments.meta();
  }

  /** Creates a table split at {@code splitKeys} (sorted, distinct, non-empty) and opens it. */
  void createTable(TableDescriptor t, List<byte[]> splitKeys) throws IOException {
    checkUserTable(t.name());
    meta().requireNamespace(t.name().namespace());
    if (meta().table(t.name()) != null) {
      throw new Master.TableExistsException("table " + t.name() + " already exists");
    }
    List<RegionInfo> regions = regionsFor(t.name(), splitKeys, clock.currentTimeMillis());
    meta().createTable(t, regions, TableState.ENABLED);
    assignments.assignTable(t);
    LOG.info("created table {} with {} regions", t.name(), regions.size());
  }

  private static List<RegionInfo> regionsFor(TableName name, List<byte[]> splitKeys, long id) {
    TreeSet<byte[]> keys = new TreeSet<>(Bytes.COMPARATOR);
    for (byte[] k : splitKeys) {
      if (k == null || k.length == 0) {
        throw new IllegalArgumentException("split keys must not be empty");
      }
      if (!keys.add(k)) {
        throw new IllegalArgumentException("split key '" + Bytes.toStringBinary(k)
            + "' appears twice");
      }
    }
    List<RegionInfo> out = new ArrayList<>();
    byte[] start = new byte[0];
    for (byte[] k : keys) {
      out.add(new RegionInfo(name, start, k, id));
      start = k;
    }
    out.add(new RegionInfo(name, start, new byte[0], id));
    return out;
  }

  /** Deletes a disabled table: its meta records and its files. */
  void deleteTable(TableName t) throws IOException {
    checkUserTable(t);
    meta().requireTable(t);
    if (meta().state(t) != TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " must be disabled before it is deleted");
    }
    deleteTableRecords(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    LOG.info("deleted table {}", t);
  }

  private void deleteTableRecords(TableName t) throws IOException {
    for (RegionRecord r : meta().retiredRegions()) {
      if (r.info().table().equals(t)) {
        meta().deleteRegion(r.info());
      }
    }
    meta().deleteTable(t);
  }

  /** Empties a disabled table, keeping its split points when asked, and enables it again. */
  void truncateTable(TableName t, boolean preserveSplits) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = meta().requireTable(t);
    if (meta().state(t) != TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " must be disabled before it is truncated");
    }
    List<byte[]> splits = new ArrayList<>();
    if (preserveSplits) {
      for (RegionRecord r : meta().regions(t)) {
        if (r.info().startKey().length > 0) {
          splits.add(r.info().startKey());
        }
      }
    }
    deleteTableRecords(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    meta().createTable(desc, regionsFor(t, splits, clock.currentTimeMillis()),
        TableState.ENABLED);
    assignments.assignTable(desc);
    LOG.info("truncated table {}", t);
  }

  /** Marks a disabled table enabled and opens its regions. */
  void enableTable(TableName t) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = meta().requireTable(t);
    if (meta().state(t) == TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " is already enabled");
    }
    meta().setState(t, TableState.ENABLED);
    assignments.assignTable(desc);
  }

  /** Marks an enabled table disabled and closes its regions. */
  void disableTable(TableName t) throws IOException {
    checkUserTable(t);
    meta().requireTable(t);
    if (meta().state(t) == TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " is already disabled");
    }
    meta().setState(t, TableState.DISABLED);
    assignments.unassignTable(t);
  }

  /** Replaces a table's descriptor; open regions reopen with it. */
  void modifyTable(TableDescriptor t) throws IOException {
    checkUserTable(t.name());
    TableDescriptor old = meta().requireTable(t.name());
    TableState state = meta().state(t.name());
    if (state == TableState.ENABLED) {
      assignments.unassignTable(t.name());
    }
    for (ColumnFamilyDescriptor f : old.families()) {
      if (!t.hasFamily(f.name())) {
        dropFamilyFiles(t.name(), f.name());
      }
    }
    meta().putTable(t, state);
    if (state == TableState.ENABLED) {
      assignments.assignTable(t);
    }
  }

  /** Adds a column family to a table; its open regions reopen with it. */
  void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
    TableDescriptor old = meta().requireTable(t);
    if (old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' already exists in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  /** Replaces a column family's descriptor; the table's open regions reopen with it. */
  void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
    TableDescriptor old = meta().requireTable(t);
    if (!old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' does not exist in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  /** Drops a column family (not a table's only one) and its files. */
  void deleteColumnFamily(TableName t, byte[] family) throws IOException {
    TableDescriptor old = meta().requireTable(t);
    if (!old.hasFamily(family)) {
      throw new IllegalArgumentException("column family '" + Bytes.toStringBinary(family)
          + "' does not exist in table " + t);
    }
    if (old.families().size() == 1) {
      throw new IllegalArgumentException("cannot delete the only column family of table " + t);
    }
    modifyTable(old.withoutFamily(family));
  }

  private void dropFamilyFiles(TableName t, byte[] family) throws IOException {
    Path tableDir = RegionLayout.tableDir(root, t);
    for (RegionRecord r : meta().regions(t)) {
      fs.delete(RegionLayout.familyDir(new Path(tableDir, r.info().encodedName()), family),
          true);
    }
  }

  /** Creates a namespace; {@link Master.NamespaceExistsException} when it exists. */
  void createNamespace(NamespaceDescriptor ns) throws IOException {
    if (meta().namespace(ns.name()) != null) {
      throw new Master.NamespaceExistsException("namespace " + ns.name() + " already exists");
    }
    meta().putNamespace(ns);
  }

  /** Replaces an existing namespace's descriptor. */
  void modifyNamespace(NamespaceDescriptor ns) throws IOException {
    meta().requireNamespace(ns.name());
    meta().putNamespace(ns);
  }

  /** Deletes an empty namespace other than {@code default} and {@code basalt}. */
  void deleteNamespace(String ns) throws IOException {
    meta().requireNamespace(ns);
    if (ns.equals(TableName.DEFAULT_NAMESPACE) || ns.equals(TableName.SYSTEM_NAMESPACE)) {
      throw new IllegalArgumentException("namespace " + ns + " cannot be deleted");
    }
    for (TableDescriptor t : meta().tables()) {
      if (t.name().namespace().equals(ns)) {
        throw new IllegalStateException("namespace " + ns + " still holds table " + t.name());
      }
    }
    meta().deleteNamespace(ns);
  }

  /** IllegalArgumentException for a system table: DDL cannot change those. */
  static void checkUserTable(TableName t) {
    if (t.namespace().equals(TableName.SYSTEM_NAMESPACE)) {
      throw new IllegalArgumentException("system table " + t + " cannot be changed");
    }
  }
}
