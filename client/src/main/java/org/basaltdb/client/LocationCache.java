package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TServerName;

/**
 * Where each region of a table is served, read from the bootstrap server with one
 * {@code getAllRegionLocations} call per table and kept until {@link #invalidate}d (after a
 * "region moved" answer, or DDL on the table).
 *
 * <p>Thread safety: safe for concurrent use. Two threads may load the same table at once; the
 * later answer wins, which is harmless.
 */
final class LocationCache {
  /**
   * A region, the Thrift endpoint of the server holding it, and that server's name
   * ({@code host,port,startcode}).
   */
  record Location(RegionInfo region, ServerAddress server, String serverName) {
    RegionLocation toRegionLocation() {
      return new RegionLocation(region, serverName);
    }
  }

  private final Caller caller;
  private final ThriftConnection conn;
  /** Per table: region start key → location. */
  private final Map<TableName, NavigableMap<byte[], Location>> tables = new ConcurrentHashMap<>();

  LocationCache(Caller caller, ThriftConnection conn) {
    this.caller = caller;
    this.conn = conn;
  }

  /** The region holding {@code row}; a row no cached region holds reloads the table once. */
  Location locate(TableName table, byte[] row) throws IOException {
    Location l = find(regions(table), row);
    if (l == null) {
      invalidate(table);
      l = find(regions(table), row);
      if (l == null) {
        throw new IOException("no region of table " + table + " holds row '"
            + Bytes.toStringBinary(row) + "'");
      }
    }
    return l;
  }

  /** The table's last region (the first of a reversed scan from the end). */
  Location last(TableName table) throws IOException {
    return regions(table).lastEntry().getValue();
  }

  /** Every region of the table, in key order; {@code fresh} asks the server again first. */
  List<Location> all(TableName table, boolean fresh) throws IOException {
    if (fresh) {
      invalidate(table);
    }
    return new ArrayList<>(regions(table).values());
  }

  void invalidate(TableName table) {
    tables.remove(table);
  }

  /** Drops the cached locations of the table holding the region {@code encodedName}, if any. */
  void invalidateRegion(String encodedName) {
    tables.values().removeIf(regions -> regions.values().stream()
        .anyMatch(l -> l.region().encodedName().equals(encodedName)));
  }

  private static Location find(NavigableMap<byte[], Location> regions, byte[] row) {
    Map.Entry<byte[], Location> e = regions.floorEntry(row);
    return e != null && e.getValue().region().containsRow(row) ? e.getValue() : null;
  }

  private NavigableMap<byte[], Location> regions(TableName table) throws IOException {
    NavigableMap<byte[], Location> m = tables.get(table);
    if (m != null) {
      return m;
    }
    ByteBuffer name = ThriftSchema.tableNameToThriftBytes(table);
    List<THRegionLocation> locations =
        conn.onceOnBootstrap(true, c -> c.getAllRegionLocations(name));
    m = new TreeMap<>(Bytes.COMPARATOR);
    for (THRegionLocation tl : locations) {
      RegionInfo r = ThriftSchema.fromThrift(tl.getRegionInfo());
      TServerName s = tl.getServerName();
      m.put(r.startKey(), new Location(r, new ServerAddress(s.getHostName(), s.getPort()),
          s.getHostName() + "," + s.getPort() + "," + s.getStartCode()));
    }
    if (m.isEmpty()) {
      throw new IOException("table " + table + " has no regions");
    }
    m = Collections.unmodifiableNavigableMap(m);
    tables.put(table, m);
    return m;
  }
}
