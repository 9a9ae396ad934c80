package org.basaltdb.mapreduce;

import java.io.IOException;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Thrift structs to bytes and back in the binary protocol, the encoding of the client service
 * (and so of hbase.thrift's structs everywhere): the scan encoding and the serialization of
 * results and mutations between map and reduce use it.
 */
final class ThriftBytes {
  private ThriftBytes() {}

  static byte[] write(TBase<?, ?> struct) {
    try {
      return new TSerializer(new TBinaryProtocol.Factory()).serialize(struct);
    } catch (TException e) {
      throw new IllegalStateException("cannot serialize a " + struct.getClass().getSimpleName(),
          e);
    }
  }

  /** Reads {@code bytes} into {@code into}; malformed bytes: an IOException naming {@code what}. */
  static <T extends TBase<?, ?>> T read(T into, byte[] bytes, String what) throws IOException {
    try {
      new TDeserializer(new TBinaryProtocol.Factory()).deserialize(into, bytes);
      return into;
    } catch (TException | RuntimeException e) {
      throw new IOException(what + " is not a valid serialized "
          + into.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
