package org.basaltdb.client;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.admin.BasaltAdmin;
import org.basaltdb.thrift.transport.Protocols;
import org.basaltdb.thrift.transport.SocketTransport;

/**
 * Open Thrift connections to servers, reused between calls. A Thrift client serves one call at a
 * time, so a caller {@link #borrow borrows} a channel for one call and gives it back with
 * {@link #release} (still good) or {@link #discard} (its stream may be out of step).
 *
 * <p>Thread safety: safe for concurrent use; each borrowed channel belongs to one thread.
 */
final class ChannelPool implements Closeable {
  /**
   * One open connection to a server, with a Thrift client for whichever service its port serves
   * (THBaseService on the Thrift port, BasaltAdmin on the admin port).
   */
  static final class Channel {
    final ServerAddress server;
    final TTransport transport;
    private final TProtocol protocol;
    private THBaseService.Client hbase;
    private BasaltAdmin.Client admin;

    Channel(ServerAddress server, TTransport transport, TProtocol protocol) {
      this.server = server;
      this.transport = transport;
      this.protocol = protocol;
    }

    THBaseService.Client hbase() {
      if (hbase == null) {
        hbase = new THBaseService.Client(protocol);
      }
      return hbase;
    }

    BasaltAdmin.Client admin() {
      if (admin == null) {
        admin = new BasaltAdmin.Client(protocol);
      }
      return admin;
    }
  }

  private final boolean framed;
  private final boolean compact;
  private final int connectTimeoutMs;
  private final int socketTimeoutMs;
  private final int maxIdlePerServer;

  // GUARDED_BY(this)
  private final Map<ServerAddress, Deque<Channel>> idle = new HashMap<>();
  private boolean closed;

  ChannelPool(boolean framed, boolean compact, int connectTimeoutMs, int socketTimeoutMs,
      int maxIdlePerServer) {
    this.framed = framed;
    this.compact = compact;
    this.connectTimeoutMs = connectTimeoutMs;
    this.socketTimeoutMs = socketTimeoutMs;
    this.maxIdlePerServer = maxIdlePerServer;
  }

  /** An idle channel to {@code server}, or a newly opened one. */
  Channel borrow(ServerAddress server) throws TTransportException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the connection is closed");
      }
      Deque<Channel> q = idle.get(server);
      Channel c = q == null ? null : q.pollFirst();
      if (c != null) {
        return c;
      }
    }
    TTransport t = SocketTransport.connect(new TConfiguration(), server.host(), server.port(),
        connectTimeoutMs, socketTimeoutMs);
    if (framed) {
      t = new TFramedTransport(t);
    }
    t.open();
    TProtocol p = compact ? Protocols.compact(t) : Protocols.binary(t);
    return new Channel(server, t, p);
  }

  /** Gives back a channel whose last call completed (normally or with a Thrift exception). */
  void release(Channel c) {
    synchronized (this) {
      if (!closed) {
        Deque<Channel> q = idle.computeIfAbsent(c.server, s -> new ArrayDeque<>());
        if (q.size() < maxIdlePerServer) {
          q.addFirst(c);
          return;
        }
      }
    }
    c.transport.close();
  }

  /** Closes a channel whose stream can no longer be trusted. */
  void discard(Channel c) {
    c.transport.close();
  }

  @Override
  public void close() {
    Map<ServerAddress, Deque<Channel>> all;
    synchronized (this) {
      closed = true;
      all = new HashMap<>(idle);
      idle.clear();
    }
    all.values().forEach(q -> q.forEach(c -> c.transport.close()));
  }
}
