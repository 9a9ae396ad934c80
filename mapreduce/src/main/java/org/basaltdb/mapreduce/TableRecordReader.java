package org.basaltdb.mapreduce;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.ScanMetrics;
import org.basaltdb.client.Table;
import org.basaltdb.client.TableNotFoundException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@link TableSplit} through the Java client. The client's scanner already follows a
 * region that splits or moves and a server that dies; what it cannot survive (its scanner expired
 * on the server while the mapper was slow, or it ran out of retries) reaches this reader, which
 * opens a new scanner just after the last row it returned (for a batched scan: at that row,
 * skipping the parts already returned), so every row is read once. Each such restart counts in
 * the job counter {@code HBaseCounters:NUM_SCANNER_RESTARTS}; after
 * {@code basalt.mapreduce.reader.restarts} restarts in a row without a row read, the task fails
 * with the last error. A missing table is not restarted.
 *
 * <p>{@link #getProgress} is the position of the last row in the split's key range (see
 * {@link KeyRanges#fraction}). The scanners' metrics become counters in the group
 * {@value #COUNTER_GROUP} (HBase's names where HBase has them), counting what the scanners received
 * (a restarted scanner's rows fetched ahead are received again): {@code ROWS_SCANNED},
 * {@code CELLS_SCANNED}, {@code BYTES_IN_RESULTS}, {@code RPC_CALLS} and {@code RPC_RETRIES}
 * (scanners the client reopened itself).
 *
 * <p>Thread safety: one thread, as every record reader.
 */
public class TableRecordReader extends RecordReader<ImmutableBytesWritable, Result> {
  private static final Logger LOG = LoggerFactory.getLogger(TableRecordReader.class);

  public static final String COUNTER_GROUP = "HBaseCounters";
  public static final String RESTARTS = "NUM_SCANNER_RESTARTS";

  /** Counters are published every this many rows, so a running job's totals move. */
  private static final int PUBLISH_EVERY_ROWS = 1000;

  /** Where counter increments go: the task's counters, the old API's reporter, or a test's. */
  public interface CounterSink {
    void increment(String name, long delta);
  }

  private TableSplit split;
  private Configuration conf;
  private Table table;
  private Closeable owned;
  private CounterSink counters;
  private int maxRestarts;
  private boolean batched;
  private int limit;

  private ResultScanner scanner;
  /** Metrics of the scanners closed by restarts, and what has been published. */
  private ScanMetrics earlier = ScanMetrics.NONE;
  private ScanMetrics published = ScanMetrics.NONE;
  private long restartsPublished;
  private long restarts;

  private final ImmutableBytesWritable key = new ImmutableBytesWritable();
  private Result value;
  private byte[] lastRow;
  /** For a batched scan: how many parts of {@link #lastRow} were returned. */
  private int partsOfLastRow;
  private long rows;
  private boolean done;

  @Override
  public void initialize(InputSplit inputSplit, TaskAttemptContext context) throws IOException {
    Configuration c = context.getConfiguration();
    TableName name = TableInputFormat.inputTable(c);
    Connection conn = ConnectionFactory.createConnection(c);
    try {
      initialize((TableSplit) inputSplit, c, conn.getTable(name), conn,
          (counter, delta) -> context.getCounter(COUNTER_GROUP, counter).increment(delta));
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  /**
   * A reader of {@code split} over its own connection made from {@code conf}, counting into
   * {@code counters} (for the old API's adapter, which has no task context).
   */
  public static TableRecordReader open(TableSplit split, Configuration conf,
      CounterSink counters) throws IOException {
    TableName name = TableInputFormat.inputTable(conf);
    Connection conn = ConnectionFactory.createConnection(conf);
    TableRecordReader r = new TableRecordReader();
    try {
      r.initialize(split, conf, conn.getTable(name), conn, counters);
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
    return r;
  }

  /** Reads {@code split} of {@code table}; closing the reader closes {@code owned}. */
  void initialize(TableSplit split, Configuration conf, Table table, Closeable owned,
      CounterSink counters) throws IOException {
    this.split = split;
    this.conf = conf;
    this.table = table;
    this.owned = owned;
    this.counters = counters;
    this.maxRestarts = MapReduceConfig.READER_MAX_RESTARTS.get(conf);
    Scan scan = ScanKeys.scanFrom(conf);
    this.batched = scan.batch() > 0;
    this.limit = scan.limit();
    this.scanner = open();
  }

  /** A scanner over the rest of the split: from its start, or on from the last row returned. */
  private ResultScanner open() throws IOException {
    Scan scan = ScanKeys.scanFrom(conf);
    if (lastRow == null) {
      scan.withStartRow(split.getStartRow(), true);
    } else {
      scan.withStartRow(lastRow, batched); // batched: parts of lastRow may remain
    }
    scan.withStopRow(split.getEndRow(), false);
    if (limit > 0) {
      scan.setLimit(Math.max(1, limit - (int) Math.min(rows, limit)));
    }
    return table.getScanner(scan);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (done) {
      return false;
    }
    if (limit > 0 && rows >= limit) {
      finish();
      return false;
    }
    int failures = 0;
    int partsToSkip = 0;
    while (true) {
      Result r;
      try {
        if (scanner == null) {
          scanner = open();
        }
        r = scanner.next();
      } catch (TableNotFoundException e) {
        throw e;
      } catch (IOException e) {
        failures++;
        if (failures > maxRestarts) {
          throw new IOException("reading " + split + " failed " + failures + " times in a row "
              + "without a row read (the last time after row " + describe(lastRow) + "): "
              + e.getMessage(), e);
        }
        LOG.warn("scan of {} failed after row {} ({}); restarting it after that row",
            split, describe(lastRow), e.getMessage());
        closeScanner();
        restarts++;
        partsToSkip = batched && lastRow != null ? partsOfLastRow : 0;
        continue;
      }
      if (r == null) {
        finish();
        return false;
      }
      if (partsToSkip > 0 && Bytes.equals(r.row(), lastRow)) {
        partsToSkip--;
        continue; // returned before the restart
      }
      partsToSkip = 0;
      if (Bytes.equals(r.row(), lastRow)) {
        partsOfLastRow++;
      } else {
        partsOfLastRow = 1;
        rows++;
      }
      lastRow = r.row();
      key.set(lastRow);
      value = r;
      if (rows % PUBLISH_EVERY_ROWS == 0) {
        publish();
      }
      return true;
    }
  }

  private static String describe(byte[] row) {
    return row == null ? "(none yet)" : "'" + Bytes.toStringBinary(row) + "'";
  }

  private void finish() {
    done = true;
    closeScanner();
    publish();
  }

  private void closeScanner() {
    if (scanner != null) {
      earlier = add(earlier, scanner.getScanMetrics());
      try {
        scanner.close();
      } catch (IOException e) {
        LOG.debug("closing a scanner of {} failed: {}", split, e.getMessage());
      }
      scanner = null;
    }
  }

  private static ScanMetrics add(ScanMetrics a, ScanMetrics b) {
    return new ScanMetrics(a.rpcCalls() + b.rpcCalls(), a.reopens() + b.reopens(),
        a.rows() + b.rows(), a.cells() + b.cells(), a.cellBytes() + b.cellBytes());
  }

  /** Adds to the counters what happened since they were last published. */
  private void publish() {
    ScanMetrics now = scanner == null ? earlier : add(earlier, scanner.getScanMetrics());
    increment("ROWS_SCANNED", now.rows() - published.rows());
    increment("CELLS_SCANNED", now.cells() - published.cells());
    increment("BYTES_IN_RESULTS", now.cellBytes() - published.cellBytes());
    increment("RPC_CALLS", now.rpcCalls() - published.rpcCalls());
    increment("RPC_RETRIES", now.reopens() - published.reopens());
    increment(RESTARTS, restarts - restartsPublished);
    published = now;
    restartsPublished = restarts;
  }

  private void increment(String name, long delta) {
    if (delta != 0) {
      counters.increment(name, delta);
    }
  }

  /** Restarts so far (for tests and the mapred adapter). */
  long restarts() {
    return restarts;
  }

  @Override
  public ImmutableBytesWritable getCurrentKey() {
    return key;
  }

  @Override
  public Result getCurrentValue() {
    return value;
  }

  @Override
  public float getProgress() {
    if (done) {
      return 1f;
    }
    return lastRow == null ? 0f
        : KeyRanges.fraction(split.getStartRow(), split.getEndRow(), lastRow);
  }

  @Override
  public void close() throws IOException {
    if (split == null) {
      return; // never initialized
    }
    if (!done) {
      closeScanner();
      publish();
    }
    if (owned != null) {
      owned.close();
      owned = null;
    }
  }
}
