package org.basaltdb.regionserver.server;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.rpc.StaleEpochException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the batches of regions the master sends (a dead server's regions, a master taking
 * charge, a standalone restart) several at once on this server's open pool, and keeps how each
 * open ended until the master asks ({@link #outcomes}). One call starts a whole batch, where a
 * call per region cost the master a round trip and a thread each: a cluster reopened a dead
 * server's regions at 5–6 ms a region against a standalone restart's 2.3 ms.
 *
 * <p>Each open is {@link RegionServer#openRegion(RegionInfo, TableDescriptor, long)}, with its
 * epoch check under the region's lock when it starts, so a batch queued behind others cannot
 * open a region under an epoch a later close or open has superseded. Meta's and the system
 * tables' regions go first in a batch. A failed open is kept as an outcome and never stops the
 * others.
 *
 * <p>Thread safety: all methods from any thread; {@code pending} and {@code ended} are guarded
 * by this object's monitor, which {@link #outcomes} waits on.
 */
final class BatchOpens {
  private static final Logger LOG = LoggerFactory.getLogger(BatchOpens.class);

  /** One region to open, under the master's epoch for it. */
  record Request(RegionInfo info, TableDescriptor table, long epoch) {}

  /** How one open ended: {@code error} null when it opened. */
  record Outcome(String encodedName, long epoch, String error, boolean staleEpoch) {
    boolean opened() {
      return error == null;
    }
  }

  private final RegionServer rs;
  private final ExecutorService pool;
  /** Opens queued or running: encoded name → epoch. */
  private final Map<String, Long> pending = new HashMap<>();
  /** Opens ended and not yet reported: encoded name → outcome (the latest per region). */
  private final Map<String, Outcome> ended = new HashMap<>();

  BatchOpens(RegionServer rs, int threads) {
    this.rs = rs;
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), new ThreadFactoryBuilder()
        .setNameFormat("basalt-region-open-%d").setDaemon(true).build());
  }

  /** Meta first, then the other system tables' regions, then the rest in the order given. */
  private static int rank(Request r) {
    TableName t = r.info().table();
    if (t.namespace().equals(TableName.SYSTEM_NAMESPACE)) {
      return t.qualifier().equals("meta") ? 0 : 1;
    }
    return 2;
  }

  /** Starts opening {@code batch} and returns at once; {@link #outcomes} says how each ended. */
  void submit(List<Request> batch) throws IOException {
    List<Request> ordered = new ArrayList<>(batch);
    ordered.sort(Comparator.comparingInt(BatchOpens::rank)); // stable: the rest keep their order
    for (Request r : ordered) {
      String name = r.info().encodedName();
      synchronized (this) {
        Long under = pending.get(name);
        if (under != null && under == r.epoch()) {
          continue; // sent again (a retried call): one open is enough
        }
        pending.put(name, r.epoch());
        ended.remove(name);
      }
      try {
        pool.execute(() -> open(r));
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          pending.remove(name, r.epoch());
        }
        throw new IOException("region server " + rs.serverName() + " is stopping", e);
      }
    }
  }

  private void open(Request r) {
    String name = r.info().encodedName();
    Outcome o;
    try {
      rs.openRegion(r.info(), r.table(), r.epoch());
      o = new Outcome(name, r.epoch(), null, false);
    } catch (StaleEpochException e) {
      o = new Outcome(name, r.epoch(), e.getMessage(), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("opening {} (epoch {}) on {} failed: {}", r.info(), r.epoch(), rs.serverName(),
          e.toString());
      o = new Outcome(name, r.epoch(), "open of " + name + " failed on " + rs.serverName() + ": "
          + e.getMessage(), false);
    }
    synchronized (this) {
      if (pending.remove(name, r.epoch())) {
        ended.put(name, o);
      }
      notifyAll();
    }
  }

  /**
   * How the opens of {@code asked} (encoded name → epoch sent) ended: waits up to
   * {@code waitMillis} until at least one has, then returns every one that has, each once. A
   * region neither pending under that epoch nor kept as ended is answered from what is open
   * here: opened if open under that epoch or a higher one, failed otherwise.
   */
  synchronized List<Outcome> outcomes(Map<String, Long> asked, long waitMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (true) {
      List<Outcome> out = new ArrayList<>();
      for (Map.Entry<String, Long> e : asked.entrySet()) {
        String name = e.getKey();
        long epoch = e.getValue();
        Outcome o = ended.get(name);
        if (o != null && o.epoch() == epoch) {
          ended.remove(name);
          out.add(o);
        } else if (!Long.valueOf(epoch).equals(pending.get(name))) {
          out.add(fromOnline(name, epoch));
        }
      }
      long left = deadline - System.nanoTime();
      if (!out.isEmpty() || left <= 0) {
        return out;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private Outcome fromOnline(String name, long epoch) {
    if (rs.regionByName(name) != null && !rs.regionByName(name).isClosed()
        && rs.epochOf(name) >= epoch) {
      return new Outcome(name, epoch, null, false);
    }
    return new Outcome(name, epoch, "no open of " + name + " under epoch " + epoch
        + " is under way on " + rs.serverName() + ", and it is not open there", false);
  }

  /** Opens not yet started are dropped; those running end with the server. */
  void shutdown() {
    pool.shutdownNow();
  }
}
