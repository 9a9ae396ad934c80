package org.basaltdb.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TResult;

/**
 * A {@link Result} in a {@link Writable} holder, for the old {@code mapred} API (which fills a
 * value object in place) and for jobs that want rows as Writables. Serialized form: a 4-byte
 * big-endian length, then hbase.thrift's {@code TResult} in Thrift's binary protocol.
 */
public class ResultWritable implements Writable {
  private Result result = Result.EMPTY;

  public ResultWritable() {}

  public ResultWritable(Result result) {
    this.result = result;
  }

  public Result get() {
    return result;
  }

  public void set(Result r) {
    this.result = r;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    byte[] b = ThriftBytes.write(ThriftModel.toThrift(result));
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    result = ThriftModel.fromThrift(ThriftBytes.read(new TResult(), b, "a ResultWritable"));
  }

  @Override
  public String toString() {
    return result.toString();
  }
}
