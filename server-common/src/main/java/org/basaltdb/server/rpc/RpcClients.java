package org.basaltdb.server.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMultiplexedProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.cluster.MasterRpc;
import org.basaltdb.thrift.generated.cluster.RegionServerRpc;
import org.basaltdb.thrift.transport.Protocols;
import org.basaltdb.thrift.transport.SocketTransport;

/**
 * Pooled connections for Basalt's internal RPC between its processes: to a region server's
 * {@code rpc.port} or the master's {@code master.port}, binary protocol, multiplexed by service
 * name ({@link #HBASE}, {@link #REGION_SERVER}, {@link #MASTER}).
 *
 * <p>A call borrows an idle connection to the address (or opens one), and returns it when the
 * answer was read whole; a transport failure discards it. Errors: a server that cannot be
 * reached is an {@link UnreachableException}, a connection that breaks during the call a
 * {@link NoAnswerException}, each naming the address; Thrift exceptions the server declared pass
 * through unchanged.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class RpcClients implements Closeable {
  public static final String HBASE = "hbase";
  public static final String REGION_SERVER = "rs";
  public static final String MASTER = "master";

  /**
   * A scan attribute naming one region (its encoded name), set on scans one server sends
   * another's {@link #HBASE} service: such a scan reads only that region, and fails as not
   * serving when the region is not open there.
   */
  public static final String REGION_ATTRIBUTE = "_basalt.region";

  private static final int IDLE_PER_ADDRESS = 8;

  /** One call on one connection's clients. */
  public interface Call<T> {
    T call(Channel ch) throws TException;
  }

  /** One connection and the three clients that share it. */
  public static final class Channel {
    private final String address;
    private final SocketTransport socket;
    private final THBaseService.Client hbase;
    private final RegionServerRpc.Client rs;
    private final MasterRpc.Client master;

    Channel(String address, SocketTransport socket) {
      this.address = address;
      this.socket = socket;
      TProtocol p = Protocols.binary(socket);
      this.hbase = new THBaseService.Client(new TMultiplexedProtocol(p, HBASE));
      this.rs = new RegionServerRpc.Client(new TMultiplexedProtocol(p, REGION_SERVER));
      this.master = new MasterRpc.Client(new TMultiplexedProtocol(p, MASTER));
    }

    public THBaseService.Client hbase() {
      return hbase;
    }

    public RegionServerRpc.Client regionServer() {
      return rs;
    }

    public MasterRpc.Client master() {
      return master;
    }
  }

  /** The server could not be reached at all: the call was not sent, so retrying is safe. */
  public static final class UnreachableException extends IOException {
    public UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The call was sent and no answer came (it timed out, or the connection broke): the server
   * may have carried it out, or may still be carrying it out. A caller that must not do the
   * same work elsewhere twice (the master opening a region) learns the outcome another way.
   */
  public static final class NoAnswerException extends IOException {
    public NoAnswerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final int timeoutMillis;
  private final Map<String, ConcurrentLinkedDeque<Channel>> idle = new ConcurrentHashMap<>();
  /** Connections lent to calls now, by address, so {@link #cutOff} can end those calls. */
  private final Map<String, Set<Channel>> busy = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** {@code timeoutMillis}: the longest wait to connect, and for one answer. */
  public RpcClients(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Calls {@code host:port} once. */
  public <T> T call(String host, int port, Call<T> call) throws IOException, TException {
    String address = host + ":" + port;
    Channel ch = borrow(address, host, port);
    Set<Channel> lent = busy.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet());
    lent.add(ch);
    boolean inStep = false; // a whole answer was read, so the connection can serve another call
    try {
      T result = call.call(ch);
      inStep = true;
      return result;
    } catch (TTransportException e) {
      throw new NoAnswerException("connection to " + address + " failed during the call: "
          + e.getMessage(), e);
    } catch (org.apache.thrift.TApplicationException e) {
      inStep = true;
      throw new IOException(address + " failed the call: " + e.getMessage(), e);
    } catch (TException e) {
      inStep = true; // a declared exception
      throw e;
    } finally {
      lent.remove(ch); // before release: once idle, another call may borrow it
      if (inStep) {
        release(ch);
      } else {
        ch.socket.close();
      }
    }
  }

  private Channel borrow(String address, String host, int port) throws IOException {
    if (closed) {
      throw new IOException("RPC clients are closed");
    }
    ConcurrentLinkedDeque<Channel> q = idle.get(address);
    Channel ch = q == null ? null : q.pollFirst();
    if (ch != null) {
      return ch;
    }
    try {
      return new Channel(address, SocketTransport.connect(new org.apache.thrift.TConfiguration(),
          host, port, timeoutMillis, timeoutMillis));
    } catch (TTransportException e) {
      throw new UnreachableException("cannot connect to " + address + ": " + e.getMessage(), e);
    }
  }

  private void release(Channel ch) {
    ConcurrentLinkedDeque<Channel> q = idle.computeIfAbsent(ch.address,
        a -> new ConcurrentLinkedDeque<>());
    if (closed || !ch.socket.isOpen() || q.size() >= IDLE_PER_ADDRESS) {
      ch.socket.close();
    } else {
      q.addFirst(ch);
    }
  }

  /**
   * Closes every connection to {@code host:port}, once its server is known to be gone: idle
   * ones, and those with a call waiting for an answer, which then fails at once with an
   * IOException instead of waiting out the timeout for a server that will never answer (a
   * paused or partitioned one does not refuse, it is silent).
   */
  public void cutOff(String host, int port) {
    String address = host + ":" + port;
    ConcurrentLinkedDeque<Channel> q = idle.remove(address);
    if (q != null) {
      q.forEach(c -> c.socket.close());
    }
    Set<Channel> lent = busy.get(address);
    if (lent != null) {
      lent.forEach(c -> c.socket.close());
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<Channel> q : idle.values()) {
      q.forEach(c -> c.socket.close());
    }
    idle.clear();
  }
}
