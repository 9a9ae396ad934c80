package org.basaltdb.thrift;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Result;

/**
 * Writes Basalt {@link Result}s as Thrift1's {@code list<TRowResult>} straight from their cells:
 * the same bytes as the generated code writing {@link Thrift1Model#rowResults}, without building
 * a map, a {@code family:qualifier} name and a {@code TCell} per cell first. It is Thrift1's
 * {@link ResultWriter}: reads (getRow*, getRows*, scannerGet*) are most of what a Thrift1 server
 * sends, and happybase's scans fetch thousands of cells a call.
 *
 * <p>Field ids and order follow {@code hbase1.thrift}: TRowResult {1: row, 2: columns
 * (map of column name to TCell), 3: sortedColumns (list of TColumn)}; TCell {1: value,
 * 2: timestamp}; TColumn {1: columnName, 2: cell}. Rows with no cells are left out. In the map,
 * a column that appears in several cells (versions: adjacent, as a result's cells are sorted) is
 * written once, at its first place with its last cell, as the map HBase builds keeps it.
 *
 * <p>Stateless and thread-safe.
 */
public final class RowResultWriter {
  private static final TStruct ROW_RESULT = new TStruct("TRowResult");
  private static final TField ROW = new TField("row", TType.STRING, (short) 1);
  private static final TField COLUMNS = new TField("columns", TType.MAP, (short) 2);
  private static final TField SORTED_COLUMNS = new TField("sortedColumns", TType.LIST, (short) 3);

  private static final TStruct CELL = new TStruct("TCell");
  private static final TField VALUE = new TField("value", TType.STRING, (short) 1);
  private static final TField TIMESTAMP = new TField("timestamp", TType.I64, (short) 2);

  private static final TStruct COLUMN = new TStruct("TColumn");
  private static final TField COLUMN_NAME = new TField("columnName", TType.STRING, (short) 1);
  private static final TField COLUMN_CELL = new TField("cell", TType.STRUCT, (short) 2);

  /**
   * Binary-protocol bytes of one map entry besides family, qualifier and value: the name's i32
   * length and colon, TCell's two field headers, the value's i32 length, the i64 timestamp and
   * the stop byte. A sorted column adds two field headers and a stop byte.
   */
  private static final int BINARY_ENTRY_OVERHEAD = 4 + 1 + 2 * 3 + 4 + 8 + 1;
  private static final int BINARY_COLUMN_OVERHEAD = BINARY_ENTRY_OVERHEAD + 2 * 3 + 1;
  /** Cells are encoded into an array of this size and handed to the transport a batch at once. */
  private static final int BINARY_BATCH = 8 << 10;

  private RowResultWriter() {
  }

  /** The {@code list<TRowResult>} of {@code results}: map columns, or sorted when asked. */
  public static void writeList(TProtocol out, List<Result> results, boolean sorted)
      throws TException {
    int rows = 0;
    for (Result r : results) {
      if (!r.isEmpty()) {
        rows++;
      }
    }
    Batch batch = Batch.of(out);
    out.writeListBegin(new TList(TType.STRUCT, rows));
    for (Result r : results) {
      if (!r.isEmpty()) {
        write(out, r, sorted, batch);
      }
    }
    out.writeListEnd();
  }

  private static void write(TProtocol out, Result r, boolean sorted, Batch batch)
      throws TException {
    out.writeStructBegin(ROW_RESULT);
    out.writeFieldBegin(ROW);
    binary(out, r.row());
    out.writeFieldEnd();
    List<Cell> cells = r.cells();
    if (sorted) {
      out.writeFieldBegin(SORTED_COLUMNS);
      out.writeListBegin(new TList(TType.STRUCT, cells.size()));
    } else {
      out.writeFieldBegin(COLUMNS);
      out.writeMapBegin(new TMap(TType.STRING, TType.STRUCT, distinctColumns(cells)));
    }
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      if (!sorted) {
        int last = i;
        while (last + 1 < cells.size() && sameColumn(c, cells.get(last + 1))) {
          last++;
        }
        Cell value = cells.get(last);
        entry(out, batch, c, value);
        i = last;
      } else if (batch == null || !batch.add(c, c, true)) {
        if (batch != null) {
          batch.flush(out);
        }
        if (batch == null || !batch.add(c, c, true)) { // larger than the whole array
          column(out, c);
        }
      }
    }
    if (batch != null) {
      batch.flush(out);
    }
    if (sorted) {
      out.writeListEnd();
    } else {
      out.writeMapEnd();
    }
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  /** One map entry: {@code name}'s column and {@code value}'s cell. */
  private static void entry(TProtocol out, Batch batch, Cell name, Cell value)
      throws TException {
    if (batch != null && batch.add(name, value, false)) {
      return;
    }
    if (batch != null) {
      batch.flush(out);
      if (batch.add(name, value, false)) {
        return;
      }
    }
    binary(out, columnName(name));
    cell(out, value);
  }

  private static void column(TProtocol out, Cell c) throws TException {
    out.writeStructBegin(COLUMN);
    out.writeFieldBegin(COLUMN_NAME);
    binary(out, columnName(c));
    out.writeFieldEnd();
    out.writeFieldBegin(COLUMN_CELL);
    cell(out, c);
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static void cell(TProtocol out, Cell c) throws TException {
    out.writeStructBegin(CELL);
    out.writeFieldBegin(VALUE);
    binary(out, c.value());
    out.writeFieldEnd();
    out.writeFieldBegin(TIMESTAMP);
    out.writeI64(c.timestamp());
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static int distinctColumns(List<Cell> cells) {
    int n = 0;
    for (int i = 0; i < cells.size(); i++) {
      if (i == 0 || !sameColumn(cells.get(i - 1), cells.get(i))) {
        n++;
      }
    }
    return n;
  }

  private static boolean sameColumn(Cell a, Cell b) {
    return java.util.Arrays.equals(a.family(), b.family())
        && java.util.Arrays.equals(a.qualifier(), b.qualifier());
  }

  private static byte[] columnName(Cell c) {
    byte[] f = c.family();
    byte[] q = c.qualifier();
    byte[] out = new byte[f.length + 1 + q.length];
    System.arraycopy(f, 0, out, 0, f.length);
    out[f.length] = ':';
    System.arraycopy(q, 0, out, f.length + 1, q.length);
    return out;
  }

  /**
   * Map entries or TColumns encoded in the binary protocol's layout by hand, many to an array,
   * so a cell costs one copy instead of a dozen protocol calls. The bytes are the protocol's own.
   */
  private static final class Batch {
    private final byte[] buf = new byte[BINARY_BATCH];
    private int len;

    /** A batch for the binary protocol, null for the others (they take the generic path). */
    static Batch of(TProtocol out) {
      return out instanceof TBinaryProtocol ? new Batch() : null;
    }

    /**
     * Encodes {@code name}'s column with {@code value}'s cell after what is held, as a map entry
     * or (when {@code asColumn}) a TColumn; false if it does not fit.
     */
    boolean add(Cell name, Cell value, boolean asColumn) {
      byte[] f = name.family();
      byte[] q = name.qualifier();
      byte[] v = value.value();
      int need = (asColumn ? BINARY_COLUMN_OVERHEAD : BINARY_ENTRY_OVERHEAD) + f.length
          + q.length + v.length;
      if (len + need > buf.length) {
        return false;
      }
      int p = len;
      if (asColumn) {
        p = fieldHeader(buf, p, TType.STRING, 1);
      }
      p = i32(buf, p, f.length + 1 + q.length);
      System.arraycopy(f, 0, buf, p, f.length);
      p += f.length;
      buf[p++] = ':';
      System.arraycopy(q, 0, buf, p, q.length);
      p += q.length;
      if (asColumn) {
        p = fieldHeader(buf, p, TType.STRUCT, 2);
      }
      p = fieldHeader(buf, p, TType.STRING, 1);
      p = i32(buf, p, v.length);
      System.arraycopy(v, 0, buf, p, v.length);
      p += v.length;
      p = fieldHeader(buf, p, TType.I64, 2);
      long ts = value.timestamp();
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[p++] = (byte) (ts >>> shift);
      }
      buf[p++] = TType.STOP; // TCell
      if (asColumn) {
        buf[p++] = TType.STOP; // TColumn
      }
      len = p;
      return true;
    }

    void flush(TProtocol out) throws TException {
      if (len > 0) {
        out.getTransport().write(buf, 0, len);
        len = 0;
      }
    }

    private static int fieldHeader(byte[] b, int p, byte type, int id) {
      b[p] = type;
      b[p + 1] = (byte) (id >>> 8);
      b[p + 2] = (byte) id;
      return p + 3;
    }

    private static int i32(byte[] b, int p, int n) {
      b[p] = (byte) (n >>> 24);
      b[p + 1] = (byte) (n >>> 16);
      b[p + 2] = (byte) (n >>> 8);
      b[p + 3] = (byte) n;
      return p + 4;
    }
  }

  /** A binary field: the binary protocol's length-prefixed bytes written without a wrapper. */
  private static void binary(TProtocol out, byte[] b) throws TException {
    if (out instanceof TBinaryProtocol) {
      out.writeI32(b.length);
      out.getTransport().write(b, 0, b.length);
    } else {
      out.writeBinary(ByteBuffer.wrap(b));
    }
  }
}
