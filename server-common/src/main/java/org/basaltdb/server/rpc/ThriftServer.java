package org.basaltdb.server.rpc;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.TMultiplexedProcessor;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.transport.Protocols;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift endpoint of a Basalt process: a client-facing service ({@link #forService}: a region
 * server's {@code THBaseService}, Thrift1 {@code Hbase} or admin service) or the internal
 * services multiplexed on one port ({@link #forInternal}: the master's and the region servers'
 * RPC). Binary protocol over an unframed socket by default (as HBase's Thrift2 server), framed
 * transport and compact protocol as options. Each connection reads and writes through a
 * {@link org.basaltdb.thrift.transport.SocketTransport}: one system call per reply.
 *
 * <p>Connections are served by a {@link ConnectionServer}: a selector watches the idle ones and a
 * bounded pool of workers serves the busy ones, so an idle connection holds no thread.
 *
 * <p>Limits protect the server from any one client: the size of a message or frame, of a string
 * and of a container, the number of open connections (the next one is answered with an error
 * naming the limit) and of worker threads. A request over a limit, malformed or truncated closes
 * that client's connection (Thrift's protocol layer refuses it before allocating); other clients
 * are not affected.
 *
 * <p>What the meters show ({@code ThriftMeters}): connections open, accepted and refused for the
 * connection limit, workers busy, and requests refused by each limit ({@link Limit}).
 */
public final class ThriftServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftServer.class);

  private final ConnectionServer server;
  private final ServerSocket listening;
  private final Runnable onClose;
  private final String what;
  private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactoryBuilder().setNameFormat("basalt-thrift-periodic").setDaemon(true).build());

  /**
   * Binds {@code thrift.bind}:{@code port} now ({@code 0}: a free port) for a server built later
   * with the socket. A process that needs its ports before it can build its servers (to name
   * itself, or to register in ZooKeeper) binds first: a port picked free and bound later can be
   * taken meanwhile, by any outgoing connection's ephemeral port.
   */
  public static ServerSocket listen(Configuration conf, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open(); // the server selects on it
    ServerSocket s = channel.socket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(ServerConfig.THRIFT_BIND.get(conf), port),
          ConnectionServer.ACCEPT_BACKLOG);
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot listen on " + ServerConfig.THRIFT_BIND.get(conf) + ":" + port
          + ": " + e.getMessage(), e);
    }
    return s;
  }

  /**
   * A service on {@code listening} (see {@link #listen}), speaking what the client-facing
   * settings say ({@code thrift.framed}, {@code thrift.compact}); {@code onClose} runs once it
   * has stopped. {@code what} names it in the log.
   */
  public static ThriftServer forService(Configuration conf, TProcessor processor,
      ServerSocket listening, Runnable onClose, String what) throws TTransportException {
    return new ThriftServer(conf, processor, listening, onClose, what, false);
  }

  /**
   * An internal service (between Basalt's processes): the named processors multiplexed on one
   * port, always binary and unframed whatever the client-facing settings.
   */
  public static ThriftServer forInternal(Configuration conf, ServerSocket listening,
      Map<String, TProcessor> services, Runnable onClose, String what)
      throws TTransportException {
    TMultiplexedProcessor mux = new TMultiplexedProcessor();
    services.forEach(mux::registerProcessor);
    return new ThriftServer(conf, mux, listening, onClose, what, true);
  }

  /**
   * Runs {@code task} every {@code periodMillis} from now until {@link #close} (a region
   * server's handler expires idle scanners this way). Returns this server.
   */
  public ThriftServer every(long periodMillis, Runnable task) {
    expiry.scheduleWithFixedDelay(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The limits a request can break, each closing the client's connection. */
  public enum Limit {
    /** {@code thrift.max.message.size}: the request's bytes. */
    MESSAGE("message"),
    /** {@code thrift.max.message.size} again, as the frame's length (framed transport). */
    FRAME("frame"),
    /** {@code thrift.max.string.length} or {@code thrift.max.container.length}. */
    FIELD("field");

    private final String label;

    Limit(String label) {
      this.label = label;
    }

    /** The meters' name for it. */
    public String label() {
      return label;
    }
  }

  private final LongAdder[] overLimit = new LongAdder[Limit.values().length];

  private ThriftServer(Configuration conf, TProcessor processor,
      ServerSocket listening, Runnable onClose, String what, boolean internal)
      throws TTransportException {
    this.onClose = onClose;
    this.what = what;
    this.listening = listening;
    boolean framed = !internal && ServerConfig.THRIFT_FRAMED.get(conf);
    boolean compact = !internal && ServerConfig.THRIFT_COMPACT.get(conf);
    int maxMessage = (int) Math.min(Integer.MAX_VALUE, ServerConfig.THRIFT_MAX_MESSAGE.get(conf));
    long maxString = ServerConfig.THRIFT_MAX_STRING.get(conf);
    long maxContainer = ServerConfig.THRIFT_MAX_CONTAINER.get(conf);
    TProtocolFactory protocol = compact
        ? Protocols.compact(maxString, maxContainer)
        : Protocols.binary(maxString, maxContainer);
    TConfiguration tconf = new TConfiguration(maxMessage, maxMessage,
        TConfiguration.DEFAULT_RECURSION_DEPTH);
    if (listening.getChannel() == null) {
      throw new IllegalArgumentException("the listening socket of " + what
          + " has no channel: bind it with ThriftServer.listen");
    }
    ConnectionServer.Limits limits = new ConnectionServer.Limits(
        ServerConfig.THRIFT_MAX_CONNECTIONS.get(conf),
        ServerConfig.THRIFT_MIN_WORKERS.get(conf),
        ServerConfig.THRIFT_MAX_WORKERS.get(conf),
        (int) Math.min(Integer.MAX_VALUE, ServerConfig.THRIFT_LINGER.get(conf)),
        (int) Math.min(Integer.MAX_VALUE, ServerConfig.THRIFT_READ_TIMEOUT.get(conf)));
    for (int i = 0; i < overLimit.length; i++) {
      overLimit[i] = new LongAdder();
    }
    try {
      server = new ConnectionServer(listening.getChannel(), countingLimits(processor),
          new ConnectionServer.Wire(tconf, framed, maxMessage, protocol), limits, what);
    } catch (IOException e) {
      throw new TTransportException(TTransportException.UNKNOWN,
          what + ": cannot serve on port " + listening.getLocalPort() + ": " + e, e);
    }
  }

  /**
   * {@code processor}, counting the requests a limit refuses: libthrift throws them from inside
   * the processor (reading the frame, the message, a field), and the connection is closed.
   */
  private TProcessor countingLimits(TProcessor processor) {
    return (in, out) -> {
      try {
        processor.process(in, out);
      } catch (TException e) {
        Limit broken = limitBroken(e);
        if (broken != null) {
          overLimit[broken.ordinal()].increment();
        }
        throw e;
      }
    };
  }

  /** The limit {@code e} (thrown by libthrift 0.17 reading a request) reports, or null. */
  static Limit limitBroken(TException e) {
    if (e instanceof TProtocolException p) {
      return p.getType() == TProtocolException.SIZE_LIMIT ? Limit.FIELD : null;
    }
    if (e instanceof TTransportException t && t.getMessage() != null) {
      if (t.getMessage().startsWith("MaxMessageSize reached")) {
        return Limit.MESSAGE;
      }
      if (t.getType() == TTransportException.CORRUPTED_DATA
          && t.getMessage().startsWith("Frame size")) {
        return Limit.FRAME;
      }
    }
    return null;
  }

  /** Requests refused (their connection closed) for breaking {@code limit}, since the start. */
  public long refusedOverLimit(Limit limit) {
    return overLimit[limit.ordinal()].sum();
  }

  /** Client connections open now (idle or being served). */
  public int openConnections() {
    return server.openConnections();
  }

  /** Client connections accepted since the start (refused ones included). */
  public long acceptedConnections() {
    return server.acceptedConnections();
  }

  /** Connections refused since the start because {@code thrift.connections.max} were open. */
  public long refusedConnections() {
    return server.refusedConnections();
  }

  /** Worker threads serving a connection now (an idle connection holds none). */
  public int activeWorkers() {
    return server.busyWorkers();
  }

  /** Worker threads alive now, busy or idle (at most {@code thrift.workers.max}). */
  public int workerThreads() {
    return server.workerThreads();
  }

  /** The error a client refused for the connection limit gets from its first call. */
  public String refusalMessage() {
    return server.refusalMessage();
  }

  /** What this server serves, as its log lines name it ("Thrift THBaseService"). */
  public String what() {
    return what;
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return listening.getLocalPort();
  }

  public void start() {
    server.start();
    LOG.info("{} listening on port {}", what, port());
  }

  @Override
  public void close() {
    expiry.shutdownNow();
    server.close();
    onClose.run();
  }
}
