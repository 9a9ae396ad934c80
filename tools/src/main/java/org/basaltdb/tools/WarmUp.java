package org.basaltdb.tools;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TBase;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.THRegionInfo;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TServerName;
import org.basaltdb.thrift.transport.Protocols;
import org.basaltdb.thrift.transport.SocketTransport;

/**
 * Compiles {@code pe}'s own request path before a timed run: the run's workers send their
 * requests, for a few thousand operations each, to a stand-in server inside {@code pe} that answers
 * every call with a fixed reply shaped like a real one, over a real loopback socket and the same
 * transport and protocol classes. The server being measured sees none of it.
 *
 * <p>Why: each {@code pe} run is a new JVM, and its JIT compiled the Thrift client during the
 * timed run, on the cores the server needs: 2.0 s of C2 time in a 100k-row load that lasts 6–8 s
 * on a 2-core machine. That measured the client's warm-up as much as the server.
 *
 * <p>With {@code --java-client} the warm-up goes through Basalt's Java client ({@link
 * JavaPeClient}): the stand-in also answers {@code getAllRegionLocations} with one region, the
 * whole key space, served by itself, and a scan's {@code openScanner}, {@code getScannerRows}
 * and {@code closeScanner}. Without it the Java client compiled its longer path (model
 * conversions, locations, the channel pool) during the first timed run, and loads through it
 * measured slower than raw Thrift2 calls mostly for that.
 */
final class WarmUp {
  private static final long MAX_WAIT_MILLIS = 10_000;
  private static final int MAX_ROUNDS = 8;

  private WarmUp() {}

  /**
   * Runs rounds of {@code ops} operations of {@code c} against a stand-in, each followed by a wait
   * until the JIT has finished what the round queued, until a round compiles nothing worth
   * counting (under 20 ms) or after {@value #MAX_ROUNDS} rounds. One round is not enough: while
   * C2's queue is long its thresholds rise, so methods the round ran thousands of times are only
   * queued by the next requests. Returns a line for the log.
   */
  static String run(PerformanceEvaluation.Options o, PerformanceEvaluation.Command c,
      ThriftPeClient.Factory real, boolean javaClient, long ops) throws Exception {
    long t0 = System.nanoTime();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    int rounds = 0;
    long lastRoundJitMillis = -1;
    try (StandIn server = new StandIn(real, replies(o, o.table))) {
      PeClient.Factory f = javaClient
          ? new JavaPeClient.Factory("127.0.0.1", server.port(), real.framed(), real.compact(),
              real.timeoutMs())
          : new ThriftPeClient.Factory("127.0.0.1", server.port(), real.framed(), real.compact(),
              real.timeoutMs());
      List<PeClient> clients = new ArrayList<>();
      try {
        for (int t = 0; t < o.threads; t++) {
          clients.add(f.open());
        }
        while (rounds < MAX_ROUNDS) {
          long before = timed ? jit.getTotalCompilationTime() : 0;
          round(o, c, clients, ops, rounds);
          awaitJitIdle();
          rounds++;
          lastRoundJitMillis = timed ? jit.getTotalCompilationTime() - before : 0;
          if (lastRoundJitMillis < 20) {
            break;
          }
        }
      } finally {
        for (PeClient client : clients) {
          client.close();
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "%d rounds of %d requests to an in-process "
        + "stand-in in %.1f s; JIT time %d ms in all, %d ms in the last round", rounds, ops,
        (System.nanoTime() - t0) / 1e9, timed ? jit.getTotalCompilationTime() : -1,
        lastRoundJitMillis);
  }

  private static void round(PerformanceEvaluation.Options o, PerformanceEvaluation.Command c,
      List<PeClient> clients, long ops, int round) throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    PerformanceEvaluation.runWorkers(new PerformanceEvaluation.Worker[clients.size()], o, c,
        clients, PerformanceEvaluation.chooser(o, c), ~o.seed - 1000L * round, next, ops,
        Long.MAX_VALUE, errors, firstError, "pe-warmup-", System.nanoTime());
    if (firstError.get() != null) {
      throw new IOException("the client's warm-up failed: " + firstError.get(),
          firstError.get());
    }
  }

  /**
   * Waits until the JIT has nothing compiling or queued (the {@code Compiler.queue} diagnostic
   * command, as {@code jcmd} runs it), twice in a row 50 ms apart, or 10 s. The warm-up's last
   * requests queue compilations that C2 may take a second or more to finish.
   */
  private static void awaitJitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000L;
    int idle = 0;
    while (idle < 2 && System.nanoTime() < deadline) {
      String queue = compilerQueue();
      if (queue == null) {
        return; // not a HotSpot JVM: nothing to wait on
      }
      idle = jitIdle(queue) ? idle + 1 : 0;
      Thread.sleep(50); // polling the JIT's queue; there is nothing to wait on
    }
  }

  /** True when {@code Compiler.queue}'s output lists no compile running or queued. */
  static boolean jitIdle(String queue) {
    for (String line : queue.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.equals("Empty") || l.endsWith(":")) {
        continue; // headings ("Current compiles:", "C2 compile queue:") and empty queues
      }
      return false; // a task line
    }
    return true;
  }

  private static String compilerQueue() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      return (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "compilerQueue", new Object[] {null}, new String[] {String[].class.getName()});
    } catch (JMException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The fixed replies: a row as the workloads write it, a scan's worth of them, and (for the Java
   * client) the region of {@code table}; its server's port is the stand-in's, set once known.
   */
  private static Replies replies(PerformanceEvaluation.Options o, String table) {
    List<TColumnValue> cols = new ArrayList<>();
    for (int f = 0; f < o.fields; f++) {
      cols.add(new TColumnValue(ByteBuffer.wrap(PerformanceEvaluation.FAMILY),
          ByteBuffer.wrap(PerformanceEvaluation.bytes("field" + f)),
          ByteBuffer.wrap(new byte[o.fieldSize])).setTimestamp(1).setType((byte) 4));
    }
    TResult row = new TResult(cols).setRow(PerformanceEvaluation.rowKey(0))
        .setStale(false).setPartial(false);
    List<TResult> rows = new ArrayList<>();
    for (int i = 0; i < PerformanceEvaluation.SCAN_ROWS / 2; i++) {
      rows.add(row);
    }
    TResult counter = new TResult(List.of(new TColumnValue(
        ByteBuffer.wrap(PerformanceEvaluation.FAMILY),
        ByteBuffer.wrap(PerformanceEvaluation.COUNTER), ByteBuffer.wrap(new byte[8]))
        .setTimestamp(1).setType((byte) 4))).setRow(PerformanceEvaluation.rowKey(0))
        .setStale(false).setPartial(false);
    THRegionInfo region = new THRegionInfo(1, ByteBuffer.wrap(
        org.basaltdb.common.TableName.valueOf(table).toString().getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));
    return new Replies(row, rows, counter, region);
  }

  private record Replies(TResult row, List<TResult> rows, TResult counter,
      THRegionInfo region) {
    /**
     * The result struct answering {@code method} for a stand-in on {@code port}, or null for a
     * method pe does not use.
     */
    TBase<?, ?> forMethod(String method, int port) {
      return switch (method) {
        case "put" -> new THBaseService.put_result();
        case "get" -> new THBaseService.get_result().setSuccess(row);
        case "getScannerResults" -> new THBaseService.getScannerResults_result()
            .setSuccess(rows);
        case "increment" -> new THBaseService.increment_result().setSuccess(counter);
        // The Java client: where the table's one region is, and scans over open scanners.
        case "getAllRegionLocations" -> new THBaseService.getAllRegionLocations_result()
            .setSuccess(List.of(new THRegionLocation(
                new TServerName("127.0.0.1").setPort(port).setStartCode(1), region)));
        case "openScanner" -> new THBaseService.openScanner_result().setSuccess(1);
        case "getScannerRows" -> new THBaseService.getScannerRows_result().setSuccess(rows);
        case "closeScanner" -> new THBaseService.closeScanner_result();
        default -> null;
      };
    }
  }

  /** A loopback server that answers each call with its fixed reply, one thread per connection. */
  private static final class StandIn implements AutoCloseable {
    private final ServerSocket listener;
    private final ThriftPeClient.Factory settings;
    private final Replies replies;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    StandIn(ThriftPeClient.Factory settings, Replies replies) throws IOException {
      this.settings = settings;
      this.replies = replies;
      this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
      this.acceptor = new Thread(this::accept, "pe-warmup-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          synchronized (accepted) {
            accepted.add(s);
          }
          Thread t = new Thread(() -> serve(s), "pe-warmup-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void serve(Socket s) {
      try {
        TTransport t = new SocketTransport(TConfiguration.DEFAULT, s);
        if (settings.framed()) {
          t = new TFramedTransport(t);
        }
        TProtocol p = settings.compact() ? Protocols.compact(t) : Protocols.binary(t);
        while (true) {
          TMessage m = p.readMessageBegin();
          TProtocolUtil.skip(p, TType.STRUCT);
          p.readMessageEnd();
          TBase<?, ?> reply = replies.forMethod(m.name, listener.getLocalPort());
          if (reply == null) {
            p.writeMessageBegin(new TMessage(m.name, TMessageType.EXCEPTION, m.seqid));
            new TApplicationException(TApplicationException.UNKNOWN_METHOD,
                "the warm-up stand-in does not answer " + m.name).write(p);
          } else {
            p.writeMessageBegin(new TMessage(m.name, TMessageType.REPLY, m.seqid));
            reply.write(p);
          }
          p.writeMessageEnd();
          t.flush();
        }
      } catch (TException e) {
        // the client closed its connection: the warm-up is over
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
