package org.basaltdb.regionserver.thrift;

import static org.basaltdb.regionserver.thrift.Router.tableBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.region.RegionTooBusyException;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.rpc.CatalogHandler;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TAppend;
import org.basaltdb.thrift.generated.TCompareOp;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.TIncrement;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TRowMutations;
import org.basaltdb.thrift.generated.TScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HBase's Thrift2 {@code THBaseService}, served by a region server: reads, writes and scans go
 * to the regions holding the rows (here, or forwarded to their server); DDL and the catalog are
 * {@link CatalogHandler}'s, which asks the master and maps Basalt's errors to Thrift exceptions
 * for both halves. Here a region moving or a server too busy is retriable too, and a failure
 * that is not makes the server check its health (a dead WAL takes it down).
 */
public final class ThriftHandler extends CatalogHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftHandler.class);

  private final RegionServer rs;
  private final Router router;
  private final TableScanners tableScanners;
  private final ScannerRegistry scanners;
  /** Rows a one-shot scan reads per step while it checks the reply's size. */
  private static final int ONE_SHOT_BATCH = 1024;

  private final int maxRows;
  private final long maxResultSize;

  /** A handler serving only this server's regions (standalone mode, or forwarded requests). */
  public ThriftHandler(RegionServer rs, MasterService master) {
    this(rs, master, null);
  }

  /**
   * A handler that forwards requests for regions served elsewhere through {@code forwarder}
   * (null: answers from local regions only).
   */
  public ThriftHandler(RegionServer rs, MasterService master, Forwarder forwarder) {
    this(rs, master, forwarder, rs.clock(), rs.conf());
  }

  private ThriftHandler(RegionServer rs, MasterService master, Forwarder forwarder,
      org.basaltdb.common.Clock clock, org.apache.hadoop.conf.Configuration conf) {
    super(master);
    this.rs = rs;
    this.router = new Router(rs, master, forwarder);
    this.tableScanners = new TableScanners(rs, master, forwarder, router);
    this.scanners = new ScannerRegistry(clock, RegionServerConfig.SCANNER_TIMEOUT.get(conf));
    this.maxRows = RegionServerConfig.SCANNER_MAX_CACHING.get(conf);
    this.maxResultSize = RegionServerConfig.SCANNER_MAX_RESULT_SIZE.get(conf);
  }

  /** Closes idle scanners; the server calls this periodically. */
  public int expireScanners() {
    return scanners.expire();
  }

  public int openScanners() {
    return scanners.size();
  }

  public void close() {
    scanners.closeAll();
  }

  // ------------------------------------------------------------------ error mapping

  /**
   * Before any call: a stopping server, or one whose ZooKeeper session is not confirmed recently
   * enough ({@link RegionServer#checkLease}), answers with a retriable error, which clients take
   * as a region moved.
   */
  @Override
  protected void checkServing() throws TIOError {
    if (rs.isStopped()) {
      throw new TIOError().setMessage("region server " + rs.serverName() + " is stopping")
          .setCanRetry(true);
    }
    try {
      rs.checkLease();
    } catch (NotServingRegionException e) {
      throw new TIOError().setMessage(e.getMessage()).setCanRetry(true);
    }
  }

  /**
   * A call that reads: {@link #call}, and the lease checked again once the answer is read,
   * before it is sent. A server paused after the first check and resumed after its regions
   * moved would otherwise answer from what it held before; with this second check an answer
   * that goes out was read while no other server could hold the region, and after the request
   * arrived, so it is current as of that moment however long the reply then takes.
   */
  private <T> T read(String method, Call<T> c) throws TIOError, TIllegalArgument {
    return call(method, () -> {
      T answer = c.run();
      rs.checkLease();
      return answer;
    });
  }

  /**
   * A check-and-mutate's outcome: when the condition failed nothing was written, so the answer
   * is a read and needs the lease as {@link #read} does; when it held, the write went through
   * the WAL, which a server whose regions moved cannot sync.
   */
  private boolean checked(boolean applied) throws NotServingRegionException {
    if (!applied) {
      rs.checkLease();
    }
    return applied;
  }

  @Override
  protected boolean canRetry(Exception e) {
    return super.canRetry(e) || e instanceof RegionClosedException
        || e instanceof RegionTooBusyException;
  }

  @Override
  protected void failed(Exception e) {
    rs.checkHealth(); // a write that failed because the WAL died takes the server down now
  }

  @Override
  protected void answeredWithError() {
    RequestMetrics.failed();
  }

  @Override
  protected TableName table(ByteBuffer t) {
    return router.table(t);
  }

  @Override
  protected String localServerName() {
    return rs.serverName();
  }

  // ------------------------------------------------------------------ reads

  @Override
  public boolean exists(ByteBuffer table, TGet tget) throws TIOError, TIllegalArgument {
    return read("exists", () -> {
      Get g = ThriftModel.fromThrift(tget);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, g.row());
      return r != null ? r.exists(g)
          : router.forward(t, g.row(), c -> c.exists(tableBytes(t), tget));
    });
  }

  @Override
  public List<Boolean> existsAll(ByteBuffer table, List<TGet> tgets)
      throws TIOError, TIllegalArgument {
    return read("existsAll", () -> {
      TableName t = router.table(table);
      List<Get> gets = ThriftModel.getsFromThrift(tgets);
      List<Boolean> out = new ArrayList<>();
      for (int i = 0; i < gets.size(); i++) {
        Get g = gets.get(i);
        Region r = router.localOrNull(t, g.row());
        TGet tg = tgets.get(i);
        out.add(r != null ? r.exists(g)
            : router.forward(t, g.row(), c -> c.exists(tableBytes(t), tg)));
      }
      return out;
    });
  }

  @Override
  public TResult get(ByteBuffer table, TGet tget) throws TIOError, TIllegalArgument {
    return ThriftModel.toThrift(getRow(table, tget));
  }

  /**
   * {@link #get} as a Basalt result, which {@link DirectReplies} writes without converting (a
   * forwarded answer is converted back).
   */
  Result getRow(ByteBuffer table, TGet tget) throws TIOError, TIllegalArgument {
    return read("get", () -> {
      Get g = ThriftModel.fromThrift(tget);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, g.row());
      if (r != null) {
        return r.get(g);
      }
      TResult remote = router.forward(t, g.row(), c -> c.get(tableBytes(t), tget));
      return ThriftModel.fromThrift(remote);
    });
  }

  @Override
  public List<TResult> getMultiple(ByteBuffer table, List<TGet> tgets)
      throws TIOError, TIllegalArgument {
    return ThriftModel.resultsToThrift(getRows(table, tgets));
  }

  /** {@link #getMultiple} as Basalt results (see {@link #getRow}). */
  List<Result> getRows(ByteBuffer table, List<TGet> tgets) throws TIOError, TIllegalArgument {
    return read("getMultiple", () -> {
      TableName t = router.table(table);
      List<Get> gets = ThriftModel.getsFromThrift(tgets);
      List<Result> out = new ArrayList<>(gets.size());
      for (int i = 0; i < gets.size(); i++) {
        Get g = gets.get(i);
        Region r = router.localOrNull(t, g.row());
        TGet tg = tgets.get(i);
        if (r != null) {
          out.add(r.get(g));
        } else {
          TResult remote = router.forward(t, g.row(), c -> c.get(tableBytes(t), tg));
          out.add(ThriftModel.fromThrift(remote));
        }
      }
      return out;
    });
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(ByteBuffer table, TPut tput) throws TIOError, TIllegalArgument {
    call("put", () -> {
      var p = ThriftModel.fromThrift(tput);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, p.row());
      if (r != null) {
        r.put(p);
      } else {
        router.forward(t, p.row(), c -> {
          c.put(tableBytes(t), tput);
          return null;
        });
      }
      return null;
    });
  }

  @Override
  public void putMultiple(ByteBuffer table, List<TPut> tputs) throws TIOError, TIllegalArgument {
    call("putMultiple", () -> {
      TableName t = router.table(table);
      List<Mutation> ms = new ArrayList<>(ThriftModel.putsFromThrift(tputs));
      applyByRegion(t, ms, i -> c -> {
        c.put(tableBytes(t), tputs.get(i));
        return null;
      });
      return null;
    });
  }

  @Override
  public void deleteSingle(ByteBuffer table, TDelete tdelete) throws TIOError, TIllegalArgument {
    call("deleteSingle", () -> {
      var d = ThriftModel.fromThrift(tdelete);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, d.row());
      if (r != null) {
        r.delete(d);
      } else {
        router.forward(t, d.row(), c -> {
          c.deleteSingle(tableBytes(t), tdelete);
          return null;
        });
      }
      return null;
    });
  }

  /** Applies every delete; HBase returns the ones that failed, so an empty list is success. */
  @Override
  public List<TDelete> deleteMultiple(ByteBuffer table, List<TDelete> tdeletes)
      throws TIOError, TIllegalArgument {
    return call("deleteMultiple", () -> {
      TableName t = router.table(table);
      List<Mutation> ms = new ArrayList<>(ThriftModel.deletesFromThrift(tdeletes));
      applyByRegion(t, ms, i -> c -> {
        c.deleteSingle(tableBytes(t), tdeletes.get(i));
        return null;
      });
      return new ArrayList<TDelete>();
    });
  }

  /**
   * Applies mutations one batch per local region; those of regions served elsewhere are
   * forwarded one by one ({@code remote} makes the call for the i-th mutation).
   */
  private void applyByRegion(TableName t, List<Mutation> ms,
      java.util.function.IntFunction<Forwarder.RemoteCall<Void>> remote)
      throws IOException, TIOError, TIllegalArgument {
    Map<Region, List<Mutation>> byRegion = new LinkedHashMap<>();
    List<Integer> elsewhere = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      Mutation m = ms.get(i);
      Region r = router.localOrNull(t, m.row());
      if (r == null) {
        elsewhere.add(i);
      } else {
        byRegion.computeIfAbsent(r, x -> new ArrayList<>()).add(m);
      }
    }
    for (Map.Entry<Region, List<Mutation>> e : byRegion.entrySet()) {
      e.getKey().mutate(e.getValue());
    }
    for (int i : elsewhere) {
      router.forward(t, ms.get(i).row(), remote.apply(i));
    }
  }

  @Override
  public boolean checkAndPut(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TPut tput) throws TIOError, TIllegalArgument {
    return call("checkAndPut", () -> {
      var cam = ThriftModel.checkAndPutFromThrift(row, family, qualifier, value, tput);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, cam.row());
      return r != null ? checked(r.checkAndMutate(cam)) : router.forward(t, cam.row(), false,
          c -> c.checkAndPut(tableBytes(t), row, family, qualifier, value, tput));
    });
  }

  @Override
  public boolean checkAndDelete(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TDelete tdelete) throws TIOError, TIllegalArgument {
    return call("checkAndDelete", () -> {
      var cam = ThriftModel.checkAndDeleteFromThrift(row, family, qualifier, value, tdelete);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, cam.row());
      return r != null ? checked(r.checkAndMutate(cam)) : router.forward(t, cam.row(), false,
          c -> c.checkAndDelete(tableBytes(t), row, family, qualifier, value, tdelete));
    });
  }

  @Override
  public boolean checkAndMutate(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, TCompareOp compareOp, ByteBuffer value, TRowMutations rowMutations)
      throws TIOError, TIllegalArgument {
    return call("checkAndMutate", () -> {
      var cam = ThriftModel.checkAndMutateFromThrift(row, family, qualifier, compareOp, value,
          rowMutations);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, cam.row());
      return r != null ? checked(r.checkAndMutate(cam)) : router.forward(t, cam.row(), false,
          c -> c.checkAndMutate(
          tableBytes(t), row, family, qualifier, compareOp, value, rowMutations));
    });
  }

  @Override
  public TResult increment(ByteBuffer table, TIncrement tincrement)
      throws TIOError, TIllegalArgument {
    return call("increment", () -> {
      var inc = ThriftModel.fromThrift(tincrement);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, inc.row());
      return r != null ? ThriftModel.toThrift(r.increment(inc))
          : router.forward(t, inc.row(), false, c -> c.increment(tableBytes(t), tincrement));
    });
  }

  @Override
  public TResult append(ByteBuffer table, TAppend tappend) throws TIOError, TIllegalArgument {
    return call("append", () -> {
      var app = ThriftModel.fromThrift(tappend);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, app.row());
      return r != null ? ThriftModel.toThrift(r.append(app))
          : router.forward(t, app.row(), false, c -> c.append(tableBytes(t), tappend));
    });
  }

  @Override
  public void mutateRow(ByteBuffer table, TRowMutations trowMutations)
      throws TIOError, TIllegalArgument {
    call("mutateRow", () -> {
      var rm = ThriftModel.fromThrift(trowMutations);
      TableName t = router.table(table);
      Region r = router.localOrNull(t, rm.row());
      if (r != null) {
        r.mutateRow(rm);
      } else {
        router.forward(t, rm.row(), c -> {
          c.mutateRow(tableBytes(t), trowMutations);
          return null;
        });
      }
      return null;
    });
  }

  // ------------------------------------------------------------------ scans

  @Override
  public int openScanner(ByteBuffer table, TScan tscan) throws TIOError, TIllegalArgument {
    return openScanner(table, tscan, null);
  }

  /**
   * {@link #openScanner}, keeping {@code attachment} with the scanner for the front end that
   * opened it ({@link Thrift1Handler}); see {@link #scannerAttachment}.
   */
  int openScanner(ByteBuffer table, TScan tscan, Object attachment)
      throws TIOError, TIllegalArgument {
    return call("openScanner", () -> {
      Scan s = ThriftModel.fromThrift(tscan);
      TableName t = router.table(table);
      Region.checkScan(s); // a bad filter or option fails at open, not at the first fetch
      return scanners.add(tableScanners.open(t, s, tscan), attachment);
    });
  }

  /** What {@link #openScanner(ByteBuffer, TScan, Object)} kept with an open scanner. */
  Object scannerAttachment(int scannerId) throws TIllegalArgument {
    ScannerRegistry.Entry e = scanners.get(scannerId);
    if (e == null) {
      throw invalidScanner(scannerId);
    }
    return e.attachment;
  }

  private static TIllegalArgument invalidScanner(int scannerId) {
    return new TIllegalArgument().setMessage("invalid scanner id " + scannerId
        + ": it was never opened, was closed, or expired after being idle");
  }

  @Override
  public List<TResult> getScannerRows(int scannerId, int numRows)
      throws TIOError, TIllegalArgument {
    return ThriftModel.resultsToThrift(scannerRows(scannerId, numRows));
  }

  /** {@link #getScannerRows} as Basalt results (see {@link #getRow}). */
  List<Result> scannerRows(int scannerId, int numRows) throws TIOError, TIllegalArgument {
    return call("getScannerRows", () -> {
      if (numRows < 0) {
        throw new TIllegalArgument().setMessage("numRows must not be negative: " + numRows);
      }
      ScannerRegistry.Entry e = scanners.get(scannerId);
      if (e == null) {
        throw invalidScanner(scannerId);
      }
      List<Result> rows;
      synchronized (e) {
        rows = e.scanner.next(Math.min(numRows, maxRows));
      }
      try {
        rs.checkLease(); // as read() does
      } catch (NotServingRegionException notServing) {
        // The cursor has moved past rows the caller will not get: the scanner must not go on.
        // (Basalt's client reopens the scan from the last row it received.)
        scanners.close(scannerId);
        throw notServing;
      }
      return rows;
    });
  }

  @Override
  public void closeScanner(int scannerId) throws TIOError, TIllegalArgument {
    call("closeScanner", () -> {
      if (!scanners.close(scannerId)) {
        throw invalidScanner(scannerId);
      }
      return null;
    });
  }

  @Override
  public List<TResult> getScannerResults(ByteBuffer table, TScan tscan, int numRows)
      throws TIOError, TIllegalArgument {
    return ThriftModel.resultsToThrift(scanResults(table, tscan, numRows));
  }

  /** {@link #getScannerResults} as Basalt results (see {@link #getRow}). */
  List<Result> scanResults(ByteBuffer table, TScan tscan, int numRows)
      throws TIOError, TIllegalArgument {
    return read("getScannerResults", () -> {
      if (numRows < 0) {
        throw new TIllegalArgument().setMessage("numRows must not be negative: " + numRows);
      }
      Scan scan = ThriftModel.fromThrift(tscan);
      Region.checkScan(scan);
      try (TableScanner s = tableScanners.open(router.table(table), scan, tscan)) {
        return oneShot(s, numRows);
      }
    });
  }

  /**
   * All of a one-shot scan's rows, up to {@code numRows}, as HBase returns them: never fewer
   * without saying so. Memory stays bounded by bytes, not rows: a reply that would pass
   * {@code scanner.max.result.size} fails with an error naming the limit and the way round it.
   */
  private List<Result> oneShot(TableScanner s, int numRows) throws IOException, TIOError {
    List<Result> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < numRows) {
      // A short batch means a region could not be read yet; the next call retries it.
      List<Result> batch = s.next(Math.min(numRows - out.size(), ONE_SHOT_BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (Result r : batch) {
        for (Cell c : r.cells()) {
          bytes += c.serializedSize();
        }
        if (bytes > maxResultSize) {
          throw new TIOError().setMessage("getScannerResults: the reply would pass "
              + RegionServerConfig.SCANNER_MAX_RESULT_SIZE.name() + " (" + maxResultSize
              + " bytes) after " + out.size() + " rows; read this scan with openScanner and "
              + "getScannerRows, which return it in parts, or raise "
              + RegionServerConfig.SCANNER_MAX_RESULT_SIZE.name()).setCanRetry(false);
        }
        out.add(r);
      }
    }
    return out;
  }
}
