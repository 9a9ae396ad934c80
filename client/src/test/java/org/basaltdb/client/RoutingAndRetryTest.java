package org.basaltdb.client;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing and retries against scripted THBaseService servers: two servers split table t at row
 * m; the first also answers region lookups. Each server's behaviour per method is a script.
 */
class RoutingAndRetryTest {
  static final TableName T = TableName.valueOf("t");
  static final byte[] F = toBytes("f");

  /** A scripted server: counts calls per method; {@code script} answers them. */
  static final class FakeServer implements AutoCloseable {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final TServer server;
    final int port;

    FakeServer(String name, Script script) throws Exception {
      TServerSocket socket = new TServerSocket(0);
      this.port = socket.getServerSocket().getLocalPort();
      InvocationHandler h = (proxy, method, args) -> {
        int n = calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
        return script.answer(method.getName(), n, args);
      };
      THBaseService.Iface iface = (THBaseService.Iface) Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {THBaseService.Iface.class}, h);
      server = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
          .processor(new THBaseService.Processor<>(iface)));
      Thread t = new Thread(server::serve, "fake-" + name);
      t.setDaemon(true);
      t.start();
      while (!server.isServing()) {
        Thread.onSpinWait();
      }
    }

    int calls(String method) {
      AtomicInteger n = calls.get(method);
      return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
      server.stop();
    }
  }

  interface Script {
    /** The answer to the n-th call (from 1) of {@code method}. */
    Object answer(String method, int n, Object[] args) throws Exception;
  }

  final List<AutoCloseable> closeAtEnd = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeAtEnd) {
      c.close();
    }
  }

  static TResult result(String row, String value) {
    return new TResult(List.of(new TColumnValue(ByteBuffer.wrap(F), ByteBuffer.wrap(toBytes("q")),
        ByteBuffer.wrap(toBytes(value))).setTimestamp(1))).setRow(toBytes(row));
  }

  static THRegionLocation location(byte[] start, byte[] end, int port) {
    return ThriftSchema.regionLocationToThrift(new RegionInfo(T, start, end, 1), "localhost",
        port, 7);
  }

  FakeServer start(String name, Script script) throws Exception {
    FakeServer s = new FakeServer(name, script);
    closeAtEnd.add(s);
    return s;
  }

  /** The server holding [m, ∞), answering by {@code script}. */
  FakeServer upper(Script script) throws Exception {
    return start("upper", script);
  }

  /**
   * The server holding [∅, m); it answers lookups too, placing [m, ∞) on port
   * {@code upperPort[0]}.
   */
  FakeServer lower(int[] upperPort) throws Exception {
    FakeServer[] self = new FakeServer[1];
    self[0] = start("lower", (method, n, args) -> switch (method) {
      case "getAllRegionLocations" -> List.of(
          location(Bytes.EMPTY, toBytes("m"), self[0].port),
          location(toBytes("m"), Bytes.EMPTY, upperPort[0]));
      case "get" -> result("a", "A");
      default -> throw new TIOError().setMessage(method + " not scripted");
    });
    return self[0];
  }

  Connection connect(int port, long timeoutMs) throws IOException {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, "localhost");
    ClientConfig.PORT.set(conf, port);
    ClientConfig.OPERATION_TIMEOUT.set(conf, timeoutMs);
    ClientConfig.RETRY_PAUSE.set(conf, 5L);
    Connection c = ConnectionFactory.createConnection(conf);
    closeAtEnd.add(c);
    return c;
  }

  static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void readsGoStraightToTheServerHoldingTheRow() throws Exception {
    int[] upperPort = new int[1];
    FakeServer b = upper((method, n, args) -> result("x", "B"));
    upperPort[0] = b.port;
    FakeServer a = lower(upperPort);
    Table t = connect(a.port, 5_000).getTable(T);
    assertEquals("A", Bytes.toString(t.get(new Get(toBytes("a"))).value(F, toBytes("q"))));
    assertEquals("B", Bytes.toString(t.get(new Get(toBytes("x"))).value(F, toBytes("q"))));
    assertEquals("B", Bytes.toString(t.get(new Get(toBytes("y"))).value(F, toBytes("q"))));
    assertEquals(1, a.calls("get"));
    assertEquals(2, b.calls("get"));
    assertEquals(1, a.calls("getAllRegionLocations"), "locations are cached");
  }

  @Test
  void aMovedRegionIsLookedUpAgainAndRetried() throws Exception {
    int[] upperPort = new int[1];
    FakeServer b = upper((method, n, args) -> {
      if (n <= 2) {
        throw new TIOError().setMessage("region is moving").setCanRetry(true);
      }
      return result("x", "B");
    });
    upperPort[0] = b.port;
    FakeServer a = lower(upperPort);
    Table t = connect(a.port, 5_000).getTable(T);
    assertEquals("B", Bytes.toString(t.get(new Get(toBytes("x"))).value(F, toBytes("q"))));
    assertEquals(3, b.calls("get"));
    assertEquals(3, a.calls("getAllRegionLocations"), "one fresh lookup per retry");
  }

  @Test
  void retriesStopAtTheOperationTimeoutNamingTableRowAndCause() throws Exception {
    int[] upperPort = new int[1];
    FakeServer b = upper((method, n, args) -> {
      throw new TIOError().setMessage("region is too busy").setCanRetry(true);
    });
    upperPort[0] = b.port;
    FakeServer a = lower(upperPort);
    // The operation timeout is also each answer's read timeout: 3 s, so that on a loaded machine
    // the region lookup and the first put fit in it with room for retries.
    Table t = connect(a.port, 3_000).getTable(T);
    long start = System.nanoTime();
    RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
        () -> t.put(new Put(toBytes("x1")).addColumn(F, F, F)));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms >= 3_000, "it kept trying until the operation timeout: " + ms + " ms");
    assertTrue(e.getMessage().contains("table t") && e.getMessage().contains("row 'x1'")
        && e.getMessage().contains("region is too busy"), e.getMessage());
    // Pauses of 5, 10, 20... ms fit in the timeout many times; a loaded machine fits fewer.
    assertTrue(b.calls("put") >= 2, b.calls("put") + " attempts");
  }

  @Test
  void anUnreachableRegionServerIsRetriedUntilTheTimeout() throws Exception {
    int[] upperPort = {deadPort()};
    FakeServer a = lower(upperPort);
    // Not shorter: the operation timeout is also the read timeout of the lookup and of the get
    // from the live server below, which a loaded machine can take hundreds of ms to answer.
    Table t = connect(a.port, 2_000).getTable(T);
    RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
        () -> t.increment(new Increment(toBytes("x")).addColumn(F, F, 1)));
    assertTrue(e.getMessage().contains("cannot connect to localhost:" + upperPort[0]),
        e.getMessage());
    assertEquals("A", Bytes.toString(t.get(new Get(toBytes("a"))).value(F, toBytes("q"))),
        "the other region still answers");
  }

  @Test
  void aRefusalIsNotRetried() throws Exception {
    int[] upperPort = new int[1];
    FakeServer b = upper((method, n, args) -> {
      throw new TIOError().setMessage("bad request: no such family").setCanRetry(false);
    });
    upperPort[0] = b.port;
    FakeServer a = lower(upperPort);
    Table t = connect(a.port, 5_000).getTable(T);
    DoNotRetryIOException e = assertThrows(DoNotRetryIOException.class,
        () -> t.put(new Put(toBytes("x")).addColumn(F, F, F)));
    assertEquals("bad request: no such family", e.getMessage());
    assertEquals(1, b.calls("put"));
    assertInstanceOf(TIOError.class, e.getCause());
  }
}
