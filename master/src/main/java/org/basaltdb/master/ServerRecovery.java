package org.basaltdb.master;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.wal.split.WalSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead region servers: splits their logs (at start for every server not live, and when
 * ZooKeeper says one is gone), then reopens meta and their regions on the live servers; when a
 * server joins, regions that waited for one (every server had died) get it. Keeps the list of
 * dead servers the cluster status reports.
 *
 * <p>The logs of several dead servers (servers that died together, or found dead by a master
 * taking charge) are split at once, up to {@code master.log.split.servers}: most of a split is
 * waiting (HDFS lease recovery, hsync of each region's recovered edits), so splitting them one
 * after another would add up those waits. A split starts as soon as ZooKeeper says its server
 * is gone, before the recovery (one at a time) gets to it; the recovery waits for the splits
 * of every dead server it finds, then reopens their regions.
 *
 * <p>Thread safety: ZooKeeper's callbacks ({@link #serverGone}, {@link #serverJoined}) only
 * queue work on the recovery executor (one thread); that work takes the master's lock ({@code lock},
 * the {@link Master}'s monitor) for all it does. {@link #splitDeadLogs} requires the caller to
 * hold that lock. Splits run on the splitters' threads without it: they touch only the
 * filesystem, and {@code splits} keeps one at a time per server. {@code deadServers} is guarded by its own monitor, so the status reads it
 * without the master's lock.
 */
final class ServerRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRecovery.class);

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private final RegionServers servers;
  private final boolean cluster;
  private final AssignmentManager assignments;
  /** The master's lock: every change to the cluster's state holds it. */
  private final Object lock;

  private final Set<String> deadServers = new LinkedHashSet<>();
  /** Each dead server's recovery as the status page shows it; guarded by {@code deadServers}. */
  private final Map<String, Recovery> recoveries = new java.util.HashMap<>();

  /**
   * One dead server's recovery: when ZooKeeper reported it gone (the clock's milliseconds), and
   * how long its recovery took (-1 while it runs).
   */
  record Recovery(long goneAtMillis, long tookMillis) {}
  private volatile boolean stopped;
  /** Where recoveries run, one at a time; {@link #stop} shuts it down. */
  private final ExecutorService recovery;
  /** Where a recovery opens regions, several at once (the master's, which shuts it down). */
  private final ExecutorService openers;
  /** Where dead servers' logs are split, several at once. */
  private final ExecutorService splitters;

  ServerRecovery(Configuration conf, FileSystem fs, Path root, Clock clock,
      RegionServers servers, boolean cluster, AssignmentManager assignments, Object lock,
      ExecutorService openers) {
    this(conf, fs, root, clock, servers, cluster, assignments, lock,
        Executors.newSingleThreadExecutor(daemons("basalt-server-recovery")), openers,
        Executors.newFixedThreadPool(Math.max(1, MasterConfig.LOG_SPLIT_SERVERS.get(conf)),
            daemons("basalt-log-splitter-%d")));
  }

  private static ThreadFactory daemons(String nameFormat) {
    return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true).build();
  }

  /**
   * With the executors recoveries run on, regions are opened on and logs are split on (a test's
   * may run them in the caller).
   */
  ServerRecovery(Configuration conf, FileSystem fs, Path root, Clock clock,
      RegionServers servers, boolean cluster, AssignmentManager assignments, Object lock,
      ExecutorService recovery, ExecutorService openers, ExecutorService splitters) {
    this.recovery = recovery;
    this.openers = openers;
    this.splitters = splitters;
    this.conf = conf;
    this.fs = fs;
    this.root = root;
    this.clock = clock;
    this.servers = servers;
    this.cluster = cluster;
    this.assignments = assignments;
    this.lock = lock;
  }

  /** Drops what ZooKeeper reports from now on and stops the recovery thread. */
  void stop() {
    stopped = true;
    recovery.shutdownNow();
    splitters.shutdownNow();
  }

  /** The servers seen dead since this master took charge, in the order they died. */
  List<String> deadServers() {
    synchronized (deadServers) {
      return new ArrayList<>(deadServers);
    }
  }

  /** The recoveries of the servers seen dead since this master took charge, by server. */
  Map<String, Recovery> recoveries() {
    synchronized (deadServers) {
      return Map.copyOf(recoveries);
    }
  }

  /** Splits the log directory of every server not in {@code live} (its edits go to regions). */
  void splitDeadLogs(List<String> live) throws IOException {
    if (!cluster) {
      return; // standalone: the region server split them before its WAL opened
    }
    Path walRoot = new Path(root, "WALs");
    if (!fs.exists(walRoot)) {
      return;
    }
    Set<String> dead = new TreeSet<>();
    for (FileStatus st : fs.listStatus(walRoot)) {
      String dir = st.getPath().getName();
      String owner = dir.endsWith(WalSplitter.SPLITTING_SUFFIX)
          ? dir.substring(0, dir.length() - WalSplitter.SPLITTING_SUFFIX.length()) : dir;
      if (st.isDirectory() && !live.contains(owner)) {
        dead.add(owner);
      }
    }
    // A region server registers before it makes its log directory, so one that registered
    // after `live` was read and has a directory by now is in a fresh look: never split (fence)
    // the log of a server that is starting.
    dead.removeAll(servers.live());
    splitLogsOfAll(dead);
  }

  /**
   * Splits under way (or ended and not yet waited for), by server: every split of a server's log
   * goes through here, so two are never under way for one server at once.
   */
  private final Map<String, Future<?>> splits = new ConcurrentHashMap<>();

  /**
   * Starts splitting the log of {@code server} on the splitters, unless a split of it is under
   * way, and returns the split under way. {@code unlessLive}: the split first checks that the
   * server is not live (a split started on ZooKeeper's word alone).
   */
  private Future<?> splitAsync(String server, boolean unlessLive) {
    while (true) {
      Future<?> f = splits.get(server);
      if (f != null && !f.isDone()) {
        return f;
      }
      FutureTask<Void> task = new FutureTask<>(() -> {
        if (!unlessLive || !servers.live().contains(server)) {
          splitNow(server);
        }
        return null;
      });
      if (f == null ? splits.putIfAbsent(server, task) == null : splits.replace(server, f, task)) {
        try {
          splitters.execute(task);
        } catch (RejectedExecutionException e) {
          task.run(); // the master is stopping: split here
        }
        return task;
      }
    }
  }

  /**
   * Splits the logs of {@code dead} servers (none live) at once, on the splitters, joining any
   * split of them already under way, and returns when all are split. A failed split does not
   * stop the others; the first failure is thrown once they have all ended. REQUIRES: the
   * master's lock.
   */
  void splitLogsOfAll(Set<String> dead) throws IOException {
    if (!cluster || dead.isEmpty()) {
      return; // standalone: the one region server split them before its WAL opened
    }
    long t0 = clock.nanoTime();
    Map<String, Future<?>> started = new LinkedHashMap<>();
    for (String server : dead) {
      started.put(server, splitAsync(server, false));
    }
    IOException failed = null;
    for (Map.Entry<String, Future<?>> e : started.entrySet()) {
      try {
        e.getValue().get();
      } catch (ExecutionException x) {
        Throwable c = x.getCause();
        IOException io = c instanceof IOException i ? i
            : new IOException("splitting the log of " + e.getKey() + " failed: " + c, c);
        if (failed == null) {
          failed = io;
        } else {
          failed.addSuppressed(io);
        }
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted splitting the logs of " + dead);
      } finally {
        if (e.getValue().isDone()) {
          splits.remove(e.getKey(), e.getValue());
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    if (dead.size() > 1) {
      LOG.info("split the logs of {} servers at once in {} ms: {}", dead.size(),
          (clock.nanoTime() - t0) / 1_000_000, dead);
    }
  }

  /**
   * How long a master taking charge waits between looks at meta's server while meta cannot be
   * opened yet: short, since every client and the rest of the start wait for meta.
   */
  private static final long META_RETRY_MILLIS = 250;
  /** How often that wait says in the log what it waits for. */
  private static final long META_WAIT_LOG_MILLIS = 5_000;

  /**
   * Opens meta for a master taking charge, first of all, and returns once it is open: where
   * ZooKeeper says it is, if that server is live and says it has meta open; otherwise on the
   * least loaded live server, after splitting the log of the server it was on (a dead server's
   * WAL may hold acknowledged meta edits, which meta must replay when it opens). Like HBase's
   * master, which assigns meta (splitting its server's log first) before anything else, it
   * never gives up because meta is unreachable for now: a registered server that does not
   * answer may be dying with meta edits in its log, or only slow, so meta waits until that
   * server answers or its ZooKeeper session ends, looking again every
   * {@value #META_RETRY_MILLIS} ms and saying what it waits for every
   * {@value #META_WAIT_LOG_MILLIS} ms. In a cluster, throws only when the master stops
   * meanwhile; standalone, when its one region server cannot open meta.
   * REQUIRES: the master's lock.
   */
  void openMeta() throws IOException {
    long t0 = clock.nanoTime();
    long nextLog = t0;
    for (int attempt = 1; ; attempt++) {
      if (stopped) {
        throw new InterruptedIOException("the master stopped before meta was open");
      }
      String waitingFor;
      try {
        waitingFor = tryOpenMeta();
      } catch (IOException e) {
        if (!cluster) {
          throw e; // standalone: the one server in this process failed to open it
        }
        waitingFor = e.getMessage();
      }
      long now = clock.nanoTime();
      if (waitingFor == null) {
        if (attempt > 1) {
          LOG.info("meta open on {} after {} ms and {} attempts", assignments.metaServer(),
              (now - t0) / 1_000_000, attempt);
        }
        return;
      }
      if (now >= nextLog) {
        LOG.warn("meta is not open yet ({} ms, attempt {}): {}; retrying",
            (now - t0) / 1_000_000, attempt, waitingFor);
        nextLog = now + META_WAIT_LOG_MILLIS * 1_000_000;
      }
      pause(META_RETRY_MILLIS);
    }
  }

  /** One try at {@link #openMeta}: null once meta is open, otherwise what it waits for. */
  private String tryOpenMeta() throws IOException {
    List<String> live = servers.live();
    if (live.isEmpty()) {
      return "no region server is live";
    }
    String published = assignments.publishedMetaServer();
    if (published != null && live.contains(published)) {
      Map<String, Long> online;
      try {
        online = servers.online(published);
      } catch (IOException e) {
        return "meta's server " + published + " is registered but does not answer ("
            + e.getMessage() + "); meta stays with it until it answers, or until its session "
            + "ends and its log is split";
      }
      if (online.containsKey(MetaTable.REGION.encodedName())) {
        assignments.useMeta(published);
        return null;
      }
    } else if (published != null) {
      splitLogsOf(published);
    } else {
      // No location published: a first start, or ZooKeeper's data was lost (operators wipe it,
      // as HBase's allow). Meta's last edits may then be in any dead server's log, and a meta
      // opened without them names regions as they were before its last splits and merges.
      splitDeadLogs(live);
    }
    assignments.assignMeta(live);
    return null;
  }

  private static void pause(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis); // polling ZooKeeper and the server: neither tells the master
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for meta");
    }
  }

  /**
   * Splits the log of {@code server}, which is not live, if it has one left (every region's
   * edits go to its recovered edits), or waits for its split under way. REQUIRES: the master's
   * lock.
   */
  void splitLogsOf(String server) throws IOException {
    splitLogsOfAll(Set.of(server));
  }

  /** The split itself, on a splitter thread (see {@link #splitAsync}). */
  private void splitNow(String server) throws IOException {
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

  /** Told of each server recovered, with how long it took from its loss (the MTTR). */
  private volatile java.util.function.LongConsumer recovered = nanos -> { };

  void setRecoveryObserver(java.util.function.LongConsumer observer) {
    this.recovered = observer;
  }

  /** ZooKeeper says a region server is gone: recover it on the recovery thread. */
  void serverGone(String server) {
    if (stopped) {
      return;
    }
    LOG.warn("region server {} is gone; recovering its regions", server);
    servers.gone(server);
    if (cluster) {
      // At once, beside the splits of any other server gone meanwhile; its recovery waits.
      splitAsync(server, true);
    }
    long goneAt = clock.currentTimeMillis();
    synchronized (deadServers) {
      recoveries.put(server, new Recovery(goneAt, -1));
    }
    recovery.execute(() -> {
      long t0 = clock.nanoTime();
      for (int attempt = 1; !stopped; attempt++) {
        try {
          recoverServer(server);
          long nanos = clock.nanoTime() - t0;
          synchronized (deadServers) {
            recoveries.put(server, new Recovery(goneAt, nanos / 1_000_000));
          }
          LOG.info("recovered region server {} in {} ms", server, nanos / 1_000_000);
          recovered.accept(nanos);
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
  void recoverServer(String server) throws IOException {
    synchronized (lock) {
      if (servers.live().contains(server)) {
        return; // it is back (a new incarnation has a new name, so this is a ZooKeeper blip)
      }
      synchronized (deadServers) {
        deadServers.add(server);
      }
      assignOrphans(Set.of(server)); // its log split with those of any other dead server
    }
  }

  /** A region server joined: regions waiting for a server (all died before) get one. */
  void serverJoined(String server) {
    assignOrphansLater(server + " joined");
  }

  /**
   * Once the master watches the region servers: a server that was live when the master took
   * charge but whose session ended before the watch began fires no event, so its regions
   * (kept with it by {@link AssignmentManager#reconcile}) are recovered here.
   */
  void watching() {
    assignOrphansLater("the master started watching the region servers");
  }

  private void assignOrphansLater(String why) {
    if (stopped) {
      return;
    }
    recovery.execute(() -> {
      try {
        assignOrphans(Set.of());
      } catch (IOException | RuntimeException e) {
        LOG.error("assigning regions to the live servers after {} failed", why, e);
      }
    });
  }

  /**
   * Splits the logs of {@code dead} and of every other server that held meta or a region and is
   * not live, all at once; then opens meta if its server is gone, and every region of an enabled
   * table that is not open on a live server. While no server is live, only splits.
   *
   * <p>The logs of the servers those regions were on are split first, so the regions open with
   * their edits: a server's death may be seen here (it is not live) before {@link #recoverServer}
   * has run for it, when a server joined just before and {@link #serverJoined} comes first.
   */
  private void assignOrphans(Set<String> dead) throws IOException {
    synchronized (lock) {
      List<String> live = servers.live();
      Set<String> gone = new TreeSet<>(dead);
      if (live.isEmpty()) {
        splitLogsOfAll(gone);
        LOG.warn("no region server is live; regions wait for one to join");
        return;
      }
      String metaServer = assignments.metaServer();
      if (metaServer != null && !live.contains(metaServer)) {
        gone.add(metaServer);
      }
      for (Assignment a : assignments.all()) {
        if (!live.contains(a.server())) {
          gone.add(a.server());
        }
      }
      for (String s : assignments.unconfirmed().openServers()) {
        if (!live.contains(s)) {
          gone.add(s); // it may have opened a region it was sent, and taken writes for it
        }
      }
      splitLogsOfAll(gone); // nothing to do for a server already split
      if (!live.contains(metaServer)) {
        assignments.assignMeta(live);
      }
      MetaTable meta = assignments.meta();
      List<Map.Entry<RegionInfo, TableDescriptor>> orphans = new ArrayList<>();
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
            orphans.add(Map.entry(r.info(), t));
          }
        }
      }
      long t0 = clock.nanoTime();
      int n = assignments.assignAll(orphans, openers);
      if (n > 0) {
        LOG.info("reopened {} region(s) on the live servers in {} ms", n,
            (clock.nanoTime() - t0) / 1_000_000);
      }
    }
  }
}
