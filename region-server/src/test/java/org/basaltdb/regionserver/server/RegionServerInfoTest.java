package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Clock;
import org.basaltdb.common.PrometheusText;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.info.InfoServer;
import org.basaltdb.wal.WalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A region server's /health and /ready go 503 when its WAL can no longer be written. */
class RegionServerInfoTest {
  @TempDir
  Path dir;

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReadyFlipTo503WhenTheWalIsUnwritable() throws Exception {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem(
        FileSystem.getLocal(new Configuration()).getRawFileSystem());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    Configuration conf = new Configuration(false);
    WalConfig.ROLL_RETRIES.set(conf, 2);
    ServerConfig.INFO_PORT.set(conf, 0);
    ServerConfig.INFO_BIND.set(conf, "127.0.0.1");
    TableDescriptor t = TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
    RegionServer rs = new RegionServer(conf, fs, root, "h,1,1", Clock.SYSTEM);
    try (InfoServer info = InfoServer.bind(conf, ServerConfig.REGION_SERVER_INFO_PORT)) {
      RegionServerInfo.register(info, rs);
      info.start();
      int port = info.port();
      assertEquals(503, get(port, "/ready").statusCode(), "not ready before it starts");
      assertEquals(200, get(port, "/health").statusCode(), "but alive");

      rs.start(other -> true);
      Region r = rs.openRegion(new RegionInfo(t.name(), new byte[0], new byte[0], 1), t);
      r.put(new Put(toBytes("a")).addColumn(toBytes("f"), toBytes("q"), toBytes("1")));
      assertEquals(200, get(port, "/ready").statusCode());
      var samples = PrometheusText.parse(get(port, "/metrics").body());
      assertEquals(1.0, PrometheusText.value(samples, "basalt_regions_online", Map.of()));
      assertTrue(PrometheusText.value(samples, "basalt_region_memstore_size_bytes",
          Map.of("table", "t", "region", r.name())) > 0);
      assertEquals(1.0, PrometheusText.value(samples, "basalt_wal_files", Map.of()));
      assertEquals(1.0, PrometheusText.value(samples, "basalt_wal_appends_total", Map.of()));
      assertEquals(1.0, PrometheusText.value(samples, "basalt_wal_sync_seconds_count", Map.of()));
      assertEquals(1.0, PrometheusText.value(samples, "basalt_wal_sync_edits_sum", Map.of()));
      Map<String, String> region = Map.of("table", "t", "region", r.name());
      assertEquals(1.0, PrometheusText.value(samples, "basalt_region_write_requests_total",
          region));
      assertEquals(0.0, PrometheusText.value(samples, "basalt_region_read_requests_total",
          region));
      r.flush();
      samples = PrometheusText.parse(get(port, "/metrics").body());
      assertEquals(1.0, PrometheusText.value(samples, "basalt_flush_seconds_count", Map.of()));
      assertTrue(PrometheusText.value(samples, "basalt_flush_written_bytes_total", Map.of()) > 0);
      assertEquals(1.0, PrometheusText.value(samples, "basalt_store_files", Map.of()));
      assertEquals(0.0, PrometheusText.value(samples, "basalt_memstore_size_bytes", Map.of()));
      Map<String, String> store = Map.of("table", "t", "region", r.name(), "family", "f");
      assertEquals(1.0, PrometheusText.value(samples, "basalt_region_family_store_files", store));
      assertTrue(PrometheusText.value(samples, "basalt_region_family_store_file_size_bytes",
          store) > 0);
      assertEquals(0.0, PrometheusText.value(samples, "basalt_region_family_memstore_size_bytes",
          store));
      assertEquals(0.0, PrometheusText.value(samples,
          "basalt_compaction_throttle_wait_seconds_count", Map.of()));
      // The server's events reach the meters (RegionEventsTest shows the region reports them).
      rs.background().events().writeBlocked(r, true, 2_000_000, true);
      rs.background().events().compactionThrottled(r, 3_000_000);
      samples = PrometheusText.parse(get(port, "/metrics").body());
      assertEquals(1.0, PrometheusText.value(samples, "basalt_writes_blocked_seconds_count",
          Map.of("limit", "server")));
      assertEquals(0.0, PrometheusText.value(samples, "basalt_writes_blocked_seconds_count",
          Map.of("limit", "region")));
      assertEquals(1.0, PrometheusText.value(samples, "basalt_writes_refused_total",
          Map.of("limit", "server")));
      assertEquals(0.003, PrometheusText.value(samples,
          "basalt_compaction_throttle_wait_seconds_sum", Map.of()), 1e-9);

      fs.failFrom(FaultInjectingFileSystem.Op.SYNC, 1);
      fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1);
      assertThrows(IOException.class, () -> r.put(new Put(toBytes("b"))
          .addColumn(toBytes("f"), toBytes("q"), toBytes("2"))));
      HttpResponse<String> health = get(port, "/health");
      assertEquals(503, health.statusCode(), health.body());
      assertTrue(health.body().contains("WAL"), health.body());
      HttpResponse<String> ready = get(port, "/ready");
      assertEquals(503, ready.statusCode(), ready.body());
      assertTrue(ready.body().startsWith("{\"status\":\"DOWN\""), ready.body());
    } finally {
      fs.heal();
      rs.abort();
    }
  }
}
