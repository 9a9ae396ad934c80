package org.basaltdb.server.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.PrometheusText;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.Test;

/** The info server's endpoints over real HTTP on loopback. */
class InfoServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    ServerConfig.INFO_PORT.set(conf, 0);
    ServerConfig.INFO_BIND.set(conf, "127.0.0.1");
    return conf;
  }

  @Test
  void metricsAreValidPrometheusTextAndCountersMove() throws Exception {
    try (InfoServer info = InfoServer.bind(conf(), 16010)) {
      info.start();
      Counter c = Counter.builder("basalt.test.things").register(info.registry());
      c.increment(3);
      HttpResponse<String> r = get(info.port(), "/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      List<PrometheusText.Sample> samples = PrometheusText.parse(r.body());
      assertEquals(3.0, PrometheusText.value(samples, "basalt_test_things_total", Map.of()));
      assertTrue(samples.stream().anyMatch(s -> s.name().equals("jvm_memory_used_bytes")),
          "the JVM binders are there");
      c.increment();
      assertEquals(4.0, PrometheusText.value(PrometheusText.parse(
          get(info.port(), "/metrics").body()), "basalt_test_things_total", Map.of()));
    }
  }

  @Test
  void healthAndReadyAre503WithTheProblemWhileACheckFails() throws Exception {
    try (InfoServer info = InfoServer.bind(conf(), 16010)) {
      AtomicReference<String> wal = new AtomicReference<>();
      info.addLivenessCheck("wal", wal::get);
      info.addReadinessCheck("regions", () -> null);
      info.addReadinessCheck("wal", wal::get);
      info.start();
      assertEquals(200, get(info.port(), "/health").statusCode());
      assertEquals("{\"status\":\"UP\"}\n", get(info.port(), "/ready").body());
      wal.set("the WAL \"failed\"");
      HttpResponse<String> r = get(info.port(), "/ready");
      assertEquals(503, r.statusCode());
      assertEquals("{\"status\":\"DOWN\",\"problems\":{\"wal\":\"the WAL \\\"failed\\\"\"}}\n",
          r.body());
      assertEquals(503, get(info.port(), "/health").statusCode());
      wal.set(null);
      assertEquals(200, get(info.port(), "/ready").statusCode());
    }
  }

  @Test
  void confMasksSecretsAndStacksShowThreads() throws Exception {
    Configuration conf = conf();
    conf.set("zookeeper.quorum", "zk1:2181");
    conf.set("ssl.keystore.password", "hunter2");
    try (InfoServer info = InfoServer.bind(conf, 16010)) {
      info.start();
      String body = get(info.port(), "/conf").body();
      assertTrue(body.contains("zookeeper.quorum=zk1:2181\n"), body);
      assertTrue(body.contains("ssl.keystore.password=" + ConfDump.MASK + "\n"), body);
      assertFalse(body.contains("hunter2"), body);
      assertTrue(body.contains("info.port=" + info.port() + "\n"), "the port bound: " + body);
      String stacks = get(info.port(), "/stacks").body();
      assertTrue(stacks.contains("\"basalt-info-http-"), stacks);
      assertTrue(stacks.contains("java.lang.Thread.State: RUNNABLE"), stacks);
    }
  }

  @Test
  void minusOneTurnsItOffAndAPortInUseFailsTheBind() throws Exception {
    Configuration off = new Configuration(false);
    ServerConfig.INFO_PORT.set(off, -1);
    assertNull(InfoServer.bind(off, 16010));
    try (ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Configuration conf = conf();
      ServerConfig.INFO_PORT.set(conf, taken.getLocalPort());
      IOException e = assertThrows(IOException.class, () -> InfoServer.bind(conf, 16010));
      assertTrue(e.getMessage().contains("info.port"), e.getMessage());
    }
  }
}
