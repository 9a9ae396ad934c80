package org.basaltdb.mapreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.Serialization;
import org.apache.hadoop.io.serializer.Serializer;

/**
 * A Hadoop {@link Serialization} of one type written to and read from a data stream: the
 * subclass says how one value is written and read, this class does Hadoop's open/close plumbing.
 * Values are written one after another with nothing between them.
 *
 * <p>Thread safety: each serializer and deserializer is used by one thread (Hadoop's rule).
 */
abstract class StreamSerialization<T> implements Serialization<T> {
  private final Class<T> type;

  StreamSerialization(Class<T> type) {
    this.type = type;
  }

  /** Writes one value. */
  abstract void write(DataOutputStream out, T value) throws IOException;

  /** Reads one value written by {@link #write}. */
  abstract T read(DataInputStream in) throws IOException;

  @Override
  public final boolean accept(Class<?> c) {
    return type.isAssignableFrom(c);
  }

  @Override
  public final Serializer<T> getSerializer(Class<T> c) {
    return new Serializer<>() {
      private DataOutputStream out;

      @Override
      public void open(OutputStream o) {
        out = new DataOutputStream(o);
      }

      @Override
      public void serialize(T value) throws IOException {
        write(out, value);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public final Deserializer<T> getDeserializer(Class<T> c) {
    return new Deserializer<>() {
      private DataInputStream in;

      @Override
      public void open(InputStream i) {
        in = new DataInputStream(i);
      }

      @Override
      public T deserialize(T ignored) throws IOException {
        return read(in);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
