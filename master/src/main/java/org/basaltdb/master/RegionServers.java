package org.basaltdb.master;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ServerLoad;

/**
 * The region servers as the master drives them: which are alive, and the calls it makes on
 * each. In standalone mode that is the one server in the same process; in a cluster, every
 * server ZooKeeper lists, over its internal RPC.
 *
 * <p>Errors: a server that cannot be reached, or fails the call, is an IOException naming it;
 * an assignment epoch the server has seen superseded is a
 * {@link org.basaltdb.server.rpc.StaleEpochException}.
 */
public interface RegionServers {
  /** Live servers by name, sorted. */
  List<String> live() throws IOException;

  void open(String server, RegionInfo r, TableDescriptor t, long epoch) throws IOException;

  /** One region of an {@link #openBatch}: where it goes is the batch's server. */
  record RegionOpen(RegionInfo info, TableDescriptor table, long epoch) {}

  /** Told how each open of an {@link #openBatch} ended, as it ends. */
  interface OpenOutcomes {
    /** {@code failure} is null when the region opened. */
    void ended(RegionOpen region, IOException failure);
  }

  /**
   * Opens every region of {@code batch} on {@code server}, telling {@code outcomes} of each as
   * it ends, and returns once all have ended. One region failing does not stop the others.
   * Throws only when the server stops answering: the regions not yet reported then have no
   * known outcome (a region may still open there). This default opens them one after another.
   */
  default void openBatch(String server, List<RegionOpen> batch, OpenOutcomes outcomes)
      throws IOException {
    for (RegionOpen o : batch) {
      IOException failure = null;
      try {
        open(server, o.info(), o.table(), o.epoch());
      } catch (IOException e) {
        failure = e;
      }
      outcomes.ended(o, failure);
    }
  }

  /** Flushes and closes a region; closing one that is not open succeeds. */
  void close(String server, String encodedName, long epoch) throws IOException;

  /** The regions open on a server: encoded name → assignment epoch. */
  Map<String, Long> online(String server) throws IOException;

  /** The row to split a region at, or null when it holds too few rows. */
  byte[] splitPoint(String server, String encodedName) throws IOException;

  /** Compacts a region open on {@code server} now (major: into one file), returning when done. */
  void compact(String server, String encodedName, boolean major) throws IOException;

  /** {@code server}'s load now: its heap, and each region's requests, rates and files. */
  default ServerLoad load(String server) throws IOException {
    throw new IOException("region server " + server + " reports no load");
  }

  /**
   * {@code server} is gone: calls to it still waiting for an answer fail now (a paused server
   * would otherwise hold them, and meta reads among them, until the RPC timeout).
   */
  default void gone(String server) {}

  /** Reads and writes of the meta region, open on {@code server}. */
  MetaStore meta(String server) throws IOException;
}
