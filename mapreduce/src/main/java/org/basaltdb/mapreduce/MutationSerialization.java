package org.basaltdb.mapreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.Serialization;
import org.apache.hadoop.io.serializer.Serializer;
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
public final class MutationSerialization implements Serialization<Mutation> {
  private static final int PUT = 1;
  private static final int DELETE = 2;

  @Override
  public boolean accept(Class<?> c) {
    return Mutation.class.isAssignableFrom(c);
  }

  @Override
  public Serializer<Mutation> getSerializer(Class<Mutation> c) {
    return new Serializer<>() {
      private DataOutputStream out;

      @Override
      public void open(OutputStream o) {
        out = new DataOutputStream(o);
      }

      @Override
      public void serialize(Mutation m) throws IOException {
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
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public Deserializer<Mutation> getDeserializer(Class<Mutation> c) {
    return new Deserializer<>() {
      private DataInputStream in;

      @Override
      public void open(InputStream i) {
        in = new DataInputStream(i);
      }

      @Override
      public Mutation deserialize(Mutation ignored) throws IOException {
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

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
