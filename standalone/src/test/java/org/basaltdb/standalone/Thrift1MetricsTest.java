package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.thrift.generated.ColumnDescriptor;
import org.apache.hadoop.hbase.thrift.generated.Hbase;
import org.apache.hadoop.hbase.thrift.generated.IOError;
import org.apache.hadoop.hbase.thrift.generated.Mutation;
import org.apache.hadoop.hbase.thrift.generated.TRowResult;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.common.Await;
import org.basaltdb.common.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests on the Thrift1 port ({@code Hbase}, HBase 2.6.1's own generated client over a real
 * socket) move the same request meters on /metrics as Thrift2's, by operation and table, told
 * apart from Thrift2's by their {@code service} label; a failed Thrift1 call counts as failed.
 */
class Thrift1MetricsTest {
  private static final String THRIFT1 = "Thrift1 Hbase";
  private static final String THRIFT2 = "Thrift THBaseService";

  @TempDir
  Path dir;

  private static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** /metrics, read with its own short timeout so that a wait on it never blocks for long. */
  private static List<PrometheusText.Sample> scrape(int port) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      return PrometheusText.parse(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> labels(String service, String op, String table) {
    return Map.of("service", service, "op", op, "table", table);
  }

  /** The count of {@code name} with {@code labels}, 0 while it has no sample yet. */
  private static double count(List<PrometheusText.Sample> s, String name,
      Map<String, String> labels) {
    boolean present = s.stream().anyMatch(x -> x.name().equals(name)
        && x.labels().entrySet().containsAll(labels.entrySet()));
    return present ? PrometheusText.value(s, name, labels) : 0;
  }

  @Test
  void thrift1GetPutAndScanAreCountedApartFromThrift2() throws Exception {
    try (Standalone basalt = Standalone.start(Standalone.embeddedConfiguration(dir))) {
      int info = basalt.infoPort();
      Map<ByteBuffer, ByteBuffer> noAttrs = new HashMap<>();
      TSocket socket = new TSocket("127.0.0.1", basalt.thrift1Port());
      TSocket socket2 = new TSocket("127.0.0.1", basalt.thriftPort());
      socket.open();
      socket2.open();
      try {
        Hbase.Client client = new Hbase.Client(new TBinaryProtocol(socket));
        client.createTable(bb("t1"), List.of(new ColumnDescriptor().setName(bb("f:"))));
        for (int i = 0; i < 2; i++) {
          client.mutateRow(bb("t1"), bb("r" + i), List.of(new Mutation().setColumn(bb("f:q"))
              .setValue(bb("v" + i)).setWriteToWAL(true)), noAttrs);
        }
        List<TRowResult> row = client.getRow(bb("t1"), bb("r1"), noAttrs);
        assertEquals(1, row.size());
        int scanner = client.scannerOpen(bb("t1"), bb(""), List.of(bb("f")), noAttrs);
        assertEquals(2, client.scannerGetList(scanner, 10).size());
        client.scannerClose(scanner);
        assertThrows(IOError.class, () -> client.getRow(bb("nosuchtable"), bb("r"), noAttrs));
        // One Thrift2 put on the same table: counted under Thrift2's service, not Thrift1's.
        new THBaseService.Client(new TBinaryProtocol(socket2)).put(bb("t1"), new TPut(bb("r9"),
            List.of(new TColumnValue(bb("f"), bb("q"), bb("v")))));

        String seconds = "basalt_requests_seconds_count";
        String failed = "basalt_requests_failed_total";
        // A call is recorded just after its reply is sent: wait for the last ones to land.
        Await.until("the Thrift1 and Thrift2 requests are on /metrics", 60_000, () -> {
          List<PrometheusText.Sample> s = scrape(info);
          return count(s, failed, labels(THRIFT1, "get", "nosuchtable")) >= 1
              && count(s, seconds, labels(THRIFT1, "scan", "none")) >= 2
              && count(s, seconds, labels(THRIFT2, "put", "t1")) >= 1;
        });
        List<PrometheusText.Sample> s = scrape(info);
        assertEquals(2.0, PrometheusText.value(s, seconds, labels(THRIFT1, "put", "t1")));
        assertEquals(0.0, PrometheusText.value(s, failed, labels(THRIFT1, "put", "t1")));
        assertTrue(PrometheusText.value(s, "basalt_requests_seconds_sum",
            labels(THRIFT1, "put", "t1")) > 0);
        assertEquals(2.0, PrometheusText.value(s, "basalt_requests_seconds_bucket",
            Map.of("service", THRIFT1, "op", "put", "table", "t1", "le", "+Inf")));
        assertEquals(1.0, PrometheusText.value(s, seconds, labels(THRIFT1, "get", "t1")));
        assertEquals(1.0, PrometheusText.value(s, seconds, labels(THRIFT1, "scan", "t1")),
            "the scanner's opening names its table");
        assertEquals(2.0, PrometheusText.value(s, seconds, labels(THRIFT1, "scan", "none")),
            "scannerGetList and scannerClose name a scanner");
        assertEquals(1.0, PrometheusText.value(s, seconds, labels(THRIFT1, "get",
            "nosuchtable")));
        assertEquals(1.0, PrometheusText.value(s, failed, labels(THRIFT1, "get",
            "nosuchtable")));
        assertEquals(1.0, PrometheusText.value(s, seconds, labels(THRIFT2, "put", "t1")),
            "Thrift2's put is Thrift2's alone");
      } finally {
        socket.close();
        socket2.close();
      }
    }
  }
}
