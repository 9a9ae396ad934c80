package org.basaltdb.server.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.TMultiplexedProcessor;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.transport.Protocols;
import org.basaltdb.thrift.transport.SocketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift endpoint of a Basalt process: a client-facing service ({@link #forService}: a region
 * server's {@code THBaseService}, Thrift1 {@code Hbase} or admin service) or the internal
 * services multiplexed on one port ({@link #forInternal}: the master's and the region servers'
 * RPC). Binary protocol over an unframed socket by default (as HBase's Thrift2 server), framed
 * transport and compact protocol as options. Each connection reads and writes through a
 * {@link SocketTransport}: one system call per reply.
 *
 * <p>Limits protect the server from any one client: the size of a message or frame, of a string
 * and of a container, and the number of worker threads. A request over a limit, malformed or
 * truncated closes that client's connection (Thrift's protocol layer refuses it before
 * allocating); other clients are not affected. A connection arriving while every worker is busy
 * is closed at once (Thrift's thread-pool server has no queue).
 *
 * <p>What the meters show ({@code ThriftMeters}): connections open, accepted and refused for want
 * of a worker, workers busy, and requests refused by each limit ({@link Limit}).
 */
public final class ThriftServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftServer.class);

  private final TServer server;
  private final TServerSocket socket;
  private final Runnable onClose;
  private final String what;
  private final Thread serveThread;
  private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "basalt-thrift-periodic");
        t.setDaemon(true);
        return t;
      });

  /**
   * Binds {@code thrift.bind}:{@code port} now ({@code 0}: a free port) for a server built later
   * with the socket. A process that needs its ports before it can build its servers (to name
   * itself, or to register in ZooKeeper) binds first: a port picked free and bound later can be
   * taken meanwhile, by any outgoing connection's ephemeral port.
   */
  public static ServerSocket listen(Configuration conf, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(ServerConfig.THRIFT_BIND.get(conf), port));
    } catch (IOException e) {
      s.close();
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

  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder[] overLimit = new LongAdder[Limit.values().length];
  private final ThreadPoolExecutor workers;

  private ThriftServer(Configuration conf, TProcessor processor,
      ServerSocket listening, Runnable onClose, String what, boolean internal)
      throws TTransportException {
    this.onClose = onClose;
    this.what = what;
    boolean framed = !internal && ServerConfig.THRIFT_FRAMED.get(conf);
    boolean compact = !internal && ServerConfig.THRIFT_COMPACT.get(conf);
    int maxMessage = (int) Math.min(Integer.MAX_VALUE, ServerConfig.THRIFT_MAX_MESSAGE.get(conf));
    long maxString = ServerConfig.THRIFT_MAX_STRING.get(conf);
    long maxContainer = ServerConfig.THRIFT_MAX_CONTAINER.get(conf);

    socket = new TServerSocket(listening);
    TProtocolFactory protocol = compact
        ? Protocols.compact(maxString, maxContainer)
        : Protocols.binary(maxString, maxContainer);
    TTransportFactory transport = new TTransportFactory() {
      @Override
      public TTransport getTransport(TTransport t) throws TTransportException {
        TConfiguration c = t.getConfiguration();
        c.setMaxMessageSize(maxMessage);
        c.setMaxFrameSize(maxMessage);
        // Called twice per connection (its input, then its output side): each side gets its
        // own buffers over the one socket.
        TTransport socket = SocketTransport.wrap(t);
        return framed ? new TFramedTransport(socket, maxMessage) : socket;
      }
    };
    for (int i = 0; i < overLimit.length; i++) {
      overLimit[i] = new LongAdder();
    }
    // Thrift's own pool, with a count of the connections it turns away (as its default: no
    // queue, so a connection beyond the last worker is closed, not left waiting unanswered).
    AtomicInteger threads = new AtomicInteger();
    workers = new ThreadPoolExecutor(ServerConfig.THRIFT_MIN_WORKERS.get(conf),
        ServerConfig.THRIFT_MAX_WORKERS.get(conf), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "basalt-thrift-worker-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        (r, pool) -> {
          refused.increment();
          throw new RejectedExecutionException("all " + pool.getMaximumPoolSize()
              + " Thrift workers are busy");
        });
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(countingLimits(processor))
        .protocolFactory(protocol)
        .transportFactory(transport)
        // Workers sit on idle pooled connections: at stop, wait briefly, then close them.
        .stopTimeoutVal(2)
        .stopTimeoutUnit(TimeUnit.SECONDS)
        .executorService(workers);
    server = new TThreadPoolServer(args);
    server.setServerEventHandler(new org.apache.thrift.server.TServerEventHandler() {
      @Override
      public void preServe() {}

      @Override
      public org.apache.thrift.server.ServerContext createContext(
          org.apache.thrift.protocol.TProtocol in, org.apache.thrift.protocol.TProtocol out) {
        open.incrementAndGet();
        accepted.increment();
        return null;
      }

      @Override
      public void deleteContext(org.apache.thrift.server.ServerContext context,
          org.apache.thrift.protocol.TProtocol in, org.apache.thrift.protocol.TProtocol out) {
        open.decrementAndGet();
      }

      @Override
      public void processContext(org.apache.thrift.server.ServerContext context,
          org.apache.thrift.transport.TTransport in, org.apache.thrift.transport.TTransport out) {
      }
    });
    serveThread = new Thread(server::serve, "basalt-thrift-acceptor");
    serveThread.setDaemon(true);
  }

  /**
   * {@code processor}, counting the requests a limit refuses: libthrift throws them from inside
   * the processor (reading the frame, the message, a field), and closes the connection.
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

  /** Connections closed at once because every worker was busy, since the start. */
  public long refusedConnections() {
    return refused.sum();
  }

  /** Workers serving a connection now. */
  public int activeWorkers() {
    return workers.getActiveCount();
  }

  /** Client connections open now (each holds a worker thread). */
  public int openConnections() {
    return open.get();
  }

  /** Client connections accepted since the start. */
  public long acceptedConnections() {
    return accepted.sum();
  }

  /** What this server serves, as its log lines name it ("Thrift THBaseService"). */
  public String what() {
    return what;
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return socket.getServerSocket().getLocalPort();
  }

  public void start() {
    serveThread.start();
    LOG.info("{} listening on port {}", what, port());
  }

  @Override
  public void close() {
    expiry.shutdownNow();
    server.stop();
    socket.close();
    onClose.run();
  }
}
