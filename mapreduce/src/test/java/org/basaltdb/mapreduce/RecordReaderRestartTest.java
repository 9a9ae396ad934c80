package org.basaltdb.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.ScanMetrics;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record reader's restart path, against a real server: the table's scanners are wrapped so
 * that the first few fail part-way (as an expired scanner does), and the reader must still
 * return every row, or every cell of a batched scan, exactly once.
 */
class RecordReaderRestartTest {
  @TempDir
  static Path dir;

  static TestCluster cluster;
  static final TableName T = TableName.valueOf("restart");
  static final int ROWS = 300;

  @BeforeAll
  static void start() throws Exception {
    // Idle scanners expire after 5 s (checked every quarter of that), for the expiry test. Not
    // shorter: the other tests count restarts exactly, and a loaded machine can leave a reader
    // idle for a second between two fetches, which must not expire its scanner.
    cluster = TestCluster.start(dir, c -> c.set("scanner.timeout", "5s"));
    cluster.createTable(T, 3, ROWS, "f");
    cluster.load(T, ROWS, "f", 3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The real table, whose first {@code failing} scanners throw after {@code after} results. */
  static Table flaky(Table real, int failing, int after) {
    int[] opened = {0};
    return (Table) Proxy.newProxyInstance(Table.class.getClassLoader(),
        new Class<?>[] {Table.class}, (proxy, m, args) -> {
          try {
            Object r = m.invoke(real, args);
            if (m.getName().equals("getScanner") && opened[0]++ < failing) {
              return failAfter((ResultScanner) r, after);
            }
            return r;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  static ResultScanner failAfter(ResultScanner s, int after) {
    return new ResultScanner() {
      int n;

      @Override
      public Result next() throws IOException {
        if (n++ == after) {
          throw new IOException("scanner 7 is not open: it was never opened, was closed, or "
              + "expired after being idle");
        }
        return s.next();
      }

      @Override
      public ScanMetrics getScanMetrics() {
        return s.getScanMetrics();
      }

      @Override
      public void close() throws IOException {
        s.close();
      }
    };
  }

  record Read(List<Result> results, Map<String, Long> counters, List<Float> progress) {}

  static Read readAll(Configuration conf, Table table) throws IOException {
    TableSplit split = new TableSplit(T.toString(), Bytes.EMPTY, Bytes.EMPTY, "", "", 0);
    Map<String, Long> counters = new HashMap<>();
    TableRecordReader reader = new TableRecordReader();
    reader.initialize(split, conf, table, null, (n, d) -> counters.merge(n, d, Long::sum));
    List<Result> out = new ArrayList<>();
    List<Float> progress = new ArrayList<>();
    while (reader.nextKeyValue()) {
      out.add(reader.getCurrentValue());
      progress.add(reader.getProgress());
    }
    progress.add(reader.getProgress());
    reader.close();
    return new Read(out, counters, progress);
  }

  @Test
  void everyRowOnceAcrossRestarts() throws IOException {
    Configuration conf = cluster.jobConf();
    Read r = readAll(conf, flaky(cluster.conn.getTable(T), 2, 50));
    assertEquals(ROWS, r.results().size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(Bytes.toString(TestCluster.row(i)), Bytes.toString(r.results().get(i).row()));
      assertEquals(3, r.results().get(i).size());
    }
    assertEquals(2L, r.counters().get(TableRecordReader.RESTARTS));
    // the abandoned scanners had fetched rows ahead that were read again
    assertTrue(r.counters().get("ROWS_SCANNED") > ROWS, r.counters().toString());
    float prev = 0;
    for (float p : r.progress()) {
      assertTrue(p >= prev && p <= 1, r.progress().toString());
      prev = p;
    }
    assertEquals(1f, prev);
  }

  @Test
  void batchedScanRestartsInsideARowWithoutRepeatingParts() throws IOException {
    Configuration conf = cluster.jobConf();
    conf.set(MapReduceConfig.SCAN_BATCHSIZE.name(), "2"); // each row: parts of 2 and 1 cells
    // fail after 51 results: in the middle of row 25 (its first part returned)
    Read r = readAll(conf, flaky(cluster.conn.getTable(T), 3, 51));
    List<String> cells = new ArrayList<>();
    for (Result res : r.results()) {
      for (Cell c : res.cells()) {
        cells.add(Bytes.toString(c.row()) + "/" + Bytes.toString(c.qualifier()));
      }
    }
    assertEquals(3 * ROWS, cells.size());
    assertEquals(3 * ROWS, cells.stream().distinct().count());
    assertEquals(3L, r.counters().get(TableRecordReader.RESTARTS));
  }

  /** The real thing: the server expires the reader's idle scanner between two rows. */
  @Test
  void restartsAfterTheServerExpiredItsScanner() throws Exception {
    Configuration conf = cluster.jobConf();
    conf.set(MapReduceConfig.SCAN_CACHEDROWS.name(), "1");
    TableSplit split = new TableSplit(T.toString(), Bytes.EMPTY, Bytes.EMPTY, "", "", 0);
    Map<String, Long> counters = new HashMap<>();
    TableRecordReader reader = new TableRecordReader();
    reader.initialize(split, conf, cluster.conn.getTable(T), null,
        (n, d) -> counters.merge(n, d, Long::sum));
    List<String> rows = new ArrayList<>();
    assertTrue(reader.nextKeyValue());
    rows.add(Bytes.toString(reader.getCurrentKey().get()));
    // the mapper is slow: the server closes the idle scanner
    Await.until("the idle scanner to expire", 30_000,
        () -> cluster.basalt.openScanners() == 0);
    while (reader.nextKeyValue()) {
      rows.add(Bytes.toString(reader.getCurrentKey().get()));
    }
    reader.close();
    assertEquals(ROWS, rows.size());
    assertEquals(ROWS, rows.stream().distinct().count());
    // the client does not resume an expired scanner (the server says the id is invalid, which
    // is not retryable): the reader does
    assertEquals(1L, counters.get(TableRecordReader.RESTARTS), counters.toString());
  }

  @Test
  void givesUpAfterTooManyRestartsWithoutProgress() throws IOException {
    Configuration conf = cluster.jobConf();
    conf.setInt(MapReduceConfig.READER_MAX_RESTARTS.name(), 2);
    IOException e = assertThrows(IOException.class,
        () -> readAll(conf, flaky(cluster.conn.getTable(T), 100, 0)));
    assertTrue(e.getMessage().contains("3 times in a row") && e.getMessage().contains("expired"),
        e.getMessage());
  }
}
