package org.basaltdb.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
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
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.regionserver.region.RegionLayout;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.regionserver.server.ClusterStatus;
import org.basaltdb.regionserver.server.Coordination;
import org.basaltdb.regionserver.server.MasterService;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.regionserver.server.StaleEpochException;
import org.basaltdb.wal.split.WalSplitter;
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
 * <p>Operations run one at a time (one lock); a server's crash is handled on its own thread
 * under the same lock.
 */
public final class Master implements MasterService {
  private static final Logger LOG = LoggerFactory.getLogger(Master.class);
  static final String CLUSTER_ID_FILE = "basalt.id";
  static final String META_SERVER_NODE = "meta-server";

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private final RegionServers servers;
  private final Coordination coordination;
  private final String name;
  private final boolean cluster;

  private MetaTable meta;
  private String metaServer;
  private long metaEpoch;
  private String clusterId;
  /** Where each region of an enabled table is open: encoded name → assignment. */
  private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
  /** The epoch of each region's latest assignment (as meta records it). */
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  private final Set<String> inTransition = ConcurrentHashMap.newKeySet();
  private final Set<String> deadServers = new LinkedHashSet<>();
  private volatile boolean balancerOn = true;
  private volatile boolean stopped;
  private final ExecutorService recovery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "basalt-server-recovery");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "basalt-master-chores");
        t.setDaemon(true);
        return t;
      });

  /** One region where it is open (or being opened), and the epoch of that assignment. */
  private record Assignment(RegionInfo info, String server, long epoch) {}

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
    splitDeadLogs(live);
    locateOrAssignMeta(live);
    for (NamespaceDescriptor ns : List.of(NamespaceDescriptor.DEFAULT,
        NamespaceDescriptor.SYSTEM)) {
      if (meta.namespace(ns.name()) == null) {
        meta.putNamespace(ns);
      }
    }
    int opened = reconcile(live);
    if (coordination != null) {
      coordination.publish("clusterid", clusterId);
    }
    if (cluster) {
      coordination.watchRegionServers(this::serverJoined, this::serverGone);
      long period = MasterConfig.BALANCER_PERIOD.get(conf);
      chores.scheduleWithFixedDelay(this::balanceQuietly, period, period, TimeUnit.MILLISECONDS);
    }
    long janitor = MasterConfig.JANITOR_PERIOD.get(conf);
    chores.scheduleWithFixedDelay(this::cleanRetiredQuietly, janitor, janitor,
        TimeUnit.MILLISECONDS);
    LOG.info("master {} in charge of cluster {}: meta on {}, {} regions open", name, clusterId,
        metaServer, opened);
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
    stopped = true;
    chores.shutdownNow();
    recovery.shutdownNow();
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
    return metaServer;
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

  // ------------------------------------------------------------------ recovery

  /** Splits the log directory of every server not in {@code live} (its edits go to regions). */
  private void splitDeadLogs(List<String> live) throws IOException {
    if (!cluster) {
      return; // standalone: the region server split them before its WAL opened
    }
    Path walRoot = new Path(root, "WALs");
    if (!fs.exists(walRoot)) {
      return;
    }
    for (FileStatus st : fs.listStatus(walRoot)) {
      String dir = st.getPath().getName();
      String owner = dir.endsWith(WalSplitter.SPLITTING_SUFFIX)
          ? dir.substring(0, dir.length() - WalSplitter.SPLITTING_SUFFIX.length()) : dir;
      if (st.isDirectory() && !live.contains(owner)) {
        splitLogsOf(owner);
      }
    }
  }

  private void splitLogsOf(String server) throws IOException {
    Path walRoot = new Path(root, "WALs");
    Path dir = new Path(walRoot, server);
    Path splitting = new Path(walRoot, server + WalSplitter.SPLITTING_SUFFIX);
    if (!fs.exists(dir) && !fs.exists(splitting)) {
      return;
    }
    long t0 = clock.nanoTime();
    WalSplitter.Result r = new WalSplitter(fs, new Path(root, "oldWALs"),
        (table, region) -> new Path(RegionLayout.tableDir(root, table), region), conf, clock)
        .split(fs.exists(dir) ? dir : splitting);
    LOG.info("split the log of {} in {} ms: {} edits for {} regions", server,
        (clock.nanoTime() - t0) / 1_000_000, r.entries(), r.recoveredEdits().size());
  }

  /** ZooKeeper says a region server is gone: recover it on the recovery thread. */
  private void serverGone(String server) {
    if (stopped) {
      return;
    }
    LOG.warn("region server {} is gone; recovering its regions", server);
    recovery.execute(() -> {
      long t0 = clock.nanoTime();
      for (int attempt = 1; !stopped; attempt++) {
        try {
          recoverServer(server);
          LOG.info("recovered region server {} in {} ms", server,
              (clock.nanoTime() - t0) / 1_000_000);
          return;
        } catch (IOException | RuntimeException e) {
          LOG.error("recovering {} failed (attempt {}); trying again", server, attempt, e);
          try {
            Thread.sleep(Math.min(5_000, 200L * attempt)); // back off before the next attempt
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    });
  }

  /**
   * Fences and splits the dead server's log, then reopens elsewhere meta (if it was there) and
   * every region it held. With no server left alive, the regions wait for one to join.
   */
  synchronized void recoverServer(String server) throws IOException {
    if (servers.live().contains(server)) {
      return; // it is back (a new incarnation has a new name, so this is a ZooKeeper blip)
    }
    synchronized (deadServers) {
      deadServers.add(server);
    }
    splitLogsOf(server);
    assignOrphans();
  }

  /** A region server joined: regions waiting for a server (all died before) get one. */
  private void serverJoined(String server) {
    if (stopped) {
      return;
    }
    recovery.execute(() -> {
      try {
        assignOrphans();
      } catch (IOException | RuntimeException e) {
        LOG.error("assigning regions to the servers after {} joined failed", server, e);
      }
    });
  }

  /**
   * Opens meta if its server is gone, then every region of an enabled table that is not open on
   * a live server. Does nothing while no server is live.
   *
   * <p>The logs of the servers those regions were on are split first, so the regions open with
   * their edits: a server's death may be seen here (it is not live) before {@link #recoverServer}
   * has run for it, when a server joined just before and {@link #serverJoined} comes first.
   */
  private synchronized void assignOrphans() throws IOException {
    List<String> live = servers.live();
    if (live.isEmpty()) {
      LOG.warn("no region server is live; regions wait for one to join");
      return;
    }
    Set<String> gone = new TreeSet<>();
    if (metaServer != null && !live.contains(metaServer)) {
      gone.add(metaServer);
    }
    for (Assignment a : assignments.values()) {
      if (!live.contains(a.server())) {
        gone.add(a.server());
      }
    }
    for (String server : gone) {
      splitLogsOf(server); // nothing to do once split
    }
    if (!live.contains(metaServer)) {
      assignMeta(live);
    }
    int n = 0;
    for (TableDescriptor t : meta.tables()) {
      if (meta.state(t.name()) != TableState.ENABLED) {
        continue;
      }
      for (RegionRecord r : meta.regions(t.name())) {
        Assignment a = assignments.get(r.info().encodedName());
        if (a == null && r.state() == RegionState.CLOSED) {
          continue; // unassigned on purpose
        }
        if (a == null || !live.contains(a.server())) {
          try {
            assign(r.info(), t, null);
            n++;
          } catch (IOException e) {
            LOG.error("could not reopen {}: {}", r.info(), e.getMessage());
          }
        }
      }
    }
    if (n > 0) {
      LOG.info("reopened {} region(s) on the live servers", n);
    }
  }

  // ------------------------------------------------------------------ meta

  private void locateOrAssignMeta(List<String> live) throws IOException {
    String published = coordination == null ? null : coordination.read(META_SERVER_NODE);
    if (published != null) {
      int semi = published.lastIndexOf(';');
      String server = semi < 0 ? published : published.substring(0, semi);
      metaEpoch = semi < 0 ? 0 : Long.parseLong(published.substring(semi + 1));
      if (live.contains(server) && servers.online(server)
          .containsKey(MetaTable.REGION.encodedName())) {
        useMeta(server);
        return;
      }
    }
    assignMeta(live);
  }

  private void assignMeta(List<String> live) throws IOException {
    List<String> candidates = byLoad(live, null);
    IOException last = null;
    for (String s : candidates) {
      long epoch = cluster ? ++metaEpoch : 0;
      try {
        servers.open(s, MetaTable.REGION, MetaTable.DESCRIPTOR_OF_META, epoch);
        useMeta(s);
        if (coordination != null) {
          coordination.publish(META_SERVER_NODE, s + ";" + metaEpoch);
        }
        LOG.info("meta open on {} (epoch {})", s, epoch);
        return;
      } catch (IOException e) {
        LOG.warn("could not open meta on {}: {}", s, e.getMessage());
        last = e;
      }
    }
    throw new IOException("could not open meta on any live server " + live, last);
  }

  private void useMeta(String server) throws IOException {
    metaServer = server;
    meta = new MetaTable(servers.meta(server));
  }

  /**
   * Brings every region to its proper place: open on one live server if its table is enabled,
   * closed otherwise. Regions open where meta says are kept; regions open twice keep the newer
   * assignment; regions open nowhere are assigned. Returns how many regions are open.
   */
  private int reconcile(List<String> live) throws IOException {
    Map<String, String> openOn = new HashMap<>();
    Map<String, Long> openEpoch = new HashMap<>();
    for (String s : live) {
      Map<String, Long> online;
      try {
        online = servers.online(s);
      } catch (IOException e) {
        LOG.warn("cannot ask {} what it serves: {}", s, e.getMessage());
        continue;
      }
      for (Map.Entry<String, Long> e : online.entrySet()) {
        String region = e.getKey();
        if (region.equals(MetaTable.REGION.encodedName())) {
          if (!s.equals(metaServer)) {
            closeQuietly(s, region, 0);
          }
          continue;
        }
        String other = openOn.get(region);
        if (other != null) {
          // Open twice: keep the newer assignment.
          boolean keepNew = e.getValue() > openEpoch.get(region);
          closeQuietly(keepNew ? other : s, region, 0);
          if (!keepNew) {
            continue;
          }
        }
        openOn.put(region, s);
        openEpoch.put(region, e.getValue());
      }
    }
    assignments.clear();
    Set<String> known = new TreeSet<>();
    int opened = 0;
    for (TableDescriptor t : meta.tables()) {
      boolean enabled = meta.state(t.name()) == TableState.ENABLED;
      for (RegionRecord r : meta.regions(t.name())) {
        String region = r.info().encodedName();
        known.add(region);
        epochs.merge(region, r.epoch(), Math::max);
        String where = openOn.get(region);
        if (!enabled) {
          if (where != null) {
            closeQuietly(where, region, 0);
          }
          if (r.server() != null || r.state() != RegionState.CLOSED) {
            meta.setAssignment(r.info(), null, RegionState.CLOSED, r.epoch());
          }
          continue;
        }
        if (where != null) {
          long epoch = Math.max(openEpoch.get(region), r.epoch());
          epochs.put(region, epoch);
          assignments.put(region, new Assignment(r.info(), where, epoch));
          if (!where.equals(r.server()) || r.state() != RegionState.OPEN) {
            meta.setAssignment(r.info(), where, RegionState.OPEN, epoch);
          }
          opened++;
        } else {
          try {
            assign(r.info(), t, null);
            opened++;
          } catch (IOException e) {
            LOG.error("could not assign {} at start; it stays offline", r.info(), e);
          }
        }
      }
    }
    for (Map.Entry<String, String> e : openOn.entrySet()) {
      if (!known.contains(e.getKey())) {
        LOG.info("closing {} on {}: meta has no such live region", e.getKey(), e.getValue());
        closeQuietly(e.getValue(), e.getKey(), 0);
      }
    }
    return opened;
  }

  private void closeQuietly(String server, String region, long epoch) {
    try {
      servers.close(server, region, epoch);
    } catch (IOException e) {
      LOG.warn("could not close {} on {}: {}", region, server, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ assignment

  /** Live servers, {@code preferred} first, then by how many regions each holds. */
  private List<String> byLoad(List<String> live, String preferred) {
    Map<String, Integer> load = loadOf(live);
    List<String> out = new ArrayList<>(live);
    out.sort(Comparator.<String>comparingInt(s -> s.equals(preferred) ? -1 : 0)
        .thenComparingInt(load::get).thenComparing(Comparator.naturalOrder()));
    return out;
  }

  private Map<String, Integer> loadOf(List<String> live) {
    Map<String, Integer> load = new TreeMap<>();
    for (String s : live) {
      load.put(s, 0);
    }
    for (Assignment a : assignments.values()) {
      load.computeIfPresent(a.server(), (s, n) -> n + 1);
    }
    return load;
  }

  /**
   * Opens a region on {@code preferred} (or the least loaded live server), trying the others if
   * it fails, with an epoch above the region's last. Returns the server.
   */
  private String assign(RegionInfo r, TableDescriptor t, String preferred) throws IOException {
    String region = r.encodedName();
    inTransition.add(region);
    try {
      long epoch = epochs.getOrDefault(region, 0L);
      IOException last = null;
      List<String> live = servers.live();
      for (String s : byLoad(live, preferred)) {
        epoch++;
        epochs.put(region, epoch);
        meta.setAssignment(r, s, RegionState.OPENING, epoch);
        try {
          servers.open(s, r, t, epoch);
          meta.setAssignment(r, s, RegionState.OPEN, epoch);
          assignments.put(region, new Assignment(r, s, epoch));
          return s;
        } catch (StaleEpochException e) {
          LOG.warn("{}; trying a higher epoch", e.getMessage());
          epoch += 1_000; // a server saw a newer assignment than meta recorded
          last = e;
        } catch (IOException e) {
          LOG.warn("could not open {} on {}: {}", r, s, e.getMessage());
          last = e;
        }
      }
      assignments.remove(region);
      meta.setAssignment(r, null, RegionState.OFFLINE, epoch);
      throw new IOException("could not open region " + r + " on any live server " + live
          + (last == null ? "" : ": " + last.getMessage()), last);
    } finally {
      inTransition.remove(region);
    }
  }

  private long epochOf(RegionInfo r) {
    return epochs.getOrDefault(r.encodedName(), 0L);
  }

  /** Closes a region wherever it is open and records it closed. */
  private void unassign(RegionInfo r) throws IOException {
    String region = r.encodedName();
    Assignment a = assignments.get(region);
    if (a == null) {
      meta.setAssignment(r, null, RegionState.CLOSED, epochOf(r));
      return;
    }
    inTransition.add(region);
    try {
      meta.setAssignment(r, a.server(), RegionState.CLOSING, a.epoch());
      if (servers.live().contains(a.server())) {
        servers.close(a.server(), region, a.epoch());
      }
      assignments.remove(region);
      meta.setAssignment(r, null, RegionState.CLOSED, a.epoch());
    } finally {
      inTransition.remove(region);
    }
  }

  private int assignTable(TableDescriptor t) throws IOException {
    int n = 0;
    for (RegionRecord r : meta.regions(t.name())) {
      assign(r.info(), t, null);
      n++;
    }
    return n;
  }

  private void unassignTable(TableName t) throws IOException {
    for (RegionRecord r : meta.regions(t)) {
      unassign(r.info());
    }
  }

  // ------------------------------------------------------------------ tables

  /** Creates a table split at {@code splitKeys} (sorted, distinct, non-empty) and opens it. */
  @Override
  public synchronized void createTable(TableDescriptor t, List<byte[]> splitKeys)
      throws IOException {
    checkUserTable(t.name());
    meta.requireNamespace(t.name().namespace());
    if (meta.table(t.name()) != null) {
      throw new TableExistsException("table " + t.name() + " already exists");
    }
    List<RegionInfo> regions = regionsFor(t.name(), splitKeys, clock.currentTimeMillis());
    meta.createTable(t, regions, TableState.ENABLED);
    assignTable(t);
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
    meta.requireTable(t);
    if (meta.state(t) != TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " must be disabled before it is deleted");
    }
    deleteTableRecords(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    LOG.info("deleted table {}", t);
  }

  private void deleteTableRecords(TableName t) throws IOException {
    for (RegionRecord r : meta.retiredRegions()) {
      if (r.info().table().equals(t)) {
        meta.deleteRegion(r.info());
      }
    }
    meta.deleteTable(t);
  }

  /** Empties a disabled table, keeping its split points when asked, and enables it again. */
  @Override
  public synchronized void truncateTable(TableName t, boolean preserveSplits) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = meta.requireTable(t);
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
    deleteTableRecords(t);
    fs.delete(RegionLayout.tableDir(root, t), true);
    meta.createTable(desc, regionsFor(t, splits, clock.currentTimeMillis()),
        TableState.ENABLED);
    assignTable(desc);
    LOG.info("truncated table {}", t);
  }

  @Override
  public synchronized void enableTable(TableName t) throws IOException {
    checkUserTable(t);
    TableDescriptor desc = meta.requireTable(t);
    if (meta.state(t) == TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " is already enabled");
    }
    meta.setState(t, TableState.ENABLED);
    assignTable(desc);
  }

  @Override
  public synchronized void disableTable(TableName t) throws IOException {
    checkUserTable(t);
    meta.requireTable(t);
    if (meta.state(t) == TableState.DISABLED) {
      throw new IllegalStateException("table " + t + " is already disabled");
    }
    meta.setState(t, TableState.DISABLED);
    unassignTable(t);
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
    meta.requireTable(t);
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
    if (t.equals(MetaTable.NAME)) {
      return metaServer != null;
    }
    for (RegionRecord r : meta.regions(t)) {
      if (!assignments.containsKey(r.info().encodedName())) {
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
    return meta.requireTable(t);
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
    meta.requireNamespace(ns);
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

  /** The regions of a table and the server of each (null while unassigned). */
  public List<RegionRecord> regions(TableName t) throws IOException {
    MetaTable m = meta;
    if (t.equals(MetaTable.NAME)) {
      return List.of(new RegionRecord(MetaTable.REGION, metaServer, RegionState.OPEN,
          metaEpoch));
    }
    if (m.table(t) == null) {
      throw new TableNotFoundException("table " + t + " does not exist");
    }
    List<RegionRecord> out = new ArrayList<>();
    for (RegionRecord r : m.regions(t)) {
      Assignment a = assignments.get(r.info().encodedName());
      out.add(new RegionRecord(r.info(), a == null ? null : a.server(), r.state(), r.epoch()));
    }
    return out;
  }

  // ------------------------------------------------------------------ schema changes

  /** Replaces a table's descriptor; open regions reopen with it. */
  @Override
  public synchronized void modifyTable(TableDescriptor t) throws IOException {
    checkUserTable(t.name());
    TableDescriptor old = meta.requireTable(t.name());
    TableState state = meta.state(t.name());
    if (state == TableState.ENABLED) {
      unassignTable(t.name());
    }
    for (ColumnFamilyDescriptor f : old.families()) {
      if (!t.hasFamily(f.name())) {
        dropFamilyFiles(t.name(), f.name());
      }
    }
    meta.putTable(t, state);
    if (state == TableState.ENABLED) {
      assignTable(t);
    }
  }

  @Override
  public synchronized void addColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    TableDescriptor old = meta.requireTable(t);
    if (old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' already exists in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  @Override
  public synchronized void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f)
      throws IOException {
    TableDescriptor old = meta.requireTable(t);
    if (!old.hasFamily(f.name())) {
      throw new IllegalArgumentException("column family '" + f.nameAsString()
          + "' does not exist in table " + t);
    }
    modifyTable(old.withFamily(f));
  }

  @Override
  public synchronized void deleteColumnFamily(TableName t, byte[] family) throws IOException {
    TableDescriptor old = meta.requireTable(t);
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

  // ------------------------------------------------------------------ splits and merges

  @Override
  public synchronized void split(TableName t, byte[] splitKey, String encodedRegion)
      throws IOException {
    checkUserTable(t);
    meta.requireTable(t);
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

  /** A region server asks for a region that grew too big to be split at its middle. */
  public synchronized void requestSplit(String encodedRegion) throws IOException {
    Assignment a = assignments.get(encodedRegion);
    if (a == null) {
      throw new IllegalArgumentException("region " + encodedRegion + " is not open");
    }
    splitOne(a.info().table(), a.info(), null);
  }

  private void splitOne(TableName t, RegionInfo parent, byte[] splitKey) throws IOException {
    TableDescriptor desc = meta.requireTable(t);
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
    inTransition.add(parent.encodedName());
    try {
      meta.setAssignment(parent, a.server(), RegionState.SPLITTING, a.epoch());
      servers.close(a.server(), parent.encodedName(), a.epoch()); // flushes; writers retry
      assignments.remove(parent.encodedName());
      try {
        RegionSplitter.writeDaughters(fs, root, parent, desc, daughters);
      } catch (IOException | RuntimeException e) {
        LOG.error("split of {} failed before meta changed; reopening the parent", parent, e);
        assign(parent, desc, a.server());
        throw e;
      }
      meta.replaceRegions(List.of(parent), daughters, RegionState.SPLIT);
    } finally {
      inTransition.remove(parent.encodedName());
    }
    cleanRetired(parent, t);
    for (RegionInfo d : daughters) {
      assign(d, desc, a.server());
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
    Assignment a = requireOpen(encodedA);
    Assignment b = requireOpen(encodedB);
    if (Bytes.equals(b.info().endKey(), a.info().startKey()) && b.info().endKey().length > 0) {
      Assignment swap = a; // merge in key order
      a = b;
      b = swap;
    }
    RegionInfo merged = org.basaltdb.regionserver.region.RegionMerger.merged(a.info(), b.info(),
        clock.currentTimeMillis());
    TableDescriptor desc = meta.requireTable(a.info().table());
    rewriteReferences(a, "merge");
    rewriteReferences(b, "merge");
    List<RegionInfo> parents = List.of(a.info(), b.info());
    for (RegionInfo p : parents) {
      inTransition.add(p.encodedName());
    }
    try {
      for (Assignment p : List.of(a, b)) {
        meta.setAssignment(p.info(), p.server(), RegionState.MERGING, p.epoch());
        servers.close(p.server(), p.info().encodedName(), p.epoch());
        assignments.remove(p.info().encodedName());
      }
      try {
        org.basaltdb.regionserver.region.RegionMerger.writeMerged(fs, root, a.info(), b.info(),
            desc, merged);
      } catch (IOException | RuntimeException e) {
        LOG.error("merge of {} and {} failed before meta changed; reopening them", a.info(),
            b.info(), e);
        assign(a.info(), desc, a.server());
        assign(b.info(), desc, b.server());
        throw e;
      }
      meta.replaceRegions(parents, List.of(merged), RegionState.MERGED);
    } finally {
      for (RegionInfo p : parents) {
        inTransition.remove(p.encodedName());
      }
    }
    assign(merged, desc, a.server());
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
    TableDescriptor desc = meta.table(t);
    if (desc == null) {
      meta.deleteRegion(parent); // the table is gone, and its files with it
      return;
    }
    if (RegionSplitter.deleteIfUnreferenced(fs, root, parent, desc)) {
      meta.deleteRegion(parent);
      LOG.info("deleted {}: nothing refers to its files any more", parent);
    }
  }

  /** Deletes every retired parent nothing refers to any more (the janitor's periodic job). */
  public synchronized void cleanRetired() throws IOException {
    for (RegionRecord r : meta.retiredRegions()) {
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

  private Assignment requireOpen(String encodedRegion) {
    Assignment a = assignments.get(encodedRegion);
    if (a == null) {
      throw new IllegalArgumentException("region " + encodedRegion + " is not open");
    }
    return a;
  }

  @Override
  public synchronized void move(String encodedRegion, String destServer) throws IOException {
    Assignment a = requireOpen(encodedRegion);
    List<String> live = servers.live();
    String dest = destServer;
    if (dest == null) {
      for (String s : byLoad(live, null)) {
        if (!s.equals(a.server())) {
          dest = s;
          break;
        }
      }
      if (dest == null) {
        throw new IllegalStateException("region " + encodedRegion + " cannot move: "
            + a.server() + " is the only live region server");
      }
    } else if (!live.contains(dest)) {
      throw new IllegalArgumentException("cannot move region " + encodedRegion + " to "
          + dest + ": no such live region server (live: " + live + ")");
    }
    if (dest.equals(a.server())) {
      return;
    }
    moveTo(a, dest);
  }

  private void moveTo(Assignment a, String dest) throws IOException {
    TableDescriptor desc = meta.requireTable(a.info().table());
    unassign(a.info());
    assign(a.info(), desc, dest);
    LOG.info("moved {} from {} to {}", a.info().encodedName(), a.server(), dest);
  }

  @Override
  public boolean balance() throws IOException {
    if (!balancerOn) {
      return false;
    }
    synchronized (this) {
      int moves = 0;
      List<String> live = servers.live();
      if (live.size() < 2) {
        return true;
      }
      while (true) {
        Map<String, Integer> load = loadOf(live);
        String most = null;
        String least = null;
        for (Map.Entry<String, Integer> e : load.entrySet()) {
          if (most == null || e.getValue() > load.get(most)) {
            most = e.getKey();
          }
          if (least == null || e.getValue() < load.get(least)) {
            least = e.getKey();
          }
        }
        if (load.get(most) - load.get(least) <= 1) {
          break;
        }
        Assignment pick = mostRepresentedTableRegion(most, least);
        moveTo(pick, least);
        moves++;
      }
      LOG.info("balancer: {} region(s) moved", moves);
      return true;
    }
  }

  /**
   * A region on {@code from} of the table that has the most regions there compared with
   * {@code to}, so moving it also evens that table.
   */
  private Assignment mostRepresentedTableRegion(String from, String to) {
    Map<TableName, int[]> perTable = new HashMap<>();
    Map<TableName, Assignment> sample = new LinkedHashMap<>();
    for (Assignment a : assignments.values()) {
      int[] c = perTable.computeIfAbsent(a.info().table(), x -> new int[2]);
      if (a.server().equals(from)) {
        c[0]++;
        sample.putIfAbsent(a.info().table(), a);
      } else if (a.server().equals(to)) {
        c[1]++;
      }
    }
    Assignment best = null;
    int bestGap = Integer.MIN_VALUE;
    for (Map.Entry<TableName, Assignment> e : sample.entrySet()) {
      int[] c = perTable.get(e.getKey());
      if (c[0] - c[1] > bestGap) {
        bestGap = c[0] - c[1];
        best = e.getValue();
      }
    }
    return best;
  }

  private void balanceQuietly() {
    try {
      balance();
    } catch (IOException | RuntimeException e) {
      LOG.warn("balancer run failed", e);
    }
  }

  @Override
  public boolean balanceSwitch(boolean on) {
    boolean previous = balancerOn;
    balancerOn = on;
    return previous;
  }

  @Override
  public synchronized void assign(String encodedRegion) throws IOException {
    for (TableDescriptor t : meta.tables()) {
      for (RegionRecord r : meta.regions(t.name())) {
        if (r.info().encodedName().equals(encodedRegion)) {
          if (assignments.containsKey(encodedRegion)) {
            return; // already open
          }
          if (meta.state(t.name()) != TableState.ENABLED) {
            throw new IllegalStateException("region " + encodedRegion + " belongs to disabled "
                + "table " + t.name() + "; enable the table instead");
          }
          assign(r.info(), t, null);
          return;
        }
      }
    }
    throw new IllegalArgumentException("no region " + encodedRegion + " exists");
  }

  @Override
  public synchronized void unassign(String encodedRegion) throws IOException {
    if (encodedRegion.equals(MetaTable.REGION.encodedName())) {
      throw new IllegalArgumentException("meta cannot be unassigned");
    }
    unassign(requireOpen(encodedRegion).info());
  }

  @Override
  public ClusterStatus clusterStatus() throws IOException {
    List<String> live = servers.live();
    Map<String, List<String>> byServer = new TreeMap<>();
    for (String s : live) {
      byServer.put(s, new ArrayList<>());
    }
    if (metaServer != null && byServer.containsKey(metaServer)) {
      byServer.get(metaServer).add(MetaTable.REGION.encodedName());
    }
    for (Assignment a : assignments.values()) {
      List<String> l = byServer.get(a.server());
      if (l != null) {
        l.add(a.info().encodedName());
      }
    }
    byServer.values().forEach(l -> l.sort(Comparator.naturalOrder()));
    List<String> backups = coordination == null || !cluster ? List.of()
        : coordination.backupMasters();
    List<String> dead;
    synchronized (deadServers) {
      dead = new ArrayList<>(deadServers);
    }
    return new ClusterStatus(clusterId, name, backups, byServer, dead, balancerOn,
        inTransition.size());
  }

  // ------------------------------------------------------------------ consistency

  /** The cluster checked as {@code hbck} would ({@link ConsistencyCheck}); empty: all well. */
  @Override
  public synchronized List<String> checkConsistency() throws IOException {
    return new ConsistencyCheck(meta, servers, fs, root).run();
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
    meta.requireNamespace(ns.name());
    meta.putNamespace(ns);
  }

  @Override
  public synchronized void deleteNamespace(String ns) throws IOException {
    meta.requireNamespace(ns);
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
    return meta.requireNamespace(ns);
  }

  @Override
  public synchronized List<NamespaceDescriptor> namespaces() throws IOException {
    return meta.namespaces();
  }

  // ------------------------------------------------------------------ checks

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
