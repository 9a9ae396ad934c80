package org.basaltdb.thrift.transport;

import java.nio.ByteBuffer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.transport.TTransport;

/**
 * Thrift's binary and compact protocols, with one change: a binary field is never a view of the
 * transport's read buffer.
 *
 * <p>libthrift reads a binary field in place when the transport exposes a buffer
 * ({@link TTransport#getBuffer()}), handing out a {@link ByteBuffer} over bytes that the next
 * read overwrites. A row key or value kept past the call (in a memstore, a scanner, a cache)
 * would then change under its holder. These protocols copy such a field into its own array;
 * fields already in an array of their own are returned as they are. Small fields (integers,
 * strings) are still decoded in place.
 */
public final class Protocols {
  private Protocols() {
  }

  /** The binary protocol (strict writes, lenient reads, as HBase's Thrift2 server). */
  public static TProtocolFactory binary(long maxString, long maxContainer) {
    return t -> new CopyingBinary(t, maxString, maxContainer);
  }

  /** The compact protocol. */
  public static TProtocolFactory compact(long maxString, long maxContainer) {
    return t -> new CopyingCompact(t, maxString, maxContainer);
  }

  /** {@code b}, or a copy of it when it shares the array {@code t} reads into. */
  static ByteBuffer owned(ByteBuffer b, TTransport t) {
    byte[] shared = t.getBuffer();
    if (shared == null || !b.hasArray() || b.array() != shared) {
      return b;
    }
    byte[] copy = new byte[b.remaining()];
    System.arraycopy(shared, b.arrayOffset() + b.position(), copy, 0, copy.length);
    return ByteBuffer.wrap(copy);
  }

  private static final class CopyingBinary extends TBinaryProtocol {
    CopyingBinary(TTransport t, long maxString, long maxContainer) {
      super(t, maxString, maxContainer, false, true);
    }

    @Override
    public ByteBuffer readBinary() throws TException {
      return owned(super.readBinary(), getTransport());
    }
  }

  private static final class CopyingCompact extends TCompactProtocol {
    CopyingCompact(TTransport t, long maxString, long maxContainer) {
      super(t, maxString, maxContainer);
    }

    @Override
    public ByteBuffer readBinary() throws TException {
      return owned(super.readBinary(), getTransport());
    }
  }

  /** A client's binary protocol over {@code t}: {@link #binary(long, long)} with no limits. */
  public static TProtocol binary(TTransport t) {
    return new CopyingBinary(t, -1, -1);
  }

  /** A client's compact protocol over {@code t}, with no limits. */
  public static TProtocol compact(TTransport t) {
    return new CopyingCompact(t, -1, -1);
  }
}
