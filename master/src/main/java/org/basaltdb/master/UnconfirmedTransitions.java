package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.rpc.StaleEpochException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closes and opens the {@link AssignmentManager} asked of a region server without hearing
 * that they happened, and their repair, which the master runs every second
 * ({@link #repairCloses}, {@link #repairOpens}): a region in either state serves nobody, or may
 * be about to serve on a server the master does not name, until it is settled.
 *
 * <p>Thread safety: the repairs and every change require the master's lock, as the assignment
 * manager's methods do; {@link #hasCloses}, {@link #hasOpens}, {@link #openOf}, {@link #opens}
 * and {@link #askOpenServers} read without it.
 */
final class UnconfirmedTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(UnconfirmedTransitions.class);

  private final AssignmentManager am;
  private final RegionServers servers;
  /**
   * Regions whose server was asked to close them without the master hearing that it did (the
   * call failed, most often by timing out while the server was still closing): the assignment
   * as it was then. Such a region may be closed on its server, serving nobody, while
   * the assignment manager still names that server; {@link #repairCloses} closes it
   * again (which waits for the server's close to end) and reopens it. Without this the chaos
   * run's region stayed unavailable until the balancer next happened to move it.
   */
  private final Map<String, Assignment> closes = new ConcurrentHashMap<>();
  /**
   * Regions whose open was sent to a server without the master hearing how it ended (the call
   * got no answer, or the server stopped answering {@code openOutcomes}): the assignment sent.
   * The server may open such a region at any moment (its open may be queued or running), so it
   * is opened nowhere else until that server says it has it open (it is then recorded there),
   * or confirms a close of it under a higher epoch (after which it refuses the older open), or
   * is gone (its log is split first): {@link #repairOpens}, or server recovery. As
   * HBase's master keeps retrying an open's dispatch while the server is online and leaves the
   * region to the server's crash procedure once it is not. Opening it elsewhere at once, as the
   * master did before, could leave it open on two servers. Such a region is in transition, has
   * no location for clients, and cannot be moved, split or merged meanwhile.
   */
  private final Map<String, Assignment> opens = new ConcurrentHashMap<>();

  UnconfirmedTransitions(AssignmentManager am, RegionServers servers) {
    this.am = am;
    this.servers = servers;
  }

  /** The open sent for {@code encodedRegion} that is not confirmed, or null. */
  Assignment openOf(String encodedRegion) {
    return opens.get(encodedRegion);
  }

  /** The server of {@code a} is gone and its log split: the region is free to open anywhere. */
  void forgetOpen(Assignment a) {
    opens.remove(a.info().encodedName(), a);
  }

  /**
   * The close of {@code a} was asked and not confirmed ({@code cause}): the region may be
   * closed, or closing, on its server; it is closed again and reopened by the next
   * {@link #repairCloses}.
   */
  void addClose(Assignment a, IOException cause) {
    closes.put(a.info().encodedName(), a);
    LOG.warn("the close of {} on {} was not confirmed ({}); it will be closed again and "
        + "reopened", a.info().encodedName(), a.server(), cause.getMessage());
  }

  /** Whether some close awaits {@link #repairCloses}; reads without the lock. */
  boolean hasCloses() {
    return !closes.isEmpty();
  }

  /** Whether some open awaits {@link #repairOpens}; reads without the lock. */
  boolean hasOpens() {
    return !opens.isEmpty();
  }

  /**
   * The open of {@code a} was sent and its outcome not heard ({@code cause}): the region stays
   * with that server, in transition, until {@link #repairOpens} or server recovery
   * settles it.
   */
  void addOpen(Assignment a, IOException cause) {
    String region = a.info().encodedName();
    am.forget(region); // whatever it was (a dead server's), it is not open there now
    opens.put(region, a);
    am.startTransition(region);
    LOG.warn("the open of {} on {} (epoch {}) was not confirmed ({}); it is opened nowhere else "
        + "until that server confirms or closes it, or is gone", region, a.server(), a.epoch(),
        cause.getMessage());
  }

  /** The servers holding opens not confirmed yet (server recovery splits their logs first). */
  Set<String> openServers() {
    Set<String> out = new TreeSet<>();
    opens.values().forEach(a -> out.add(a.server()));
    return out;
  }

  /**
   * Asks each live server holding an unconfirmed open which regions it has open (with their
   * epochs): the question {@link #repairOpens(ExecutorService, Map)} needs answered, asked
   * without the master's lock, since a paused server answers nothing until the call times out
   * and the master would wait that long for everything else. A server that does not answer is
   * left out; an answer that is stale by the time the lock is held is harmless (a region found
   * open is kept where it is open; one not found is closed there under a higher epoch first).
   */
  Map<String, Map<String, Long>> askOpenServers() throws IOException {
    Map<String, Map<String, Long>> answers = new TreeMap<>();
    List<String> live = servers.live();
    for (String server : openServers()) {
      if (!live.contains(server)) {
        continue;
      }
      try {
        answers.put(server, servers.online(server));
      } catch (IOException e) {
        LOG.warn("cannot ask {} which of its unconfirmed opens happened: {}; will ask again",
            server, e.getMessage());
      }
    }
    return answers;
  }

  /** The regions whose open is not confirmed: encoded name → the assignment sent. */
  Map<String, Assignment> opens() {
    return Map.copyOf(opens);
  }

  /**
   * Closes a region whose open on {@code a}'s server is not confirmed, under an epoch above the
   * open's, so that server refuses the open if it has not started it and closes the region if
   * it has (a close waits for an open under way); a server that is gone has its log split
   * instead. Then the region is no longer held there. Throws while that cannot be confirmed.
   */
  void closeOpen(Assignment a) throws IOException {
    String region = a.info().encodedName();
    long above = am.epochAbove(region, a.epoch());
    am.closeOrSplitLog(new Assignment(a.info(), a.server(), above));
    opens.remove(region, a);
    am.endTransition(region);
  }

  /**
   * Settles the regions whose open is not confirmed, one server at a time: those its server says
   * it has open under that epoch (or a higher one) are recorded open there; the others are
   * closed there under a higher epoch (confirmed), or their server's log is split when it is
   * gone, then opened in one batch on the least loaded servers ({@link AssignmentManager#assignAll}, on
   * {@code pool}), or recorded closed when their table is no longer enabled. A server that does
   * not answer is left for the next call, all its regions with it (a paused server answers
   * nothing until it resumes or its session ends, and one wait is enough). Returns how many
   * regions were found open or opened.
   */
  int repairOpens(ExecutorService pool) throws IOException {
    return repairOpens(pool, askOpenServers());
  }

  /**
   * {@link #repairOpens(ExecutorService)} with the live servers' {@code answers} already asked
   * ({@link #askOpenServers}, outside the lock); a live server without an answer is left for the
   * next call, without calling it.
   */
  int repairOpens(ExecutorService pool, Map<String, Map<String, Long>> answers)
      throws IOException {
    Map<String, List<Assignment>> byServer = new TreeMap<>();
    opens.values().forEach(a ->
        byServer.computeIfAbsent(a.server(), s -> new ArrayList<>()).add(a));
    List<String> live = servers.live();
    List<RegionRecord> found = new ArrayList<>();
    List<Map.Entry<RegionInfo, TableDescriptor>> reopen = new ArrayList<>();
    for (Map.Entry<String, List<Assignment>> e : byServer.entrySet()) {
      String server = e.getKey();
      Map<String, Long> online = Map.of();
      try {
        if (live.contains(server)) {
          online = answers.get(server);
          if (online == null) {
            continue; // it did not answer: its regions stay with it until it does or is gone
          }
        }
        for (Assignment was : e.getValue()) {
          String region = was.info().encodedName();
          Long there = online.get(region);
          if (there != null && there >= was.epoch()) {
            found.add(new RegionRecord(was.info(), server, RegionState.OPEN, there));
            continue;
          }
          try {
            closeOpen(was);
          } catch (StaleEpochException ex) {
            opens.remove(region, was); // assigned anew by another master: its own
            am.endTransition(region);
            continue;
          }
          TableDescriptor t = am.meta().table(was.info().table());
          if (t != null && am.meta().state(t.name()) == TableState.ENABLED) {
            reopen.add(Map.entry(was.info(), t));
          } else {
            am.meta().setAssignment(was.info(), null, RegionState.CLOSED, am.epochOf(was.info()));
          }
        }
      } catch (IOException ex) {
        LOG.warn("settling the unconfirmed opens on {} failed: {}; will try again", server,
            ex.getMessage());
      }
    }
    OpenBatches.writeRecords(am.meta(), found);
    for (RegionRecord r : found) {
      String region = r.info().encodedName();
      am.placed(new Assignment(r.info(), r.server(), r.epoch()));
      opens.remove(region);
      am.endTransition(region);
      LOG.info("{} is open on {} (epoch {}): its unconfirmed open happened", region, r.server(),
          r.epoch());
    }
    int n = found.size();
    if (!reopen.isEmpty()) {
      n += am.assignAll(reopen, pool);
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
  int repairCloses() {
    int reopened = 0;
    for (Map.Entry<String, Assignment> e : new ArrayList<>(closes.entrySet())) {
      String region = e.getKey();
      Assignment was = e.getValue();
      if (!was.equals(am.get(region))) {
        closes.remove(region);
        continue;
      }
      try {
        TableDescriptor t = am.meta().table(was.info().table());
        am.closeOrSplitLog(was);
        if (t == null || am.meta().state(t.name()) != TableState.ENABLED) {
          am.forget(region);
          am.meta().setAssignment(was.info(), null, RegionState.CLOSED, was.epoch());
        } else {
          String where = am.assign(was.info(), t, was.server());
          LOG.info("reopened {} on {}: its close on {} had not been confirmed", region, where,
              was.server());
          reopened++;
        }
        closes.remove(region);
      } catch (StaleEpochException ex) {
        closes.remove(region); // assigned anew by another master: its to keep
      } catch (IOException | RuntimeException ex) {
        LOG.warn("repairing the unconfirmed close of {} on {} failed: {}; will try again",
            region, was.server(), ex.getMessage());
      }
    }
    return reopened;
  }

}
