package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
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
 * <p>Only opening is retried: a fetch moves the server's cursor, so repeating one could skip
 * rows. A scanner left idle longer than the server's {@code scanner.timeout} expires, and the
 * next fetch fails with an IOException saying so.
 */
final class ThriftScanner implements ResultScanner {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftScanner.class);

  private final Caller caller;
  private final ServerAddress server;
  private final int scannerId;
  private final int caching;
  private final ArrayDeque<Result> buffer = new ArrayDeque<>();
  private boolean exhausted;
  private boolean closed;

  ThriftScanner(ThriftConnection conn, TableName table, Scan scan) throws IOException {
    this.caller = conn.caller();
    this.caching = scan.caching() > 0 ? scan.caching() : conn.scannerCaching();
    TScan tscan = ThriftModel.toThrift(scan);
    ByteBuffer tableBytes = ThriftSchema.tableNameToThriftBytes(table);
    LocationCache locations = conn.locations();
    ServerAddress[] at = new ServerAddress[1];
    this.scannerId = caller.withRetries("openScanner", table, scan.startRow(),
        () -> locations.invalidate(table), () -> {
          at[0] = (scan.isReversed() && scan.startRow().length == 0
              ? locations.last(table) : locations.locate(table, scan.startRow())).server();
          return caller.once(at[0], true, c -> c.openScanner(tableBytes, tscan));
        });
    this.server = at[0];
  }

  /** The next row; null at the end or once closed. */
  @Override
  public Result next() throws IOException {
    if (buffer.isEmpty() && !exhausted && !closed) {
      List<TResult> rows = caller.once(server, false, c -> c.getScannerRows(scannerId, caching));
      if (rows.isEmpty()) {
        exhausted = true;
        close();
      } else {
        buffer.addAll(ThriftModel.resultsFromThrift(rows));
      }
    }
    return buffer.poll();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
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
