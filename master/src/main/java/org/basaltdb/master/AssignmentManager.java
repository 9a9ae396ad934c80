package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.master.OpenBatches.Planned;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.server.rpc.StaleEpochException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every region is open: meta (its server, its epoch, and the {@link MetaTable} that reads
 * and writes it there) and each region of an enabled table, with the epoch of its latest
 * assignment. Opens and closes regions on the region servers, records each step in meta, and
 * rebuilds its view from meta and the live servers when a master takes charge
 * ({@link #reconcile}). Its collaborators: {@link OpenBatches} opens placed regions a batch per
 * server and records them in meta; {@link UnconfirmedTransitions} keeps the closes and opens
 * asked of a server without the master hearing that they happened, and repairs them.
 *
 * <p>Thread safety: every method requires the master's lock (the {@link Master}'s monitor),
 * which serialises all changes, except {@link #regions}, {@link #regionsByServer},
 * {@link #inTransitionCount}, {@link #inTransitionSince} and {@link #metaServer}, which read without it so that clients
 * looking up regions never wait behind a slow operation. The maps are concurrent for those
 * readers; {@code meta}, {@code metaServer} and {@code metaEpoch} are written only under the
 * lock.
 */
final class AssignmentManager {
  private static final Logger LOG = LoggerFactory.getLogger(AssignmentManager.class);
  static final String META_SERVER_NODE = "meta-server";

  private final RegionServers servers;
  private final Coordination coordination;
  private final boolean cluster;
  private final Clock clock;
  private final long closeWaitMillis;
  private final OpenBatches batches;
  /** Splits a dead server's log ({@link ServerRecovery}'s); set once by the master. */
  private DeadLogs deadLogs = server -> {
    throw new IllegalStateException("no log splitter for " + server);
  };

  /** Splits the log of a server that is not live, if not yet done. */
  interface DeadLogs {
    void split(String server) throws IOException;
  }

  void splitLogsWith(DeadLogs d) {
    this.deadLogs = d;
  }

  /** Table opens and balancer moves open their regions in batches on {@code pool}. */
  void openWith(ExecutorService pool) {
    this.openers = pool;
  }

  private volatile MetaTable meta;
  private volatile String metaServer;
  private long metaEpoch;
  /** Without ZooKeeper (standalone, unit tests): meta's location as this master published it. */
  private String publishedHere;
  /** Where each region of an enabled table is open: encoded name → assignment. */
  private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
  /** The epoch of each region's latest assignment (as meta records it). */
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  /** Regions in transition: encoded name → when it began (the clock's milliseconds). */
  private final Map<String, Long> inTransition = new ConcurrentHashMap<>();
  /** Closes and opens the master asked for without hearing that they happened. */
  private final UnconfirmedTransitions unconfirmed;

  /** One region where it is open (or being opened), and the epoch of that assignment. */
  record Assignment(RegionInfo info, String server, long epoch) {}

  /** A region to move from where it is open ({@code from}) to server {@code to}. */
  record Move(Assignment from, String to) {}

  /**
   * The pool table opens and balancer moves run their batches on; until the master sets it, the
   * caller's thread.
   */
  private ExecutorService openers = com.google.common.util.concurrent.MoreExecutors
      .newDirectExecutorService();

  /**
   * {@code coordination} is null in standalone mode; {@code cluster} says whether assignments
   * carry epochs for meta (a cluster's region servers check them); a close waits up to
   * {@code closeWaitMillis} for a registered server that does not answer (a session timeout and
   * more: by then a dead server's session has ended).
   */
  AssignmentManager(RegionServers servers, Coordination coordination, boolean cluster,
      Clock clock, long closeWaitMillis) {
    this.clock = clock;
    this.closeWaitMillis = closeWaitMillis;
    this.servers = servers;
    this.batches = new OpenBatches(servers);
    this.unconfirmed = new UnconfirmedTransitions(this, servers);
    this.coordination = coordination;
    this.cluster = cluster;
  }

  /** The meta table, read and written on the server meta is open on. */
  MetaTable meta() {
    return meta;
  }

  /** The region server hosting meta. */
  String metaServer() {
    return metaServer;
  }

  /** Where a region is open, or null when it is not. */
  Assignment get(String encodedRegion) {
    return assignments.get(encodedRegion);
  }

  /** Every open region (a live view). */
  Collection<Assignment> all() {
    return assignments.values();
  }

  /** Marks a region in transition (while it is split or merged), as the status counts them. */
  void startTransition(String encodedRegion) {
    inTransition.putIfAbsent(encodedRegion, clock.currentTimeMillis());
  }

  void endTransition(String encodedRegion) {
    inTransition.remove(encodedRegion);
  }

  /** Forgets where a region was open, once it is closed to be split or merged. */
  void forget(String encodedRegion) {
    assignments.remove(encodedRegion);
  }

  /** A region found open on {@code a}'s server under {@code a}'s epoch (its record written). */
  void placed(Assignment a) {
    epochs.merge(a.info().encodedName(), a.epoch(), Math::max);
    assignments.put(a.info().encodedName(), a);
  }

  /** Raises a region's epoch above {@code epoch} (and above its last); returns the new one. */
  long epochAbove(String encodedRegion, long epoch) {
    return epochs.merge(encodedRegion, epoch + 1, Math::max);
  }

  /** The closes and opens not confirmed, and their repair (the master's 1 s chore). */
  UnconfirmedTransitions unconfirmed() {
    return unconfirmed;
  }

  /** How many regions are being opened, closed, split or merged now. */
  int inTransitionCount() {
    return inTransition.size();
  }

  /** The regions being opened, closed, split or merged now: encoded name → since when. */
  Map<String, Long> inTransitionSince() {
    return Map.copyOf(inTransition);
  }

  // ------------------------------------------------------------------ meta

  /**
   * The server ZooKeeper names as meta's (the last one a master opened meta on), or null when
   * meta was never opened; remembers the epoch of that assignment so the next one is higher.
   */
  String publishedMetaServer() throws IOException {
    String published = coordination == null ? publishedHere : coordination.read(META_SERVER_NODE);
    if (published == null) {
      return null;
    }
    int semi = published.lastIndexOf(';');
    metaEpoch = Math.max(metaEpoch, semi < 0 ? 0 : Long.parseLong(published.substring(semi + 1)));
    return semi < 0 ? published : published.substring(0, semi);
  }

  /** Opens meta on the least loaded live server, trying the others if it fails, and says so. */
  void assignMeta(List<String> live) throws IOException {
    List<String> candidates = byLoad(live, null);
    IOException last = null;
    for (String s : candidates) {
      long epoch = cluster ? ++metaEpoch : 0;
      try {
        servers.open(s, MetaTable.REGION, MetaTable.DESCRIPTOR_OF_META, epoch);
        useMeta(s);
        if (coordination != null) {
          coordination.publish(META_SERVER_NODE, s + ";" + metaEpoch);
        } else {
          publishedHere = s + ";" + metaEpoch;
        }
        LOG.info("meta open on {} (epoch {})", s, epoch);
        return;
      } catch (RpcClients.NoAnswerException e) {
        // Meta may still open there: closed there under a higher epoch (confirmed) before it
        // is tried elsewhere, or this fails and is tried again later.
        LOG.warn("the open of meta on {} got no answer: {}; closing it there", s,
            e.getMessage());
        closeOrSplitLog(new Assignment(MetaTable.REGION, s, ++metaEpoch));
        last = e;
      } catch (IOException e) {
        LOG.warn("could not open meta on {}: {}", s, e.getMessage());
        last = e;
      }
    }
    throw new IOException("could not open meta on any live server " + live, last);
  }

  /** Without ZooKeeper: meta's location as published by the master before (unit tests). */
  void assumePublished(String serverAndEpoch) {
    publishedHere = serverAndEpoch;
  }

  /** Reads and writes meta on {@code server}, which said it has meta open. */
  void useMeta(String server) throws IOException {
    metaServer = server;
    meta = new MetaTable(servers.meta(server));
  }

  /**
   * Brings every region to its proper place: open on one live server if its table is enabled,
   * closed otherwise. Regions open where meta says are kept; regions open twice keep the newer
   * assignment; regions open nowhere are assigned, several at once on {@code openers} (as
   * {@link #assignAll} does). Returns how many regions are open. REQUIRES: meta is open.
   */
  int reconcile(List<String> live, ExecutorService openers)
      throws IOException {
    Map<String, String> openOn = new HashMap<>();
    Map<String, Long> openEpoch = new HashMap<>();
    Set<String> unanswered = new TreeSet<>();
    for (String s : live) {
      Map<String, Long> online;
      try {
        online = servers.online(s);
      } catch (IOException e) {
        LOG.warn("cannot ask {} what it serves: {}; its regions stay with it until it answers "
            + "or its session ends (then its WAL is split first)", s, e.getMessage());
        unanswered.add(s);
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
    List<Map.Entry<RegionInfo, TableDescriptor>> toOpen = new ArrayList<>();
    // Regions a master sent to a live server that has not opened them (yet): that master died
    // mid-batch, and the server may still have the open queued. They go back there under a
    // higher epoch, which that server opens once (or refuses the queued one for), rather than
    // elsewhere, where the queued open would later open them a second time.
    Map<String, String> sentTo = new HashMap<>();
    // Records that disagree with what the servers have open, corrected in batches after the loop.
    List<RegionRecord> corrected = new ArrayList<>();
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
            corrected.add(new RegionRecord(r.info(), null, RegionState.CLOSED, r.epoch()));
          }
          continue;
        }
        if (where != null) {
          long epoch = Math.max(openEpoch.get(region), r.epoch());
          epochs.put(region, epoch);
          assignments.put(region, new Assignment(r.info(), where, epoch));
          if (!where.equals(r.server()) || r.state() != RegionState.OPEN) {
            corrected.add(new RegionRecord(r.info(), where, RegionState.OPEN, epoch));
          }
          opened++;
        } else if (r.server() != null && unanswered.contains(r.server())
            && (r.state() == RegionState.OPEN || r.state() == RegionState.OPENING)) {
          // Its server is registered but did not answer: it may be dying with acknowledged
          // edits in its WAL. Opening the region elsewhere now would lose them (the chaos
          // test's kill -9 of a region server during a master failover did): server recovery
          // reopens it after splitting that WAL, once the server's session ends.
          assignments.put(region, new Assignment(r.info(), r.server(), r.epoch()));
          opened++;
        } else {
          toOpen.add(Map.entry(r.info(), t));
          if (r.state() == RegionState.OPENING && r.server() != null && live.contains(r.server())
              && !unanswered.contains(r.server())) {
            sentTo.put(region, r.server());
          }
        }
      }
    }
    writeRecords(corrected);
    if (!toOpen.isEmpty()) {
      long t0 = clock.nanoTime();
      int n = assignAll(toOpen, openers, sentTo);
      opened += n;
      LOG.info("opened {} of {} region(s) in {} ms", n, toOpen.size(),
          (clock.nanoTime() - t0) / 1_000_000);
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

  /** How many regions each live server holds (meta not counted). */
  Map<String, Integer> loadOf(List<String> live) {
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
  String assign(RegionInfo r, TableDescriptor t, String preferred) throws IOException {
    String region = r.encodedName();
    Assignment sent = unconfirmed.openOf(region);
    if (sent != null) {
      throw new IOException("region " + region + " cannot be opened now: its open on "
          + sent.server() + " (epoch " + sent.epoch() + ") is not confirmed, and it is opened "
          + "elsewhere only once that server closes it or is gone");
    }
    inTransition.putIfAbsent(region, clock.currentTimeMillis());
    boolean parked = false;
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
        } catch (RpcClients.NoAnswerException e) {
          unconfirmed.addOpen(new Assignment(r, s, epoch), e);
          parked = true;
          throw new IOException("the open of region " + region + " on " + s + " got no answer ("
              + e.getMessage() + "); it stays with " + s + " until that server says how it "
              + "ended, closes it, or is gone", e);
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
      if (!parked) {
        inTransition.remove(region);
      }
    }
  }


  /**
   * Opens {@code regions} (each with its table) on the live servers, in one batch per server
   * ({@link RegionServers#openBatch}: one call, the server opening several at once, meta's and
   * system tables' regions first), the batches at once on {@code pool}: each open replays the
   * region's recovered edits, which is most of a server's recovery time, so one after another
   * it grew with the number of regions, and a call per region cost a round trip and a pool
   * thread each (a cluster reopened a dead server's regions at 5–6 ms a region, a standalone
   * restart at 2.3 ms). They are spread by load first (each region goes to the least loaded
   * server at that point). A region that opens nowhere is logged and stays offline. Returns how
   * many opened. REQUIRES: the master's lock, held while the opens run ({@code pool}'s threads
   * do not take it).
   *
   * <p>Meta is written in batches ({@link OpenBatches}); a master that dies midway leaves records
   * saying OPENING on a server with an epoch, and the next master's {@link #reconcile} asks the
   * servers what they have open, keeps what is open (recording it OPEN) and opens the rest under
   * higher epochs. An open that fails on its server (the server's other opens go on) tries the others one by
   * one, as {@link #assign(RegionInfo, TableDescriptor, String)} does. The opens a server had not
   * reported when it stopped answering (it died, or is paused or partitioned mid-batch) may still
   * happen there: they stay with that server ({@link UnconfirmedTransitions}) until it confirms them,
   * closes them under a higher epoch, or is gone.
   */
  int assignAll(List<Map.Entry<RegionInfo, TableDescriptor>> regions,
      ExecutorService pool) throws IOException {
    return assignAll(regions, pool, Map.of());
  }

  /**
   * As {@link #assignAll(List, ExecutorService)}, each region named in {@code preferred}
   * (encoded name → server) going to that server when it is live.
   */
  int assignAll(List<Map.Entry<RegionInfo, TableDescriptor>> regions,
      ExecutorService pool, Map<String, String> preferred) throws IOException {
    List<String> live = servers.live();
    if (regions.isEmpty() || live.isEmpty()) {
      return 0;
    }
    Map<String, Integer> load = loadOf(live);
    List<Planned> plan = new ArrayList<>();
    long now = clock.currentTimeMillis();
    for (Map.Entry<RegionInfo, TableDescriptor> e : regions) {
      String region = e.getKey().encodedName();
      Assignment sent = unconfirmed.openOf(region);
      if (sent != null) {
        if (live.contains(sent.server())) {
          LOG.info("not opening {}: its open on {} is not confirmed yet", region, sent.server());
          continue;
        }
        deadLogs.split(sent.server()); // it may have opened there: its edits first
        unconfirmed.forgetOpen(sent);
      }
      String target = preferred.get(region);
      if (target == null || !load.containsKey(target)) {
        target = load.entrySet().stream().min(Map.Entry.<String, Integer>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
      }
      load.merge(target, 1, Integer::sum);
      inTransition.putIfAbsent(region, now);
      long epoch = epochs.merge(region, 1L, Long::sum);
      plan.add(new Planned(e.getKey(), e.getValue(), target, epoch));
    }
    try {
      return openPlanned(plan, pool);
    } finally {
      for (Planned p : plan) {
        if (unconfirmed.openOf(p.info().encodedName()) == null) {
          inTransition.remove(p.info().encodedName());
        }
      }
    }
  }

  private int openPlanned(List<Planned> plan, ExecutorService pool) throws IOException {
    int[] opened = {0};
    List<Planned> retry = new ArrayList<>();
    batches.open(meta, plan, pool, new OpenBatches.Outcomes() {
      @Override
      public void opened(RegionRecord r) {
        assignments.put(r.info().encodedName(), new Assignment(r.info(), r.server(), r.epoch()));
        opened[0]++;
      }

      @Override
      public void failed(Planned p, IOException why) {
        LOG.warn("could not open {} on {}: {}", p.info(), p.server(), why.getMessage());
        if (why instanceof StaleEpochException) {
          epochs.merge(p.info().encodedName(), 1_000L, Long::sum); // see assign
        }
        retry.add(p);
      }

      @Override
      public void unknown(Planned p, IOException why) {
        // It may still open there: elsewhere only once that is ruled out.
        unconfirmed.addOpen(new Assignment(p.info(), p.server(), p.epoch()), why);
      }
    });
    if (!retry.isEmpty()) {
      opened[0] += assignEach(retry, pool);
    }
    return opened[0];
  }

  private void writeRecords(List<RegionRecord> records) throws IOException {
    OpenBatches.writeRecords(meta, records);
  }

  /** Assigns each region on its own ({@link #assign}), several at once on {@code pool}. */
  private int assignEach(List<Planned> regions, ExecutorService pool)
      throws IOException {
    List<Future<Boolean>> opens = new ArrayList<>();
    for (Planned p : regions) {
      opens.add(pool.submit(() -> {
        try {
          assign(p.info(), p.table(), null);
          return true;
        } catch (IOException ex) {
          LOG.error("could not open {}; it stays offline: {}", p.info(), ex.getMessage());
          return false;
        }
      }));
    }
    int n = 0;
    for (Future<Boolean> f : opens) {
      try {
        n += f.get() ? 1 : 0;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted reopening regions");
      } catch (ExecutionException ee) {
        throw new IOException("reopening a region failed", ee.getCause());
      }
    }
    return n;
  }

  long epochOf(RegionInfo r) {
    return epochs.getOrDefault(r.encodedName(), 0L);
  }

  /** Closes a region wherever it is open and records it closed. */
  void unassign(RegionInfo r) throws IOException {
    String region = r.encodedName();
    Assignment a = assignments.get(region);
    Assignment sent = unconfirmed.openOf(region);
    if (a == null && sent != null) {
      unconfirmed.closeOpen(sent);
      meta.setAssignment(r, null, RegionState.CLOSED, epochOf(r));
      return;
    }
    if (a == null) {
      meta.setAssignment(r, null, RegionState.CLOSED, epochOf(r));
      return;
    }
    inTransition.putIfAbsent(region, clock.currentTimeMillis());
    try {
      meta.setAssignment(r, a.server(), RegionState.CLOSING, a.epoch());
      try {
        closeOrSplitLog(a);
      } catch (StaleEpochException e) {
        throw e; // a newer assignment exists: not this master's to repair
      } catch (IOException e) {
        unconfirmed.addClose(a, e);
        throw e;
      }
      assignments.remove(region);
      meta.setAssignment(r, null, RegionState.CLOSED, a.epoch());
    } finally {
      inTransition.remove(region);
    }
  }

  /**
   * Closes a region on its server, or, when that server is dead, splits its log, so the edits
   * the region acknowledged there go to its recovered edits before anyone opens it again (a
   * close that skipped a dead server, then an enable, lost them). A registered server that does
   * not answer may be dying: this waits, up to {@code closeWaitMillis}, until it answers or its
   * session ends; then the call fails, saying to try again.
   */
  void closeOrSplitLog(Assignment a) throws IOException {
    String region = a.info().encodedName();
    long deadline = clock.nanoTime() + closeWaitMillis * 1_000_000;
    while (true) {
      if (!servers.live().contains(a.server())) {
        deadLogs.split(a.server()); // nothing to do once split
        return;
      }
      try {
        servers.close(a.server(), region, a.epoch());
        return;
      } catch (StaleEpochException e) {
        throw e;
      } catch (IOException e) {
        if (clock.nanoTime() > deadline) {
          throw new IOException("cannot close region " + region + ": its server " + a.server()
              + " is registered but did not answer for " + closeWaitMillis + " ms ("
              + e.getMessage() + "); try again once it answers or its session has ended", e);
        }
        LOG.warn("closing {} on {} failed: {}; trying again until it answers or its session "
            + "ends", region, a.server(), e.getMessage());
        try {
          Thread.sleep(CLOSE_RETRY_MILLIS); // neither ZooKeeper nor the server tells us
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted closing " + region);
        }
      }
    }
  }

  /** How long between tries at closing a region whose server does not answer. */
  private static final long CLOSE_RETRY_MILLIS = 250;

  /**
   * Opens every region of a table, in one batch per server ({@link #assignAll}); returns how
   * many opened. Throws when some region opened nowhere (it stays offline); a region whose open
   * is not confirmed yet is not a failure (it is settled by the repair chore).
   */
  int assignTable(TableDescriptor t) throws IOException {
    List<Map.Entry<RegionInfo, TableDescriptor>> regions = new ArrayList<>();
    for (RegionRecord r : meta.regions(t.name())) {
      regions.add(Map.entry(r.info(), t));
    }
    int n = assignAll(regions, openers);
    List<String> offline = new ArrayList<>();
    for (Map.Entry<RegionInfo, TableDescriptor> e : regions) {
      String region = e.getKey().encodedName();
      if (!assignments.containsKey(region) && unconfirmed.openOf(region) == null) {
        offline.add(region);
      }
    }
    if (!offline.isEmpty()) {
      throw new IOException("could not open " + offline.size() + " of " + regions.size()
          + " region(s) of table " + t.name() + " on any live server: " + offline);
    }
    return n;
  }

  /**
   * Carries out {@code moves}: closes each region where it is open, then opens them all on
   * their destinations in one batch per server ({@link #assignAll}). A move whose region has
   * been assigned anew since it was planned (moved, split, merged, recovered), whose table is
   * no longer enabled, or whose source or destination is no longer live is skipped; so is one
   * whose close fails (the repair chore closes it again and reopens it). Returns how many
   * regions opened on their new server or elsewhere.
   */
  int moveAll(List<Move> moves) throws IOException {
    List<String> live = servers.live();
    List<Map.Entry<RegionInfo, TableDescriptor>> closed = new ArrayList<>();
    Map<String, String> dest = new HashMap<>();
    for (Move m : moves) {
      Assignment a = m.from();
      String region = a.info().encodedName();
      if (!a.equals(assignments.get(region)) || !live.contains(a.server())
          || !live.contains(m.to()) || a.server().equals(m.to())) {
        continue;
      }
      TableDescriptor t = meta.table(a.info().table());
      if (t == null || meta.state(t.name()) != TableState.ENABLED) {
        continue;
      }
      try {
        unassign(a.info());
      } catch (IOException e) {
        LOG.warn("not moving {} from {}: its close failed: {}", region, a.server(),
            e.getMessage());
        continue;
      }
      closed.add(Map.entry(a.info(), t));
      dest.put(region, m.to());
    }
    int n = closed.isEmpty() ? 0 : assignAll(closed, openers, dest);
    LOG.info("moved {} of {} region(s) asked", n, moves.size());
    return n;
  }

  /** Closes every region of a table. */
  void unassignTable(TableName t) throws IOException {
    for (RegionRecord r : meta.regions(t)) {
      unassign(r.info());
    }
  }

  /** Where a region is open; IllegalArgumentException when it is not. */
  Assignment requireOpen(String encodedRegion) {
    Assignment a = assignments.get(encodedRegion);
    if (a == null) {
      throw new IllegalArgumentException("region " + encodedRegion + " is not open");
    }
    return a;
  }

  /** Moves a region to {@code destServer}, or to the least loaded other live server if null. */
  void move(String encodedRegion, String destServer) throws IOException {
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

  /**
   * Closes a region and opens it on {@code dest}. Refused while the region's server is not
   * live: its acknowledged edits may still be only in that server's log, which server recovery
   * splits before it reopens the region (opening it elsewhere first lost them in the chaos test).
   */
  void moveTo(Assignment a, String dest) throws IOException {
    if (!servers.live().contains(a.server())) {
      throw new IOException("region " + a.info().encodedName() + " cannot move now: its server "
          + a.server() + " is not live, and the region reopens once that server's log is split");
    }
    TableDescriptor desc = meta.requireTable(a.info().table());
    unassign(a.info());
    assign(a.info(), desc, dest);
    LOG.info("moved {} from {} to {}", a.info().encodedName(), a.server(), dest);
  }

  /** Opens a region of an enabled table that is not open, on the least loaded server. */
  void assign(String encodedRegion) throws IOException {
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

  /** Closes an open region (not meta) and records it closed. */
  void unassign(String encodedRegion) throws IOException {
    if (encodedRegion.equals(MetaTable.REGION.encodedName())) {
      throw new IllegalArgumentException("meta cannot be unassigned");
    }
    unassign(requireOpen(encodedRegion).info());
  }

  // ------------------------------------------------------------------ reads without the lock

  /**
   * The regions of a table and the server of each (null while unassigned). Reads without the
   * master's lock.
   */
  List<RegionRecord> regions(TableName t) throws IOException {
    MetaTable m = meta;
    if (t.equals(MetaTable.NAME)) {
      return List.of(new RegionRecord(MetaTable.REGION, metaServer, RegionState.OPEN,
          metaEpoch));
    }
    if (m.table(t) == null) {
      throw new IOException("table " + t + " does not exist");
    }
    List<RegionRecord> out = new ArrayList<>();
    for (RegionRecord r : m.regions(t)) {
      Assignment a = assignments.get(r.info().encodedName());
      out.add(new RegionRecord(r.info(), a == null ? null : a.server(), r.state(), r.epoch()));
    }
    return out;
  }

  /**
   * The regions open on each live server, meta included, sorted by encoded name. Reads without
   * the master's lock.
   */
  Map<String, List<String>> regionsByServer(List<String> live) {
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
    return byServer;
  }
}
