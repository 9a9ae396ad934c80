package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.basaltdb.common.TableName;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer: moves regions from the most to the least loaded live server, choosing a region
 * of the table most over-represented there, until region counts differ by at most one. Runs
 * when asked and, in a cluster, every {@code balancer.period} while switched on.
 *
 * <p>A run plans every move under the master's lock ({@code lock}, the {@link Master}'s
 * monitor), then carries the moves out {@value #MOVES_PER_STEP} at a time, taking the lock for
 * each step only: a run that moves hundreds of regions took the lock for all of them (each
 * move a flush and an open), and other master work (DDL, splits, a dead server's recovery)
 * waited behind it. The world may change between steps; a move whose region was assigned anew
 * since, or whose source or destination server is no longer live, is skipped, and the next run
 * evens what is left. Callable from any thread; the on/off switch is a volatile read outside
 * the lock.
 */
final class Balancer {
  private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);

  private final RegionServers servers;
  private final AssignmentManager assignments;
  /** The master's lock: every change to the cluster's state holds it. */
  private final Object lock;
  private volatile boolean balancerOn = true;

  /**
   * How many moves one hold of the master's lock carries out: their regions are closed one by
   * one, then opened in one batch, so a step holds the lock for about that many flushes, and a
   * region moved early in a step waits for the step's other closes before it opens again.
   */
  static final int MOVES_PER_STEP = 8;

  Balancer(RegionServers servers, AssignmentManager assignments, Object lock) {
    this.servers = servers;
    this.assignments = assignments;
    this.lock = lock;
  }

  /** Whether the balancer is switched on. */
  boolean isOn() {
    return balancerOn;
  }

  /** Balancer runs completed, and the regions they moved (the master's meters). */
  private final java.util.concurrent.atomic.LongAdder runs =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder moved =
      new java.util.concurrent.atomic.LongAdder();

  long runs() {
    return runs.sum();
  }

  long moved() {
    return moved.sum();
  }

  /** Runs the balancer now; false when it is switched off. */
  boolean balance() throws IOException {
    if (!balancerOn) {
      return false;
    }
    List<AssignmentManager.Move> plan;
    synchronized (lock) {
      List<String> live = servers.live();
      if (live.size() < 2) {
        return true;
      }
      plan = plan(live);
    }
    int moves = 0;
    for (int i = 0; i < plan.size(); i += MOVES_PER_STEP) {
      List<AssignmentManager.Move> step = plan.subList(i, Math.min(plan.size(), i + MOVES_PER_STEP));
      synchronized (lock) {
        moves += assignments.moveAll(step);
      }
    }
    LOG.info("balancer: {} region(s) moved of {} planned", moves, plan.size());
    runs.increment();
    moved.add(moves);
    return true;
  }

  /**
   * The moves that even the load: each from the most to the least loaded server, a region of
   * the table most over-represented there, until counts differ by at most one. REQUIRES: the
   * master's lock.
   */
  private List<AssignmentManager.Move> plan(List<String> live) {
    Map<String, Integer> load = assignments.loadOf(live);
    Map<String, String> serverOf = new HashMap<>();
    for (Assignment a : assignments.all()) {
      serverOf.put(a.info().encodedName(), a.server());
    }
    List<AssignmentManager.Move> plan = new ArrayList<>();
    Set<String> planned = new HashSet<>();
    while (true) {
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
        return plan;
      }
      Assignment pick = mostRepresentedTableRegion(most, least, serverOf, planned);
      if (pick == null) {
        return plan; // every region there is already planned to move
      }
      plan.add(new AssignmentManager.Move(pick, least));
      planned.add(pick.info().encodedName());
      serverOf.put(pick.info().encodedName(), least);
      load.merge(most, -1, Integer::sum);
      load.merge(least, 1, Integer::sum);
    }
  }

  /**
   * A region on {@code from} (by {@code serverOf}, the plan so far) of the table that has the
   * most regions there compared with {@code to}, so moving it also evens that table; none of
   * {@code planned}.
   */
  private Assignment mostRepresentedTableRegion(String from, String to,
      Map<String, String> serverOf, Set<String> planned) {
    Map<TableName, int[]> perTable = new HashMap<>();
    Map<TableName, Assignment> sample = new LinkedHashMap<>();
    for (Assignment a : assignments.all()) {
      String server = serverOf.getOrDefault(a.info().encodedName(), a.server());
      int[] c = perTable.computeIfAbsent(a.info().table(), x -> new int[2]);
      if (server.equals(from)) {
        c[0]++;
        if (!planned.contains(a.info().encodedName())) {
          sample.putIfAbsent(a.info().table(), a);
        }
      } else if (server.equals(to)) {
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

  /** The periodic run: a failure is logged, and the next run tries again. */
  void balanceQuietly() {
    try {
      balance();
    } catch (IOException | RuntimeException e) {
      LOG.warn("balancer run failed", e);
    }
  }

  /** Switches the periodic balancer on or off; returns the previous setting. */
  boolean balanceSwitch(boolean on) {
    boolean previous = balancerOn;
    balancerOn = on;
    return previous;
  }
}
