package org.basaltdb.regionserver.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.thrift.AdminHandler;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.StaleEpochException;
import org.basaltdb.thrift.generated.admin.TCompactionState;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TMutation;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.cluster.RegionServerRpc;
import org.basaltdb.thrift.generated.cluster.TClusterError;
import org.basaltdb.thrift.generated.cluster.TOpenOutcome;
import org.basaltdb.thrift.generated.cluster.TOpenRegion;
import org.basaltdb.thrift.generated.cluster.TRegion;
import org.basaltdb.thrift.generated.cluster.TRegionToOpen;
import org.basaltdb.thrift.generated.cluster.TServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region server's internal service for the master: open and close regions under assignment
 * epochs, list what is open, apply meta's multi-row batches, find split points, stop.
 */
public final class RegionServerRpcHandler implements RegionServerRpc.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(RegionServerRpcHandler.class);

  private final RegionServer rs;
  private final Consumer<String> stopper;

  /** {@code stopper} stops the process this server runs in, given a reason. */
  public RegionServerRpcHandler(RegionServer rs, Consumer<String> stopper) {
    this.rs = rs;
    this.stopper = stopper;
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T call(String what, Call<T> c) throws TClusterError {
    try {
      return c.run();
    } catch (StaleEpochException e) {
      throw new TClusterError(e.getMessage()).setStaleEpoch(true);
    } catch (NotServingRegionException | RegionClosedException e) {
      throw new TClusterError(e.getMessage()).setCanRetry(true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} failed on {}: {}", what, rs.serverName(), e.toString());
      throw new TClusterError(what + " failed on " + rs.serverName() + ": " + e.getMessage());
    }
  }

  private Region region(String encodedName) throws NotServingRegionException {
    return rs.onlineRegion(encodedName);
  }

  @Override
  public void openRegion(TRegion region, TTableDescriptor table, long epoch)
      throws TClusterError {
    call("open", () -> {
      RegionInfo info = ThriftSchema.fromTRegion(region);
      long t0 = System.nanoTime();
      rs.openRegion(info, ThriftSchema.fromThrift(table), epoch);
      LOG.info("opened {} (epoch {}) on {} in {} ms", info, epoch, rs.serverName(),
          (System.nanoTime() - t0) / 1_000_000);
      return null;
    });
  }

  @Override
  public void openRegions(List<TRegionToOpen> regions) throws TClusterError {
    call("openRegions", () -> {
      List<RegionInfo> infos = new ArrayList<>();
      List<org.basaltdb.common.schema.TableDescriptor> tables = new ArrayList<>();
      List<Long> epochs = new ArrayList<>();
      // One descriptor per table, not per region: a batch holds many regions of few tables.
      java.util.Map<TTableDescriptor, org.basaltdb.common.schema.TableDescriptor> seen =
          new java.util.HashMap<>();
      for (TRegionToOpen r : regions) {
        infos.add(ThriftSchema.fromTRegion(r.getRegion()));
        tables.add(seen.computeIfAbsent(r.getTable(), ThriftSchema::fromThrift));
        epochs.add(r.getEpoch());
      }
      rs.openRegions(infos, tables, epochs);
      return null;
    });
  }

  /** The longest an openOutcomes call waits, whatever it asks: well below the RPC timeout. */
  private static final long OUTCOMES_WAIT_MAX_MILLIS = 5_000;

  @Override
  public List<TOpenOutcome> openOutcomes(java.util.Map<String, Long> regions, int waitMillis)
      throws TClusterError {
    return call("openOutcomes", () -> {
      List<TOpenOutcome> out = new ArrayList<>();
      for (RegionServer.OpenOutcome o : rs.openOutcomes(regions,
          Math.max(0, Math.min(waitMillis, OUTCOMES_WAIT_MAX_MILLIS)))) {
        TOpenOutcome t = new TOpenOutcome(o.encodedName(), o.epoch(), o.error() == null);
        if (o.error() != null) {
          t.setError(o.error()).setStaleEpoch(o.staleEpoch());
        }
        out.add(t);
      }
      return out;
    });
  }

  @Override
  public void closeRegion(String encodedName, long epoch) throws TClusterError {
    call("close", () -> {
      rs.closeRegion(encodedName, epoch);
      return null;
    });
  }

  @Override
  public List<TOpenRegion> onlineRegions() throws TClusterError {
    return call("onlineRegions", () -> {
      List<TOpenRegion> out = new ArrayList<>();
      for (Region r : rs.onlineRegions()) {
        if (!r.isClosed()) {
          out.add(new TOpenRegion(ThriftSchema.toTRegion(r.info()), rs.epochOf(r.name())));
        }
      }
      return out;
    });
  }

  @Override
  public void mutateRegion(String encodedName, List<TMutation> mutations) throws TClusterError {
    call("mutateRegion", () -> {
      rs.checkLease();
      region(encodedName).mutate(ThriftModel.mutationsFromThrift(mutations));
      return null;
    });
  }

  @Override
  public ByteBuffer splitPoint(String encodedName) throws TClusterError {
    return call("splitPoint", () -> {
      byte[] row = RegionSplitter.middleRow(region(encodedName));
      return ByteBuffer.wrap(row == null ? Bytes.EMPTY : row);
    });
  }

  @Override
  public void flushRegion(String encodedName) throws TClusterError {
    call("flushRegion", () -> {
      region(encodedName).flush();
      return null;
    });
  }

  @Override
  public void compactRegion(String encodedName, boolean major) throws TClusterError {
    call("compactRegion", () -> {
      region(encodedName).compact(major);
      return null;
    });
  }

  @Override
  public void requestCompaction(String encodedName, boolean major) throws TClusterError {
    call("requestCompaction", () -> {
      rs.background().requestCompaction(region(encodedName), major);
      return null;
    });
  }

  @Override
  public TCompactionState compactionState(String encodedName) throws TClusterError {
    return call("compactionState", () -> TCompactionState.valueOf(
        rs.background().compactionState(region(encodedName)).name()));
  }

  @Override
  public long bulkLoad(String encodedName, java.util.Map<ByteBuffer, java.util.List<String>> files)
      throws TClusterError {
    return call("bulkLoad", () -> AdminHandler.bulkLoadHere(region(encodedName), files));
  }

  @Override
  public TServerLoad serverLoad() throws TClusterError {
    return call("serverLoad", () -> rs.load().toThrift());
  }

  @Override
  public void stop(String reason) throws TClusterError {
    LOG.info("region server {} asked to stop: {}", rs.serverName(), reason);
    Thread t = new Thread(() -> stopper.accept(reason), "basalt-stop");
    t.setDaemon(false);
    t.start();
  }
}
