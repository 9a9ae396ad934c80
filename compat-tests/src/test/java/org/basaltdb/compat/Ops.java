package org.basaltdb.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.hbase.thrift2.generated.TAppend;
import org.apache.hadoop.hbase.thrift2.generated.TColumn;
import org.apache.hadoop.hbase.thrift2.generated.TColumnIncrement;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.TCompareOp;
import org.apache.hadoop.hbase.thrift2.generated.TDelete;
import org.apache.hadoop.hbase.thrift2.generated.TDeleteType;
import org.apache.hadoop.hbase.thrift2.generated.TGet;
import org.apache.hadoop.hbase.thrift2.generated.TIncrement;
import org.apache.hadoop.hbase.thrift2.generated.TMutation;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.hadoop.hbase.thrift2.generated.TRowMutations;
import org.apache.hadoop.hbase.thrift2.generated.TScan;
import org.apache.hadoop.hbase.thrift2.generated.TTimeRange;

/**
 * Seeded random operations over a small key space (rows r0..r9, families f, g, h, t,
 * qualifiers a, ab, b, c), so that writes collide and reads see versions, deletes and filters interact.
 *
 * <p>Puts carry explicit timestamps (1..12): a server-stamped put would depend on each side's
 * clock. Increments and appends, which HBase always stamps with the server's time, go to family
 * g (VERSIONS 1) so that how many of them fall in one millisecond cannot show; their timestamps
 * print as "now".
 */
final class Ops {
  /**
   * One operation: what it prints as, how it is sent to a side (the answer's text), the one row
   * it touches (null: several, or the whole table) and whether it changes anything. The last two
   * let shrinking drop whole classes of operations at once.
   */
  record Op(String desc, Side.Call call, String row, boolean write) {
    @Override
    public String toString() {
      return desc;
    }
  }

  /** The share of operations sent through the Thrift1 API ({@link Thrift1Ops}). */
  static final int THRIFT1_PERCENT = 25;

  static final String[] FAMILIES = {"f", "g", "h", "t"};
  /** "ab" lets prefixes overlap (MultipleColumnPrefixFilter's quirk with 'a', 'aa'). */
  static final String[] QUALIFIERS = {"a", "ab", "b", "c"};

  final Random rnd;
  private final boolean adminOps;
  private final Thrift1Ops thrift1;

  Ops(long seed, boolean adminOps) {
    this.rnd = new Random(seed);
    this.adminOps = adminOps;
    this.thrift1 = new Thrift1Ops(this);
  }

  static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  String row() {
    return "r" + rnd.nextInt(10);
  }

  String family() {
    return FAMILIES[rnd.nextInt(FAMILIES.length)];
  }

  String qualifier() {
    return QUALIFIERS[rnd.nextInt(QUALIFIERS.length)];
  }

  long ts() {
    return 1 + rnd.nextInt(12);
  }

  String value() {
    return "v" + rnd.nextInt(20);
  }

  private <T> T pick(T[] a) {
    return a[rnd.nextInt(a.length)];
  }

  Op next(TableRef table) {
    if (rnd.nextInt(100) < THRIFT1_PERCENT) {
      return thrift1.next(table);
    }
    int p = rnd.nextInt(100);
    if (p < 28) {
      return put(table);
    } else if (p < 40) {
      return delete(table);
    } else if (p < 55) {
      return get(table);
    } else if (p < 70) {
      return scan(table);
    } else if (p < 75) {
      return scanner(table);
    } else if (p < 78) {
      return increment(table);
    } else if (p < 81) {
      return append(table);
    } else if (p < 88) {
      return checkAndMutate(table);
    } else if (p < 91) {
      return mutateRow(table);
    } else if (p < 94) {
      return getMultiple(table);
    } else if (!adminOps || p < 97) {
      return put(table);
    } else if (p < 99) {
      return new Op("flush", s -> {
        s.flush(table.text());
        return "ok";
      }, null, true);
    } else {
      return new Op("major_compact", s -> {
        s.compact(table.text());
        return "ok";
      }, null, true);
    }
  }

  // ------------------------------------------------------------------ writes

  private TPut newPut(String row, StringBuilder d) {
    List<TColumnValue> cols = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    String f = family();
    String q = qualifier();
    long ts = ts();
    for (int i = 0; i < n; i++) {
      if (i > 0 && rnd.nextInt(10) >= 3) { // else: the same column again, at the same time
        f = family();
        q = qualifier();
        ts = rnd.nextInt(4) == 0 ? ts : ts();
      }
      String v = value();
      cols.add(new TColumnValue(bb(f), bb(q), bb(v)).setTimestamp(ts));
      d.append(' ').append(f).append(':').append(q).append('@').append(ts).append('=').append(v);
    }
    return new TPut(bb(row), cols);
  }

  private Op put(TableRef table) {
    String row = row();
    StringBuilder d = new StringBuilder("put ").append(row);
    TPut put = newPut(row, d);
    return new Op(d.toString(), s -> {
      s.client.put(table.name(), put);
      return "ok";
    }, row, true);
  }

  private TDelete newDelete(String row, StringBuilder d) {
    TDelete del = new TDelete(bb(row));
    int kind = rnd.nextInt(5);
    boolean withTs = rnd.nextBoolean();
    long ts = ts();
    switch (kind) {
      case 0 -> { // the whole row
        d.append(" row");
        if (withTs) {
          del.setTimestamp(ts);
        }
      }
      case 1 -> { // a family
        String f = family();
        d.append(" family ").append(f);
        TColumn c = new TColumn(bb(f));
        if (withTs) {
          c.setTimestamp(ts);
        }
        del.setColumns(List.of(c));
        del.setDeleteType(TDeleteType.DELETE_FAMILY);
      }
      case 2 -> { // one version of a family, at a timestamp
        String f = family();
        d.append(" family-version ").append(f);
        withTs = true;
        del.setColumns(List.of(new TColumn(bb(f)).setTimestamp(ts)));
        del.setDeleteType(TDeleteType.DELETE_FAMILY_VERSION);
      }
      case 3 -> { // all versions of columns
        d.append(" columns");
        List<TColumn> cols = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
          String f = family();
          String q = qualifier();
          d.append(' ').append(f).append(':').append(q);
          TColumn c = new TColumn(bb(f)).setQualifier(bb(q));
          if (withTs) {
            c.setTimestamp(ts);
          }
          cols.add(c);
        }
        del.setColumns(cols);
        del.setDeleteType(TDeleteType.DELETE_COLUMNS);
      }
      default -> { // one version of a column (the latest, without a timestamp)
        String f = family();
        String q = qualifier();
        d.append(" version ").append(f).append(':').append(q);
        TColumn c = new TColumn(bb(f)).setQualifier(bb(q));
        if (withTs) {
          c.setTimestamp(ts);
        }
        del.setColumns(List.of(c));
        del.setDeleteType(TDeleteType.DELETE_COLUMN);
      }
    }
    if (withTs) {
      d.append(" @").append(ts);
    }
    return del;
  }

  private Op delete(TableRef table) {
    String row = row();
    StringBuilder d = new StringBuilder("delete ").append(row);
    TDelete del = newDelete(row, d);
    return new Op(d.toString(), s -> {
      s.client.deleteSingle(table.name(), del);
      return "ok";
    }, row, true);
  }

  private Op increment(TableRef table) {
    String row = row();
    long amount = 1 + rnd.nextInt(5);
    TIncrement inc = new TIncrement(bb(row),
        List.of(new TColumnIncrement(bb("g"), bb("n")).setAmount(amount)));
    return new Op("increment " + row + " g:n +" + amount,
        s -> Side.show(s.client.increment(table.name(), inc)), row, true);
  }

  private Op append(TableRef table) {
    String row = row();
    String v = "x" + rnd.nextInt(10);
    TAppend app = new TAppend(bb(row), List.of(new TColumnValue(bb("g"), bb("s"), bb(v))));
    return new Op("append " + row + " g:s +" + v,
        s -> Side.show(s.client.append(table.name(), app)), row, true);
  }

  private TRowMutations rowMutations(String row, StringBuilder d) {
    List<TMutation> ms = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
      if (rnd.nextBoolean()) {
        d.append(" [put");
        ms.add(TMutation.put(newPut(row, d)));
      } else {
        d.append(" [delete");
        ms.add(TMutation.deleteSingle(newDelete(row, d)));
      }
      d.append(']');
    }
    return new TRowMutations(bb(row), ms);
  }

  private Op mutateRow(TableRef table) {
    String row = row();
    StringBuilder d = new StringBuilder("mutateRow ").append(row);
    TRowMutations rm = rowMutations(row, d);
    return new Op(d.toString(), s -> {
      s.client.mutateRow(table.name(), rm);
      return "ok";
    }, row, true);
  }

  private Op checkAndMutate(TableRef table) {
    String row = row();
    String f = family();
    String q = qualifier();
    String v = rnd.nextInt(5) == 0 ? null : value();
    int kind = rnd.nextInt(3);
    StringBuilder d = new StringBuilder();
    ByteBuffer value = v == null ? null : bb(v);
    if (kind == 0) {
      // Not NO_OP: HBase's region server fails it only after its client's retries (minutes);
      // Basalt refuses it at once (ThriftModelTest covers that).
      TCompareOp op = TCompareOp.values()[rnd.nextInt(6)];
      d.append("checkAndMutate ").append(row).append(' ').append(f).append(':').append(q)
          .append(' ').append(op).append(' ').append(v).append(" then");
      TRowMutations rm = rowMutations(row, d);
      return new Op(d.toString(), s -> Boolean.toString(
          s.client.checkAndMutate(table.name(), bb(row), bb(f), bb(q), op, value, rm)), row,
          true);
    } else if (kind == 1) {
      d.append("checkAndPut ").append(row).append(' ').append(f).append(':').append(q)
          .append(" = ").append(v).append(" then put");
      TPut put = newPut(row, d);
      return new Op(d.toString(), s -> Boolean.toString(
          s.client.checkAndPut(table.name(), bb(row), bb(f), bb(q), value, put)), row, true);
    }
    d.append("checkAndDelete ").append(row).append(' ').append(f).append(':').append(q)
        .append(" = ").append(v).append(" then delete");
    TDelete del = newDelete(row, d);
    return new Op(d.toString(), s -> Boolean.toString(
        s.client.checkAndDelete(table.name(), bb(row), bb(f), bb(q), value, del)), row, true);
  }

  // ------------------------------------------------------------------ reads

  private List<TColumn> columns(StringBuilder d) {
    int p = rnd.nextInt(10);
    List<TColumn> cols = new ArrayList<>();
    if (p < 2) {
      for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
        String f = family();
        cols.add(new TColumn(bb(f)));
        d.append(" family=").append(f);
      }
    } else if (p < 4) {
      for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
        String f = family();
        String q = rnd.nextInt(6) == 0 ? "n" : qualifier();
        cols.add(new TColumn(bb(f)).setQualifier(bb(q)));
        d.append(" column=").append(f).append(':').append(q);
      }
    }
    return cols;
  }

  private TTimeRange timeRange(StringBuilder d) {
    if (rnd.nextInt(5) != 0) {
      return null;
    }
    long min = rnd.nextInt(10);
    long max = min + 1 + rnd.nextInt(8);
    d.append(" timeRange=[").append(min).append(',').append(max).append(')');
    return new TTimeRange(min, max);
  }

  private Op get(TableRef table) {
    String row = row();
    StringBuilder d = new StringBuilder("get ").append(row);
    TGet get = newGet(row, d);
    return new Op(d.toString(), s -> Side.show(s.client.get(table.name(), get)), row, false);
  }

  private TGet newGet(String row, StringBuilder d) {
    TGet get = new TGet(bb(row));
    List<TColumn> cols = columns(d);
    if (!cols.isEmpty()) {
      get.setColumns(cols);
    }
    if (rnd.nextBoolean()) {
      int v = 1 + rnd.nextInt(4);
      get.setMaxVersions(v);
      d.append(" versions=").append(v);
    }
    TTimeRange tr = timeRange(d);
    if (tr != null) {
      get.setTimeRange(tr);
    } else if (rnd.nextInt(10) == 0) {
      long ts = ts();
      get.setTimestamp(ts);
      d.append(" timestamp=").append(ts);
    }
    if (rnd.nextInt(100) < 35) {
      String f = Filters.random(rnd);
      get.setFilterString(bb(f));
      d.append(" filter=\"").append(f).append('"');
    }
    return get;
  }

  private Op getMultiple(TableRef table) {
    StringBuilder d = new StringBuilder("getMultiple");
    List<TGet> gets = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      String row = row();
      d.append(" [").append(row);
      gets.add(newGet(row, d));
      d.append(']');
    }
    return new Op(d.toString(), s -> Side.show(s.client.getMultiple(table.name(), gets)), null,
        false);
  }

  private TScan newScan(StringBuilder d) {
    TScan scan = new TScan();
    boolean reversed = rnd.nextInt(4) == 0;
    if (rnd.nextInt(10) < 6) {
      String start = rnd.nextInt(5) == 0 ? row() + "5" : row();
      scan.setStartRow(bb(start));
      d.append(" start=").append(start);
      if (rnd.nextInt(6) == 0) {
        scan.setStopRow(bb(start));
        d.append(" stop=").append(start);
      }
    }
    if (!scan.isSetStopRow() && rnd.nextBoolean()) {
      String stop = row();
      scan.setStopRow(bb(stop));
      d.append(" stop=").append(stop);
    }
    if (reversed) {
      scan.setReversed(true);
      d.append(" reversed");
    }
    List<TColumn> cols = columns(d);
    if (!cols.isEmpty()) {
      scan.setColumns(cols);
    }
    if (rnd.nextBoolean()) {
      int v = 1 + rnd.nextInt(4);
      scan.setMaxVersions(v);
      d.append(" versions=").append(v);
    }
    TTimeRange tr = timeRange(d);
    if (tr != null) {
      scan.setTimeRange(tr);
    }
    if (rnd.nextInt(4) == 0) {
      int c = 1 + rnd.nextInt(5);
      scan.setCaching(c);
      d.append(" caching=").append(c);
    }
    if (rnd.nextInt(5) == 0) {
      int l = 1 + rnd.nextInt(4);
      scan.setLimit(l);
      d.append(" limit=").append(l);
    }
    boolean filtered = rnd.nextInt(100) < 40;
    if (filtered) {
      String f = Filters.random(rnd);
      scan.setFilterString(bb(f));
      d.append(" filter=\"").append(f).append('"');
    }
    if (rnd.nextInt(filtered ? 12 : 5) == 0) {
      int b = 1 + rnd.nextInt(3);
      scan.setBatchSize(b);
      d.append(" batch=").append(b);
    }
    return scan;
  }

  private Op scan(TableRef table) {
    StringBuilder d = new StringBuilder("scan");
    TScan scan = newScan(d);
    return new Op(d.toString(),
        s -> Side.show(s.client.getScannerResults(table.name(), scan, 100)), null, false);
  }

  /** An open scanner read in parts: the parts' sizes are compared too. */
  private Op scanner(TableRef table) {
    StringBuilder d = new StringBuilder("openScanner");
    TScan scan = newScan(d);
    int part = 1 + rnd.nextInt(4);
    d.append(" then getScannerRows(").append(part).append(")...");
    return new Op(d.toString(), s -> readScanner(s, table, scan, part), null, false);
  }

  /** Opens a scanner and reads it in parts of {@code part} rows; the parts as text. */
  static String readScanner(Side s, TableRef table, TScan scan, int part) throws Exception {
    int id = s.client.openScanner(table.name(), scan);
    StringBuilder out = new StringBuilder();
    try {
      for (int i = 0; i < 200; i++) {
        List<TResult> rows = s.client.getScannerRows(id, part);
        if (rows.isEmpty()) {
          break;
        }
        out.append(Side.show(rows)).append(' ');
      }
    } finally {
      s.client.closeScanner(id);
    }
    return out.toString();
  }
}
