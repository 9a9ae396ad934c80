package org.basaltdb.regionserver.thrift;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;

/**
 * Where a {@code THBaseService} request goes: the table it names, the local region holding a
 * row, or the server a request is forwarded to. {@link ThriftHandler} and {@link TableScanners}
 * share one. Safe from any thread.
 */
final class Router {
  private static final int FORWARD_ATTEMPTS = 4;
  private static final int TABLE_NAMES_KEPT = 1000;

  private final RegionServer rs;
  private final MasterService master;
  /** Null when every region is local (standalone mode, forwarded requests). */
  private final Forwarder forwarder;
  private final ConcurrentHashMap<ByteBuffer, TableName> tableNames = new ConcurrentHashMap<>();

  Router(RegionServer rs, MasterService master, Forwarder forwarder) {
    this.rs = rs;
    this.master = master;
    this.forwarder = forwarder;
  }

  /**
   * The table a request names. Parsed names are kept by their bytes (every request names its
   * table, and strict UTF-8 decoding plus the name's rules cost more than a look-up); the map is
   * cleared if it ever holds {@value #TABLE_NAMES_KEPT} names. Bad names are never kept.
   */
  TableName table(ByteBuffer t) {
    TableName name = t == null ? null : tableNames.get(t);
    if (name == null) {
      name = ThriftSchema.tableNameFromThrift(t);
      if (tableNames.size() >= TABLE_NAMES_KEPT) {
        tableNames.clear();
      }
      byte[] key = new byte[t.remaining()];
      t.duplicate().get(key);
      tableNames.put(ByteBuffer.wrap(key), name);
    }
    RequestMetrics.table(name);
    return name;
  }

  /** The region holding {@code row}; a missing table gets its own message. */
  Region route(TableName t, byte[] row) throws IOException {
    try {
      return rs.region(t, row);
    } catch (NotServingRegionException e) {
      if (!master.tableExists(t)) {
        throw new IOException("table " + t + " does not exist");
      }
      if (master.isTableDisabled(t)) {
        throw new IOException("table " + t + " is disabled");
      }
      throw e;
    }
  }

  /**
   * The local region holding {@code row}, or null when it is served elsewhere and this server
   * forwards (without a forwarder, as {@link #route}).
   */
  Region localOrNull(TableName t, byte[] row) throws IOException {
    if (forwarder == null) {
      return route(t, row);
    }
    try {
      return rs.region(t, row);
    } catch (NotServingRegionException e) {
      return null;
    }
  }

  /**
   * Sends a request for {@code row} to the server holding it. A region moving (the owner says
   * not serving, or cannot be reached) is looked up again a few times before the caller gets a
   * retryable error; the owner's other errors reach the caller unchanged.
   */
  <T> T forward(TableName t, byte[] row, Forwarder.RemoteCall<T> c)
      throws IOException, TIOError, TIllegalArgument {
    return forward(t, row, true, c);
  }

  /**
   * As {@link #forward(TableName, byte[], Forwarder.RemoteCall)}; a connection that breaks
   * during a call that is not {@code idempotent} (increment, append, check-and-mutate) is not
   * retried, since the owner may have applied it: the caller hears so.
   */
  <T> T forward(TableName t, byte[] row, boolean idempotent, Forwarder.RemoteCall<T> c)
      throws IOException, TIOError, TIllegalArgument {
    IOException last = null;
    for (int attempt = 0; attempt < FORWARD_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        forwarder.invalidate(t);
        pause(attempt);
      }
      Forwarder.Owner o = forwarder.locate(t, row);
      if (o.local() || o.serverName() == null) {
        Region r = rs.regionByName(o.region().encodedName());
        last = new NotServingRegionException("region " + o.region().encodedName() + " of table "
            + t + " holding row '" + Bytes.toStringBinary(row) + "' is not open yet"
            + (o.serverName() == null ? " (being assigned)" : " on " + o.serverName()));
        if (r == null) {
          continue;
        }
        throw last; // open here after all: the caller's own retry will find it
      }
      try {
        return forwarder.call(o.serverName(), c);
      } catch (TIOError e) {
        if (!e.isCanRetry()) {
          throw e;
        }
        last = new NotServingRegionException(e.getMessage());
      } catch (TIllegalArgument e) {
        throw e;
      } catch (RpcClients.UnreachableException e) {
        last = new NotServingRegionException("region " + o.region().encodedName()
            + " of table " + t + ": " + e.getMessage());
      } catch (IOException e) {
        if (!idempotent) {
          throw new IOException(e.getMessage() + " (the request may or may not have been "
              + "applied)", e);
        }
        last = new NotServingRegionException("region " + o.region().encodedName()
            + " of table " + t + ": " + e.getMessage());
      } catch (TException e) {
        throw new IOException("forwarding to " + o.serverName() + " failed: " + e, e);
      }
    }
    throw last;
  }

  private static void pause(int attempt) throws InterruptedIOException {
    try {
      Thread.sleep(50L << Math.min(attempt, 4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a region moved");
    }
  }

  static ByteBuffer tableBytes(TableName t) {
    return ThriftSchema.tableNameToThriftBytes(t);
  }
}
