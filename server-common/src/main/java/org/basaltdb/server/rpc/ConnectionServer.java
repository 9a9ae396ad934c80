package org.basaltdb.server.rpc;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.thrift.transport.SocketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Thrift connections with threads for the busy ones only: thousands of idle clients cost
 * a file descriptor and a few hundred bytes each, not a thread and its buffers.
 *
 * <h2>Model</h2>
 * One selector thread accepts connections and watches the idle ones. When an idle connection has
 * bytes to read, the selector hands it to a worker (at most {@code thrift.workers.max} threads),
 * which puts the socket in blocking mode and serves it as a thread-per-connection server would:
 * the same {@link SocketTransport}, framing and protocol read one whole request, the processor
 * answers it. After each answer the worker waits up to {@code thrift.connection.linger} for the
 * connection's next request (a busy client's comes within microseconds, and the hand-off through
 * the selector costs a wake-up, a registration and a queue), then parks the connection with the
 * selector, gives its buffers back and takes the next ready connection. While connections wait
 * for a worker, no worker lingers.
 *
 * <p>Why not libthrift's non-blocking servers: they find where a message ends from its frame
 * header, so they serve framed clients only. Here a worker reads each request with blocking
 * reads, so unframed binary and compact clients (HBase's Thrift2 default) work unchanged, and no
 * code needs to know where an unframed message ends. A client that starts a request and stalls
 * holds its worker for at most {@code thrift.read.timeout}, then loses its connection.
 *
 * <h2>Limits</h2>
 * At most {@code thrift.connections.max} connections are open. The next one is accepted and
 * refused: a refusal thread reads its first request (for at most {@link #REFUSAL_READ_MILLIS})
 * and answers it with a {@link TApplicationException} that names the limit, then closes it; a
 * client sees that error from its first call instead of a connection that never answers. Past
 * {@link #REFUSALS_QUEUED} refusals waiting, further connections are closed at once.
 *
 * <p>Threads and locking: the selector and its keys belong to the selector thread alone. Workers
 * give connections back through {@link #parked} and wake the selector; the selector blocks only
 * after it found {@link #parked} empty, so no parked connection waits for another event. A
 * connection is served by one worker at a time: it is either registered with the selector,
 * queued for a worker, or held by the worker serving it.
 */
final class ConnectionServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionServer.class);

  /** How long a refused client has to send its first request: it is answered, not waited on. */
  static final int REFUSAL_READ_MILLIS = 2_000;
  /** Refusals waiting for the refusal thread; a flood beyond this is closed unanswered. */
  static final int REFUSALS_QUEUED = 256;
  /** The kernel's queue of connections not yet accepted (capped by net.core.somaxconn). */
  static final int ACCEPT_BACKLOG = 1024;

  /** What a connection's worker needs to speak the configured transport and protocol. */
  record Wire(TConfiguration conf, boolean framed, int maxFrame, TProtocolFactory protocol) {
    TTransport transport(SocketTransport socket) throws TTransportException {
      return framed ? new TFramedTransport(socket, maxFrame) : socket;
    }
  }

  /** The limits, from the configuration. */
  record Limits(int maxConnections, int minWorkers, int maxWorkers, int lingerMillis,
      int readTimeoutMillis) {}

  private final ServerSocketChannel listener;
  private final TProcessor processor;
  private final Wire wire;
  private final Limits limits;
  private final String what;
  private final Selector selector;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor refusals;
  private final Queue<Connection> parked = new ConcurrentLinkedQueue<>();
  private final Set<Connection> all = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final Thread selectorThread;
  private volatile boolean stopped;
  /**
   * Tests only: runs on the selector thread once it has taken ready connections off the
   * selector, before it deregisters and dispatches them.
   */
  private volatile Runnable beforeDispatch = () -> { };

  ConnectionServer(ServerSocketChannel listener, TProcessor processor, Wire wire, Limits limits,
      String what) throws IOException {
    this.listener = listener;
    this.processor = processor;
    this.wire = wire;
    this.limits = limits;
    this.what = what;
    this.selector = Selector.open();
    // A new thread only when no worker is idle (a plain pool grows to its core size first), and
    // a queue once all maxWorkers are busy.
    this.workers = new ThreadPoolExecutor(Math.min(limits.minWorkers(), limits.maxWorkers()),
        limits.maxWorkers(), 60, TimeUnit.SECONDS, new HandOffQueue(),
        new ThreadFactoryBuilder().setNameFormat("basalt-thrift-worker-%d").setDaemon(true).build(),
        (r, pool) -> {
          if (pool.isShutdown()) {
            throw new RejectedExecutionException("stopped");
          }
          pool.getQueue().add(r); // every worker is busy: wait for one
        });
    workers.prestartAllCoreThreads();
    this.refusals = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(REFUSALS_QUEUED),
        new ThreadFactoryBuilder().setNameFormat("basalt-thrift-refusals").setDaemon(true).build());
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    this.selectorThread = new Thread(this::selectLoop, "basalt-thrift-selector");
    selectorThread.setDaemon(true);
  }

  void start() {
    selectorThread.start();
  }

  /** Tests only: see {@link #beforeDispatch}. */
  void beforeDispatch(Runnable r) {
    beforeDispatch = r;
  }

  /** Connections handed back by their workers and not yet registered with the selector. */
  int parkedConnections() {
    return parked.size();
  }

  int openConnections() {
    return open.get();
  }

  long acceptedConnections() {
    return accepted.sum();
  }

  long refusedConnections() {
    return refused.sum();
  }

  /** Threads serving a request (or waiting for a connection's next one) now. */
  int busyWorkers() {
    return workers.getActiveCount();
  }

  /** Threads the worker pool holds now, busy or not. */
  int workerThreads() {
    return workers.getPoolSize();
  }

  /**
   * The worker pool's queue: a task is accepted only by a worker waiting for one, so that the
   * pool starts a thread (up to its maximum) rather than queue while it may still grow.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    @Override
    public boolean offer(Runnable r) {
      return tryTransfer(r);
    }
  }

  // ------------------------------------------------------------ the selector thread

  private void selectLoop() {
    List<Connection> ready = new ArrayList<>();
    while (!stopped) {
      try {
        // Keys selected by the last round's selectNow are still to be handled: do not block.
        // Nor while a connection is parked: every select consumes a wake-up, so the one a worker
        // sent after the round's last look at parked may be gone (the round's selectNow takes
        // it), and that connection would wait for the port's next event: for ever on an idle
        // server, where a client's call then ran into its timeout. A worker that parks after
        // this look wakes the select below, since nothing consumes its wake-up before it.
        if (selector.selectedKeys().isEmpty() && parked.isEmpty()) {
          selector.select();
        } else {
          selector.selectNow();
        }
        for (Connection c; (c = parked.poll()) != null; ) {
          register(c);
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else if (key.isReadable()) {
            key.cancel();
            ready.add((Connection) key.attachment());
          }
        }
        if (!ready.isEmpty()) {
          beforeDispatch.run();
          selector.selectNow(); // deregisters the cancelled keys: their channels may now block
          for (Connection c : ready) {
            dispatch(c);
          }
          ready.clear();
        }
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException e) {
        if (!stopped) {
          LOG.warn("{}: selector failed, going on: {}", what, e.toString());
        }
      }
    }
  }

  private void register(Connection c) {
    try {
      c.channel.register(selector, SelectionKey.OP_READ, c);
    } catch (IOException | RuntimeException e) {
      c.close();
    }
  }

  private void dispatch(Connection c) {
    try {
      workers.execute(c);
    } catch (RejectedExecutionException e) {
      c.close(); // stopping
    }
  }

  private void acceptAll() {
    while (true) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (IOException e) {
        // Out of file descriptors, most likely: the connection stays in the kernel's queue.
        LOG.warn("{}: cannot accept a connection: {}", what, e.toString());
        return;
      }
      if (ch == null) {
        return;
      }
      accepted.increment();
      if (open.get() >= limits.maxConnections()) {
        refuse(ch);
        continue;
      }
      try {
        Connection c = new Connection(ch);
        open.incrementAndGet();
        all.add(c);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, c);
      } catch (TTransportException | IOException | RuntimeException e) {
        LOG.debug("{}: dropped a new connection: {}", what, e.toString());
        closeQuietly(ch);
      }
    }
  }

  // ------------------------------------------------------------ refusals

  private void refuse(SocketChannel ch) {
    long n = refused.sum();
    refused.increment();
    if (n % 1000 == 0) {
      LOG.warn("{}: {} connections open, the limit (thrift.connections.max); refusing new ones"
          + " ({} refused so far)", what, limits.maxConnections(), n + 1);
    }
    try {
      refusals.execute(() -> answerRefusal(ch));
    } catch (RejectedExecutionException e) {
      closeQuietly(ch);
    }
  }

  /** The error a refused client gets from its first call. */
  String refusalMessage() {
    return what + " refused the connection: " + limits.maxConnections()
        + " client connections are open, the most thrift.connections.max allows;"
        + " close idle connections or raise the limit";
  }

  private void answerRefusal(SocketChannel ch) {
    try {
      ch.configureBlocking(true);
      SocketTransport socket = new SocketTransport(wire.conf(), ch.socket());
      ch.socket().setSoTimeout(REFUSAL_READ_MILLIS);
      TTransport t = wire.transport(socket);
      TProtocol in = wire.protocol().getProtocol(t);
      TProtocol out = wire.protocol().getProtocol(t);
      TMessage call = in.readMessageBegin();
      TProtocolUtil.skip(in, TType.STRUCT);
      in.readMessageEnd();
      out.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
      new TApplicationException(TApplicationException.INTERNAL_ERROR, refusalMessage())
          .write(out);
      out.writeMessageEnd();
      t.flush();
    } catch (TException | IOException | RuntimeException e) {
      LOG.debug("{}: a refused client was not answered: {}", what, e.toString());
    } finally {
      closeQuietly(ch);
    }
  }

  // ------------------------------------------------------------ connections

  /** One client connection: parked with the selector, queued, or served by one worker. */
  private final class Connection implements Runnable {
    final SocketChannel channel;
    final SocketTransport socket;
    private TTransport transport; // the framing over the socket; null while parked
    private TProtocol in;
    private TProtocol out;

    Connection(SocketChannel channel) throws TTransportException {
      this.channel = channel;
      this.socket = new SocketTransport(wire.conf(), channel.socket());
    }

    /**
     * Serves requests while they come, then parks the connection or closes it. Closed on any
     * failure, an {@link Error} from a handler included, so that the client is not left waiting.
     */
    @Override
    public void run() {
      boolean isParked = false;
      try {
        channel.configureBlocking(true);
        channel.socket().setSoTimeout(limits.readTimeoutMillis());
        if (transport == null) {
          transport = wire.transport(socket);
          in = wire.protocol().getProtocol(transport);
          out = wire.protocol().getProtocol(transport);
        }
        boolean woken = true; // the selector saw bytes (or the end) coming
        while (!stopped) {
          if (!buffered()) {
            int wait = woken ? limits.readTimeoutMillis()
                : workers.getQueue().isEmpty() ? limits.lingerMillis() : 0;
            if (wait <= 0 || !socket.awaitInput(wait)) {
              park();
              isParked = true;
              return;
            }
          }
          woken = false;
          processor.process(in, out);
        }
      } catch (TTransportException e) {
        // the client went away, stalled mid-request, or broke the framing
      } catch (TException | IOException | RuntimeException e) {
        LOG.debug("{}: closing a connection: {}", what, e.toString());
      } finally {
        if (!isParked) {
          close();
        }
      }
    }

    private boolean buffered() {
      return socket.getBytesRemainingInBuffer() > 0
          || (transport != socket && transport.getBytesRemainingInBuffer() > 0);
    }

    private void park() throws IOException {
      if (transport != socket) {
        transport = null; // the framing's buffers go too; it holds nothing between messages
        in = null;
        out = null;
      }
      socket.releaseBuffers();
      channel.configureBlocking(false);
      parked.add(this);
      selector.wakeup();
    }

    void close() {
      if (all.remove(this)) {
        open.decrementAndGet();
      }
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // closing: nothing left to tell the peer
    }
  }

  /** Stops accepting, closes every connection and stops the threads; waits up to 2 s. */
  @Override
  public void close() {
    stopped = true;
    selector.wakeup();
    try {
      selectorThread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the listener: {}", what, e.toString());
    }
    for (Connection c : all) {
      c.close();
    }
    workers.shutdownNow();
    refusals.shutdownNow();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("{}: closing the selector: {}", what, e.toString());
    }
  }
}
