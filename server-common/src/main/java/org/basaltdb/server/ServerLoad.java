package org.basaltdb.server;

import java.util.ArrayList;
import java.util.List;
import org.basaltdb.thrift.generated.cluster.TRegionLoad;
import org.basaltdb.thrift.generated.cluster.TServerLoad;

/**
 * A region server's load as it measures it, for the master's status pages: its heap and each
 * region's requests, request rates (over the server's {@code server.rate.period}), memstore and
 * store files.
 */
public record ServerLoad(long heapUsedBytes, long heapMaxBytes, List<RegionLoad> regions) {

  /** One region's load; rates are per second. */
  public record RegionLoad(String encodedName, long readRequests, long writeRequests,
      double readsPerSecond, double writesPerSecond, long memstoreBytes, int storeFiles,
      long storeFileBytes) {

    public double requestsPerSecond() {
      return readsPerSecond + writesPerSecond;
    }
  }

  /** The server's requests per second, over all its regions. */
  public double requestsPerSecond() {
    return regions.stream().mapToDouble(RegionLoad::requestsPerSecond).sum();
  }

  /** Bytes in every memstore of the server. */
  public long memstoreBytes() {
    return regions.stream().mapToLong(RegionLoad::memstoreBytes).sum();
  }

  public TServerLoad toThrift() {
    List<TRegionLoad> wire = new ArrayList<>();
    for (RegionLoad r : regions) {
      wire.add(new TRegionLoad(r.encodedName(), r.readRequests(), r.writeRequests(),
          r.readsPerSecond(), r.writesPerSecond(), r.memstoreBytes(), r.storeFiles(),
          r.storeFileBytes()));
    }
    return new TServerLoad(heapUsedBytes, heapMaxBytes, wire);
  }

  public static ServerLoad fromThrift(TServerLoad t) {
    List<RegionLoad> regions = new ArrayList<>();
    for (TRegionLoad r : t.getRegions()) {
      regions.add(new RegionLoad(r.getEncodedName(), r.getReadRequests(), r.getWriteRequests(),
          r.getReadsPerSecond(), r.getWritesPerSecond(), r.getMemstoreBytes(), r.getStoreFiles(),
          r.getStoreFileBytes()));
    }
    return new ServerLoad(t.getHeapUsedBytes(), t.getHeapMaxBytes(), List.copyOf(regions));
  }
}
