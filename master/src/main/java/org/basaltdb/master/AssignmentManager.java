package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
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
 * ({@link #reconcile}).
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
  /**
   * Regions whose server was asked to close them without the master hearing that it did (the
   * call failed, most often by timing out while the server was still closing): the assignment
   * as it was then. Such a region may be closed on its server, serving nobody, while
   * {@link #assignments} still names that server; {@link #repairUnconfirmedCloses} closes it
   * again (which waits for the server's close to end) and reopens it. Without this the chaos
   * run's region stayed unavailable until the balancer next happened to move it.
   */
  private final Map<String, Assignment> unconfirmedCloses = new ConcurrentHashMap<>();
  /**
   * Regions whose open was sent to a server without the master hearing how it ended (the call
   * got no answer, or the server stopped answering {@code openOutcomes}): the assignment sent.
   * The server may open such a region at any moment (its open may be queued or running), so it
   * is opened nowhere else until that server says it has it open (it is then recorded there),
   * or confirms a close of it under a higher epoch (after which it refuses the older open), or
   * is gone (its log is split first): {@link #repairUnconfirmedOpens}, or server recovery. As
   * HBase's master keeps retrying an open's dispatch while the server is online and leaves the
   * region to the server's crash procedure once it is not. Opening it elsewhere at once, as the
   * master did before, could leave it open on two servers. Such a region is in transition, has
   * no location for clients, and cannot be moved, split or merged meanwhile.
   */
  private final Map<String, Assignment> unconfirmedOpens = new ConcurrentHashMap<>();

  /** One region where it is open (or being opened), and the epoch of that assignment. */
  record Assignment(RegionInfo info, String server, long epoch) {}

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
    Assignment unconfirmed = unconfirmedOpens.get(region);
    if (unconfirmed != null) {
      throw new IOException("region " + region + " cannot be opened now: its open on "
          + unconfirmed.server() + " (epoch " + unconfirmed.epoch() + ") is not confirmed, and "
          + "it is opened elsewhere only once that server closes it or is gone");
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
          openUnconfirmed(new Assignment(r, s, epoch), e);
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
   * How many region records one meta write carries at most: a few hundred bytes each, so a
   * write stays far below the RPC's frame limit, and 1,000 regions take two writes.
   */
  static final int META_RECORDS_PER_WRITE = 500;

  /** One region of an {@link #assignAll}: where it goes, under which epoch. */
  private record Planned(RegionInfo info, TableDescriptor table, String server, long epoch) {}

  /**
   * How one open of an {@link #assignAll} ended: {@code failure} is null when it opened;
   * {@code unknown} when the server stopped answering before it said.
   */
  private record Opened(Planned region, IOException failure, boolean unknown) {}

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
   * <p>Meta is written in batches, not twice per region (a server's recovery spent most of its
   * time in those writes, each a call to meta's server and a sync of its log): first every
   * region's OPENING record with its server and epoch, {@value #META_RECORDS_PER_WRITE} to a
   * write, before any server is asked to open one; then, while the opens run, the OPEN records
   * of the opens that ended since the last write, in one write (a group commit: the next opens
   * end while it is written). A master that dies between the two leaves records saying OPENING
   * on a server with an epoch; the next master's {@link #reconcile} asks the servers what they
   * have open, keeps what is open (recording it OPEN) and opens the rest under higher epochs.
   * An open that fails on its server (the server's other opens go on) tries the others one by
   * one, as {@link #assign(RegionInfo, TableDescriptor, String)} does. The opens a server had not
   * reported when it stopped answering (it died, or is paused or partitioned mid-batch) may still
   * happen there: they stay with that server ({@link #unconfirmedOpens}) until it confirms them,
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
      Assignment unconfirmed = unconfirmedOpens.get(region);
      if (unconfirmed != null) {
        if (live.contains(unconfirmed.server())) {
          LOG.info("not opening {}: its open on {} is not confirmed yet", region,
              unconfirmed.server());
          continue;
        }
        deadLogs.split(unconfirmed.server()); // it may have opened there: its edits first
        unconfirmedOpens.remove(region);
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
        if (!unconfirmedOpens.containsKey(p.info().encodedName())) {
          inTransition.remove(p.info().encodedName());
        }
      }
    }
  }

  private int openPlanned(List<Planned> plan, ExecutorService pool)
      throws IOException {
    List<RegionRecord> opening = new ArrayList<>();
    Map<String, List<RegionServers.RegionOpen>> byServer = new TreeMap<>();
    Map<String, Planned> planned = new HashMap<>();
    for (Planned p : plan) {
      opening.add(new RegionRecord(p.info(), p.server(), RegionState.OPENING, p.epoch()));
      byServer.computeIfAbsent(p.server(), s -> new ArrayList<>())
          .add(new RegionServers.RegionOpen(p.info(), p.table(), p.epoch()));
      planned.put(p.info().encodedName(), p);
    }
    writeRecords(opening); // nothing asked of a server yet: a failure opens nothing
    // One batch per server, each on a pool thread, telling this thread of every open as it ends.
    BlockingQueue<Opened> ends = new LinkedBlockingQueue<>();
    for (Map.Entry<String, List<RegionServers.RegionOpen>> e : byServer.entrySet()) {
      String server = e.getKey();
      List<RegionServers.RegionOpen> batch = e.getValue();
      pool.execute(() -> {
        Set<String> told = new HashSet<>();
        IOException lost = null;
        try {
          servers.openBatch(server, batch, (o, failure) -> {
            if (told.add(o.info().encodedName())) {
              ends.add(new Opened(planned.get(o.info().encodedName()), failure, false));
            }
          });
        } catch (IOException | RuntimeException ex) {
          lost = ex instanceof IOException io ? io : new IOException(ex.toString(), ex);
        }
        for (RegionServers.RegionOpen o : batch) {
          if (!told.contains(o.info().encodedName())) { // the server stopped answering
            ends.add(new Opened(planned.get(o.info().encodedName()), lost != null ? lost
                : new IOException(server + " did not say how the open of "
                    + o.info().encodedName() + " ended"), true));
          }
        }
      });
    }
    int n = 0;
    List<Planned> retry = new ArrayList<>();
    for (int ended = 0; ended < plan.size(); ) {
      List<Opened> batch = new ArrayList<>();
      batch.add(take(ends));
      ends.drainTo(batch, META_RECORDS_PER_WRITE - 1);
      ended += batch.size();
      List<RegionRecord> open = new ArrayList<>();
      for (Opened o : batch) {
        Planned p = o.region();
        if (o.failure() == null) {
          open.add(new RegionRecord(p.info(), p.server(), RegionState.OPEN, p.epoch()));
        } else if (o.unknown()) {
          // It may still open there: elsewhere only once that is ruled out.
          openUnconfirmed(new Assignment(p.info(), p.server(), p.epoch()), o.failure());
        } else {
          LOG.warn("could not open {} on {}: {}", p.info(), p.server(),
              o.failure().getMessage());
          if (o.failure() instanceof StaleEpochException) {
            epochs.merge(p.info().encodedName(), 1_000L, Long::sum); // see assign
          }
          retry.add(p);
        }
      }
      if (open.isEmpty()) {
        continue;
      }
      try {
        meta.setAssignments(open);
      } catch (IOException e) {
        // They are open where their OPENING records say, under those epochs: a master taking
        // charge finds them there (reconcile); this one keeps serving them.
        LOG.error("could not record {} region(s) OPEN in meta; their records say OPENING on "
            + "the server they are open on", open.size(), e);
      }
      for (RegionRecord r : open) {
        assignments.put(r.info().encodedName(), new Assignment(r.info(), r.server(), r.epoch()));
        n++;
      }
    }
    if (!retry.isEmpty()) {
      n += assignEach(retry, pool);
    }
    return n;
  }

  /** Writes {@code records} to meta, {@value #META_RECORDS_PER_WRITE} to a write. */
  private void writeRecords(List<RegionRecord> records) throws IOException {
    for (int i = 0; i < records.size(); i += META_RECORDS_PER_WRITE) {
      meta.setAssignments(records.subList(i, Math.min(records.size(), i + META_RECORDS_PER_WRITE)));
    }
  }

  private static Opened take(BlockingQueue<Opened> ends) throws IOException {
    try {
      return ends.take();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted reopening regions");
    }
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

  private long epochOf(RegionInfo r) {
    return epochs.getOrDefault(r.encodedName(), 0L);
  }

  /** Closes a region wherever it is open and records it closed. */
  void unassign(RegionInfo r) throws IOException {
    String region = r.encodedName();
    Assignment a = assignments.get(region);
    Assignment unconfirmed = unconfirmedOpens.get(region);
    if (a == null && unconfirmed != null) {
      closeUnconfirmedOpen(unconfirmed);
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
        closeUnconfirmed(a, e);
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
  private void closeOrSplitLog(Assignment a) throws IOException {
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
   * The close of {@code a} was asked and not confirmed ({@code cause}): the region may be
   * closed, or closing, on its server; it is closed again and reopened by the next
   * {@link #repairUnconfirmedCloses}.
   */
  void closeUnconfirmed(Assignment a, IOException cause) {
    unconfirmedCloses.put(a.info().encodedName(), a);
    LOG.warn("the close of {} on {} was not confirmed ({}); it will be closed again and "
        + "reopened", a.info().encodedName(), a.server(), cause.getMessage());
  }

  /** Whether some close awaits {@link #repairUnconfirmedCloses}; reads without the lock. */
  boolean hasUnconfirmedCloses() {
    return !unconfirmedCloses.isEmpty();
  }

  /** Whether some open awaits {@link #repairUnconfirmedOpens}; reads without the lock. */
  boolean hasUnconfirmedOpens() {
    return !unconfirmedOpens.isEmpty();
  }

  /**
   * The open of {@code a} was sent and its outcome not heard ({@code cause}): the region stays
   * with that server, in transition, until {@link #repairUnconfirmedOpens} or server recovery
   * settles it.
   */
  void openUnconfirmed(Assignment a, IOException cause) {
    String region = a.info().encodedName();
    assignments.remove(region); // whatever it was (a dead server's), it is not open there now
    unconfirmedOpens.put(region, a);
    inTransition.putIfAbsent(region, clock.currentTimeMillis());
    LOG.warn("the open of {} on {} (epoch {}) was not confirmed ({}); it is opened nowhere else "
        + "until that server confirms or closes it, or is gone", region, a.server(), a.epoch(),
        cause.getMessage());
  }

  /** The servers holding opens not confirmed yet (server recovery splits their logs first). */
  Set<String> unconfirmedOpenServers() {
    Set<String> out = new TreeSet<>();
    unconfirmedOpens.values().forEach(a -> out.add(a.server()));
    return out;
  }

  /** The regions whose open is not confirmed: encoded name → the assignment sent. */
  Map<String, Assignment> unconfirmedOpens() {
    return Map.copyOf(unconfirmedOpens);
  }

  /**
   * Closes a region whose open on {@code a}'s server is not confirmed, under an epoch above the
   * open's, so that server refuses the open if it has not started it and closes the region if
   * it has (a close waits for an open under way); a server that is gone has its log split
   * instead. Then the region is no longer held there. Throws while that cannot be confirmed.
   */
  private void closeUnconfirmedOpen(Assignment a) throws IOException {
    String region = a.info().encodedName();
    long above = epochs.merge(region, a.epoch() + 1, Math::max);
    closeOrSplitLog(new Assignment(a.info(), a.server(), above));
    unconfirmedOpens.remove(region, a);
    inTransition.remove(region);
  }

  /**
   * Settles the regions whose open is not confirmed, one server at a time: those its server says
   * it has open under that epoch (or a higher one) are recorded open there; the others are
   * closed there under a higher epoch (confirmed), or their server's log is split when it is
   * gone, then opened in one batch on the least loaded servers ({@link #assignAll}, on
   * {@code pool}), or recorded closed when their table is no longer enabled. A server that does
   * not answer is left for the next call, all its regions with it (a paused server answers
   * nothing until it resumes or its session ends, and one wait is enough). Returns how many
   * regions were found open or opened.
   */
  int repairUnconfirmedOpens(ExecutorService pool) throws IOException {
    Map<String, List<Assignment>> byServer = new TreeMap<>();
    unconfirmedOpens.values().forEach(a ->
        byServer.computeIfAbsent(a.server(), s -> new ArrayList<>()).add(a));
    List<String> live = servers.live();
    List<RegionRecord> found = new ArrayList<>();
    List<Map.Entry<RegionInfo, TableDescriptor>> reopen = new ArrayList<>();
    for (Map.Entry<String, List<Assignment>> e : byServer.entrySet()) {
      String server = e.getKey();
      Map<String, Long> online = Map.of();
      try {
        if (live.contains(server)) {
          online = servers.online(server);
        }
        for (Assignment was : e.getValue()) {
          String region = was.info().encodedName();
          Long there = online.get(region);
          if (there != null && there >= was.epoch()) {
            epochs.merge(region, there, Math::max);
            found.add(new RegionRecord(was.info(), server, RegionState.OPEN, there));
            continue;
          }
          try {
            closeUnconfirmedOpen(was);
          } catch (StaleEpochException ex) {
            unconfirmedOpens.remove(region, was); // assigned anew by another master: its own
            inTransition.remove(region);
            continue;
          }
          TableDescriptor t = meta.table(was.info().table());
          if (t != null && meta.state(t.name()) == TableState.ENABLED) {
            reopen.add(Map.entry(was.info(), t));
          } else {
            meta.setAssignment(was.info(), null, RegionState.CLOSED, epochOf(was.info()));
          }
        }
      } catch (IOException ex) {
        LOG.warn("settling the unconfirmed opens on {} failed: {}; will try again", server,
            ex.getMessage());
      }
    }
    writeRecords(found);
    for (RegionRecord r : found) {
      String region = r.info().encodedName();
      assignments.put(region, new Assignment(r.info(), r.server(), r.epoch()));
      unconfirmedOpens.remove(region);
      inTransition.remove(region);
      LOG.info("{} is open on {} (epoch {}): its unconfirmed open happened", region, r.server(),
          r.epoch());
    }
    int n = found.size();
    if (!reopen.isEmpty()) {
      n += assignAll(reopen, pool);
      LOG.info("reopened {} of {} region(s) whose open had not been confirmed", n - found.size(),
          reopen.size());
    }
    return n;
  }

  /**
   * For each region whose close was not confirmed and which is still assigned as it was then:
   * closes it again (on a live server this waits for the close under way there to end; a dead
   * server's log is split instead) and reopens it, on the same server if it can. A region
   * assigned anew since (moved, recovered, split or merged) is left alone. One that fails stays
   * for the next call. Returns how many were reopened.
   */
  int repairUnconfirmedCloses() {
    int reopened = 0;
    for (Map.Entry<String, Assignment> e : new ArrayList<>(unconfirmedCloses.entrySet())) {
      String region = e.getKey();
      Assignment was = e.getValue();
      if (!was.equals(assignments.get(region))) {
        unconfirmedCloses.remove(region);
        continue;
      }
      try {
        TableDescriptor t = meta.table(was.info().table());
        closeOrSplitLog(was);
        if (t == null || meta.state(t.name()) != TableState.ENABLED) {
          assignments.remove(region);
          meta.setAssignment(was.info(), null, RegionState.CLOSED, was.epoch());
        } else {
          String where = assign(was.info(), t, was.server());
          LOG.info("reopened {} on {}: its close on {} had not been confirmed", region, where,
              was.server());
          reopened++;
        }
        unconfirmedCloses.remove(region);
      } catch (StaleEpochException ex) {
        unconfirmedCloses.remove(region); // assigned anew by another master: its to keep
      } catch (IOException | RuntimeException ex) {
        LOG.warn("repairing the unconfirmed close of {} on {} failed: {}; will try again",
            region, was.server(), ex.getMessage());
      }
    }
    return reopened;
  }

  /** Opens every region of a table; returns how many. */
  int assignTable(TableDescriptor t) throws IOException {
    int n = 0;
    for (RegionRecord r : meta.regions(t.name())) {
      assign(r.info(), t, null);
      n++;
    }
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
