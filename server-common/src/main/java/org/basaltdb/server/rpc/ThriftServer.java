package org.basaltdb.server.rpc;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TMultiplexedProcessor;
import org.apache.thrift.TProcessor;
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
 * allocating); other clients are not affected.
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

  private final java.util.concurrent.atomic.AtomicInteger open =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder accepted =
      new java.util.concurrent.atomic.LongAdder();

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
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(processor)
        .protocolFactory(protocol)
        .transportFactory(transport)
        // Workers sit on idle pooled connections: at stop, wait briefly, then close them.
        .stopTimeoutVal(2)
        .stopTimeoutUnit(TimeUnit.SECONDS)
        .minWorkerThreads(ServerConfig.THRIFT_MIN_WORKERS.get(conf))
        .maxWorkerThreads(ServerConfig.THRIFT_MAX_WORKERS.get(conf));
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
