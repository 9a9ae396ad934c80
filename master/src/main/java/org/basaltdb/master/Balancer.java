package org.basaltdb.master;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.TableName;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer: moves regions from the most to the least loaded live server, choosing a region
 * of the table most over-represented there, until region counts differ by at most one. Runs
 * when asked and, in a cluster, every {@code balancer.period} while switched on.
 *
 * <p>Thread safety: callable from any thread. {@link #balance} takes the master's lock
 * ({@code lock}, the {@link Master}'s monitor) for the whole run; the on/off switch is a
 * volatile read outside it.
 */
final class Balancer {
  private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);

  private final RegionServers servers;
  private final AssignmentManager assignments;
  /** The master's lock: every change to the cluster's state holds it. */
  private final Object lock;
  private volatile boolean balancerOn = true;

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
    synchronized (lock) {
      int moves = 0;
      List<String> live = servers.live();
      if (live.size() < 2) {
        return true;
      }
      while (true) {
        Map<String, Integer> load = assignments.loadOf(live);
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
        assignments.moveTo(pick, least);
        moves++;
      }
      LOG.info("balancer: {} region(s) moved", moves);
      runs.increment();
      moved.add(moves);
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
    for (Assignment a : assignments.all()) {
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
