package org.basaltdb.master;

import static org.basaltdb.server.info.Html.escape;
import static org.basaltdb.server.info.Html.num;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.server.info.Html;

/**
 * The master's status: its section of the status page (cluster, region servers with their
 * request rates, heap and memstores, dead servers, regions in transition and their age, tables
 * with their sizes) and the table page ({@code /table?name=T}: the table's regions in key order
 * with their servers, states and request rates, shaded into a heat map of its key ranges). The
 * loads come from the live region servers, asked of all at once at each rendering
 * ({@link Master#serverLoads}); a server that does not answer in time (paused, partitioned)
 * shows as not answering, and the page does not wait for it.
 */
final class MasterPage {
  private MasterPage() {}

  private static final long MIB = 1 << 20;
  private static final java.time.format.DateTimeFormatter WHEN = java.time.format
      .DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(java.time.ZoneOffset.UTC);

  /** Every region's load, by encoded name, from {@code loads}. */
  private static Map<String, ServerLoad.RegionLoad> byRegion(Map<String, ServerLoad> loads) {
    Map<String, ServerLoad.RegionLoad> out = new HashMap<>();
    for (ServerLoad l : loads.values()) {
      for (ServerLoad.RegionLoad r : l.regions()) {
        out.put(r.encodedName(), r);
      }
    }
    return out;
  }

  /** A dead server's recovery in words: running for how long, or how long it took. */
  private static String recovery(ServerRecovery.Recovery r, long now) {
    if (r == null) {
      return "";
    }
    String when = WHEN.format(java.time.Instant.ofEpochMilli(r.goneAtMillis()));
    return escape(r.tookMillis() < 0
        ? String.format(Locale.ROOT, "gone at %s; recovering for %.1f s", when,
            (now - r.goneAtMillis()) / 1000.0)
        : String.format(Locale.ROOT, "gone at %s; recovered in %.1f s (logs split, regions"
            + " reopened)", when, r.tookMillis() / 1000.0));
  }

  static String section(Master master) {
    try {
      ClusterStatus s = master.clusterStatus();
      Map<String, ServerLoad> loads = master.serverLoads();
      Map<String, Long> rit = master.regionsInTransitionAges();
      long now = master.clock().currentTimeMillis();
      List<List<String>> cluster = List.of(
          List.of("cluster id", escape(s.clusterId())),
          List.of("active master", escape(s.activeMaster())),
          List.of("backup masters", escape(String.join(", ", s.backupMasters()))),
          List.of("balancer", s.balancerOn() ? "on" : "off"),
          List.of("regions in transition", num(s.regionsInTransition())));
      double busiest = loads.values().stream().mapToDouble(ServerLoad::requestsPerSecond).max()
          .orElse(0);
      List<List<String>> servers = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(s.servers()).entrySet()) {
        ServerLoad l = loads.get(e.getKey());
        List<String> row = new ArrayList<>(List.of(escape(e.getKey()),
            num(e.getValue().size())));
        if (l == null) {
          row.addAll(List.of("<td>not answering</td>", "", "", "", ""));
        } else {
          double reads = l.regions().stream().mapToDouble(ServerLoad.RegionLoad::readsPerSecond)
              .sum();
          double writes = l.regions().stream()
              .mapToDouble(ServerLoad.RegionLoad::writesPerSecond).sum();
          row.addAll(List.of(Html.heat(l.requestsPerSecond(), busiest), Html.num(reads, 1),
              Html.num(writes, 1), "<td class=\"n\">" + l.heapUsedBytes() / MIB + " / "
                  + l.heapMaxBytes() / MIB + "</td>", num(l.memstoreBytes())));
        }
        servers.add(row);
      }
      List<List<String>> transitions = new ArrayList<>();
      rit.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> transitions.add(List.of(escape(e.getKey()),
              Html.num(e.getValue() / 1000.0, 1))));
      List<List<String>> dead = new ArrayList<>();
      Map<String, ServerRecovery.Recovery> recoveries = master.recoveries();
      for (String d : s.deadServers()) {
        dead.add(List.of(escape(d), recovery(recoveries.get(d), now)));
      }
      Map<String, ServerLoad.RegionLoad> regionLoads = byRegion(loads);
      List<List<String>> tables = new ArrayList<>();
      for (TableDescriptor t : master.tables(".*", true)) {
        List<MetaTable.RegionRecord> regions = master.regions(t.name());
        long bytes = 0;
        double rate = 0;
        for (MetaTable.RegionRecord r : regions) {
          ServerLoad.RegionLoad l = regionLoads.get(r.info().encodedName());
          if (l != null) {
            bytes += l.storeFileBytes() + l.memstoreBytes();
            rate += l.requestsPerSecond();
          }
        }
        tables.add(List.of(Html.link("/table?name=" + t.name(), t.name().toString()),
            num(regions.size()), num(bytes), Html.num(rate, 1),
            master.isTableEnabled(t.name()) ? "enabled" : "disabled"));
      }
      return "<h2>Cluster</h2>\n" + Html.table(List.of("", ""), cluster, "")
          + "<h2>Region servers</h2>\n" + Html.table(List.of("server", "regions",
              "requests/s", "reads/s", "writes/s", "heap used / max MiB", "memstore bytes"),
              servers, "no live region servers")
          + "<h2>Regions in transition</h2>\n" + Html.table(List.of("region", "for seconds"),
              transitions, "none")
          + "<h2>Dead region servers</h2>\n" + Html.table(List.of("server", "recovery"), dead,
              "none since this master took charge")
          + "<h2>Tables</h2>\n" + Html.table(List.of("table", "regions", "bytes",
              "requests/s", "state"), tables, "no tables");
    } catch (IOException e) {
      throw new UncheckedIOException("reading the cluster's state", e);
    }
  }

  static String table(Master master, Map<String, String> query) {
    String name = query.get("name");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("give the table: /table?name=NAME");
    }
    TableName t = TableName.valueOf(name);
    try {
      List<MetaTable.RegionRecord> regions = new ArrayList<>(master.regions(t));
      regions.sort(Comparator.comparing(r -> r.info().startKey(), Bytes.COMPARATOR));
      Map<String, ServerLoad.RegionLoad> loads = byRegion(master.serverLoads());
      double busiest = 0;
      for (MetaTable.RegionRecord r : regions) {
        ServerLoad.RegionLoad l = loads.get(r.info().encodedName());
        busiest = Math.max(busiest, l == null ? 0 : l.requestsPerSecond());
      }
      List<List<String>> rows = new ArrayList<>();
      for (MetaTable.RegionRecord r : regions) {
        List<String> row = new ArrayList<>(List.of(
            escape(Bytes.toStringBinary(r.info().startKey())),
            escape(Bytes.toStringBinary(r.info().endKey())), escape(r.info().encodedName()),
            escape(r.server() == null ? "" : r.server()), escape(String.valueOf(r.state()))));
        ServerLoad.RegionLoad l = loads.get(r.info().encodedName());
        if (l == null) {
          row.addAll(List.of(Html.heat(0, busiest), "", "", "", "", ""));
        } else {
          row.addAll(List.of(Html.heat(l.requestsPerSecond(), busiest),
              Html.num(l.readsPerSecond(), 1), Html.num(l.writesPerSecond(), 1),
              num(l.readRequests()), num(l.writeRequests()),
              num(l.storeFileBytes() + l.memstoreBytes())));
        }
        rows.add(row);
      }
      return Html.page("Table " + t, "<h2>Regions in key order</h2>\n<p>Requests per second"
          + " over each server's last <code>server.rate.period</code>, shaded by their share of"
          + " the busiest region's: the hot key ranges. Reads and writes since the region opened"
          + " on its server.</p>\n"
          + Html.table(List.of("start key", "end key", "region", "server", "state",
              "requests/s", "reads/s", "writes/s", "reads", "writes", "bytes"), rows,
              "no regions (is the table there?)"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the regions of " + t, e);
    }
  }
}
