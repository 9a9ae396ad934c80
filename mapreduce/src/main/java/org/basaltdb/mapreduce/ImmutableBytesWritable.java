package org.basaltdb.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.basaltdb.common.Bytes;

/**
 * A row key (or any byte array) as a Hadoop key, under HBase's name: the key type of
 * {@link TableInputFormat} and the usual key of {@link TableOutputFormat}. Keys sort as unsigned
 * bytes, as rows do. Serialized form: a 4-byte big-endian length, then the bytes.
 *
 * <p>The array is shared, not copied: do not change it after handing it over.
 */
public class ImmutableBytesWritable implements WritableComparable<ImmutableBytesWritable> {
  private byte[] bytes;

  public ImmutableBytesWritable() {
    this(Bytes.EMPTY);
  }

  public ImmutableBytesWritable(byte[] bytes) {
    this.bytes = bytes;
  }

  public byte[] get() {
    return bytes;
  }

  public void set(byte[] b) {
    this.bytes = b;
  }

  public int getLength() {
    return bytes.length;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative length " + n + " in a serialized ImmutableBytesWritable");
    }
    bytes = new byte[n];
    in.readFully(bytes);
  }

  @Override
  public int compareTo(ImmutableBytesWritable o) {
    return Bytes.compare(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImmutableBytesWritable w && Arrays.equals(bytes, w.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Bytes.toStringBinary(bytes);
  }

  /** Compares serialized keys without reading them into objects (the shuffle's sort). */
  public static final class Comparator extends WritableComparator {
    public Comparator() {
      super(ImmutableBytesWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return compareBytes(b1, s1 + 4, l1 - 4, b2, s2 + 4, l2 - 4);
    }
  }

  static {
    WritableComparator.define(ImmutableBytesWritable.class, new Comparator());
  }
}
