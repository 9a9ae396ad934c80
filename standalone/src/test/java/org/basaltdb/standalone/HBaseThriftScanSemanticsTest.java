package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TIOError;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.hadoop.hbase.thrift2.generated.TScan;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scan rules of HBase 2.6.1's Thrift2 gateway that differed in Basalt (issue 23), through
 * HBase's own generated client: a start row equal to the stop row reads that row, and a one-shot
 * scan is never cut short without an error.
 */
class HBaseThriftScanSemanticsTest {
  @TempDir
  static Path dir;

  static Standalone basalt;
  static TSocket socket;
  static THBaseService.Client client;

  static final ByteBuffer T = bb("scan_rules");

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    RegionServerConfig.SCANNER_MAX_CACHING.set(conf, 10); // an open scanner's batch, not a cut
    RegionServerConfig.SCANNER_MAX_RESULT_SIZE.set(conf, 64L << 10);
    basalt = Standalone.start(conf);
    socket = new TSocket("127.0.0.1", basalt.thriftPort());
    socket.open();
    client = new THBaseService.Client(new TBinaryProtocol(socket));
    TTableDescriptor d = new TTableDescriptor(new TTableName(bb("scan_rules")).setNs(bb("default")));
    d.addToColumns(new TColumnFamilyDescriptor(bb("f")));
    client.createTable(d, List.of(bb("row050")));
  }

  @AfterAll
  static void stop() throws Exception {
    socket.close();
    basalt.close();
  }

  static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> rows(List<TResult> rs) {
    List<String> out = new ArrayList<>();
    for (TResult r : rs) {
      out.add(new String(r.getRow(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void putRows(String prefix, int n, int valueBytes) throws Exception {
    List<TPut> puts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      puts.add(new TPut(bb(String.format("%s%03d", prefix, i)),
          List.of(new TColumnValue(bb("f"), bb("q"), ByteBuffer.wrap(new byte[valueBytes])))));
    }
    client.putMultiple(T, puts);
  }

  @Test
  void startRowEqualToStopRowReadsThatRowBothWays() throws Exception {
    putRows("eq", 3, 1);
    for (String row : List.of("eq000", "eq001", "eq002")) {
      TScan scan = new TScan().setStartRow(bb(row)).setStopRow(bb(row));
      assertEquals(List.of(row), rows(client.getScannerResults(T, scan, 10)));
      assertEquals(List.of(row), rows(client.getScannerResults(T, scan.setReversed(true), 10)));
      int id = client.openScanner(T, new TScan().setStartRow(bb(row)).setStopRow(bb(row)));
      assertEquals(List.of(row), rows(client.getScannerRows(id, 10)));
      client.closeScanner(id);
    }
    // The stop row is still exclusive otherwise.
    assertEquals(List.of("eq000"), rows(client.getScannerResults(T,
        new TScan().setStartRow(bb("eq000")).setStopRow(bb("eq001")), 10)));
  }

  @Test
  void oneShotScanReturnsMoreRowsThanAnOpenScannersBatch() throws Exception {
    putRows("row", 100, 10); // across two regions
    List<TResult> all = client.getScannerResults(T,
        new TScan().setStartRow(bb("row")).setStopRow(bb("rox")), 1000);
    assertEquals(100, all.size());
    assertEquals(37, client.getScannerResults(T,
        new TScan().setStartRow(bb("row")).setStopRow(bb("rox")), 37).size());
    // An open scanner hands rows out in batches of scanner.max.rows; the client asks again.
    int id = client.openScanner(T, new TScan().setStartRow(bb("row")).setStopRow(bb("rox")));
    assertEquals(10, client.getScannerRows(id, 1000).size());
    client.closeScanner(id);
  }

  @Test
  void oneShotScanLargerThanTheByteLimitFailsNamingTheLimit() throws Exception {
    putRows("big", 40, 4096); // 160 KiB of values against a 64 KiB limit
    TScan scan = new TScan().setStartRow(bb("big")).setStopRow(bb("bih"));
    TIOError e = assertThrows(TIOError.class, () -> client.getScannerResults(T, scan, 1000));
    assertTrue(e.getMessage().contains("scanner.max.result.size"), e.getMessage());
    assertTrue(e.getMessage().contains("openScanner"), e.getMessage());
    // The way round it: an open scanner reads all of it.
    int id = client.openScanner(T, scan);
    int n = 0;
    for (List<TResult> part = client.getScannerRows(id, 1000); !part.isEmpty();
        part = client.getScannerRows(id, 1000)) {
      n += part.size();
    }
    client.closeScanner(id);
    assertEquals(40, n);
    // A reply that fits is returned whole.
    assertEquals(10, client.getScannerResults(T, scan, 10).size());
  }
}
