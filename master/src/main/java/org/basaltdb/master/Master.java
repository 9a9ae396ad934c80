package org.basaltdb.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionLayout;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.regionserver.server.MasterService;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.common.schema.RegionLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master, enough for one machine: the cluster id, the meta table, table and namespace DDL
 * with pre-split regions, and assignment of every region of an enabled table to the region
 * server. DDL operations run one at a time.
 *
 * <p>State lives in meta, so a restarted master rebuilds everything from it: at start it opens
 * meta, then every region of every enabled table.
 *
 * <p>This master drives one in-process region server; assignment across many servers,
 * balancing and failover belong to the cluster work.
 */
public final class Master implements MasterService {
  private static final Logger LOG = LoggerFactory.getLogger(Master.class);
  static final String CLUSTER_ID_FILE = "basalt.id";

  private final RegionServer rs;
  private final FileSystem fs;
  private final Path root;
  private MetaTable meta;
  private String clusterId;

  public Master(RegionServer rs) {
    this.rs = rs;
    this.fs = rs.fileSystem();
    this.root = rs.rootDir();
  }

  /** Opens meta (creating it on a new root), then every region of every enabled table. */
  public synchronized void start() throws IOException {
    clusterId = readOrCreateClusterId();
    Region metaRegion = rs.openRegion(MetaTable.REGION, MetaTable.DESCRIPTOR_OF_META);
    meta = new MetaTable(metaRegion);
    for (NamespaceDescriptor ns : List.of(NamespaceDescriptor.DEFAULT,
        NamespaceDescriptor.SYSTEM)) {
      if (meta.namespace(ns.name()) == null) {
        meta.putNamespace(ns);
      }
    }
    int opened = 0;
    for (TableDescriptor t : meta.tables()) {
      if (meta.state(t.name()) == TableState.ENABLED) {
        opened += assign(t);
      }
    }
    LOG.info("master started: cluster {}, {} regions opened", clusterId, opened);
  }

  @Override
  public String clusterId() {
    return clusterId;
  }

  public String serverName() {
    return rs.serverName();
  }

  private String readOrCreateClusterId() throws IOException {
    Path p = new Path(root, CLUSTER_ID_FILE);
    if (fs.exists(p)) {
      try (FSDataInputStream in = fs.open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    }
    String id = UUID.randomUUID().toString();
    Path tmp = new Path(root, CLUSTER_ID_FILE + ".tmp");
    fs.mkdirs(root);
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(id.getBytes(StandardCharsets.UTF_8));
      out.hsync();
    }
    if (!fs.rename(tmp, p)) {
      throw new IOException("could not write the cluster id to " + p);
    }
    return id;
  }

  private int assign(TableDescriptor t) throws IOException {
    int n = 0;
    for (RegionRecord r : meta.regions(t.name())) {
      rs.openRegion(r.info(), t);
      meta.setServer(r.info(), rs.serverName());
      n++;
    }
    return n;
  }

  private void unassign(TableName t) throws IOException {
    for (RegionRecord r : meta.regions(t)) {
      rs.closeRegion(r.info().encodedName(), false);
      meta.setServer(r.info(), null);
    }
  }

  // ------------------------------------------------------------------ tables

  /** Creates a table split at {@code splitKeys} (sorted, distinct, non-empty) and opens it. */
  @Override
  public synchronized void createTable(TableDescriptor t, List<byte[]> splitKeys)
      throws IOException {
    checkUserTable(t.name());
    requireNamespace(t.name().namespace());
    if (meta.table(t.name()) != null) {
      throw new TableExistsException("table " + t.name() + " already exists");
    }
    List<RegionInfo> regions = regionsFor(t.name(), splitKeys, rs.clock().currentTimeMillis());
    meta.createTable(t, regions, TableState.ENABLED);
    assign(t);
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
  @Override
  public synchronized void deleteTable(TableName t) throws IOException {
    checkUserTable(t);
    requireTable(t);
    if (meta.state(t) != TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " must be disabled before it is deleted");
    }
    meta.deleteTable(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    LOG.info("deleted table {}", t);
  }

  /** Empties a disabled table, keeping its split points when asked, and enables it again. */
  @Override
  public synchronized void truncateTable(TableName t, boolean preserveSplits) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = requireTable(t);
    if (meta.state(t) != TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " must be disabled before it is truncated");
    }
    List<byte[]> splits = new ArrayList<>();
    if (preserveSplits) {
      for (RegionRecord r : meta.regions(t)) {
        if (r.info().startKey().length > 0) {
          splits.add(r.info().startKey());
        }
      }
    }
    meta.deleteTable(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    meta.createTable(desc, regionsFor(t, splits, rs.clock().currentTimeMillis()),
        TableState.ENABLED);
    assign(desc);
    LOG.info("truncated table {}", t);
  }

  @Override
  public synchronized void enableTable(TableName t) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = requireTable(t);
    if (meta.state(t) == TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " is already enabled");
    }
    assign(desc);
    meta.setState(t, TableState.ENABLED);
  }

  @Override
  public synchronized void disableTable(TableName t) throws IOException {
    checkUserTable(t);
    requireTable(t);
    if (meta.state(t) == TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " is already disabled");
    }
    meta.setState(t, TableState.DISABLED);
    unassign(t);
  }

  @Override
  public synchronized boolean tableExists(TableName t) throws IOException {
    return t.equals(MetaTable.NAME) || meta.table(t) != null;
  }

  @Override
  public synchronized boolean isTableEnabled(TableName t) throws IOException {
    if (t.equals(MetaTable.NAME)) {
      return true;
    }
    requireTable(t);
    return meta.state(t) == TableState.ENABLED;
  }

  @Override
  public synchronized boolean isTableDisabled(TableName t) throws IOException {
    return !isTableEnabled(t);
  }

  /** True when every region of the table is open. */
  @Override
  public synchronized boolean isTableAvailable(TableName t) throws IOException {
    if (!tableExists(t) || !isTableEnabled(t)) {
      return false;
    }
    for (RegionRecord r : meta.regions(t)) {
      if (rs.regionByName(r.info().encodedName()) == null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized TableDescriptor tableDescriptor(TableName t) throws IOException {
    if (t.equals(MetaTable.NAME)) {
      return MetaTable.DESCRIPTOR_OF_META;
    }
    return requireTable(t);
  }

  /** User tables whose full name matches {@code regex} (null: all), optionally system ones too. */
  @Override
  public synchronized List<TableDescriptor> tables(String regex, boolean includeSystem)
      throws IOException {
    Pattern p = regex == null ? null : Pattern.compile(regex);
    List<TableDescriptor> out = new ArrayList<>();
    if (includeSystem && (p == null || p.matcher(MetaTable.NAME.toString()).matches())) {
      out.add(MetaTable.DESCRIPTOR_OF_META);
    }
    for (TableDescriptor t : meta.tables()) {
      if (p == null || p.matcher(t.name().toString()).matches()) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public synchronized List<TableDescriptor> tablesInNamespace(String ns) throws IOException {
    requireNamespace(ns);
    List<TableDescriptor> out = new ArrayList<>();
    if (ns.equals(TableName.SYSTEM_NAMESPACE)) {
      out.add(MetaTable.DESCRIPTOR_OF_META);
    }
    for (TableDescriptor t : meta.tables()) {
      if (t.name().namespace().equals(ns)) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public synchronized List<RegionLocation> regionLocations(TableName t) throws IOException {
    List<RegionLocation> out = new ArrayList<>();
    for (RegionRecord r : regions(t)) {
      out.add(new RegionLocation(r.info(), r.server()));
    }
    return out;
  }

  /** The regions of a table and the server of each (null while unassigned). */
  public synchronized List<RegionRecord> regions(TableName t) throws IOException {
    if (t.equals(MetaTable.NAME)) {
      return List.of(new RegionRecord(MetaTable.REGION, rs.serverName()));
    }
    requireTable(t);
    return meta.regions(t);
  }

  // ------------------------------------------------------------------ schema changes

  /** Replaces a table's descriptor; open regions reopen with it. */
  @Override
  public synchronized void modifyTable(TableDescriptor t) throws IOException {
    checkUserTable(t.name());
    TableDescriptor old = requireTable(t.name());
    for (ColumnFamilyDescriptor f : old.families()) {
      if (!t.hasFamily(f.name())) {
        dropFamilyFiles(t.name(), f.name());
      }
    }
    TableState state = meta.state(t.name());
    if (state == TableState.ENABLED) {
      unassign(t.name());
    }
    meta.putTable(t, state);
    if (state == TableState.ENABLED) {
      assign(t);
    }
  }

  @Override
  public synchronized void addColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    TableDescriptor old = requireTable(t);
    if (old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' already exists in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  @Override
  public synchronized void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    TableDescriptor old = requireTable(t);
    if (!old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' does not exist in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  @Override
  public synchronized void deleteColumnFamily(TableName t, byte[] family) throws IOException {
    TableDescriptor old = requireTable(t);
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
    for (RegionRecord r : meta.regions(t)) {
      fs.delete(RegionLayout.familyDir(new Path(tableDir, r.info().encodedName()), family),
          true);
    }
  }

  // ------------------------------------------------------------------ splits

  @Override
  public synchronized void split(TableName t, byte[] splitKey, String encodedRegion)
      throws IOException {
    checkUserTable(t);
    requireTable(t);
    if (meta.state(t) != TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " must be enabled to split it");
    }
    List<RegionRecord> chosen = new ArrayList<>();
    for (RegionRecord r : meta.regions(t)) {
      boolean named = encodedRegion == null || r.info().encodedName().equals(encodedRegion);
      boolean holds = splitKey == null || r.info().containsRow(splitKey);
      if (named && holds) {
        chosen.add(r);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(encodedRegion != null
          ? "table " + t + " has no region " + encodedRegion
          : "no region of table " + t + " holds the split key");
    }
    for (RegionRecord r : chosen) {
      splitOne(t, r.info(), splitKey);
    }
  }

  private void splitOne(TableName t, RegionInfo parent, byte[] splitKey) throws IOException {
    TableDescriptor desc = requireTable(t);
    Region open = rs.regionByName(parent.encodedName());
    if (open == null) {
      throw new IOException("region " + parent + " is not open; cannot split it");
    }
    byte[] at = splitKey != null ? splitKey : RegionSplitter.middleRow(open);
    if (splitKey == null && (at == null || Bytes.equals(at, parent.startKey()))) {
      LOG.info("not splitting {}: too few rows", parent);
      return;
    }
    List<RegionInfo> daughters = RegionSplitter.daughters(parent, at, rs.clock().currentTimeMillis());
    rs.closeRegion(parent.encodedName(), false); // flushes; writes to it now fail and retry
    try {
      RegionSplitter.writeDaughters(fs, root, parent, desc, daughters);
    } catch (IOException | RuntimeException e) {
      LOG.error("split of {} failed before meta changed; reopening the parent", parent, e);
      rs.openRegion(parent, desc);
      throw e;
    }
    meta.replaceRegion(parent, daughters);
    fs.delete(RegionLayout.regionDir(root, parent), true);
    for (RegionInfo d : daughters) {
      rs.openRegion(d, desc);
      meta.setServer(d, rs.serverName());
    }
    LOG.info("split {} at '{}' into {} and {}", parent, Bytes.toStringBinary(at),
        daughters.get(0).encodedName(), daughters.get(1).encodedName());
  }

  // ------------------------------------------------------------------ namespaces

  @Override
  public synchronized void createNamespace(NamespaceDescriptor ns) throws IOException {
    if (meta.namespace(ns.name()) != null) {
      throw new NamespaceExistsException("namespace " + ns.name() + " already exists");
    }
    meta.putNamespace(ns);
  }

  @Override
  public synchronized void modifyNamespace(NamespaceDescriptor ns) throws IOException {
    requireNamespace(ns.name());
    meta.putNamespace(ns);
  }

  @Override
  public synchronized void deleteNamespace(String ns) throws IOException {
    requireNamespace(ns);
    if (ns.equals(TableName.DEFAULT_NAMESPACE) || ns.equals(TableName.SYSTEM_NAMESPACE)) {
      throw new IllegalArgumentException("namespace " + ns + " cannot be deleted");
    }
    for (TableDescriptor t : meta.tables()) {
      if (t.name().namespace().equals(ns)) {
        throw new IllegalStateException("namespace " + ns + " still holds table " + t.name());
      }
    }
    meta.deleteNamespace(ns);
  }

  @Override
  public synchronized NamespaceDescriptor namespace(String ns) throws IOException {
    return requireNamespace(ns);
  }

  @Override
  public synchronized List<NamespaceDescriptor> namespaces() throws IOException {
    return meta.namespaces();
  }

  // ------------------------------------------------------------------ cluster operations

  @Override
  public void move(String encodedRegion, String destServer) throws IOException {
    throw new IOException("move is not supported yet");
  }

  @Override
  public boolean balance() throws IOException {
    throw new IOException("balance is not supported yet");
  }

  @Override
  public boolean balanceSwitch(boolean on) throws IOException {
    throw new IOException("balance_switch is not supported yet");
  }

  @Override
  public void merge(String encodedA, String encodedB) throws IOException {
    throw new IOException("merge is not supported yet");
  }

  @Override
  public void assign(String encodedRegion) throws IOException {
    throw new IOException("assign is not supported yet");
  }

  @Override
  public void unassign(String encodedRegion) throws IOException {
    throw new IOException("unassign is not supported yet");
  }

  @Override
  public org.basaltdb.regionserver.server.ClusterStatus clusterStatus() throws IOException {
    throw new IOException("cluster status is not supported yet");
  }

  // ------------------------------------------------------------------ checks

  private TableDescriptor requireTable(TableName t) throws IOException {
    TableDescriptor d = meta.table(t);
    if (d == null) {
      throw new TableNotFoundException("table " + t + " does not exist");
    }
    return d;
  }

  private NamespaceDescriptor requireNamespace(String ns) throws IOException {
    NamespaceDescriptor d = meta.namespace(ns);
    if (d == null) {
      throw new TableNotFoundException("namespace " + ns + " does not exist");
    }
    return d;
  }

  private static void checkUserTable(TableName t) {
    if (t.namespace().equals(TableName.SYSTEM_NAMESPACE)) {
      throw new IllegalArgumentException("system table " + t + " cannot be changed");
    }
  }

  /** A table of that name already exists. */
  public static class TableExistsException extends IOException {
    public TableExistsException(String message) {
      super(message);
    }
  }

  /** A namespace of that name already exists. */
  public static class NamespaceExistsException extends IOException {
    public NamespaceExistsException(String message) {
      super(message);
    }
  }
}
