package org.basaltdb.shell.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.shell.lang.Value;

/** dml: put, get, scan, delete, deleteall, incr, get_counter, append, count. */
final class DmlCommands {
  static final String GROUP = "dml";

  private DmlCommands() {}

  private static CommandSpec spec(String name, String summary, String usage,
      CommandSpec.Handler h, String... examples) {
    return new CommandSpec(name, GROUP, summary, usage, List.of(examples), h);
  }

  static void register(Registry r) {
    r.add(spec("put", "Writes a cell value, at the server's time or at a given timestamp.",
        "put 'table', 'row', 'family:qualifier', 'value' [, timestamp]", DmlCommands::put,
        "put 't1', 'r1', 'f1:c1', 'value'", "put 't1', \"r\\x00\\x01\", 'f1:c1', 'v', 1700000000000"));
    r.add(spec("get", "Reads one row: all of it, some columns, versions, a time range or a"
        + " filter.",
        "get 'table', 'row' [, 'family[:qualifier]', ...] [, {COLUMN(S) => ..., VERSIONS => n,"
            + " TIMESTAMP => ts, TIMERANGE => [min, max], FILTER => \"...\"}]",
        DmlCommands::get, "get 't1', 'r1'", "get 't1', 'r1', 'f1:c1', 'f2'",
        "get 't1', 'r1', {COLUMNS => ['f1:c1', 'f2'], VERSIONS => 3}",
        "get 't1', 'r1', {TIMERANGE => [1700000000000, 1800000000000]}",
        "get 't1', 'r1', {FILTER => \"ValueFilter(=, 'binary:abc')\"}"));
    r.add(spec("scan", "Reads a range of rows.",
        "scan 'table' [, {COLUMNS => [...], STARTROW => 'r', STOPROW => 'r', ROWPREFIXFILTER =>"
            + " 'p', LIMIT => n, FILTER => \"...\", TIMESTAMP => ts, TIMERANGE => [min, max],"
            + " VERSIONS => n, REVERSED => true, RAW => true, CACHE => n}]",
        DmlCommands::scan, "scan 't1'", "scan 't1', {COLUMNS => ['f1:c1', 'f2'], LIMIT => 10}",
        "scan 't1', {STARTROW => 'a', STOPROW => 'm'}", "scan 't1', {ROWPREFIXFILTER => 'user1'}",
        "scan 't1', {FILTER => \"PrefixFilter('r') AND KeyOnlyFilter()\"}",
        "scan 't1', {REVERSED => true, RAW => true, VERSIONS => 10}"));
    r.add(spec("delete", "Deletes a column's versions at or before a timestamp (default: all).",
        "delete 'table', 'row', 'family:qualifier' [, timestamp]", DmlCommands::delete,
        "delete 't1', 'r1', 'f1:c1'", "delete 't1', 'r1', 'f1:c1', 1700000000000"));
    r.add(spec("deleteall", "Deletes a whole row, a family or column of it, or every row with a"
        + " prefix.",
        "deleteall 'table', 'row' [, 'family[:qualifier]' [, timestamp]]"
            + " | deleteall 'table', {ROWPREFIXFILTER => 'prefix'}",
        DmlCommands::deleteAll, "deleteall 't1', 'r1'", "deleteall 't1', 'r1', 'f1'",
        "deleteall 't1', 'r1', 'f1:c1', 1700000000000", "deleteall 't1', {ROWPREFIXFILTER => 'tmp'}"));
    r.add(spec("incr", "Adds to a counter (8-byte long), by 1 unless told.",
        "incr 'table', 'row', 'family:qualifier' [, amount]", DmlCommands::incr,
        "incr 't1', 'r1', 'f1:hits'", "incr 't1', 'r1', 'f1:hits', 10"));
    r.add(spec("get_counter", "Reads a counter.", "get_counter 'table', 'row', 'family:qualifier'",
        DmlCommands::getCounter, "get_counter 't1', 'r1', 'f1:hits'"));
    r.add(spec("append", "Appends bytes to a cell's value.",
        "append 'table', 'row', 'family:qualifier', 'value'", DmlCommands::append,
        "append 't1', 'r1', 'f1:c1', '-more'"));
    r.add(spec("count", "Counts rows, printing progress every INTERVAL rows (default 1000).",
        "count 'table' [, {INTERVAL => n, CACHE => n, FILTER => \"...\"}]", DmlCommands::count,
        "count 't1'", "count 't1', INTERVAL => 100000", "count 't1', {INTERVAL => 10, CACHE => 1000}"));
  }

  private static Table table(Session s, TableName t) throws IOException {
    return s.connection().getTable(t);
  }

  private static void put(Session s, Args a) throws IOException {
    a.count(4, 5);
    byte[][] col = QueryOptions.column(a.bytes(2, "column"));
    Put p = a.has(4) ? new Put(a.bytes(1, "row"), Args.number(a.get(4), "timestamp"))
        : new Put(a.bytes(1, "row"));
    p.addColumn(col[0], col[1], a.bytes(3, "value"));
    try (Table t = table(s, a.table(0))) {
      t.put(p);
    }
  }

  private static void get(Session s, Args a) throws IOException {
    a.count(2, -1);
    Get g = new Get(a.bytes(1, "row"));
    List<Value> pos = a.positional();
    for (int i = 2; i < pos.size(); i++) {
      Args.byteList(pos.get(i), "column").forEach(c -> QueryOptions.addColumn(g, c));
    }
    Value.Hash h = a.options();
    Args.checkKeys(h, QueryOptions.GET_KEYS, "get");
    QueryOptions.applyCommon(g, h);
    Result r;
    try (Table t = table(s, a.table(0))) {
      r = t.get(g);
    }
    PrintWriter out = s.out();
    out.println(Output.header("COLUMN", "CELL"));
    for (Cell c : r.cells()) {
      out.println(Output.line(Output.column(c), Output.cell(c)));
    }
    out.println(Output.rows(r.size()));
  }

  private static void scan(Session s, Args a) throws IOException {
    a.count(1, 2);
    Scan scan = QueryOptions.scan(hashAt(a, 1));
    PrintWriter out = s.out();
    long rows = 0;
    try (Table t = table(s, a.table(0)); ResultScanner sc = t.getScanner(scan)) {
      out.println(Output.header("ROW", "COLUMN+CELL"));
      for (Result r = sc.next(); r != null; r = sc.next()) {
        s.checkCancelled();
        rows++;
        for (Cell c : r.cells()) {
          out.println(Output.line(Bytes.toStringBinary(c.row()), "column=" + Output.column(c)
              + ", " + Output.cell(c)));
        }
      }
    }
    out.println(Output.rows(rows));
  }

  private static Value.Hash hashAt(Args a, int i) {
    if (!a.has(i)) {
      return new Value.Hash(Map.of());
    }
    if (a.get(i) instanceof Value.Hash h) {
      return h;
    }
    throw new UsageException("expected an option hash {KEY => value, ...}, got "
        + a.get(i).show());
  }

  private static void delete(Session s, Args a) throws IOException {
    a.count(3, 4);
    byte[][] col = QueryOptions.column(a.bytes(2, "column"));
    Delete d = new Delete(a.bytes(1, "row"));
    if (a.has(3)) {
      d.addColumns(col[0], col[1], Args.number(a.get(3), "timestamp"));
    } else {
      d.addColumns(col[0], col[1]);
    }
    try (Table t = table(s, a.table(0))) {
      t.delete(d);
    }
  }

  private static void deleteAll(Session s, Args a) throws IOException {
    a.count(2, 4);
    TableName tn = a.table(0);
    if (a.get(1) instanceof Value.Hash h) {
      a.count(2, 2);
      Args.checkKeys(h, Set.of("ROWPREFIXFILTER"), "deleteall");
      Value p = h.entries().get("ROWPREFIXFILTER");
      if (p == null) {
        throw new UsageException("deleteall takes a row or {ROWPREFIXFILTER => 'prefix'}");
      }
      Scan scan = new Scan().setRowPrefixFilter(Args.bytes(p, "ROWPREFIXFILTER"))
          .setFilter("FirstKeyOnlyFilter() AND KeyOnlyFilter()");
      try (Table t = table(s, tn); ResultScanner sc = t.getScanner(scan)) {
        for (Result r = sc.next(); r != null; r = sc.next()) {
          s.checkCancelled();
          t.delete(new Delete(r.row()));
        }
      }
      return;
    }
    byte[] row = a.bytes(1, "row");
    long ts = a.has(3) ? Args.number(a.get(3), "timestamp") : Cell.LATEST_TIMESTAMP;
    Delete d = new Delete(row, ts);
    if (a.has(2)) {
      byte[] spec = a.bytes(2, "column");
      if (Bytes.toString(spec).indexOf(':') < 0) {
        d.addFamily(spec, ts);
      } else {
        byte[][] col = QueryOptions.column(spec);
        d.addColumns(col[0], col[1], ts);
      }
    }
    try (Table t = table(s, tn)) {
      t.delete(d);
    }
  }

  private static void incr(Session s, Args a) throws IOException {
    a.count(3, 4);
    byte[][] col = QueryOptions.column(a.bytes(2, "column"));
    long by = a.has(3) ? Args.number(a.get(3), "amount") : 1;
    Result r;
    try (Table t = table(s, a.table(0))) {
      r = t.increment(new Increment(a.bytes(1, "row")).addColumn(col[0], col[1], by));
    }
    byte[] v = r.value(col[0], col[1]);
    s.out().println("COUNTER VALUE = " + (v == null ? "(not returned)" : Bytes.toLong(v)));
  }

  private static void getCounter(Session s, Args a) throws IOException {
    a.count(3, 3);
    byte[][] col = QueryOptions.column(a.bytes(2, "column"));
    Result r;
    try (Table t = table(s, a.table(0))) {
      r = t.get(new Get(a.bytes(1, "row")).addColumn(col[0], col[1]));
    }
    byte[] v = r.value(col[0], col[1]);
    if (v == null) {
      s.out().println("No counter found at specified coordinates");
    } else if (v.length != 8) {
      throw new IllegalArgumentException("the cell is not a counter: it holds " + v.length
          + " bytes, not 8");
    } else {
      s.out().println("COUNTER VALUE = " + Bytes.toLong(v));
    }
  }

  private static void append(Session s, Args a) throws IOException {
    a.count(4, 4);
    byte[][] col = QueryOptions.column(a.bytes(2, "column"));
    Result r;
    try (Table t = table(s, a.table(0))) {
      r = t.append(new Append(a.bytes(1, "row")).addColumn(col[0], col[1],
          a.bytes(3, "value")));
    }
    byte[] v = r.value(col[0], col[1]);
    s.out().println("CURRENT VALUE = " + (v == null ? "(not returned)" : Bytes.toStringBinary(v)));
  }

  private static void count(Session s, Args a) throws IOException {
    a.count(1, 2);
    Value.Hash h = hashAt(a, 1);
    Args.checkKeys(h, Set.of("INTERVAL", "CACHE", "FILTER"), "count");
    long interval = h.entries().containsKey("INTERVAL")
        ? Args.number(h.entries().get("INTERVAL"), "INTERVAL") : 1000;
    if (interval < 1) {
      throw new UsageException("INTERVAL must be at least 1");
    }
    int cache = h.entries().containsKey("CACHE")
        ? Args.intValue(h.entries().get("CACHE"), "CACHE") : 10;
    String filter = "FirstKeyOnlyFilter()";
    if (h.entries().containsKey("FILTER")) {
      filter = "(" + Args.text(h.entries().get("FILTER"), "FILTER") + ") AND " + filter;
    }
    Scan scan = new Scan().setCaching(cache).setCacheBlocks(false).setFilter(filter);
    long n = 0;
    try (Table t = table(s, a.table(0)); ResultScanner sc = t.getScanner(scan)) {
      for (Result r = sc.next(); r != null; r = sc.next()) {
        s.checkCancelled();
        n++;
        if (n % interval == 0) {
          s.out().println("Current count: " + n + ", row: " + Bytes.toStringBinary(r.row()));
          s.out().flush();
        }
      }
    }
    s.out().println(Output.rows(n));
  }
}
