package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens regions already placed (each on its server, under its epoch) in one batch per server
 * ({@link RegionServers#openBatch}: one call, the server opening several at once, meta's and
 * system tables' regions first), the batches at once on a pool, and records them in meta in
 * batches; says how each open ended ({@link Outcomes}). Where each region goes, and what to do
 * with one that failed, is the {@link AssignmentManager}'s.
 *
 * <p>Meta is written in batches, not twice per region (a server's recovery spent most of its
 * time in those writes, each a call to meta's server and a sync of its log): first every
 * region's OPENING record with its server and epoch, {@value #META_RECORDS_PER_WRITE} to a
 * write, before any server is asked to open one; then, while the opens run, the OPEN records
 * of the opens that ended since the last write, in one write (a group commit: the next opens end
 * while it is written). A master that dies between the two leaves records saying OPENING on a
 * server with an epoch; the next master's {@link AssignmentManager#reconcile} finds them.
 *
 * <p>Thread safety: {@link #open} runs the batches on the pool's threads and calls
 * {@link Outcomes} on the caller's thread only.
 */
final class OpenBatches {
  private static final Logger LOG = LoggerFactory.getLogger(OpenBatches.class);

  /**
   * How many region records one meta write carries at most: a few hundred bytes each, so a
   * write stays far below the RPC's frame limit, and 1,000 regions take two writes.
   */
  static final int META_RECORDS_PER_WRITE = 500;

  /** One region to open: where it goes, under which epoch. */
  record Planned(RegionInfo info, TableDescriptor table, String server, long epoch) {}

  /** Told how each open ended, on the thread that called {@link #open}. */
  interface Outcomes {
    /** It opened and its OPEN record was written (or the write failed, which is logged). */
    void opened(RegionRecord open);

    /** Its server said it failed ({@code why}): it is not open there. */
    void failed(Planned p, IOException why);

    /**
     * Its server stopped answering before it said ({@code why}): it may still open there.
     */
    void unknown(Planned p, IOException why);
  }

  /** How one open ended: {@code failure} null when it opened; {@code unknown}: never said. */
  private record Ended(Planned region, IOException failure, boolean unknown) {}

  private final RegionServers servers;

  OpenBatches(RegionServers servers) {
    this.servers = servers;
  }

  /**
   * Writes every OPENING record, opens {@code plan} on its servers (a batch per server, on
   * {@code pool}), and writes the OPEN records as the opens end, telling {@code outcomes} of
   * each. Returns once every open has ended or its server stopped answering. Throws only when
   * the OPENING records cannot be written (then no server was asked anything).
   */
  void open(MetaTable meta, List<Planned> plan, ExecutorService pool, Outcomes outcomes)
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
    writeRecords(meta, opening); // nothing asked of a server yet: a failure opens nothing
    // One batch per server, each on a pool thread, telling this thread of every open as it ends.
    BlockingQueue<Ended> ends = new LinkedBlockingQueue<>();
    for (Map.Entry<String, List<RegionServers.RegionOpen>> e : byServer.entrySet()) {
      String server = e.getKey();
      List<RegionServers.RegionOpen> batch = e.getValue();
      pool.execute(() -> {
        Set<String> told = new HashSet<>();
        IOException lost = null;
        try {
          servers.openBatch(server, batch, (o, failure) -> {
            if (told.add(o.info().encodedName())) {
              ends.add(new Ended(planned.get(o.info().encodedName()), failure, false));
            }
          });
        } catch (IOException | RuntimeException ex) {
          lost = ex instanceof IOException io ? io : new IOException(ex.toString(), ex);
        }
        for (RegionServers.RegionOpen o : batch) {
          if (!told.contains(o.info().encodedName())) { // the server stopped answering
            ends.add(new Ended(planned.get(o.info().encodedName()), lost != null ? lost
                : new IOException(server + " did not say how the open of "
                    + o.info().encodedName() + " ended"), true));
          }
        }
      });
    }
    for (int ended = 0; ended < plan.size(); ) {
      List<Ended> batch = new ArrayList<>();
      batch.add(take(ends));
      ends.drainTo(batch, META_RECORDS_PER_WRITE - 1);
      ended += batch.size();
      List<RegionRecord> open = new ArrayList<>();
      for (Ended o : batch) {
        Planned p = o.region();
        if (o.failure() == null) {
          open.add(new RegionRecord(p.info(), p.server(), RegionState.OPEN, p.epoch()));
        } else if (o.unknown()) {
          outcomes.unknown(p, o.failure());
        } else {
          outcomes.failed(p, o.failure());
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
      open.forEach(outcomes::opened);
    }
  }

  /** Writes {@code records} to meta, {@value #META_RECORDS_PER_WRITE} to a write. */
  static void writeRecords(MetaTable meta, List<RegionRecord> records) throws IOException {
    for (int i = 0; i < records.size(); i += META_RECORDS_PER_WRITE) {
      meta.setAssignments(records.subList(i, Math.min(records.size(), i + META_RECORDS_PER_WRITE)));
    }
  }

  private static Ended take(BlockingQueue<Ended> ends) throws IOException {
    try {
      return ends.take();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted reopening regions");
    }
  }
}
