package org.basaltdb.thrift;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Result;

/**
 * Writes Basalt {@link Result}s as Thrift {@code TResult} structs straight from their cells: the
 * same bytes as {@code ThriftModel.toThrift(result).write(protocol)}, without building a
 * {@code TColumnValue} and three {@code ByteBuffer}s per cell first. Reads dominate a server's
 * replies (a short scan is thousands of cells), and that conversion was a sixth of its CPU.
 *
 * <p>Field ids and order follow {@code hbase.thrift}: TResult {1: row, 2: columnValues,
 * 3: stale, 4: partial}; TColumnValue {1: family, 2: qualifier, 3: value, 4: timestamp,
 * 6: type} (5: tags, never written: Basalt cells carry none).
 */
public final class ResultWriter {
  private static final TStruct RESULT = new TStruct("TResult");
  private static final TField ROW = new TField("row", TType.STRING, (short) 1);
  private static final TField COLUMN_VALUES = new TField("columnValues", TType.LIST, (short) 2);
  private static final TField STALE = new TField("stale", TType.BOOL, (short) 3);
  private static final TField PARTIAL = new TField("partial", TType.BOOL, (short) 4);

  private static final TStruct COLUMN_VALUE = new TStruct("TColumnValue");
  private static final TField FAMILY = new TField("family", TType.STRING, (short) 1);
  private static final TField QUALIFIER = new TField("qualifier", TType.STRING, (short) 2);
  private static final TField VALUE = new TField("value", TType.STRING, (short) 3);
  private static final TField TIMESTAMP = new TField("timestamp", TType.I64, (short) 4);
  private static final TField TYPE = new TField("type", TType.BYTE, (short) 6);

  /**
   * Bytes the binary protocol spends on one TColumnValue besides family, qualifier and value:
   * five field headers (type byte, i16 id), three i32 lengths, the i64 timestamp, the type byte
   * and the stop byte.
   */
  private static final int BINARY_CELL_OVERHEAD = 5 * 3 + 3 * 4 + 8 + 1 + 1;
  /** Cells are encoded into an array of this size and handed to the transport a batch at once. */
  private static final int BINARY_BATCH = 8 << 10;

  private ResultWriter() {
  }

  /** A {@code list<TResult>}. */
  public static void writeList(TProtocol out, List<Result> results) throws TException {
    Batch batch = Batch.of(out);
    out.writeListBegin(new TList(TType.STRUCT, results.size()));
    for (Result r : results) {
      write(out, r, false, batch);
    }
    out.writeListEnd();
  }

  /** One {@code TResult}; {@code partial}: the row continues in the next result. */
  public static void write(TProtocol out, Result r, boolean partial) throws TException {
    write(out, r, partial, Batch.of(out));
  }

  private static void write(TProtocol out, Result r, boolean partial, Batch batch)
      throws TException {
    out.writeStructBegin(RESULT);
    if (!r.isEmpty()) {
      out.writeFieldBegin(ROW);
      binary(out, r.row());
      out.writeFieldEnd();
    }
    out.writeFieldBegin(COLUMN_VALUES);
    List<Cell> cells = r.cells();
    out.writeListBegin(new TList(TType.STRUCT, cells.size()));
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      if (batch == null) {
        writeCell(out, c);
      } else if (!batch.add(c)) {
        batch.flush(out);
        if (!batch.add(c)) { // larger than the whole array
          writeCell(out, c);
        }
      }
    }
    if (batch != null) {
      batch.flush(out);
    }
    out.writeListEnd();
    out.writeFieldEnd();
    out.writeFieldBegin(STALE);
    out.writeBool(false); // every read is strong
    out.writeFieldEnd();
    out.writeFieldBegin(PARTIAL);
    out.writeBool(partial);
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  private static void writeCell(TProtocol out, Cell c) throws TException {
    out.writeStructBegin(COLUMN_VALUE);
    out.writeFieldBegin(FAMILY);
    binary(out, c.family());
    out.writeFieldEnd();
    out.writeFieldBegin(QUALIFIER);
    binary(out, c.qualifier());
    out.writeFieldEnd();
    out.writeFieldBegin(VALUE);
    if (out instanceof TBinaryProtocol) {
      out.writeI32(c.valueLength());
      out.getTransport().write(c.valueArray(), c.valueOffset(), c.valueLength());
    } else {
      out.writeBinary(ByteBuffer.wrap(c.valueArray(), c.valueOffset(), c.valueLength()));
    }
    out.writeFieldEnd();
    out.writeFieldBegin(TIMESTAMP);
    out.writeI64(c.timestamp());
    out.writeFieldEnd();
    out.writeFieldBegin(TYPE);
    out.writeByte((byte) c.type().code);
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  /**
   * TColumnValues encoded in the binary protocol's layout by hand, many to an array, so a cell
   * costs one copy instead of fifteen protocol calls (a short scan writes thousands of cells, and
   * those calls were a third of its reply's samples). The bytes are the protocol's own.
   */
  private static final class Batch {
    private final byte[] buf = new byte[BINARY_BATCH];
    private int len;

    /** A batch for the binary protocol, null for the others (they take the generic path). */
    static Batch of(TProtocol out) {
      return out instanceof TBinaryProtocol ? new Batch() : null;
    }

    /** Encodes {@code c} after the cells already held; false if it does not fit. */
    boolean add(Cell c) {
      byte[] f = c.family();
      byte[] q = c.qualifier();
      int vlen = c.valueLength();
      if (len + BINARY_CELL_OVERHEAD + f.length + q.length + vlen > buf.length) {
        return false;
      }
      int p = binaryField(buf, len, 1, f, 0, f.length);
      p = binaryField(buf, p, 2, q, 0, q.length);
      p = binaryField(buf, p, 3, c.valueArray(), c.valueOffset(), vlen);
      p = fieldHeader(buf, p, TType.I64, 4);
      long ts = c.timestamp();
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[p++] = (byte) (ts >>> shift);
      }
      p = fieldHeader(buf, p, TType.BYTE, 6);
      buf[p++] = (byte) c.type().code;
      buf[p++] = TType.STOP;
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

    private static int binaryField(byte[] b, int p, int id, byte[] value, int off, int n) {
      p = fieldHeader(b, p, TType.STRING, id);
      b[p] = (byte) (n >>> 24);
      b[p + 1] = (byte) (n >>> 16);
      b[p + 2] = (byte) (n >>> 8);
      b[p + 3] = (byte) n;
      System.arraycopy(value, off, b, p + 4, n);
      return p + 4 + n;
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
