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

  private ResultWriter() {
  }

  /** A {@code list<TResult>}. */
  public static void writeList(TProtocol out, List<Result> results) throws TException {
    out.writeListBegin(new TList(TType.STRUCT, results.size()));
    for (Result r : results) {
      write(out, r, false);
    }
    out.writeListEnd();
  }

  /** One {@code TResult}; {@code partial}: the row continues in the next result. */
  public static void write(TProtocol out, Result r, boolean partial) throws TException {
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
      writeCell(out, cells.get(i));
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
    binary(out, c.value());
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
