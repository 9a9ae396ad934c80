package org.basaltdb.shell.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.basaltdb.client.Admin;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.shell.lang.Value;

/** ddl: tables and their column families, regions, and the filter list. */
final class DdlCommands {
  static final String GROUP = "ddl";

  /**
   * The filters the server's filter language knows: a copy of region-server's
   * {@code FilterParser.filterNames()}, kept here because the shell must not depend on server code.
   */
  static final List<String> FILTERS = List.of("KeyOnlyFilter", "FirstKeyOnlyFilter",
      "PrefixFilter", "ColumnPrefixFilter", "MultipleColumnPrefixFilter", "ColumnCountGetFilter",
      "PageFilter", "ColumnPaginationFilter", "InclusiveStopFilter", "TimestampsFilter",
      "RowFilter", "FamilyFilter", "QualifierFilter", "ValueFilter", "ColumnRangeFilter",
      "SingleColumnValueFilter", "SingleColumnValueExcludeFilter", "DependentColumnFilter");

  private DdlCommands() {}

  private static CommandSpec simple(String name, String summary, String usage,
      CommandSpec.Handler h, String... examples) {
    return new CommandSpec(name, GROUP, summary, usage, List.of(examples), h);
  }

  static void register(Registry r) {
    r.add(simple("create", "Creates a table with column families (names or option hashes) and,"
        + " optionally, SPLITS (split keys).",
        "create 'table', 'family' | {NAME => 'family', OPTION => value, ...} [, ...]"
            + " [, SPLITS => ['key', ...]]",
        DdlCommands::create, "create 't1', 'f1', 'f2'",
        "create 'ns1:t1', {NAME => 'f1', VERSIONS => 5, TTL => 86400, BLOOMFILTER => 'ROWCOL'}",
        "create 't1', 'f1', SPLITS => ['10', '20', '30']",
        "create 't1', {NAME => 'f1', COMPRESSION => 'LZ4', BLOCKSIZE => 16384, IN_MEMORY => true}"));
    r.add(simple("alter", "Adds or changes column families (a NAME hash or a family name), or"
        + " deletes one ('delete' => 'f' or METHOD => 'delete').",
        "alter 'table', 'family' | {NAME => 'family', OPTION => value, ...}"
            + " | 'delete' => 'family' | {NAME => 'family', METHOD => 'delete'} [, ...]",
        DdlCommands::alter, "alter 't1', NAME => 'f1', VERSIONS => 5",
        "alter 't1', 'delete' => 'f1'", "alter 't1', NAME => 'f1', METHOD => 'delete'",
        "alter 't1', 'f2', {NAME => 'f3', TTL => 3600}"));
    r.add(simple("describe", "Shows a table's state and its column families' options (alias:"
        + " desc).", "describe 'table'", DdlCommands::describe, "describe 't1'", "desc 'ns1:t1'"),
        "desc");
    r.add(simple("disable", "Disables a table.", "disable 'table'",
        (s, a) -> s.admin().disableTable(a.count(1, 1).table(0)), "disable 't1'"));
    r.add(simple("enable", "Enables a table.", "enable 'table'",
        (s, a) -> s.admin().enableTable(a.count(1, 1).table(0)), "enable 't1'"));
    r.add(simple("drop", "Deletes a table; it must be disabled first.", "drop 'table'",
        (s, a) -> s.admin().deleteTable(a.count(1, 1).table(0)), "drop 't1'"));
    r.add(simple("exists", "Says whether a table exists.", "exists 'table'", (s, a) -> {
      TableName t = a.count(1, 1).table(0);
      s.out().println("Table " + t + (s.admin().tableExists(t) ? " does exist" : " does not exist"));
    }, "exists 't1'"));
    r.add(simple("list", "Lists user tables, optionally those matching a regular expression.",
        "list ['regex']", DdlCommands::list, "list", "list 'abc.*'", "list 'ns1:.*'"));
    r.add(simple("is_enabled", "Says whether a table is enabled.", "is_enabled 'table'",
        (s, a) -> s.out().println(s.admin().isTableEnabled(a.count(1, 1).table(0))),
        "is_enabled 't1'"));
    r.add(simple("is_disabled", "Says whether a table is disabled.", "is_disabled 'table'",
        (s, a) -> s.out().println(s.admin().isTableDisabled(a.count(1, 1).table(0))),
        "is_disabled 't1'"));
    r.add(simple("truncate", "Disables, drops and recreates a table (one region).",
        "truncate 'table'", (s, a) -> truncate(s, a, false), "truncate 't1'"));
    r.add(simple("truncate_preserve", "Disables, drops and recreates a table keeping its split"
        + " points.", "truncate_preserve 'table'", (s, a) -> truncate(s, a, true),
        "truncate_preserve 't1'"));
    r.add(simple("get_splits", "Shows a table's split keys (region start keys but the first).",
        "get_splits 'table'", DdlCommands::getSplits, "get_splits 't1'"));
    r.add(simple("list_regions", "Lists a table's regions and where they are served.",
        "list_regions 'table'", DdlCommands::listRegions, "list_regions 't1'"));
    r.add(simple("locate_region", "Shows the region holding a row and its server.",
        "locate_region 'table', 'row'", DdlCommands::locateRegion,
        "locate_region 't1', 'row1'"));
    r.add(simple("show_filters", "Lists the filters FILTER => \"...\" can use.", "show_filters",
        (s, a) -> {
          a.count(0, 0);
          FILTERS.forEach(s.out()::println);
        }, "show_filters", "scan 't1', {FILTER => \"PrefixFilter('row1') AND KeyOnlyFilter()\"}"));
  }

  private static void create(Session s, Args a) throws IOException {
    a.count(2, -1);
    TableName t = a.table(0);
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    byte[][] splits = null;
    for (int i = 1; i < a.size(); i++) {
      Value v = a.get(i);
      if (v instanceof Value.Hash h) {
        if (h.entries().containsKey("SPLITS")) {
          splits = Args.byteList(h.entries().get("SPLITS"), "SPLITS").toArray(new byte[0][]);
        }
        if (h.entries().containsKey("NAME")) {
          Args.checkKeys(h, union(FamilyOptions.KEYS, "SPLITS"), "create");
          families.add(FamilyOptions.apply(ColumnFamilyDescriptor.builder(
              Args.bytes(h.entries().get("NAME"), "NAME")), h, Set.of("SPLITS")));
        } else {
          Args.checkKeys(h, Set.of("SPLITS"), "create (a hash without NAME)");
        }
      } else {
        families.add(ColumnFamilyDescriptor.builder(Args.bytes(v, "column family")).build());
      }
    }
    if (families.isEmpty()) {
      throw new UsageException("create needs at least one column family");
    }
    TableDescriptor d = TableDescriptor.of(t, families, Durability.USE_DEFAULT);
    s.admin().createTable(d, splits == null ? new byte[0][] : splits);
    s.out().println("Created table " + t);
  }

  private static Set<String> union(Set<String> a, String... more) {
    Set<String> u = new java.util.HashSet<>(a);
    u.addAll(List.of(more));
    return u;
  }

  private static void alter(Session s, Args a) throws IOException {
    a.count(2, -1);
    TableName t = a.table(0);
    Admin admin = s.admin();
    TableDescriptor current = admin.getDescriptor(t);
    s.out().println("Updating all regions with the new schema...");
    for (int i = 1; i < a.size(); i++) {
      Value v = a.get(i);
      if (!(v instanceof Value.Hash h)) {
        byte[] f = Args.bytes(v, "column family");
        if (current.hasFamily(f)) {
          throw new UsageException("column family '" + Bytes.toStringBinary(f)
              + "' already exists; give options to change it: {NAME => '"
              + Bytes.toStringBinary(f) + "', VERSIONS => 3}");
        }
        admin.addColumnFamily(t, ColumnFamilyDescriptor.builder(f).build());
        continue;
      }
      if (h.entries().containsKey("delete")) {
        Args.checkKeys(h, Set.of("delete"), "alter");
        for (byte[] f : Args.byteList(h.entries().get("delete"), "family to delete")) {
          admin.deleteColumnFamily(t, f);
        }
        continue;
      }
      Args.checkKeys(h, union(FamilyOptions.KEYS, "METHOD"), "alter");
      Value name = h.entries().get("NAME");
      if (name == null) {
        throw new UsageException("alter needs NAME => 'family' (or 'delete' => 'family')");
      }
      byte[] f = Args.bytes(name, "NAME");
      Value method = h.entries().get("METHOD");
      if (method != null) {
        String m = Args.text(method, "METHOD");
        if (!m.equals("delete")) {
          throw new UsageException("METHOD must be 'delete', got '" + m + "'");
        }
        admin.deleteColumnFamily(t, f);
        continue;
      }
      ColumnFamilyDescriptor existing = current.family(f);
      if (existing != null) {
        admin.modifyColumnFamily(t, FamilyOptions.apply(existing.toBuilder(), h, Set.of()));
      } else {
        admin.addColumnFamily(t, FamilyOptions.apply(ColumnFamilyDescriptor.builder(f), h,
            Set.of()));
      }
    }
    s.out().println("Done.");
  }

  private static void describe(Session s, Args a) throws IOException {
    TableName t = a.count(1, 1).table(0);
    Admin admin = s.admin();
    TableDescriptor d = admin.getDescriptor(t);
    PrintWriter out = s.out();
    out.println("Table " + t + " is " + (admin.isTableEnabled(t) ? "ENABLED" : "DISABLED"));
    out.println(t + (d.durability() == Durability.USE_DEFAULT ? ""
        : ", {TABLE_ATTRIBUTES => {DURABILITY => '" + d.durability() + "'}}"));
    out.println("COLUMN FAMILIES DESCRIPTION");
    for (ColumnFamilyDescriptor f : d.families()) {
      out.println(f);
    }
    out.println();
    out.println(Output.rows(d.families().size()));
  }

  private static void list(Session s, Args a) throws IOException {
    a.count(0, 1);
    Pattern p;
    try {
      p = Pattern.compile(a.has(0) ? a.string(0, "regex") : ".*");
    } catch (PatternSyntaxException e) {
      throw new UsageException("bad regular expression: " + e.getDescription());
    }
    List<TableName> names = s.admin().listTableNames(p, false);
    s.out().println("TABLE");
    names.forEach(n -> s.out().println(n));
    s.out().println(Output.rows(names.size()));
  }

  private static void truncate(Session s, Args a, boolean preserve) throws IOException {
    TableName t = a.count(1, 1).table(0);
    Admin admin = s.admin();
    s.out().println("Truncating '" + t + "' table (it may take a while):");
    if (admin.isTableEnabled(t)) {
      s.out().println("Disabling table...");
      admin.disableTable(t);
    }
    s.out().println("Truncating table...");
    admin.truncateTable(t, preserve);
  }

  private static void getSplits(Session s, Args a) throws IOException {
    TableName t = a.count(1, 1).table(0);
    List<RegionLocation> regions = s.admin().getRegions(t);
    List<String> keys = new ArrayList<>();
    for (RegionLocation r : regions) {
      if (r.region().startKey().length > 0) {
        keys.add(Bytes.toStringBinary(r.region().startKey()));
      }
    }
    s.out().println("Total number of splits = " + (keys.size() + 1));
    keys.forEach(s.out()::println);
  }

  private static void listRegions(Session s, Args a) throws IOException {
    TableName t = a.count(1, 1).table(0);
    List<RegionLocation> regions = s.admin().getRegions(t);
    String fmt = "%-28s | %-50s | %-12s | %-12s%n";
    PrintWriter out = s.out();
    out.printf(fmt, "SERVER_NAME", "REGION_NAME", "START_KEY", "END_KEY");
    for (RegionLocation r : regions) {
      RegionInfo ri = r.region();
      out.printf(fmt, r.server() == null ? "(unassigned)" : r.server(),
          regionName(ri), Bytes.toStringBinary(ri.startKey()), Bytes.toStringBinary(ri.endKey()));
    }
    out.println(regions.size() + " rows");
  }

  /** HBase's region name form: {@code table,startKey,regionId.encodedName.}. */
  static String regionName(RegionInfo ri) {
    return ri.table() + "," + Bytes.toStringBinary(ri.startKey()) + "," + ri.regionId() + "."
        + ri.encodedName() + ".";
  }

  private static void locateRegion(Session s, Args a) throws IOException {
    a.count(2, 2);
    TableName t = a.table(0);
    RegionLocation loc = s.admin().locateRegion(t, a.bytes(1, "row"));
    RegionInfo ri = loc.region();
    s.out().println(Output.header("HOST", "REGION"));
    s.out().println(Output.line(loc.server() == null ? "(unassigned)" : loc.server(),
        "{ENCODED => " + ri.encodedName() + ", NAME => '" + regionName(ri) + "', STARTKEY => '"
            + Bytes.toStringBinary(ri.startKey()) + "', ENDKEY => '"
            + Bytes.toStringBinary(ri.endKey()) + "'}"));
    s.out().println(Output.rows(1));
  }
}
