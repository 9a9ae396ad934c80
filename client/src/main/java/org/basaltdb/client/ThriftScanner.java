package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scanner opened with {@code openScanner} on the server holding the scan's first row (the
 * server continues across the table's regions), read with {@code getScannerRows} and closed
 * with {@code closeScanner} at the end or on {@link #close()}. It stops fetching once it holds
 * the scan's {@link Scan#setLimit limit} of rows, without asking for an empty batch first.
 *
 * <p>A short scan, one whose limit fits in one batch ({@code limit <= caching}, at most
 * {@link #ONE_SHOT_MAX_ROWS} rows, whole rows), is one round trip instead of three or four:
 * Thrift2's {@code getScannerResults} opens, reads and closes it on the server in one call, as
 * HBase's own client does by sending the limit with its open request and letting the server
 * close the scanner when the limit is met. Such a call only reads, so it is retried whole. If
 * the rows would pass the server's {@code scanner.max.result.size}, the scan falls back to a
 * scanner, which returns them in parts.
 *
 * <p>A fetch is never repeated (it moves the server's cursor, so repeating it could skip rows).
 * When one fails because the server cannot be reached or asks to be retried (it died, or a
 * region is moving), the scanner reopens the scan on whichever server now holds the last row it
 * received, from that row, and drops that row when it comes again, as HBase's client scanner
 * does; this repeats until the operation timeout. Scans that return parts of rows
 * ({@link Scan#setBatch}) are not resumed: the error reaches the caller. A scanner left idle
 * longer than the server's {@code scanner.timeout} expires, and the next fetch fails with an
 * IOException saying so.
 */
final class ThriftScanner implements ResultScanner {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftScanner.class);

  /**
   * The most rows read in one {@code getScannerResults} call: 1,000 rows of YCSB's 1 KiB make
   * about 1 MB, under HBase's 2 MB per-call result size; longer scans use a scanner.
   */
  static final int ONE_SHOT_MAX_ROWS = 1000;

  /** The server's key for the largest one-call reply, named in the error that refuses one. */
  private static final String MAX_RESULT_SIZE_KEY = "scanner.max.result.size";

  private final Caller caller;
  private final LocationCache locations;
  private final TableName table;
  private final ByteBuffer tableBytes;
  private final TScan tscan;
  private final boolean reversed;
  private final int limit;
  private final boolean resumable;
  private final int caching;
  private final ArrayDeque<Result> buffer = new ArrayDeque<>();
  private ServerAddress server;
  private int scannerId;
  /** The last row received, and how many rows were: where a reopened scan starts. */
  private byte[] lastRow;
  private int rowsReceived;
  /** After a reopen: the row received before, which the new scanner returns first again. */
  private byte[] skipRow;
  private boolean exhausted;
  private boolean closed;
  private long rpcCalls;
  private long reopens;
  private long cells;
  private long cellBytes;

  ThriftScanner(ThriftConnection conn, TableName table, Scan scan) throws IOException {
    this.caller = conn.caller();
    this.locations = conn.locations();
    this.table = table;
    this.caching = scan.caching() > 0 ? scan.caching() : conn.scannerCaching();
    this.tscan = ThriftModel.toThrift(scan);
    this.tableBytes = ThriftSchema.tableNameToThriftBytes(table);
    this.reversed = scan.isReversed();
    this.limit = scan.limit();
    this.resumable = scan.batch() <= 0;
    if (limit > 0 && limit <= caching && limit <= ONE_SHOT_MAX_ROWS && resumable) {
      List<TResult> rows = oneShot(scan.startRow());
      if (rows != null) {
        exhausted = true;
        closed = true; // no scanner was left open on the server
        take(ThriftModel.resultsFromThrift(rows));
        return;
      }
    }
    this.scannerId = caller.withRetries("openScanner", table, scan.startRow(),
        () -> locations.invalidate(table), () -> open(tscan, scan.startRow()));
  }

  /**
   * The whole scan in one {@code getScannerResults} call to the server holding {@code from},
   * retried until the operation timeout; null when the rows are too large for one reply.
   */
  private List<TResult> oneShot(byte[] from) throws IOException {
    try {
      return caller.withRetries("scan", table, from, () -> locations.invalidate(table), () -> {
        ServerAddress at = (reversed && from.length == 0
            ? locations.last(table) : locations.locate(table, from)).server();
        rpcCalls++;
        return caller.once(at, true, c -> c.getScannerResults(tableBytes, tscan, limit));
      });
    } catch (DoNotRetryIOException e) {
      if (e.getMessage() != null && e.getMessage().contains(MAX_RESULT_SIZE_KEY)) {
        LOG.debug("scan of {}: {} rows too large for one reply; using a scanner", table, limit);
        return null;
      }
      throw e;
    }
  }

  /** Opens {@code t} on the server holding {@code from}; sets {@link #server}; returns the id. */
  private int open(TScan t, byte[] from) throws IOException {
    ServerAddress at = (reversed && from.length == 0
        ? locations.last(table) : locations.locate(table, from)).server();
    rpcCalls++;
    int id = caller.once(at, true, c -> c.openScanner(tableBytes, t));
    server = at;
    return id;
  }

  /** The next row; null at the end or once closed. */
  @Override
  public Result next() throws IOException {
    while (buffer.isEmpty() && !exhausted && !closed) {
      List<TResult> rows;
      try {
        rpcCalls++;
        rows = caller.once(server, true, c -> c.getScannerRows(scannerId, caching));
      } catch (RetryableException e) {
        if (!resumable) {
          throw e;
        }
        rows = resume(e);
      }
      if (rows.isEmpty()) {
        exhausted = true;
        close();
        break;
      }
      take(ThriftModel.resultsFromThrift(rows));
      if (limit > 0 && rowsReceived >= limit) {
        exhausted = true; // no need to ask for the empty batch that would say so
        close();
      }
    }
    return buffer.poll();
  }

  private void take(List<Result> results) {
    for (Result r : results) {
      if (skipRow != null && Bytes.equals(skipRow, r.row())) {
        continue; // received before the scanner was reopened
      }
      skipRow = null;
      if (limit > 0 && rowsReceived >= limit) {
        exhausted = true; // a reopened scan may run one row past the limit
        close();
        return;
      }
      buffer.add(r);
      lastRow = r.row();
      rowsReceived++;
      for (org.basaltdb.common.Cell c : r.cells()) {
        cells++;
        cellBytes += c.row().length + c.family().length + c.qualifier().length
            + c.value().length;
      }
    }
  }

  /**
   * Reopens the scan from the last row received (inclusive: a reversed TScan cannot start after
   * a row) and fetches its first rows, retrying both until the operation timeout.
   */
  private List<TResult> resume(IOException cause) throws IOException {
    LOG.info("scan of {} lost its scanner on {} ({}); reopening it from row {}", table, server,
        cause.getMessage(), lastRow == null ? "(start)" : Bytes.toStringBinary(lastRow));
    TScan t = tscan.deepCopy();
    byte[] from = tscan.isSetStartRow() ? tscan.getStartRow() : Bytes.EMPTY;
    if (lastRow != null) {
      from = lastRow;
      t.setStartRow(lastRow);
      if (limit > 0) {
        t.setLimit(limit - rowsReceived + 1);
      }
    }
    byte[] start = from;
    skipRow = lastRow;
    reopens++;
    return caller.withRetries("scan", table, start, () -> locations.invalidate(table), () -> {
      int id = open(t, start);
      scannerId = id;
      rpcCalls++;
      return caller.once(server, true, c -> c.getScannerRows(id, caching));
    });
  }

  @Override
  public ScanMetrics getScanMetrics() {
    return new ScanMetrics(rpcCalls, reopens, rowsReceived, cells, cellBytes);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rpcCalls++;
      caller.once(server, true, c -> {
        c.closeScanner(scannerId);
        return null;
      });
    } catch (IOException e) {
      // It expires on the server anyway; nothing the caller could do about it.
      LOG.debug("closing scanner {} on {} failed: {}", scannerId, server, e.getMessage());
    }
  }
}
