package org.basaltdb.mapreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TPut;

/**
 * Lets a {@link Put} or {@link Delete} travel from map to reduce (registered in
 * {@code io.serializations} by {@link TableMapReduceUtil}). Each mutation: one byte saying which
 * ({@code 1} Put, {@code 2} Delete), a 4-byte big-endian length, then hbase.thrift's
 * {@code TPut} or {@code TDelete} in Thrift's binary protocol.
 */
public final class MutationSerialization extends StreamSerialization<Mutation> {
  private static final int PUT = 1;
  private static final int DELETE = 2;

  public MutationSerialization() {
    super(Mutation.class);
  }

  @Override
  void write(DataOutputStream out, Mutation m) throws IOException {
    byte[] b;
    if (m instanceof Put p) {
      out.writeByte(PUT);
      b = ThriftBytes.write(ThriftModel.toThrift(p));
    } else if (m instanceof Delete d) {
      out.writeByte(DELETE);
      b = ThriftBytes.write(ThriftModel.toThrift(d));
    } else {
      throw new IllegalArgumentException("only Put and Delete can be map outputs, not "
          + m.getClass().getSimpleName());
    }
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  Mutation read(DataInputStream in) throws IOException {
    int kind = in.readByte();
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return switch (kind) {
      case PUT -> ThriftModel.fromThrift(ThriftBytes.read(new TPut(), b, "a map output Put"));
      case DELETE -> ThriftModel.fromThrift(
          ThriftBytes.read(new TDelete(), b, "a map output Delete"));
      default -> throw new IOException("unknown mutation kind " + kind + " in map output");
    };
  }
}
