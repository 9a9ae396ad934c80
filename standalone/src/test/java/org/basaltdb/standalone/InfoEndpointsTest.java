package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.TGet;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TIOError;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.common.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone's HTTP info server: requests made through the Thrift port move the request
 * meters of their operation and table on /metrics (read with a real Prometheus text parser),
 * failures count as failures, and /health and /ready answer.
 */
class InfoEndpointsTest {
  @TempDir
  Path dir;

  private static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<PrometheusText.Sample> scrape(int port) throws Exception {
    HttpResponse<String> r = get(port, "/metrics");
    assertEquals(200, r.statusCode());
    return PrometheusText.parse(r.body());
  }

  @Test
  void requestsMoveTheirMetersAndTheEndpointsAnswer() throws Exception {
    try (Standalone basalt = Standalone.start(Standalone.embeddedConfiguration(dir))) {
      int port = basalt.infoPort();
      assertTrue(port > 0, "a free port was picked: " + port);
      assertEquals(200, get(port, "/health").statusCode());
      HttpResponse<String> ready = get(port, "/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("{\"status\":\"UP\"}\n", ready.body());

      TSocket socket = new TSocket("127.0.0.1", basalt.thriftPort());
      socket.open();
      try {
        THBaseService.Client client = new THBaseService.Client(new TBinaryProtocol(socket));
        TTableName tn = new TTableName(bb("m")).setNs(bb("default"));
        client.createTable(new TTableDescriptor(tn).setColumns(
            List.of(new TColumnFamilyDescriptor(bb("f")))), null);
        for (int i = 0; i < 3; i++) {
          client.put(bb("m"), new TPut(bb("r" + i), List.of(
              new TColumnValue(bb("f"), bb("q"), bb("v" + i)))));
        }
        client.get(bb("m"), new TGet(bb("r1")));
        assertThrows(TIOError.class, () -> client.get(bb("nosuchtable"), new TGet(bb("r"))));

        List<PrometheusText.Sample> s = scrape(port);
        Map<String, String> puts = Map.of("op", "put", "table", "m");
        assertEquals(3.0, PrometheusText.value(s, "basalt_requests_seconds_count", puts));
        assertTrue(PrometheusText.value(s, "basalt_requests_seconds_sum", puts) > 0);
        assertEquals(3.0, PrometheusText.value(s, "basalt_requests_seconds_bucket",
            Map.of("op", "put", "table", "m", "le", "+Inf")));
        assertEquals(0.0, PrometheusText.value(s, "basalt_requests_failed_total", puts));
        assertEquals(1.0, PrometheusText.value(s, "basalt_requests_seconds_count",
            Map.of("op", "get", "table", "m")));
        assertEquals(1.0, PrometheusText.value(s, "basalt_requests_failed_total",
            Map.of("op", "get", "table", "nosuchtable")));
        assertTrue(PrometheusText.value(s, "basalt_memstore_size_bytes", Map.of()) > 0,
            "the puts are in the memstore");
        assertTrue(PrometheusText.value(s, "basalt_regions_online", Map.of()) >= 2,
            "meta and m's region");
        assertEquals(1.0, PrometheusText.value(s, "basalt_master_servers_live", Map.of()));
        assertEquals(0.0, PrometheusText.value(s, "basalt_master_regions_in_transition",
            Map.of()));
        assertEquals(0.0, PrometheusText.value(s, "basalt_master_splits_total", Map.of()));
        assertEquals(0.0, PrometheusText.value(s, "basalt_master_recovery_seconds_count",
            Map.of()));
        assertEquals(1.0, PrometheusText.value(s, "basalt_thrift_connections_open",
            Map.of("service", "Thrift THBaseService")));
        assertTrue(PrometheusText.value(s, "basalt_wal_sync_seconds_count", Map.of()) >= 3,
            "the puts were synced");

        client.put(bb("m"), new TPut(bb("r9"), List.of(
            new TColumnValue(bb("f"), bb("q"), bb("v")))));
        assertEquals(4.0, PrometheusText.value(scrape(port), "basalt_requests_seconds_count",
            puts), "the counter moved");
      } finally {
        socket.close();
      }
    }
  }
}
