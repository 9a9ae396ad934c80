package org.basaltdb.regionserver.thrift;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.regionserver.region.WrongRegionException;
import org.basaltdb.common.TableName;
import org.basaltdb.regionserver.region.BackgroundServices;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.region.RegionTooBusyException;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.ServerCalls;
import org.basaltdb.thrift.generated.admin.BasaltAdmin;
import org.basaltdb.thrift.generated.admin.TAdminError;
import org.basaltdb.thrift.generated.admin.TClusterStatus;
import org.basaltdb.thrift.generated.admin.TCompactionState;
import org.basaltdb.thrift.generated.admin.TRegionStatus;
import org.basaltdb.thrift.generated.admin.TServerStatus;

/**
 * Basalt's admin service for one region server: flush, compact and status of its regions, and
 * the cluster operations (split, move, balance, merge, assign, unassign, cluster status), which
 * it forwards to the master. Errors become {@link TAdminError} with the exception's message;
 * {@code canRetry} is set when the region was moving, closing or too busy, so the same call may
 * succeed later.
 */
public final class AdminHandler implements BasaltAdmin.Iface {
  private final RegionServer rs;
  private final MasterService master;
  private final String version;
  private final long startTime;

  /**
   * {@code master} may be null on a server without a master in reach: splits and the other cluster
   * operations then fail.
   */
  public AdminHandler(RegionServer rs, MasterService master, String version, long startTime) {
    this(rs, master, version, startTime, null);
  }

  /**
   * In a cluster, {@code peers} reaches the regions other servers hold, so flushing or compacting
   * a table through any one server covers all its regions.
   */
  public AdminHandler(RegionServer rs, MasterService master, String version, long startTime,
      PeerRegions peers) {
    this.rs = rs;
    this.master = master;
    this.version = version;
    this.startTime = startTime;
    this.peers = peers;
  }

  /** Regions held by other servers of a cluster: flushed or compacted over their RPC port. */
  public interface PeerRegions {
    void flush(String server, String encodedName) throws IOException;

    void compact(String server, String encodedName, boolean major) throws IOException;

    /** Queues a compaction of a region on {@code server} and returns at once. */
    void requestCompaction(String server, String encodedName, boolean major) throws IOException;

    TCompactionState compactionState(String server, String encodedName) throws IOException;

    long bulkLoad(String server, String encodedName, Map<ByteBuffer, List<String>> files)
        throws IOException;

    /** A cluster's other servers, over their RPC port. */
    static PeerRegions over(ServerCalls calls) {
      return new PeerRegions() {
        @Override
        public void flush(String server, String encodedName) throws IOException {
          calls.flush(server, encodedName);
        }

        @Override
        public void compact(String server, String encodedName, boolean major)
            throws IOException {
          calls.compact(server, encodedName, major);
        }

        @Override
        public void requestCompaction(String server, String encodedName, boolean major)
            throws IOException {
          calls.requestCompaction(server, encodedName, major);
        }

        @Override
        public TCompactionState compactionState(String server, String encodedName)
            throws IOException {
          return calls.compactionState(server, encodedName);
        }

        @Override
        public long bulkLoad(String server, String encodedName,
            Map<ByteBuffer, List<String>> files) throws IOException {
          return calls.bulkLoad(server, encodedName, files);
        }
      };
    }
  }

  private final PeerRegions peers;

  private interface RegionAction {
    void local(Region r) throws IOException;

    void remote(String server, String encodedName) throws IOException;
  }

  /** Applies {@code action} to every region of a table: here, or (in a cluster) on its server. */
  private void eachRegionOf(String table, RegionAction action) throws IOException {
    eachRegionOf(table, null, action);
  }

  /**
   * Applies {@code action} to the regions of a table (only the one named {@code encodedName}
   * when it is not null): here, or (in a cluster) on its server.
   */
  private void eachRegionOf(String table, String encodedName, RegionAction action)
      throws IOException {
    if (master != null && !master.tableExists(TableName.valueOf(table))) {
      throw new IOException("table " + table + " does not exist");
    }
    if (peers == null) {
      for (Region r : regionsOf(table)) {
        if (encodedName == null || encodedName.equals(r.info().encodedName())) {
          action.local(r);
        }
      }
      return;
    }
    for (org.basaltdb.common.schema.RegionLocation l : master().regionLocations(
        TableName.valueOf(table))) {
      if (encodedName != null && !encodedName.equals(l.region().encodedName())) {
        continue;
      }
      Region here = rs.regionByName(l.region().encodedName());
      if (here != null && !here.isClosed()) {
        action.local(here);
      } else if (l.server() == null) {
        throw new NotServingRegionException("region " + l.region().encodedName()
            + " of table " + table + " is not open anywhere right now");
      } else {
        action.remote(l.server(), l.region().encodedName());
      }
    }
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(Call<T> c) throws TAdminError {
    try {
      return c.run();
    } catch (NotServingRegionException | RegionClosedException | RegionTooBusyException e) {
      // the region is moving, closing or too busy right now: the same call may succeed soon
      throw new TAdminError(String.valueOf(e.getMessage())).setCanRetry(true);
    } catch (IOException | RuntimeException e) {
      throw new TAdminError(String.valueOf(e.getMessage()));
    }
  }

  private List<Region> regionsOf(String table) {
    TableName t = TableName.valueOf(table);
    List<Region> rs2 = rs.regions(t);
    if (rs2.isEmpty()) {
      throw new IllegalArgumentException("table " + t + " has no open region on "
          + rs.serverName());
    }
    return rs2;
  }

  private Region region(String encodedName) {
    Region r = rs.regionByName(encodedName);
    if (r == null) {
      throw new IllegalArgumentException("region " + encodedName + " is not open on "
          + rs.serverName());
    }
    return r;
  }

  @Override
  public void flushTable(String table) throws TAdminError {
    call(() -> {
      eachRegionOf(table, new RegionAction() {
        @Override
        public void local(Region r) throws IOException {
          r.flush();
        }

        @Override
        public void remote(String server, String encodedName) throws IOException {
          peers.flush(server, encodedName);
        }
      });
      return null;
    });
  }

  @Override
  public void compactTable(String table, boolean major) throws TAdminError {
    call(() -> {
      eachRegionOf(table, new RegionAction() {
        @Override
        public void local(Region r) throws IOException {
          r.compact(major);
        }

        @Override
        public void remote(String server, String encodedName) throws IOException {
          peers.compact(server, encodedName, major);
        }
      });
      return null;
    });
  }

  @Override
  public void requestCompaction(String table, boolean major) throws TAdminError {
    requestCompactionOf(table, null, major);
  }

  /**
   * Queues a compaction of the region {@code encodedName} of {@code table} (every region when
   * null), wherever it is served, and returns at once, as HBase's {@code Admin.compact} and
   * {@code majorCompact} do; also the region compaction of HBase's Thrift1
   * {@code compact(regionName)}.
   */
  public void requestCompactionOf(String table, String encodedName, boolean major)
      throws TAdminError {
    call(() -> {
      eachRegionOf(table, encodedName, new RegionAction() {
        @Override
        public void local(Region r) {
          rs.background().requestCompaction(r, major);
        }

        @Override
        public void remote(String server, String encodedName) throws IOException {
          peers.requestCompaction(server, encodedName, major);
        }
      });
      return null;
    });
  }

  @Override
  public TCompactionState compactionState(String table) throws TAdminError {
    return call(() -> {
      BackgroundServices.CompactionState[] state = {BackgroundServices.CompactionState.NONE};
      eachRegionOf(table, new RegionAction() {
        @Override
        public void local(Region r) {
          state[0] = state[0].and(rs.background().compactionState(r));
        }

        @Override
        public void remote(String server, String encodedName) throws IOException {
          state[0] = state[0].and(BackgroundServices.CompactionState.valueOf(
              peers.compactionState(server, encodedName).name()));
        }
      });
      return TCompactionState.valueOf(state[0].name());
    });
  }

  @Override
  public long bulkLoad(String table, String encodedName, Map<ByteBuffer, List<String>> files)
      throws TAdminError {
    return call(() -> {
      Region here = rs.regionByName(encodedName);
      if (here != null && !here.isClosed()) {
        return bulkLoadHere(here, files);
      }
      if (peers == null) {
        throw new NotServingRegionException("region " + encodedName + " is not open on "
            + rs.serverName());
      }
      for (org.basaltdb.common.schema.RegionLocation l : master().regionLocations(
          TableName.valueOf(table))) {
        if (l.region().encodedName().equals(encodedName)) {
          if (l.server() == null) {
            break;
          }
          return peers.bulkLoad(l.server(), encodedName, files);
        }
      }
      throw new NotServingRegionException("region " + encodedName + " of table " + table
          + " is not open anywhere right now (moved, split or merged)");
    });
  }

  /**
   * A bulk load into a region of this server. A file that no longer fits the region (it split)
   * is a retryable error: the loader re-reads the boundaries and splits the file.
   */
  public static long bulkLoadHere(Region r, Map<ByteBuffer, List<String>> files)
      throws IOException {
    Map<byte[], List<Path>> m = new TreeMap<>(Bytes.COMPARATOR);
    for (Map.Entry<ByteBuffer, List<String>> e : files.entrySet()) {
      byte[] f = new byte[e.getKey().remaining()];
      e.getKey().duplicate().get(f);
      List<Path> ps = new ArrayList<>();
      for (String p : e.getValue()) {
        ps.add(new Path(p));
      }
      m.put(f, ps);
    }
    try {
      return r.bulkLoad(m);
    } catch (WrongRegionException e) {
      throw new NotServingRegionException(e.getMessage());
    }
  }

  @Override
  public void flushRegion(String encodedName) throws TAdminError {
    call(() -> region(encodedName).flush());
  }

  @Override
  public void compactRegion(String encodedName, boolean major) throws TAdminError {
    call(() -> region(encodedName).compact(major));
  }

  @Override
  public void split(String table, ByteBuffer splitKey, String encodedRegion) throws TAdminError {
    call(() -> {
      if (master == null) {
        throw new IOException("splits need the master, which this server cannot reach");
      }
      byte[] key = null;
      if (splitKey != null) {
        key = new byte[splitKey.remaining()];
        splitKey.duplicate().get(key);
      }
      master.split(TableName.valueOf(table), key, encodedRegion);
      return null;
    });
  }

  @Override
  public TServerStatus status() throws TAdminError {
    return call(() -> {
      long mem = 0;
      long fileBytes = 0;
      int files = 0;
      List<Region> all = rs.onlineRegions();
      for (Region r : all) {
        mem += r.memstoreSize();
        for (Store s : r.stores()) {
          files += s.files().size();
          fileBytes += s.storeFileSize();
        }
      }
      var stats = rs.blockCache().stats();
      return new TServerStatus(rs.serverName(), version, startTime, all.size(), mem, files,
          fileBytes, stats.sizeBytes(), stats.hitRatio());
    });
  }

  @Override
  public List<TRegionStatus> regions(String table) throws TAdminError {
    return call(() -> {
      List<Region> chosen = table.isEmpty() ? rs.onlineRegions() : regionsOf(table);
      List<TRegionStatus> out = new ArrayList<>();
      for (Region r : chosen) {
        int files = 0;
        long bytes = 0;
        for (Store s : r.stores()) {
          files += s.files().size();
          bytes += s.storeFileSize();
        }
        out.add(new TRegionStatus(r.name(), r.info().table().toString(),
            ByteBuffer.wrap(r.info().startKey()), ByteBuffer.wrap(r.info().endKey()),
            r.memstoreSize(), files, bytes));
      }
      return out;
    });
  }

  // ------------------------------------------------------------------ cluster operations

  private MasterService master() throws IOException {
    if (master == null) {
      throw new IOException("cluster operations need the master, which this server cannot reach");
    }
    return master;
  }

  @Override
  public void move(String encodedName, String destServer) throws TAdminError {
    call(() -> {
      master().move(encodedName, destServer);
      return null;
    });
  }

  @Override
  public boolean balance() throws TAdminError {
    return call(() -> master().balance());
  }

  @Override
  public boolean balanceSwitch(boolean on) throws TAdminError {
    return call(() -> master().balanceSwitch(on));
  }

  @Override
  public void mergeRegions(String encodedA, String encodedB) throws TAdminError {
    call(() -> {
      master().merge(encodedA, encodedB);
      return null;
    });
  }

  @Override
  public void assign(String encodedName) throws TAdminError {
    call(() -> {
      master().assign(encodedName);
      return null;
    });
  }

  @Override
  public void unassign(String encodedName) throws TAdminError {
    call(() -> {
      master().unassign(encodedName);
      return null;
    });
  }

  @Override
  public TClusterStatus clusterStatus() throws TAdminError {
    return call(() -> master().clusterStatus().toThrift());
  }

  @Override
  public List<String> checkConsistency() throws TAdminError {
    return call(() -> master().checkConsistency());
  }
}
