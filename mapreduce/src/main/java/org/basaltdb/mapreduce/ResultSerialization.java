package org.basaltdb.mapreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TResult;

/**
 * Lets a {@link Result} travel from map to reduce (registered in {@code io.serializations} by
 * {@link TableMapReduceUtil}). Each result: a 4-byte big-endian length, then hbase.thrift's
 * {@code TResult} in Thrift's binary protocol. Cell types other than puts and sequence ids do
 * not travel.
 */
public final class ResultSerialization extends StreamSerialization<Result> {
  public ResultSerialization() {
    super(Result.class);
  }

  @Override
  void write(DataOutputStream out, Result r) throws IOException {
    byte[] b = ThriftBytes.write(ThriftModel.toThrift(r));
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  Result read(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return ThriftModel.fromThrift(ThriftBytes.read(new TResult(), b, "a map output value"));
  }
}
