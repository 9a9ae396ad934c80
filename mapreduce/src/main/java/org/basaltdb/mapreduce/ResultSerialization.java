package org.basaltdb.mapreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.Serialization;
import org.apache.hadoop.io.serializer.Serializer;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TResult;

/**
 * Lets a {@link Result} travel from map to reduce (registered in {@code io.serializations} by
 * {@link TableMapReduceUtil}). Each result: a 4-byte big-endian length, then hbase.thrift's
 * {@code TResult} in Thrift's binary protocol. Cell types other than puts and sequence ids do
 * not travel.
 */
public final class ResultSerialization implements Serialization<Result> {
  @Override
  public boolean accept(Class<?> c) {
    return Result.class.isAssignableFrom(c);
  }

  @Override
  public Serializer<Result> getSerializer(Class<Result> c) {
    return new Serializer<>() {
      private DataOutputStream out;

      @Override
      public void open(OutputStream o) {
        out = new DataOutputStream(o);
      }

      @Override
      public void serialize(Result r) throws IOException {
        byte[] b = ThriftBytes.write(ThriftModel.toThrift(r));
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
  public Deserializer<Result> getDeserializer(Class<Result> c) {
    return new Deserializer<>() {
      private DataInputStream in;

      @Override
      public void open(InputStream i) {
        in = new DataInputStream(i);
      }

      @Override
      public Result deserialize(Result ignored) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return ThriftModel.fromThrift(ThriftBytes.read(new TResult(), b, "a map output value"));
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
