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
 * with {@code closeScanner} at the end or on {@link #close()}.
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
    this.scannerId = caller.withRetries("openScanner", table, scan.startRow(),
        () -> locations.invalidate(table), () -> open(tscan, scan.startRow()));
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
