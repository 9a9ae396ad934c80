package org.basaltdb.compat;

import static org.basaltdb.compat.Ops.bb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.hbase.thrift.generated.BatchMutation;
import org.apache.hadoop.hbase.thrift.generated.Mutation;
import org.apache.hadoop.hbase.thrift.generated.TAppend;
import org.apache.hadoop.hbase.thrift.generated.TCell;
import org.apache.hadoop.hbase.thrift.generated.TColumn;
import org.apache.hadoop.hbase.thrift.generated.TIncrement;
import org.apache.hadoop.hbase.thrift.generated.TRowResult;
import org.apache.hadoop.hbase.thrift.generated.TScan;

/**
 * Seeded random operations through HBase's Thrift1 API ({@code Hbase}), over the key space of
 * {@link Ops}: mutations with and without deletes at an explicit timestamp, whole-row and
 * column deletes, counters and appends, checkAndPut, gets of versions and of rows, and scanners
 * with HBase's Thrift1 {@code TScan} read in parts.
 *
 * <p>Timestamps: a Thrift1 read's timestamp means "older than" (cells strictly below it), so
 * reads ask for 1..13. Writes that HBase stamps with the server's clock (checkAndPut's put,
 * increments, appends, {@code mutateRow} without a timestamp) go to family g only, as in
 * {@link Ops}; deletes stamped "now" may touch any family, as Thrift2's do.
 *
 * <p>Not generated, because docs/thrift1.md documents Basalt's answer as deliberately
 * different from HBase's (HBase logs and drops, or fails internally): a put {@code Mutation}
 * without a qualifier; a delete {@code Mutation} as checkAndPut's {@code mput}; an increment of
 * a family without a qualifier; {@code getRegionInfo} of a missing table.
 */
final class Thrift1Ops {
  private final Ops ops;
  private final Random rnd;

  Thrift1Ops(Ops ops) {
    this.ops = ops;
    this.rnd = ops.rnd;
  }

  Ops.Op next(TableRef table) {
    int p = rnd.nextInt(100);
    if (p < 20) {
      return mutateRowTs(table);
    } else if (p < 28) {
      return mutateRowsTs(table);
    } else if (p < 31) {
      return mutateRowNow(table);
    } else if (p < 36) {
      return deleteAll(table);
    } else if (p < 40) {
      return counter(table);
    } else if (p < 43) {
      return append(table);
    } else if (p < 49) {
      return checkAndPut(table);
    } else if (p < 62) {
      return getRow(table);
    } else if (p < 69) {
      return getVersions(table);
    } else if (p < 76) {
      return getRows(table);
    } else {
      return scanner(table);
    }
  }

  /** A Thrift1 column: "f:q", or "f" (the whole family) when {@code familyAllowed}. */
  private String column(boolean familyAllowed) {
    String f = ops.family();
    return familyAllowed && rnd.nextInt(4) == 0 ? f : f + ":" + ops.qualifier();
  }

  /** A read timestamp: cells strictly older than it. */
  private long readTs() {
    return 1 + rnd.nextInt(13);
  }

  // ------------------------------------------------------------------ writes

  /** 1..3 mutations of one row: puts (with a qualifier) and deletes of columns or families. */
  private List<Mutation> mutations(StringBuilder d, boolean putsToG) {
    List<Mutation> ms = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      if (rnd.nextInt(3) == 0) {
        String c = column(true);
        ms.add(new Mutation().setIsDelete(true).setColumn(bb(c)));
        d.append(" delete ").append(c);
      } else {
        String c = putsToG ? "g:" + ops.qualifier() : column(false);
        String v = ops.value();
        ms.add(new Mutation().setColumn(bb(c)).setValue(bb(v)));
        d.append(' ').append(c).append('=').append(v);
      }
    }
    return ms;
  }

  private Ops.Op mutateRowTs(TableRef table) {
    String row = ops.row();
    long ts = ops.ts();
    StringBuilder d = new StringBuilder("t1.mutateRowTs ").append(row).append(" @").append(ts);
    List<Mutation> ms = mutations(d, false);
    return write(d, row, s -> s.thrift1.mutateRowTs(table.name(), bb(row), ms, ts, null));
  }

  private Ops.Op mutateRowsTs(TableRef table) {
    long ts = ops.ts();
    StringBuilder d = new StringBuilder("t1.mutateRowsTs @").append(ts);
    List<BatchMutation> batches = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      String row = ops.row();
      d.append(" [").append(row);
      batches.add(new BatchMutation(bb(row), mutations(d, false)));
      d.append(']');
    }
    return write(d, null, s -> s.thrift1.mutateRowsTs(table.name(), batches, ts, null));
  }

  /**
   * mutateRow without a timestamp: its puts and deletes are stamped "now", so its puts go to
   * family g; a delete in the same call is stamped in the same millisecond as the put or an
   * earlier one, which one depending on the clock, so such a call has only puts or only deletes.
   */
  private Ops.Op mutateRowNow(TableRef table) {
    String row = ops.row();
    StringBuilder d = new StringBuilder("t1.mutateRow ").append(row);
    boolean deletes = rnd.nextBoolean();
    List<Mutation> ms = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
      if (deletes) {
        String c = column(true);
        ms.add(new Mutation().setIsDelete(true).setColumn(bb(c)));
        d.append(" delete ").append(c);
      } else {
        String c = "g:" + ops.qualifier();
        String v = ops.value();
        ms.add(new Mutation().setColumn(bb(c)).setValue(bb(v)));
        d.append(' ').append(c).append('=').append(v);
      }
    }
    return write(d, row, s -> s.thrift1.mutateRow(table.name(), bb(row), ms, null));
  }

  private Ops.Op deleteAll(TableRef table) {
    String row = ops.row();
    boolean withTs = rnd.nextInt(3) != 0;
    long ts = ops.ts();
    StringBuilder d = new StringBuilder("t1.");
    if (rnd.nextBoolean()) {
      d.append(withTs ? "deleteAllRowTs " : "deleteAllRow ").append(row);
      if (withTs) {
        d.append(" @").append(ts);
        return write(d, row, s -> s.thrift1.deleteAllRowTs(table.name(), bb(row), ts, null));
      }
      return write(d, row, s -> s.thrift1.deleteAllRow(table.name(), bb(row), null));
    }
    String c = column(true);
    d.append(withTs ? "deleteAllTs " : "deleteAll ").append(row).append(' ').append(c);
    if (withTs) {
      d.append(" @").append(ts);
      return write(d, row, s -> s.thrift1.deleteAllTs(table.name(), bb(row), bb(c), ts, null));
    }
    return write(d, row, s -> s.thrift1.deleteAll(table.name(), bb(row), bb(c), null));
  }

  /** atomicIncrement (which answers the new value) or increment (which answers nothing). */
  private Ops.Op counter(TableRef table) {
    String row = ops.row();
    long amount = 1 + rnd.nextInt(5);
    if (rnd.nextBoolean()) {
      return new Ops.Op("t1.atomicIncrement " + row + " g:n +" + amount,
          s -> Long.toString(s.thrift1.atomicIncrement(table.name(), bb(row), bb("g:n"), amount)),
          row, true);
    }
    // The table's name is read when the call is made: a replay points it at a fresh table.
    return write(new StringBuilder("t1.increment " + row + " g:n +" + amount), row,
        s -> s.thrift1.increment(new TIncrement(table.name(), bb(row), bb("g:n"), amount)));
  }

  private Ops.Op append(TableRef table) {
    String row = ops.row();
    String v = "x" + rnd.nextInt(10);
    return new Ops.Op("t1.append " + row + " g:s +" + v, s -> cells(s.thrift1.append(
        new TAppend(table.name(), bb(row), List.of(bb("g:s")), List.of(bb(v))))), row, true);
  }

  /** checkAndPut: the check on any column, the put (stamped "now" by both) to family g. */
  private Ops.Op checkAndPut(TableRef table) {
    String row = ops.row();
    String c = column(false);
    String v = rnd.nextInt(5) == 0 ? null : ops.value();
    String put = "g:" + ops.qualifier();
    String pv = ops.value();
    Mutation m = new Mutation().setColumn(bb(put)).setValue(bb(pv));
    String d = "t1.checkAndPut " + row + ' ' + c + " = " + v + " then " + put + '=' + pv;
    return new Ops.Op(d, s -> Boolean.toString(s.thrift1.checkAndPut(table.name(), bb(row),
        bb(c), v == null ? null : bb(v), m, null)), row, true);
  }

  // ------------------------------------------------------------------ reads

  private List<ByteBuffer> columns(StringBuilder d) {
    List<ByteBuffer> cols = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      String c = column(true);
      cols.add(bb(c));
      d.append(" column=").append(c);
    }
    return cols;
  }

  private Ops.Op getRow(TableRef table) {
    String row = ops.row();
    StringBuilder d = new StringBuilder("t1.getRow");
    List<ByteBuffer> cols = columns(d);
    boolean withTs = rnd.nextBoolean();
    long ts = readTs();
    d.append(withTs ? "Ts " : " ").append(row);
    if (withTs) {
      d.append(" olderThan=").append(ts);
    }
    return new Ops.Op(d.toString(), s -> rows(withTs
        ? s.thrift1.getRowWithColumnsTs(table.name(), bb(row), cols, ts, null)
        : s.thrift1.getRowWithColumns(table.name(), bb(row), cols, null)), row, false);
  }

  private Ops.Op getVersions(TableRef table) {
    String row = ops.row();
    String c = column(rnd.nextInt(3) == 0);
    int kind = rnd.nextInt(3);
    int versions = 1 + rnd.nextInt(4);
    long ts = readTs();
    if (kind == 0) {
      return new Ops.Op("t1.get " + row + ' ' + c,
          s -> cells(s.thrift1.get(table.name(), bb(row), bb(c), null)), row, false);
    } else if (kind == 1) {
      return new Ops.Op("t1.getVer " + row + ' ' + c + " versions=" + versions,
          s -> cells(s.thrift1.getVer(table.name(), bb(row), bb(c), versions, null)), row,
          false);
    }
    return new Ops.Op("t1.getVerTs " + row + ' ' + c + " olderThan=" + ts + " versions="
        + versions, s -> cells(s.thrift1.getVerTs(table.name(), bb(row), bb(c), ts, versions,
        null)), row, false);
  }

  private Ops.Op getRows(TableRef table) {
    StringBuilder d = new StringBuilder("t1.getRows");
    List<ByteBuffer> rows = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      String row = ops.row();
      rows.add(bb(row));
      d.append(' ').append(row);
    }
    List<ByteBuffer> cols = columns(d);
    boolean withTs = rnd.nextBoolean();
    long ts = readTs();
    if (withTs) {
      d.append(" olderThan=").append(ts);
    }
    return new Ops.Op(d.toString(), s -> rows(withTs
        ? s.thrift1.getRowsWithColumnsTs(table.name(), rows, cols, ts, null)
        : s.thrift1.getRowsWithColumns(table.name(), rows, cols, null)), null, false);
  }

  /**
   * A scanner opened with a {@code TScan} (start, stop, "older than" timestamp, columns,
   * caching, filter, batch, sorted columns, reversed) or with one of the older
   * scannerOpen* calls, read with scannerGetList in parts (or scannerGet, one row at a time).
   */
  private Ops.Op scanner(TableRef table) {
    StringBuilder d = new StringBuilder("t1.");
    int part = rnd.nextInt(5); // 0: scannerGet
    Opener open;
    if (rnd.nextInt(5) == 0) {
      String start = ops.row();
      List<ByteBuffer> cols = columns(new StringBuilder());
      if (cols.isEmpty()) {
        cols = List.of(bb(ops.family()));
      }
      List<ByteBuffer> c = cols;
      d.append("scannerOpen");
      for (ByteBuffer b : c) {
        d.append(" column=").append(Side.str(b.array()));
      }
      int kind = rnd.nextInt(3);
      if (kind == 0) {
        String stop = ops.row();
        d.append("WithStop start=").append(start).append(" stop=").append(stop);
        open = s -> s.thrift1.scannerOpenWithStop(table.name(), bb(start), bb(stop), c, null);
      } else if (kind == 1) {
        String prefix = start.substring(0, 1 + rnd.nextInt(2));
        d.append("WithPrefix prefix=").append(prefix);
        open = s -> s.thrift1.scannerOpenWithPrefix(table.name(), bb(prefix), c, null);
      } else {
        long ts = readTs();
        d.append("Ts start=").append(start).append(" olderThan=").append(ts);
        open = s -> s.thrift1.scannerOpenTs(table.name(), bb(start), c, ts, null);
      }
    } else {
      TScan scan = newScan(d.append("scannerOpenWithScan"));
      open = s -> s.thrift1.scannerOpenWithScan(table.name(), scan, null);
    }
    d.append(part == 0 ? " then scannerGet..." : " then scannerGetList(" + part + ")...");
    Opener opener = open;
    return new Ops.Op(d.toString(), s -> readScanner(s, opener, part), null, false);
  }

  private TScan newScan(StringBuilder d) {
    TScan scan = new TScan();
    if (rnd.nextInt(10) < 6) {
      String start = rnd.nextInt(5) == 0 ? ops.row() + "5" : ops.row();
      scan.setStartRow(bb(start));
      d.append(" start=").append(start);
    }
    if (rnd.nextBoolean()) {
      String stop = ops.row();
      scan.setStopRow(bb(stop));
      d.append(" stop=").append(stop);
    }
    if (rnd.nextInt(4) == 0) {
      scan.setReversed(true);
      d.append(" reversed");
    }
    List<ByteBuffer> cols = columns(d);
    if (!cols.isEmpty()) {
      scan.setColumns(cols);
    }
    if (rnd.nextInt(4) == 0) {
      long ts = readTs();
      scan.setTimestamp(ts);
      d.append(" olderThan=").append(ts);
    }
    if (rnd.nextInt(4) == 0) {
      int c = 1 + rnd.nextInt(5);
      scan.setCaching(c);
      d.append(" caching=").append(c);
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
    if (rnd.nextInt(4) == 0) {
      scan.setSortColumns(true);
      d.append(" sortColumns");
    }
    return scan;
  }

  private interface Opener {
    int open(Side s) throws Exception;
  }

  /** Opens a scanner, reads it in parts of {@code part} rows (0: scannerGet), closes it. */
  private static String readScanner(Side s, Opener opener, int part) throws Exception {
    int id = opener.open(s);
    StringBuilder out = new StringBuilder();
    try {
      for (int i = 0; i < 200; i++) {
        List<TRowResult> rows =
            part == 0 ? s.thrift1.scannerGet(id) : s.thrift1.scannerGetList(id, part);
        if (rows.isEmpty()) {
          break;
        }
        out.append(rows(rows)).append(' ');
      }
    } finally {
      s.thrift1.scannerClose(id);
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ answers as text

  private static Ops.Op write(StringBuilder d, String row, Thrift1Write w) {
    return new Ops.Op(d.toString(), s -> {
      w.run(s);
      return "ok";
    }, row, true);
  }

  private interface Thrift1Write {
    void run(Side s) throws Exception;
  }

  private static String cell(TCell c) {
    long ts = c.getTimestamp();
    return Side.value(c.getValue()) + '@' + (ts >= Side.SERVER_TIME ? "now" : Long.toString(ts));
  }

  static String cells(List<TCell> cs) {
    List<String> out = new ArrayList<>();
    for (TCell c : cs) {
      out.add(cell(c));
    }
    return out.toString();
  }

  /**
   * Rows as text: {@code columns} (a map, whose order the wire does not keep) sorted by name;
   * {@code sortedColumns} in the order given, marked, since the order is part of the answer.
   */
  static String rows(List<TRowResult> rs) {
    StringBuilder b = new StringBuilder("[");
    for (TRowResult r : rs) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(Side.str(r.getRow()));
      if (r.isSetSortedColumns()) {
        b.append("sorted{");
        for (TColumn c : r.getSortedColumns()) {
          b.append(Side.str(c.getColumnName())).append('=').append(cell(c.getCell())).append(' ');
        }
      } else {
        b.append('{');
      }
      if (r.isSetColumns()) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<ByteBuffer, TCell> e : r.getColumns().entrySet()) {
          sorted.put(Side.str(bytes(e.getKey())), cell(e.getValue()));
        }
        sorted.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
      }
      b.append('}');
    }
    return b.append(']').toString();
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
