package org.basaltdb.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.regionserver.server.ClusterStatus;
import org.basaltdb.regionserver.server.Coordination;
import org.basaltdb.regionserver.server.MasterService;
import org.basaltdb.regionserver.server.RegionServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master: the cluster id, the meta table, table and namespace DDL with pre-split regions,
 * and the assignment of every region of an enabled table to a live region server — after a
 * server dies (its logs are split and its regions reopened elsewhere, meta first), when the
 * balancer evens the load, and for splits and merges.
 *
 * <p>State lives in meta, so a newly elected master rebuilds everything from it and from what
 * the live servers report open: {@link #start} finishes whatever the last master left half done.
 * Every assignment carries an epoch, one higher than the region's last, which the region server
 * checks: a master that lost its leadership cannot undo what its successor did.
 *
 * <p>Operations run one at a time (one lock: this object's monitor); a server's crash is handled
 * on its own thread under the same lock. The work is done by collaborators that each own one
 * part and run under that lock unless their javadoc says otherwise:
 * <ul>
 *   <li>{@link AssignmentManager}: where every region, meta included, is open; opens, closes,
 *       moves and reconciles them.
 *   <li>{@link ServerRecovery}: dead servers' logs split and their regions reopened, on its own
 *       thread, taking this lock.
 *   <li>{@link Balancer}: evens the number of regions per live server, taking this lock.
 *   <li>{@link TableDdl}: creates, alters and deletes tables and namespaces.
 * </ul>
 */
public final class Master implements MasterService {
  private static final Logger LOG = LoggerFactory.getLogger(Master.class);
  static final String CLUSTER_ID_FILE = "basalt.id";

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private final RegionServers servers;
  private final Coordination coordination;
  private final String name;
  private final boolean cluster;

  private final AssignmentManager assignments;
  private String clusterId;
  private final Balancer balancer;
  private final TableDdl ddl;
  private final ServerRecovery recovery;
  private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "basalt-master-chores");
        t.setDaemon(true);
        return t;
      });

  /** Standalone mode: one region server in this process, no other master. */
  public Master(RegionServer rs) {
    this(rs.conf(), rs.fileSystem(), rs.rootDir(), rs.clock(), new LocalRegionServers(rs), null,
        rs.serverName(), false);
  }

  private Master(Configuration conf, FileSystem fs, Path root, Clock clock,
      RegionServers servers, Coordination coordination, String name, boolean cluster) {
    this.conf = conf;
    this.fs = fs;
    this.root = root;
    this.clock = clock;
    this.servers = servers;
    this.coordination = coordination;
    this.name = name;
    this.cluster = cluster;
    this.assignments = new AssignmentManager(servers, coordination, cluster);
    this.recovery = new ServerRecovery(conf, fs, root, clock, servers, cluster, assignments,
        this);
    this.balancer = new Balancer(servers, assignments, this);
    this.ddl = new TableDdl(fs, root, clock, assignments);
  }

  /**
   * A cluster's master, elected through {@code coordination}, driving the region servers
   * ZooKeeper lists over their internal RPC. {@code endpoint} is its own host:port.
   */
  public static Master forCluster(Configuration conf, FileSystem fs, Path root, Clock clock,
      Coordination coordination, org.basaltdb.regionserver.server.RpcClients clients,
      String endpoint) {
    return new Master(conf, fs, root, clock, new RemoteRegionServers(coordination, clients),
        coordination, endpoint, true);
  }

  /**
   * Takes charge: splits the logs of dead servers, opens meta (where it is not open already),
   * then brings every region to where meta and the live servers say it should be. In a cluster,
   * waits up to {@code master.wait.for.servers} for a first region server.
   */
  public synchronized void start() throws IOException {
    clusterId = readOrCreateClusterId();
    List<String> live = cluster ? waitForServers() : servers.live();
    recovery.splitDeadLogs(live);
    assignments.locateOrAssignMeta(live);
    for (NamespaceDescriptor ns : List.of(NamespaceDescriptor.DEFAULT,
        NamespaceDescriptor.SYSTEM)) {
      if (meta().namespace(ns.name()) == null) {
        meta().putNamespace(ns);
      }
    }
    int opened = assignments.reconcile(live);
    if (coordination != null) {
      coordination.publish("clusterid", clusterId);
    }
    if (cluster) {
      coordination.watchRegionServers(recovery::serverJoined, recovery::serverGone);
      long period = MasterConfig.BALANCER_PERIOD.get(conf);
      chores.scheduleWithFixedDelay(balancer::balanceQuietly, period, period,
          TimeUnit.MILLISECONDS);
    }
    long janitor = MasterConfig.JANITOR_PERIOD.get(conf);
    chores.scheduleWithFixedDelay(this::cleanRetiredQuietly, janitor, janitor,
        TimeUnit.MILLISECONDS);
    LOG.info("master {} in charge of cluster {}: meta on {}, {} regions open", name, clusterId,
        assignments.metaServer(), opened);
  }

  private List<String> waitForServers() throws IOException {
    long deadline = clock.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(MasterConfig.WAIT_FOR_SERVERS.get(conf));
    while (true) {
      List<String> live = servers.live();
      if (!live.isEmpty()) {
        return live;
      }
      if (clock.nanoTime() > deadline) {
        throw new IOException("no region server registered within "
            + MasterConfig.WAIT_FOR_SERVERS.get(conf) + " ms; start one");
      }
      try {
        Thread.sleep(200); // polling ZooKeeper for a first server to appear
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for region servers");
      }
    }
  }

  /** Stops the chores; regions stay where they are (a backup master takes them over). */
  public void stop() {
    recovery.stop();
    chores.shutdownNow();
  }

  /** The meta table, where meta is open now. */
  private MetaTable meta() {
    return assignments.meta();
  }

  @Override
  public String clusterId() {
    return clusterId;
  }

  public String serverName() {
    return name;
  }

  /** The region server hosting meta. */
  public String metaServer() {
    return assignments.metaServer();
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

  // ------------------------------------------------------------------ tables

  @Override
  public synchronized void createTable(TableDescriptor t, List<byte[]> splitKeys)
      throws IOException {
    ddl.createTable(t, splitKeys);
  }

  @Override
  public synchronized void deleteTable(TableName t) throws IOException {
    ddl.deleteTable(t);
  }

  @Override
  public synchronized void truncateTable(TableName t, boolean preserveSplits) throws IOException {
    ddl.truncateTable(t, preserveSplits);
  }

  @Override
  public synchronized void enableTable(TableName t) throws IOException {
    ddl.enableTable(t);
  }

  @Override
  public synchronized void disableTable(TableName t) throws IOException {
    ddl.disableTable(t);
  }

  @Override
  public synchronized boolean tableExists(TableName t) throws IOException {
    return t.equals(MetaTable.NAME) || meta().table(t) != null;
  }

  @Override
  public synchronized boolean isTableEnabled(TableName t) throws IOException {
    if (t.equals(MetaTable.NAME)) {
      return true;
    }
    meta().requireTable(t);
    return meta().state(t) == TableState.ENABLED;
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
    if (t.equals(MetaTable.NAME)) {
      return assignments.metaServer() != null;
    }
    for (RegionRecord r : meta().regions(t)) {
      if (assignments.get(r.info().encodedName()) == null) {
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
    return meta().requireTable(t);
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
    for (TableDescriptor t : meta().tables()) {
      if (p == null || p.matcher(t.name().toString()).matches()) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public synchronized List<TableDescriptor> tablesInNamespace(String ns) throws IOException {
    meta().requireNamespace(ns);
    List<TableDescriptor> out = new ArrayList<>();
    if (ns.equals(TableName.SYSTEM_NAMESPACE)) {
      out.add(MetaTable.DESCRIPTOR_OF_META);
    }
    for (TableDescriptor t : meta().tables()) {
      if (t.name().namespace().equals(ns)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Where each region of a table is open (server null while it is not). Answered from the
   * master's memory without the lock, so clients looking up regions never wait behind a slow
   * operation; the regions themselves come from meta.
   */
  @Override
  public List<RegionLocation> regionLocations(TableName t) throws IOException {
    List<RegionLocation> out = new ArrayList<>();
    for (RegionRecord r : regions(t)) {
      out.add(new RegionLocation(r.info(), r.server()));
    }
    return out;
  }

  /** The regions of a table and the server of each (null while unassigned); without the lock. */
  public List<RegionRecord> regions(TableName t) throws IOException {
    return assignments.regions(t);
  }

  // ------------------------------------------------------------------ schema changes

  @Override
  public synchronized void modifyTable(TableDescriptor t) throws IOException {
    ddl.modifyTable(t);
  }

  @Override
  public synchronized void addColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    ddl.addColumnFamily(t, f);
  }

  @Override
  public synchronized void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    ddl.modifyColumnFamily(t, f);
  }

  @Override
  public synchronized void deleteColumnFamily(TableName t, byte[] family) throws IOException {
    ddl.deleteColumnFamily(t, family);
  }

  // ------------------------------------------------------------------ splits and merges

  @Override
  public synchronized void split(TableName t, byte[] splitKey, String encodedRegion)
      throws IOException {
    TableDdl.checkUserTable(t);
    meta().requireTable(t);
    if (meta().state(t) != TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " must be enabled to split it");
    }
    List<RegionRecord> chosen = new ArrayList<>();
    for (RegionRecord r : meta().regions(t)) {
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

  /** A region server asks for a region that grew too big to be split at its middle. */
  public synchronized void requestSplit(String encodedRegion) throws IOException {
    Assignment a = assignments.get(encodedRegion);
    if (a == null) {
      throw new IllegalArgumentException("region " + encodedRegion + " is not open");
    }
    splitOne(a.info().table(), a.info(), null);
  }

  private void splitOne(TableName t, RegionInfo parent, byte[] splitKey) throws IOException {
    TableDescriptor desc = meta().requireTable(t);
    Assignment a = assignments.get(parent.encodedName());
    if (a == null) {
      throw new IOException("region " + parent + " is not open; cannot split it");
    }
    byte[] at = splitKey != null ? splitKey : servers.splitPoint(a.server(), parent.encodedName());
    if (splitKey == null && (at == null || Bytes.equals(at, parent.startKey()))) {
      LOG.info("not splitting {}: too few rows", parent);
      return;
    }
    rewriteReferences(a, "split");
    List<RegionInfo> daughters = RegionSplitter.daughters(parent, at, clock.currentTimeMillis());
    assignments.startTransition(parent.encodedName());
    try {
      meta().setAssignment(parent, a.server(), RegionState.SPLITTING, a.epoch());
      servers.close(a.server(), parent.encodedName(), a.epoch()); // flushes; writers retry
      assignments.forget(parent.encodedName());
      try {
        RegionSplitter.writeDaughters(fs, root, parent, desc, daughters);
      } catch (IOException | RuntimeException e) {
        LOG.error("split of {} failed before meta changed; reopening the parent", parent, e);
        assignments.assign(parent, desc, a.server());
        throw e;
      }
      meta().replaceRegions(List.of(parent), daughters, RegionState.SPLIT);
    } finally {
      assignments.endTransition(parent.encodedName());
    }
    cleanRetired(parent, t);
    for (RegionInfo d : daughters) {
      assignments.assign(d, desc, a.server());
    }
    LOG.info("split {} at '{}' into {} and {}", parent, Bytes.toStringBinary(at),
        daughters.get(0).encodedName(), daughters.get(1).encodedName());
  }

  /**
   * Merges two adjacent open regions of one table into one that refers to both parents' files
   * until a compaction rewrites them; the parents stay on disk until then.
   */
  @Override
  public synchronized void merge(String encodedA, String encodedB) throws IOException {
    if (encodedA.equals(encodedB)) {
      throw new IllegalArgumentException("cannot merge region " + encodedA + " with itself");
    }
    Assignment a = assignments.requireOpen(encodedA);
    Assignment b = assignments.requireOpen(encodedB);
    if (Bytes.equals(b.info().endKey(), a.info().startKey()) && b.info().endKey().length > 0) {
      Assignment swap = a; // merge in key order
      a = b;
      b = swap;
    }
    RegionInfo merged = org.basaltdb.regionserver.region.RegionMerger.merged(a.info(), b.info(),
        clock.currentTimeMillis());
    TableDescriptor desc = meta().requireTable(a.info().table());
    rewriteReferences(a, "merge");
    rewriteReferences(b, "merge");
    List<RegionInfo> parents = List.of(a.info(), b.info());
    for (RegionInfo p : parents) {
      assignments.startTransition(p.encodedName());
    }
    try {
      for (Assignment p : List.of(a, b)) {
        meta().setAssignment(p.info(), p.server(), RegionState.MERGING, p.epoch());
        servers.close(p.server(), p.info().encodedName(), p.epoch());
        assignments.forget(p.info().encodedName());
      }
      try {
        org.basaltdb.regionserver.region.RegionMerger.writeMerged(fs, root, a.info(), b.info(),
            desc, merged);
      } catch (IOException | RuntimeException e) {
        LOG.error("merge of {} and {} failed before meta changed; reopening them", a.info(),
            b.info(), e);
        assignments.assign(a.info(), desc, a.server());
        assignments.assign(b.info(), desc, b.server());
        throw e;
      }
      meta().replaceRegions(parents, List.of(merged), RegionState.MERGED);
    } finally {
      for (RegionInfo p : parents) {
        assignments.endTransition(p.encodedName());
      }
    }
    assignments.assign(merged, desc, a.server());
    LOG.info("merged {} and {} into {}", a.info().encodedName(), b.info().encodedName(),
        merged.encodedName());
  }

  /**
   * A region that still refers to its parent's files cannot split or merge: compact it first
   * (it was asked to when it opened; this waits for it), or refuse if references remain.
   */
  private void rewriteReferences(Assignment a, String what) throws IOException {
    if (!RegionSplitter.holdsReferences(fs, root, a.info())) {
      return;
    }
    LOG.info("compacting {} before the {}: it still refers to its parent's files",
        a.info().encodedName(), what);
    servers.compact(a.server(), a.info().encodedName(), true);
    if (RegionSplitter.holdsReferences(fs, root, a.info())) {
      throw new IllegalStateException("region " + a.info().encodedName() + " still refers to "
          + "the files of the region it came from (a scanner may be reading them); try the "
          + what + " again shortly");
    }
  }

  /**
   * Deletes a retired (split or merged) parent's files and its meta record once no region
   * refers to its files any more; until then, does nothing.
   */
  private void cleanRetired(RegionInfo parent, TableName t) throws IOException {
    TableDescriptor desc = meta().table(t);
    if (desc == null) {
      meta().deleteRegion(parent); // the table is gone, and its files with it
      return;
    }
    if (RegionSplitter.deleteIfUnreferenced(fs, root, parent, desc)) {
      meta().deleteRegion(parent);
      LOG.info("deleted {}: nothing refers to its files any more", parent);
    }
  }

  /** Deletes every retired parent nothing refers to any more (the janitor's periodic job). */
  public synchronized void cleanRetired() throws IOException {
    for (RegionRecord r : meta().retiredRegions()) {
      cleanRetired(r.info(), r.info().table());
    }
  }

  private void cleanRetiredQuietly() {
    try {
      cleanRetired();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cleaning split and merged parents failed; will try again", e);
    }
  }

  // ------------------------------------------------------------------ placement

  @Override
  public synchronized void move(String encodedRegion, String destServer) throws IOException {
    assignments.move(encodedRegion, destServer);
  }

  @Override
  public boolean balance() throws IOException {
    return balancer.balance();
  }

  @Override
  public boolean balanceSwitch(boolean on) {
    return balancer.balanceSwitch(on);
  }

  @Override
  public synchronized void assign(String encodedRegion) throws IOException {
    assignments.assign(encodedRegion);
  }

  @Override
  public synchronized void unassign(String encodedRegion) throws IOException {
    assignments.unassign(encodedRegion);
  }

  @Override
  public ClusterStatus clusterStatus() throws IOException {
    Map<String, List<String>> byServer = assignments.regionsByServer(servers.live());
    List<String> backups = coordination == null || !cluster ? List.of()
        : coordination.backupMasters();
    List<String> dead = recovery.deadServers();
    return new ClusterStatus(clusterId, name, backups, byServer, dead, balancer.isOn(),
        assignments.inTransitionCount());
  }

  // ------------------------------------------------------------------ consistency

  /** The cluster checked as {@code hbck} would ({@link ConsistencyCheck}); empty: all well. */
  @Override
  public synchronized List<String> checkConsistency() throws IOException {
    return new ConsistencyCheck(meta(), servers, fs, root).run();
  }

  // ------------------------------------------------------------------ namespaces

  @Override
  public synchronized void createNamespace(NamespaceDescriptor ns) throws IOException {
    ddl.createNamespace(ns);
  }

  @Override
  public synchronized void modifyNamespace(NamespaceDescriptor ns) throws IOException {
    ddl.modifyNamespace(ns);
  }

  @Override
  public synchronized void deleteNamespace(String ns) throws IOException {
    ddl.deleteNamespace(ns);
  }

  @Override
  public synchronized NamespaceDescriptor namespace(String ns) throws IOException {
    return meta().requireNamespace(ns);
  }

  @Override
  public synchronized List<NamespaceDescriptor> namespaces() throws IOException {
    return meta().namespaces();
  }

  // ------------------------------------------------------------------ errors

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
