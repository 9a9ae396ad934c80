package org.basaltdb.master;

import static org.basaltdb.server.info.Html.escape;
import static org.basaltdb.server.info.Html.num;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.info.Html;

/**
 * The master's status: its section of the status page (cluster, region servers, dead servers,
 * regions in transition, tables) and the table page ({@code /table?name=T}: the table's regions
 * in key order with their servers and states).
 */
final class MasterPage {
  private MasterPage() {}

  static String section(Master master) {
    try {
      ClusterStatus s = master.clusterStatus();
      List<List<String>> cluster = List.of(
          List.of("cluster id", escape(s.clusterId())),
          List.of("active master", escape(s.activeMaster())),
          List.of("backup masters", escape(String.join(", ", s.backupMasters()))),
          List.of("balancer", s.balancerOn() ? "on" : "off"),
          List.of("regions in transition", num(s.regionsInTransition())));
      List<List<String>> servers = new ArrayList<>();
      s.servers().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> servers.add(List.of(escape(e.getKey()), num(e.getValue().size()))));
      List<List<String>> dead = new ArrayList<>();
      for (String d : s.deadServers()) {
        dead.add(List.of(escape(d)));
      }
      List<List<String>> tables = new ArrayList<>();
      for (TableDescriptor t : master.tables(".*", true)) {
        tables.add(List.of(Html.link("/table?name=" + t.name(), t.name().toString()),
            num(master.regions(t.name()).size()),
            master.isTableEnabled(t.name()) ? "enabled" : "disabled"));
      }
      return "<h2>Cluster</h2>\n" + Html.table(List.of("", ""), cluster, "")
          + "<h2>Region servers</h2>\n" + Html.table(List.of("server", "regions"), servers,
              "no live region servers")
          + "<h2>Dead region servers</h2>\n" + Html.table(List.of("server"), dead,
              "none: every dead server has been recovered")
          + "<h2>Tables</h2>\n" + Html.table(List.of("table", "regions", "state"), tables,
              "no tables");
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
      List<List<String>> rows = new ArrayList<>();
      for (MetaTable.RegionRecord r : regions) {
        rows.add(List.of(escape(Bytes.toStringBinary(r.info().startKey())),
            escape(Bytes.toStringBinary(r.info().endKey())), escape(r.info().encodedName()),
            escape(r.server() == null ? "" : r.server()), escape(String.valueOf(r.state()))));
      }
      return Html.page("Table " + t, "<h2>Regions in key order</h2>\n"
          + Html.table(List.of("start key", "end key", "region", "server", "state"), rows,
              "no regions (is the table there?)"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the regions of " + t, e);
    }
  }
}
