package org.basaltdb.master;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.layout.SplitFiles;
import org.basaltdb.server.rpc.RpcClients;
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
 * on its own thread under the same lock. Only the lookups that must not wait behind a slow
 * operation skip it: {@link #regions}, {@link #regionLocations}, {@link #metaServer},
 * {@link #clusterStatus}, {@link #clusterId}, the balancer's switch, and the questions a
 * request for a region that is not open asks ({@link #tableExists}, {@link #isTableEnabled},
 * {@link #isTableDisabled}: a standalone serves while its master opens regions, and such a
 * request is answered "not serving", which clients retry, instead of waiting for every open). The work is done by
 * collaborators in this package that each own one part and run under that lock unless their
 * javadoc says otherwise:
 * <ul>
 *   <li>{@link AssignmentManager}: where every region, meta included, is open; opens, closes,
 *       moves and reconciles them.
 *   <li>{@link ServerRecovery}: dead servers' logs split and their regions reopened, on its own
 *       thread, taking this lock.
 *   <li>{@link Balancer}: evens the number of regions per live server, taking this lock.
 *   <li>{@link TableDdl}: creates, alters and deletes tables and namespaces.
 *   <li>{@link SplitsAndMerges}: splits and merges regions, and deletes retired parents.
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

  /** Set by {@link #start} under the lock. */
  private String clusterId;
  private volatile boolean stopped;
  private final AssignmentManager assignments;
  private final ServerRecovery recovery;
  private final Balancer balancer;
  private final TableDdl ddl;
  private final SplitsAndMerges splits;
  /** The status pages' view of the servers' loads; no lock. */
  private final ServerLoads loads;
  /** The {@link ServerProbe}'s own thread: the chores above may wait for the lock a while. */
  private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactoryBuilder().setNameFormat("basalt-master-probe").setDaemon(true).build());
  private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactoryBuilder().setNameFormat("basalt-master-chores").setDaemon(true).build());
  /**
   * Where regions are opened several at once ({@link MasterConfig#REGION_OPEN_THREADS}): when
   * the master takes charge and when it reopens a dead server's regions. Each open replays the
   * region's recovered edits; one after another, a standalone restart with 1,000 regions spent
   * 20 s opening them.
   */
  private final ExecutorService openers;
  /** Deletes archived WAL files past their TTL, on the janitor's chore. */
  private final WalArchiveCleaner walArchive;
  /** Deletes region directories meta does not name, on the janitor's chore. */
  private final OrphanRegionDirs orphans;

  /** The encoded name of meta's one region, which {@link RegionServers#meta} reads and writes. */
  public static final String META_REGION = MetaTable.REGION.encodedName();

  /**
   * Standalone mode: the region server in this process, driven through {@code servers}; no
   * other master. {@code name} is the master's name in logs and the cluster status.
   */
  public static Master standalone(Configuration conf, FileSystem fs, Path root, Clock clock,
      RegionServers servers, SplitFiles files, String name) {
    return new Master(conf, fs, root, clock, servers, files, null, name, false);
  }

  private Master(Configuration conf, FileSystem fs, Path root, Clock clock,
      RegionServers servers, SplitFiles files, Coordination coordination, String name,
      boolean cluster) {
    this.conf = conf;
    this.fs = fs;
    this.root = root;
    this.clock = clock;
    this.servers = servers;
    this.coordination = coordination;
    this.name = name;
    this.cluster = cluster;
    this.assignments = new AssignmentManager(servers, coordination, cluster, clock,
        2 * ServerConfig.ZK_SESSION_TIMEOUT.get(conf));
    this.openers = Executors.newFixedThreadPool(
        Math.max(1, MasterConfig.REGION_OPEN_THREADS.get(conf)),
        new ThreadFactoryBuilder().setNameFormat("basalt-region-opener-%d").setDaemon(true)
            .build());
    this.recovery = new ServerRecovery(conf, fs, root, clock, servers, cluster, assignments,
        this, openers);
    assignments.splitLogsWith(recovery::splitLogsOf);
    assignments.openWith(openers);
    this.balancer = new Balancer(servers, assignments, this);
    this.walArchive = new WalArchiveCleaner(fs, root, MasterConfig.WAL_ARCHIVE_TTL.get(conf),
        clock);
    this.ddl = new TableDdl(fs, root, clock, assignments);
    this.splits = new SplitsAndMerges(fs, root, clock, servers, assignments, files);
    this.orphans = new OrphanRegionDirs(fs, root, files,
        MasterConfig.JANITOR_ORPHAN_GRACE.get(conf), clock);
    this.loads = new ServerLoads(servers, MasterConfig.STATUS_SERVER_TIMEOUT.get(conf));
  }

  /**
   * A cluster's master, elected through {@code coordination}, driving the region servers
   * ZooKeeper lists over their internal RPC; {@code files} does the file work of splits and
   * merges. {@code endpoint} is its own host:port.
   */
  public static Master forCluster(Configuration conf, FileSystem fs, Path root, Clock clock,
      Coordination coordination, RpcClients clients, SplitFiles files, String endpoint) {
    return new Master(conf, fs, root, clock, new RemoteRegionServers(coordination, clients),
        files, coordination, endpoint, true);
  }

  /**
   * Takes charge: opens meta first (where it is open already, or after splitting the log of
   * its dead server), splits the logs of the other dead servers, then brings every region to
   * where meta and the live servers say it should be. In a cluster, waits up to
   * {@code master.wait.for.servers} for a first region server, and then never gives up because
   * meta or a server is unreachable for now: a failed step is retried from meta on until it
   * succeeds or the master is stopped.
   */
  public void start() throws IOException {
    start(() -> { });
  }

  /**
   * As {@link #start()}, and runs {@code metaOpen} once meta is open (with the dead servers'
   * logs split), before the other regions open: standalone mode starts serving clients there,
   * so regions already open answer while the rest open.
   */
  public synchronized void start(Runnable metaOpen) throws IOException {
    clusterId = readOrCreateClusterId();
    if (cluster) {
      waitForServers();
      long probe = MasterConfig.SERVER_PROBE_PERIOD.get(conf);
      if (probe > 0) {
        // From the start: a dead meta server is then found in a second, not a session timeout.
        ServerProbe p = new ServerProbe(coordination, (int) Math.max(100, probe));
        probes.scheduleWithFixedDelay(p::probeAll, 0, probe, TimeUnit.MILLISECONDS);
      }
    }
    int opened = takeCharge(metaOpen);
    if (coordination != null) {
      coordination.publish("clusterid", clusterId);
    }
    if (cluster) {
      coordination.watchRegionServers(recovery::serverJoined, recovery::serverGone);
      recovery.watching();
      long period = MasterConfig.BALANCER_PERIOD.get(conf);
      chores.scheduleWithFixedDelay(balancer::balanceQuietly, period, period,
          TimeUnit.MILLISECONDS);
    }
    long janitor = MasterConfig.JANITOR_PERIOD.get(conf);
    chores.scheduleWithFixedDelay(this::cleanRetiredQuietly, janitor, janitor,
        TimeUnit.MILLISECONDS);
    chores.scheduleWithFixedDelay(this::repairUnconfirmed, REPAIR_PERIOD_MILLIS,
        REPAIR_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info("master {} in charge of cluster {}: meta on {}, {} regions open", name, clusterId,
        assignments.metaServer(), opened);
  }

  /**
   * How often the master looks for regions whose close or open was not confirmed: such a region
   * serves nobody until it is settled, and the check costs nothing while there is none.
   */
  private static final long REPAIR_PERIOD_MILLIS = 1_000;

  /**
   * Closes again and reopens the regions whose close was not confirmed, and settles those whose
   * open was not (see the assignments).
   */
  private void repairUnconfirmed() {
    if (!assignments.unconfirmed().hasCloses() && !assignments.unconfirmed().hasOpens()) {
      return;
    }
    // Asked before taking the lock: a paused server holds the call until it times out.
    Map<String, Map<String, Long>> answers = Map.of();
    try {
      if (assignments.unconfirmed().hasOpens()) {
        answers = assignments.unconfirmed().askOpenServers();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot list the live servers to settle unconfirmed opens; will try again", e);
    }
    synchronized (this) {
      if (!stopped) {
        assignments.unconfirmed().repairCloses();
        try {
          assignments.unconfirmed().repairOpens(openers, answers);
        } catch (IOException | RuntimeException e) {
          LOG.warn("settling unconfirmed opens failed; will try again", e);
        }
      }
    }
  }

  /** How long a cluster's master waits before it tries a failed start step again. */
  private static final long RETRY_START_MILLIS = 500;

  /**
   * Meta, the dead servers' logs and the regions, retried (in a cluster) until they succeed;
   * {@code metaOpen} runs once, when meta is first open.
   */
  private int takeCharge(Runnable metaOpen) throws IOException {
    long t0 = clock.nanoTime();
    boolean told = false;
    for (int attempt = 1; ; attempt++) {
      try {
        recovery.openMeta();
        List<String> live = servers.live();
        recovery.splitDeadLogs(live);
        for (NamespaceDescriptor ns : List.of(NamespaceDescriptor.DEFAULT,
            NamespaceDescriptor.SYSTEM)) {
          if (meta().namespace(ns.name()) == null) {
            meta().putNamespace(ns);
          }
        }
        if (!told) {
          told = true;
          LOG.info("meta open after {} ms; opening the other regions",
              (clock.nanoTime() - t0) / 1_000_000);
          metaOpen.run();
        }
        return assignments.reconcile(live, openers);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (!cluster || stopped) {
          throw e;
        }
        LOG.warn("taking charge failed after {} ms (attempt {}): {}; trying again from meta",
            (clock.nanoTime() - t0) / 1_000_000, attempt, e.toString());
        try {
          Thread.sleep(RETRY_START_MILLIS); // meta's server may be dying: give ZooKeeper time
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted taking charge");
        }
      }
    }
  }

  private void waitForServers() throws IOException {
    long deadline = clock.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(MasterConfig.WAIT_FOR_SERVERS.get(conf));
    while (true) {
      List<String> live = servers.live();
      if (!live.isEmpty()) {
        return;
      }
      if (clock.nanoTime() > deadline) {
        throw new IOException("no region server registered within "
            + MasterConfig.WAIT_FOR_SERVERS.get(conf) + " ms; start one");
      }
      try {
        Thread.sleep(200); // polling ZooKeeper for a first server to appear
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for region servers");
      }
    }
  }

  /** Stops the chores; regions stay where they are (a backup master takes them over). */
  public void stop() {
    stopped = true;
    recovery.stop();
    openers.shutdownNow();
    probes.shutdownNow();
    chores.shutdownNow();
    loads.close();
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

  /** Without the lock (see the class comment). */
  @Override
  public boolean tableExists(TableName t) throws IOException {
    return t.equals(MetaTable.NAME) || meta().table(t) != null;
  }

  /** Without the lock (see the class comment). */
  @Override
  public boolean isTableEnabled(TableName t) throws IOException {
    if (t.equals(MetaTable.NAME)) {
      return true;
    }
    meta().requireTable(t);
    return meta().state(t) == TableState.ENABLED;
  }

  /** Without the lock (see the class comment). */
  @Override
  public boolean isTableDisabled(TableName t) throws IOException {
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
    splits.split(t, splitKey, encodedRegion);
  }

  /** A region server asks for a region that grew too big to be split at its middle. */
  public synchronized void requestSplit(String encodedRegion) throws IOException {
    splits.requestSplit(encodedRegion);
  }

  @Override
  public synchronized void merge(String encodedA, String encodedB) throws IOException {
    splits.merge(encodedA, encodedB);
  }

  /**
   * Deletes every retired parent nothing refers to any more, then the region directories meta
   * does not name past {@code master.janitor.orphan.grace} (the janitor's periodic job).
   */
  public synchronized void cleanRetired() throws IOException {
    splits.cleanRetired();
    orphans.clean(assignments.meta(), assignments.inTransitionSince().keySet());
  }

  private void cleanRetiredQuietly() {
    try {
      cleanRetired();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cleaning split and merged parents, or orphan region directories, failed; will "
          + "try again", e);
    }
    try {
      walArchive.clean(servers.live());
    } catch (IOException | RuntimeException e) {
      LOG.warn("deleting expired archived WAL files failed; will try again", e);
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

  /**
   * The regions in transition now (opening, closing, splitting, merging): encoded name → how
   * long, in milliseconds of the master's clock. Never waits for the master's lock.
   */
  public Map<String, Long> regionsInTransitionAges() {
    long now = clock.currentTimeMillis();
    Map<String, Long> ages = new java.util.TreeMap<>();
    assignments.inTransitionSince().forEach((r, since) -> ages.put(r, Math.max(0, now - since)));
    return ages;
  }

  /**
   * The regions whose open was sent to a server without the master hearing how it ended:
   * encoded name → that server. Each is opened nowhere else until that server confirms or
   * closes it, or is gone. Reads without the master's lock.
   */
  public Map<String, String> unconfirmedOpens() {
    Map<String, String> out = new java.util.TreeMap<>();
    assignments.unconfirmed().opens().forEach((r, a) -> out.put(r, a.server()));
    return out;
  }

  /** The master's clock (the status pages' ages). */
  Clock clock() {
    return clock;
  }

  /** The recovery of each server seen dead since this master took charge (status page). */
  Map<String, ServerRecovery.Recovery> recoveries() {
    return recovery.recoveries();
  }

  /**
   * Each live region server's load, asked of all of them now and at once (for the status
   * pages); a server that does not answer within {@link MasterConfig#STATUS_SERVER_TIMEOUT} is
   * left out. Never waits for the master's lock.
   */
  public Map<String, ServerLoad> serverLoads() throws IOException {
    try {
      return loads.loads(servers.live());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking the region servers' loads");
    }
  }

  // ------------------------------------------------------------------ activity (meters)

  /** Balancer runs completed since this master became active. */
  public long balancerRuns() {
    return balancer.runs();
  }

  /** Regions the balancer moved since this master became active. */
  public long balancerMoves() {
    return balancer.moved();
  }

  /** Splits completed since this master became active. */
  public long splitsDone() {
    return splits.splitsDone();
  }

  /** Merges completed since this master became active. */
  public long mergesDone() {
    return splits.mergesDone();
  }

  /** Tells {@code observer} of each dead server recovered, with its recovery time in nanos. */
  public void setRecoveryObserver(java.util.function.LongConsumer observer) {
    recovery.setRecoveryObserver(observer);
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
