package org.basaltdb.standalone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.master.MetaStore;
import org.basaltdb.master.RegionServers;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionSplitter;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.StaleEpochException;

/** Standalone mode: the master drives the one region server, in this process, directly. */
final class LocalRegionServers implements RegionServers {
  private final RegionServer rs;

  LocalRegionServers(RegionServer rs) {
    this.rs = rs;
  }

  @Override
  public List<String> live() {
    return List.of(rs.serverName());
  }

  private void check(String server) throws IOException {
    if (!rs.serverName().equals(server)) {
      throw new IOException("region server " + server + " is not live");
    }
  }

  private Region region(String encodedName) throws NotServingRegionException {
    return rs.onlineRegion(encodedName);
  }

  @Override
  public void open(String server, RegionInfo r, TableDescriptor t, long epoch)
      throws IOException {
    check(server);
    rs.openRegion(r, t, epoch);
  }

  /** The region server's batch opens, as a cluster's master asks them over the RPC. */
  @Override
  public void openBatch(String server, List<RegionOpen> batch, OpenOutcomes outcomes)
      throws IOException {
    check(server);
    List<RegionInfo> infos = new ArrayList<>();
    List<TableDescriptor> tables = new ArrayList<>();
    List<Long> epochs = new ArrayList<>();
    Map<String, RegionOpen> waiting = new HashMap<>();
    for (RegionOpen o : batch) {
      infos.add(o.info());
      tables.add(o.table());
      epochs.add(o.epoch());
      waiting.put(o.info().encodedName(), o);
    }
    rs.openRegions(infos, tables, epochs);
    while (!waiting.isEmpty()) {
      Map<String, Long> asked = new HashMap<>();
      waiting.forEach((name, o) -> asked.put(name, o.epoch()));
      for (RegionServer.OpenOutcome end : rs.openOutcomes(asked, 1_000)) {
        RegionOpen o = waiting.remove(end.encodedName());
        if (o != null) {
          outcomes.ended(o, end.error() == null ? null : end.staleEpoch()
              ? new StaleEpochException(end.error()) : new IOException(end.error()));
        }
      }
    }
  }

  @Override
  public void close(String server, String encodedName, long epoch) throws IOException {
    check(server);
    rs.closeRegion(encodedName, epoch);
  }

  @Override
  public ServerLoad load(String server) throws IOException {
    check(server);
    return rs.load();
  }

  @Override
  public Map<String, Long> online(String server) throws IOException {
    check(server);
    Map<String, Long> out = new HashMap<>();
    for (Region r : rs.onlineRegions()) {
      out.put(r.name(), rs.epochOf(r.name()));
    }
    return out;
  }

  @Override
  public byte[] splitPoint(String server, String encodedName) throws IOException {
    check(server);
    return RegionSplitter.middleRow(region(encodedName));
  }

  @Override
  public void compact(String server, String encodedName, boolean major) throws IOException {
    check(server);
    region(encodedName).compact(major);
  }

  @Override
  public MetaStore meta(String server) throws IOException {
    check(server);
    return new MetaStore() {
      @Override
      public Result get(Get g) throws IOException {
        return region(Master.META_REGION).get(g);
      }

      @Override
      public List<Result> scanAll(Scan s) throws IOException {
        return region(Master.META_REGION).scanAll(s);
      }

      @Override
      public void mutate(List<? extends Mutation> batch) throws IOException {
        region(Master.META_REGION).mutate(batch);
      }
    };
  }
}
