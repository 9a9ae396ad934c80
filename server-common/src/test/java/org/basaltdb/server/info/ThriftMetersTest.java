package org.basaltdb.server.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TProcessor;
import org.basaltdb.common.Await;
import org.basaltdb.common.PrometheusText;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.rpc.ThriftServer;
import org.junit.jupiter.api.Test;

/**
 * A real Thrift server's refusals on /metrics: a request over the frame, message or field limit
 * and a connection beyond {@code thrift.connections.max} each close the client's connection and
 * count, by service and limit.
 */
class ThriftMetersTest {
  private static final String SERVICE = "Thrift test";

  /** Reads one message: its header, then one string argument; answers nothing. */
  private static final TProcessor ECHO = (in, out) -> {
    in.readMessageBegin();
    in.readString();
  };

  private static Configuration conf(boolean framed) {
    Configuration conf = new Configuration(false);
    ServerConfig.INFO_PORT.set(conf, 0);
    ServerConfig.INFO_BIND.set(conf, "127.0.0.1");
    ServerConfig.THRIFT_BIND.set(conf, "127.0.0.1");
    ServerConfig.THRIFT_FRAMED.set(conf, framed);
    ServerConfig.THRIFT_MAX_MESSAGE.set(conf, 1024L);
    ServerConfig.THRIFT_MAX_STRING.set(conf, 100);
    ServerConfig.THRIFT_MIN_WORKERS.set(conf, 1);
    ServerConfig.THRIFT_MAX_WORKERS.set(conf, 1);
    return conf;
  }

  /** A strict binary message header (a call named "m"), then a string of {@code length} bytes. */
  private static byte[] call(int length) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(0x80010001); // version 1, type CALL
    out.writeInt(1);
    out.write("m".getBytes(StandardCharsets.US_ASCII));
    out.writeInt(7); // sequence id
    out.writeInt(length);
    return b.toByteArray();
  }

  /** Sends {@code bytes} and waits for the server to close the connection. */
  private static void sendAndSeeClosed(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      s.setSoTimeout(60_000);
      assertEquals(-1, in.read(), "the server closed the connection");
    }
  }

  private static double scraped(InfoServer info, String name, Map<String, String> labels)
      throws Exception {
    List<PrometheusText.Sample> s = PrometheusText.parse(
        InfoServerTest.get(info.port(), "/metrics").body());
    return PrometheusText.value(s, name, labels);
  }

  private static ThriftServer start(Configuration conf) throws Exception {
    ServerSocket listening = ThriftServer.listen(conf, 0);
    ThriftServer t = ThriftServer.forService(conf, ECHO, listening, () -> { }, SERVICE);
    t.start();
    return t;
  }

  @Test
  void requestsOverAFieldOrTheMessageLimitAreCounted() throws Exception {
    Configuration conf = conf(false);
    try (InfoServer info = InfoServer.bind(conf, 16010); ThriftServer t = start(conf)) {
      ThriftMeters.register(info, t);
      info.start();
      sendAndSeeClosed(t.port(), call(500)); // over the string limit (100), under the message's
      Await.until("a field refusal counts", 60_000,
          () -> t.refusedOverLimit(ThriftServer.Limit.FIELD) == 1);
      sendAndSeeClosed(t.port(), call(5000)); // over the message limit (1024)
      Await.until("a message refusal counts", 60_000,
          () -> t.refusedOverLimit(ThriftServer.Limit.MESSAGE) == 1);
      assertEquals(1.0, scraped(info, "basalt_thrift_requests_rejected_total",
          Map.of("service", SERVICE, "limit", "field")));
      assertEquals(1.0, scraped(info, "basalt_thrift_requests_rejected_total",
          Map.of("service", SERVICE, "limit", "message")));
      assertEquals(0.0, scraped(info, "basalt_thrift_requests_rejected_total",
          Map.of("service", SERVICE, "limit", "frame")));
      assertEquals(2.0, scraped(info, "basalt_thrift_connections_accepted_total",
          Map.of("service", SERVICE)));
    }
  }

  @Test
  void aFrameOverTheLimitIsCounted() throws Exception {
    Configuration conf = conf(true);
    try (InfoServer info = InfoServer.bind(conf, 16010); ThriftServer t = start(conf)) {
      ThriftMeters.register(info, t);
      info.start();
      byte[] header = {0x00, 0x01, 0x00, 0x00}; // a 65,536-byte frame, the limit is 1024
      sendAndSeeClosed(t.port(), header);
      Await.until("a frame refusal counts", 60_000,
          () -> t.refusedOverLimit(ThriftServer.Limit.FRAME) == 1);
      assertEquals(1.0, scraped(info, "basalt_thrift_requests_rejected_total",
          Map.of("service", SERVICE, "limit", "frame")));
    }
  }

  @Test
  void aConnectionBeyondTheLimitIsRefusedAndCounted() throws Exception {
    Configuration conf = conf(false);
    ServerConfig.THRIFT_MAX_CONNECTIONS.set(conf, 1);
    try (InfoServer info = InfoServer.bind(conf, 16010); ThriftServer t = start(conf);
        Socket first = new Socket(InetAddress.getByName("127.0.0.1"), t.port())) {
      ThriftMeters.register(info, t);
      info.start();
      Await.until("the first connection is open", 60_000, () -> t.openConnections() == 1);
      // A new connection is first read by a worker (what protocol it speaks), then parked with
      // the selector: once it is, it holds none.
      Await.until("the idle connection is parked", 60_000, () -> t.activeWorkers() == 0);
      assertEquals(0.0, scraped(info, "basalt_thrift_workers_active",
          Map.of("service", SERVICE)), "an idle connection holds no worker");
      sendAndSeeClosed(t.port(), new byte[0]);
      Await.until("the second connection is refused", 60_000, () -> t.refusedConnections() == 1);
      assertEquals(1.0, scraped(info, "basalt_thrift_connections_rejected_total",
          Map.of("service", SERVICE)));
      first.close();
      Await.until("the first connection is gone", 60_000, () -> t.openConnections() == 0);
      sendAndSeeClosed(t.port(), call(500));
      assertEquals(1, t.refusedConnections(), "served, not refused");
    }
  }
}
