package org.basaltdb.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.common.Await;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Thrift server with more connections than workers, and more than it allows: idle
 * connections hold no worker, busy clients are answered while the limit is reached, the
 * connection past the limit gets an error naming it from its first call, and a client that
 * stalls mid-request loses its connection. Real sockets on loopback, HBase's generated client.
 */
class ConnectionLimitTest {
  private static final int MAX_CONNECTIONS = 40;
  private static final int MAX_WORKERS = 3;
  private static final int BUSY = 6;
  private static final int CALLS_PER_BUSY_CLIENT = 300;

  /** A THBaseService whose {@code exists} says whether the table name is "yes". */
  static THBaseService.Iface service(AtomicInteger calls) {
    return (THBaseService.Iface) Proxy.newProxyInstance(
        ConnectionLimitTest.class.getClassLoader(), new Class<?>[] {THBaseService.Iface.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("exists")) {
            throw new UnsupportedOperationException(method.getName());
          }
          calls.incrementAndGet();
          return StandardCharsets.UTF_8.decode(((ByteBuffer) args[0]).duplicate())
              .toString().equals("yes");
        });
  }

  static THBaseService.Client client(int port, boolean framed, boolean compact)
      throws Exception {
    TTransport t = new TSocket(new TConfiguration(), "127.0.0.1", port, 30_000);
    t.open();
    if (framed) {
      t = new TFramedTransport(t);
    }
    TProtocol p = compact ? new TCompactProtocol(t) : new TBinaryProtocol(t);
    return new THBaseService.Client(p);
  }

  static boolean exists(THBaseService.Client c, String table) throws Exception {
    return c.exists(ByteBuffer.wrap(table.getBytes(StandardCharsets.UTF_8)),
        new TGet(ByteBuffer.wrap(new byte[] {'r'})));
  }

  @ParameterizedTest(name = "framed={0} compact={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void refusesPastTheLimitWhileBusyClientsAreAnswered(boolean framed, boolean compact)
      throws Exception {
    Configuration conf = new Configuration(false);
    ServerConfig.THRIFT_BIND.set(conf, "127.0.0.1");
    ServerConfig.THRIFT_FRAMED.set(conf, framed);
    ServerConfig.THRIFT_COMPACT.set(conf, compact);
    ServerConfig.THRIFT_MAX_CONNECTIONS.set(conf, MAX_CONNECTIONS);
    ServerConfig.THRIFT_MIN_WORKERS.set(conf, 1);
    ServerConfig.THRIFT_MAX_WORKERS.set(conf, MAX_WORKERS);
    AtomicInteger calls = new AtomicInteger();
    List<THBaseService.Client> idle = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(BUSY);
    try (ThriftServer server = ThriftServer.forService(conf,
        new THBaseService.Processor<>(service(calls)), ThriftServer.listen(conf, 0), () -> { },
        "Thrift THBaseService")) {
      server.start();
      int port = server.port();

      // Busy clients first: each is answered once, then all are held until the limit is full.
      List<THBaseService.Client> busy = new ArrayList<>();
      for (int i = 0; i < BUSY; i++) {
        busy.add(client(port, framed, compact));
        assertTrue(exists(busy.get(i), "yes"));
      }
      // Idle connections up to the limit; half of them made one call (and were parked).
      for (int i = busy.size(); i < MAX_CONNECTIONS; i++) {
        THBaseService.Client c = client(port, framed, compact);
        if (i % 2 == 0) {
          assertTrue(exists(c, "yes"));
        }
        idle.add(c);
      }
      Await.until("all " + MAX_CONNECTIONS + " connections open", 60_000,
          () -> server.openConnections() == MAX_CONNECTIONS);

      // One more: its first call fails with the limit named, at once rather than never.
      THBaseService.Client extra = client(port, framed, compact);
      TApplicationException refused = assertThrows(TApplicationException.class,
          () -> exists(extra, "yes"));
      assertTrue(refused.getMessage().contains("thrift.connections.max"), refused.getMessage());
      assertEquals(server.refusalMessage(), refused.getMessage());
      extra.getInputProtocol().getTransport().close();
      assertEquals(1, server.refusedConnections());

      // The busy clients, twice as many as the workers, all get every answer meanwhile.
      List<Future<Integer>> done = new ArrayList<>();
      for (THBaseService.Client c : busy) {
        done.add(pool.submit(() -> {
          int yes = 0;
          for (int i = 0; i < CALLS_PER_BUSY_CLIENT; i++) {
            if (exists(c, i % 3 == 0 ? "yes" : "no")) {
              yes++;
            }
          }
          return yes;
        }));
      }
      for (Future<Integer> f : done) {
        assertEquals((CALLS_PER_BUSY_CLIENT + 2) / 3, f.get());
      }
      assertTrue(server.workerThreads() <= MAX_WORKERS,
          server.workerThreads() + " workers for " + MAX_CONNECTIONS + " connections");
      assertEquals(MAX_CONNECTIONS, server.openConnections());

      // An idle connection (never used) answers after all that; closing one lets a new one in.
      assertTrue(exists(idle.get(1), "yes"));
      idle.remove(0).getInputProtocol().getTransport().close();
      Await.until("a closed connection leaves room", 60_000,
          () -> server.openConnections() == MAX_CONNECTIONS - 1);
      THBaseService.Client late = client(port, framed, compact);
      assertTrue(exists(late, "yes"));
      idle.add(late);
      for (THBaseService.Client c : busy) {
        c.getInputProtocol().getTransport().close();
      }
    } finally {
      pool.shutdownNow();
      for (THBaseService.Client c : idle) {
        c.getInputProtocol().getTransport().close();
      }
    }
  }

  @ParameterizedTest(name = "framed={0}")
  @CsvSource({"false", "true"})
  void aClientStalledMidRequestLosesItsConnectionAndItsWorker(boolean framed) throws Exception {
    Configuration conf = new Configuration(false);
    ServerConfig.THRIFT_BIND.set(conf, "127.0.0.1");
    ServerConfig.THRIFT_FRAMED.set(conf, framed);
    ServerConfig.THRIFT_MAX_WORKERS.set(conf, 1);
    ServerConfig.THRIFT_READ_TIMEOUT.set(conf, 300L);
    try (ThriftServer server = ThriftServer.forService(conf,
        new THBaseService.Processor<>(service(new AtomicInteger())),
        ThriftServer.listen(conf, 0), () -> { }, "Thrift THBaseService");
        Socket stalled = new Socket()) {
      server.start();
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      stalled.setSoTimeout(30_000);
      OutputStream out = stalled.getOutputStream();
      out.write(framed ? new byte[] {0, 0, 0, 100, (byte) 0x80} : new byte[] {(byte) 0x80, 1});
      out.flush();
      InputStream in = stalled.getInputStream();
      assertEquals(-1, in.read(), "the server closes a connection stalled mid-request");
      Await.until("the stalled connection is gone", 60_000, () -> server.openConnections() == 0);
      // The one worker is free again.
      THBaseService.Client c = client(server.port(), framed, false);
      assertTrue(exists(c, "yes"));
      c.getInputProtocol().getTransport().close();
    }
  }

  @org.junit.jupiter.api.Test
  void anErrorInAHandlerClosesTheConnectionInsteadOfLeavingTheClientWaiting() throws Exception {
    Configuration conf = new Configuration(false);
    ServerConfig.THRIFT_BIND.set(conf, "127.0.0.1");
    ServerConfig.THRIFT_MAX_WORKERS.set(conf, 1);
    // What a server whose jars changed under it meets: a class that no longer loads.
    org.apache.thrift.TProcessor broken = (in, out) -> {
      in.readMessageBegin();
      throw new NoClassDefFoundError("a class of the handler");
    };
    try (ThriftServer server = ThriftServer.forService(conf, broken,
        ThriftServer.listen(conf, 0), () -> { }, "Thrift THBaseService")) {
      server.start();
      THBaseService.Client c = client(server.port(), false, false);
      var e = assertThrows(org.apache.thrift.transport.TTransportException.class,
          () -> exists(c, "yes"));
      assertEquals(org.apache.thrift.transport.TTransportException.END_OF_FILE, e.getType(),
          "closed by the server, not timed out: " + e);
      c.getInputProtocol().getTransport().close();
      Await.until("the connection is gone", 60_000, () -> server.openConnections() == 0);
    }
  }
}
