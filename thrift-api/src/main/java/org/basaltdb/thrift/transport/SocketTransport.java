package org.basaltdb.thrift.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TEndpointTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A Thrift transport over a TCP socket that writes each message of up to 64 KiB with one system
 * call and reads in large chunks. It replaces libthrift's {@link TSocket}, whose 1 KiB stream
 * buffers cost a {@code write(2)} per KiB of a reply and a synchronized stream call per field the
 * protocol writes: a 100 KiB scan answer takes ~100 system calls that way. Writes into the stream
 * were 38% of the server's samples on short scans (docs/performance.md).
 *
 * <p>Writes go into a private array that grows up to {@link #WRITE_BUFFER} bytes and is sent at
 * {@link #flush()}, which the Thrift processor and client call once per message. A larger message
 * goes out in writes of that size as the array fills, so an idle connection never holds more.
 * (Growing the array to each large message and giving it back afterwards made every short-scan
 * reply past 64 KiB allocate and copy its array up from 16 KiB again: JFR put 29% of a
 * workloadE server's samples in {@link #write}, and streaming raised workloadE by 7–13%.)
 *
 * <p>Reads fill a {@value #READ_BUFFER}-byte array; the protocol may read small fields in place
 * through {@link #getBuffer()} (see {@link Protocols} for why binary fields are still copied).
 *
 * <p>Thread safety: one reader and one writer at a time, as for any Thrift transport. The wire
 * format is the same as {@link TSocket}'s: unframed bytes on the socket.
 */
public final class SocketTransport extends TEndpointTransport {
  /** Bytes read from the socket at once: a typical request fits in one read. */
  static final int READ_BUFFER = 64 << 10;
  /**
   * The largest write array: a connection being served holds at most 128 KiB, read buffer
   * included; a server gives both back when it parks an idle one ({@link #releaseBuffers}).
   */
  static final int WRITE_BUFFER = 64 << 10;
  private static final int INITIAL_WRITE = 16 << 10;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] readBuf; // allocated on first read: a connection's output side never reads
  private int readPos;
  private int readLimit;
  private byte[] writeBuf; // allocated on first write
  private int writeLen;

  /**
   * Wraps a connected socket (the server side: what {@code TServerSocket.accept} returned).
   * TCP_NODELAY is set: each flushed message is one segment train, never held back by Nagle.
   */
  public SocketTransport(TConfiguration conf, Socket socket) throws TTransportException {
    super(conf);
    this.socket = socket;
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    } catch (IOException e) {
      throw new TTransportException(TTransportException.NOT_OPEN, "socket not usable: " + e, e);
    }
  }

  /** Connects to {@code host:port} (the client side). */
  public static SocketTransport connect(TConfiguration conf, String host, int port,
      int connectTimeoutMs, int socketTimeoutMs) throws TTransportException {
    Socket s = new Socket();
    try {
      s.setSoTimeout(socketTimeoutMs);
      s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      return new SocketTransport(conf, s);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new TTransportException(TTransportException.NOT_OPEN,
          "cannot connect to " + host + ":" + port + ": " + e, e);
    }
  }

  /**
   * The same socket as {@code t} (a {@link TSocket} accepted by a server) behind this transport;
   * any other transport is returned unchanged.
   */
  public static TTransport wrap(TTransport t) throws TTransportException {
    if (t instanceof TSocket socket && socket.getSocket() != null) {
      return new SocketTransport(t.getConfiguration(), socket.getSocket());
    }
    return t;
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public boolean isOpen() {
    return !socket.isClosed() && socket.isConnected();
  }

  @Override
  public void open() throws TTransportException {
    if (!isOpen()) {
      throw new TTransportException(TTransportException.NOT_OPEN, "socket is closed");
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to tell the peer
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    if (len == 0) {
      return 0;
    }
    int buffered = readLimit - readPos;
    if (buffered > 0) {
      int n = Math.min(buffered, len);
      System.arraycopy(readBuf, readPos, buf, off, n);
      readPos += n;
      return n;
    }
    if (len >= READ_BUFFER) {
      return readSocket(buf, off, len); // a large field: straight into the caller's array
    }
    fill();
    int n = Math.min(readLimit, len);
    System.arraycopy(readBuf, 0, buf, off, n);
    readPos = n;
    return n;
  }

  /**
   * Whether the next message has begun within {@code timeoutMillis}: true at once if bytes are
   * buffered, else after reading at least one byte; false if none came in time (the socket is
   * left as it was, its own timeout restored). A server asks this before it serves the next
   * request of a connection, to decide whether to park it instead.
   *
   * @throws TTransportException {@code END_OF_FILE} if the peer closed the connection
   */
  public boolean awaitInput(int timeoutMillis) throws TTransportException {
    if (readLimit > readPos) {
      return true;
    }
    int before;
    try {
      before = socket.getSoTimeout();
      socket.setSoTimeout(Math.max(1, timeoutMillis));
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "socket not usable: " + e, e);
    }
    try {
      fill();
      return true;
    } catch (TTransportException e) {
      if (e.getType() == TTransportException.TIMED_OUT) {
        return false;
      }
      throw e;
    } finally {
      try {
        socket.setSoTimeout(before);
      } catch (IOException e) {
        // closed meanwhile: the next read says so
      }
    }
  }

  /**
   * Drops the read and write arrays if they hold nothing (an idle connection between messages);
   * the next read or write allocates them again. Returns whether they were dropped.
   */
  public boolean releaseBuffers() {
    if (readLimit > readPos || writeLen > 0) {
      return false;
    }
    readBuf = null;
    readPos = 0;
    readLimit = 0;
    writeBuf = null;
    return true;
  }

  /** Reads what the socket has (at least one byte) into the empty read buffer. */
  private void fill() throws TTransportException {
    if (readBuf == null) {
      readBuf = new byte[READ_BUFFER];
    }
    readPos = 0;
    readLimit = 0;
    readLimit = readSocket(readBuf, 0, readBuf.length);
  }

  private int readSocket(byte[] buf, int off, int len) throws TTransportException {
    int n;
    try {
      n = in.read(buf, off, len);
    } catch (SocketTimeoutException e) {
      throw new TTransportException(TTransportException.TIMED_OUT, "socket read timed out", e);
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "socket read failed: " + e, e);
    }
    if (n < 0) {
      throw new TTransportException(TTransportException.END_OF_FILE, "socket closed by peer");
    }
    return n;
  }

  @Override
  public byte[] getBuffer() {
    return readBuf;
  }

  @Override
  public int getBufferPosition() {
    return readPos;
  }

  @Override
  public int getBytesRemainingInBuffer() {
    return readLimit - readPos;
  }

  @Override
  public void consumeBuffer(int len) {
    readPos += len;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    if (writeBuf == null) {
      writeBuf = new byte[Math.min(WRITE_BUFFER, Math.max(INITIAL_WRITE, len))];
    }
    if (writeLen + len > writeBuf.length && writeBuf.length < WRITE_BUFFER) {
      byte[] grown = new byte[Math.min(WRITE_BUFFER,
          Math.max(writeLen + len, writeBuf.length * 2))];
      System.arraycopy(writeBuf, 0, grown, 0, writeLen);
      writeBuf = grown;
    }
    if (writeLen + len > writeBuf.length) {
      // The message outgrows the array: send what it holds and carry on.
      send(writeBuf, 0, writeLen);
      writeLen = 0;
      if (len > writeBuf.length) {
        send(buf, off, len);
        return;
      }
    }
    System.arraycopy(buf, off, writeBuf, writeLen, len);
    writeLen += len;
  }

  private void send(byte[] buf, int off, int len) throws TTransportException {
    try {
      out.write(buf, off, len);
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN, "socket write failed: " + e, e);
    }
  }

  /** The write array's size (tests). */
  int writeCapacity() {
    return writeBuf == null ? 0 : writeBuf.length;
  }

  @Override
  public void flush() throws TTransportException {
    if (writeLen == 0) {
      return;
    }
    try {
      send(writeBuf, 0, writeLen);
    } finally {
      writeLen = 0;
    }
  }
}
