package org.basaltdb.mapreduce;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.junit.jupiter.api.Test;

/** The scan from configuration keys, key parsing and the scan encoding. */
class ScanKeysTest {
  @Test
  void parsesBinaryKeysAsTheShellPrintsThem() throws IOException {
    assertArrayEquals(new byte[] {'a', 0, (byte) 0xFF, 'b'},
        ScanKeys.parseBinary("a\\x00\\xffb", "k"));
    assertArrayEquals(toBytes("plain"), ScanKeys.parseBinary("plain", "k"));
    IOException e = assertThrows(IOException.class, () -> ScanKeys.parseBinary("a\\xZ1", "k1"));
    assertTrue(e.getMessage().contains("k1") && e.getMessage().contains("offset 1"),
        e.getMessage());
  }

  @Test
  void scanFromHBaseKeys() throws IOException {
    Configuration c = new Configuration(false);
    c.set("hbase.mapreduce.scan.row.start", "a\\x01");
    c.set("hbase.mapreduce.scan.row.stop", "m");
    c.set("hbase.mapreduce.scan.columns", "f g:q1  g:q2");
    c.set("hbase.mapreduce.scan.timerange.start", "10");
    c.set("hbase.mapreduce.scan.timerange.end", "20");
    c.set("hbase.mapreduce.scan.maxversions", "3");
    c.set("hbase.mapreduce.scan.cachedrows", "500");
    c.set("hbase.mapreduce.scan.batchsize", "7");
    c.set("hbase.mapreduce.scan.cacheblocks", "true");
    Scan s = ScanKeys.scanFrom(c);
    assertArrayEquals(new byte[] {'a', 1}, s.startRow());
    assertArrayEquals(toBytes("m"), s.stopRow());
    assertTrue(s.families().get(toBytes("f")).isEmpty());
    assertEquals(2, s.families().get(toBytes("g")).size());
    assertEquals(new TimeRange(10, 20), s.timeRange());
    assertEquals(3, s.maxVersions());
    assertEquals(500, s.caching());
    assertEquals(7, s.batch());
    assertTrue(s.cacheBlocks());
  }

  @Test
  void jobScansDoNotCacheBlocksByDefault() throws IOException {
    assertFalse(ScanKeys.scanFrom(new Configuration(false)).cacheBlocks());
  }

  @Test
  void badKeysAreNamed() {
    Configuration c = new Configuration(false);
    c.set("hbase.mapreduce.scan.maxversions", "many");
    assertTrue(assertThrows(IOException.class, () -> ScanKeys.scanFrom(c)).getMessage()
        .contains("hbase.mapreduce.scan.maxversions"));
    Configuration d = new Configuration(false);
    d.set("hbase.mapreduce.scan.timerange.start", "5");
    assertTrue(assertThrows(IOException.class, () -> ScanKeys.scanFrom(d)).getMessage()
        .contains("hbase.mapreduce.scan.timerange.end"));
  }

  @Test
  void encodingRoundTrips() throws IOException {
    Scan s = new Scan().withStartRow(toBytes("b")).withStopRow(toBytes("y"))
        .addColumn(toBytes("f"), toBytes("q")).addFamily(toBytes("g")).readVersions(2)
        .setFilter("PrefixFilter('b')").setCaching(42).setBatch(3).setLimit(9)
        .setCacheBlocks(false).setTimeRange(new TimeRange(5, 500));
    String encoded = ScanEncoding.encode(s);
    assertTrue(encoded.startsWith("BS1:"), encoded);
    Scan back = ScanEncoding.decode(encoded, "k");
    assertArrayEquals(s.startRow(), back.startRow());
    assertArrayEquals(s.stopRow(), back.stopRow());
    assertEquals(2, back.families().size());
    assertEquals(2, back.maxVersions());
    assertEquals("PrefixFilter('b')", back.filter());
    assertEquals(42, back.caching());
    assertEquals(3, back.batch());
    assertEquals(9, back.limit());
    assertFalse(back.cacheBlocks());
    assertEquals(new TimeRange(5, 500), back.timeRange());
    // the encoded scan wins over the scan.* keys
    Configuration c = new Configuration(false);
    c.set("hbase.mapreduce.scan", encoded);
    c.set("hbase.mapreduce.scan.row.start", "zzz");
    assertArrayEquals(toBytes("b"), ScanKeys.scanFrom(c).startRow());
  }

  /** The worked example of docs/formats/scan-encoding.md. */
  @Test
  void documentedExample() throws IOException {
    String doc = "BS1:CwABAAAAAWELAAIAAAABYggABAAAAGQCAAwAAA==";
    assertEquals(doc, ScanEncoding.encode(new Scan().withStartRow(toBytes("a"))
        .withStopRow(toBytes("b")).setCaching(100).setCacheBlocks(false)));
    Scan s = ScanEncoding.decode(doc, "k");
    assertArrayEquals(toBytes("a"), s.startRow());
    assertEquals(100, s.caching());
  }

  @Test
  void exclusiveStartIsEncodedAsTheNextKey() throws IOException {
    Scan back = ScanEncoding.decode(ScanEncoding.encode(
        new Scan().withStartRow(toBytes("a"), false)), "k");
    assertArrayEquals(new byte[] {'a', 0}, back.startRow());
  }

  @Test
  void badEncodingsAreNamed() {
    for (String bad : new String[] {"AAAA", "BS1:not base64!", "BS1:CwABf////w=="}) {
      IOException e = assertThrows(IOException.class,
          () -> ScanEncoding.decode(bad, "hbase.mapreduce.scan"));
      assertTrue(e.getMessage().contains("hbase.mapreduce.scan"), e.getMessage());
    }
  }
}
