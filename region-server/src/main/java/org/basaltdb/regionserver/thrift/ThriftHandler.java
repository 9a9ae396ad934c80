package org.basaltdb.regionserver.thrift;

import static org.basaltdb.regionserver.thrift.Router.tableBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionClosedException;
import org.basaltdb.regionserver.region.RegionTooBusyException;
import org.basaltdb.regionserver.server.MasterService;
import org.basaltdb.regionserver.server.NotServingRegionException;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.regionserver.server.ServerConfig;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TAppend;
import org.basaltdb.thrift.generated.TColumnFamilyDescriptor;
import org.basaltdb.thrift.generated.TCompareOp;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.TIncrement;
import org.basaltdb.thrift.generated.TLogQueryFilter;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TOnlineLogRecord;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TRowMutations;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.TServerName;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;
import org.basaltdb.thrift.generated.TThriftServerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HBase's Thrift2 {@code THBaseService}, served by a region server: reads and writes go to the
 * regions holding the rows, DDL and the catalog to the master. This is the one place where
 * Basalt's errors become Thrift exceptions. As in HBase's own handler, every failure is a
 * {@link TIOError} whose message says what and where, with {@code canRetry} set when retrying
 * may succeed (a region moving, a server too busy); {@link TIllegalArgument} is used only by the
 * two methods whose IDL declares it (bad scanner ids and row counts), since any exception a
 * method does not declare reaches the client as a bare "internal error".
 */
public final class ThriftHandler implements THBaseService.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftHandler.class);

  /**
   * A scan attribute naming one region (its encoded name): a forwarded scan reads only that
   * region, and fails as not serving when the region is not open here.
   */
  public static final String REGION_ATTRIBUTE = "_basalt.region";

  private final RegionServer rs;
  private final MasterService master;
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
    this.rs = rs;
    this.master = master;
    this.router = new Router(rs, master, forwarder);
    this.tableScanners = new TableScanners(rs, master, forwarder, router);
    this.scanners = new ScannerRegistry(clock, ServerConfig.SCANNER_TIMEOUT.get(conf));
    this.maxRows = ServerConfig.SCANNER_MAX_CACHING.get(conf);
    this.maxResultSize = ServerConfig.SCANNER_MAX_RESULT_SIZE.get(conf);
  }

  /** The master's THBaseService: DDL and the catalog; it holds no table data itself. */
  public static ThriftHandler forMaster(MasterService master,
      org.basaltdb.common.Clock clock, org.apache.hadoop.conf.Configuration conf) {
    return new ThriftHandler(null, master, null, clock, conf);
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

  private interface Call<T> {
    T run() throws IOException, TIllegalArgument, TIOError;
  }

  private <T> T call(String method, Call<T> c) throws TIOError, TIllegalArgument {
    if (rs != null && rs.isStopped()) {
      throw new TIOError().setMessage("region server " + rs.serverName() + " is stopping")
          .setCanRetry(true);
    }
    try {
      return c.run();
    } catch (TIllegalArgument | TIOError e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new TIOError().setMessage("bad request: " + e.getMessage()).setCanRetry(false);
    } catch (NotServingRegionException | RegionClosedException | RegionTooBusyException e) {
      throw new TIOError().setMessage(e.getMessage()).setCanRetry(true);
    } catch (IOException | IllegalStateException e) {
      if (rs != null) {
        rs.checkHealth(); // a write that failed because the WAL died takes the server down now
      }
      throw new TIOError().setMessage(e.getMessage()).setCanRetry(false);
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly", method, e);
      throw new TIOError().setMessage(method + " failed: " + e).setCanRetry(false);
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public boolean exists(ByteBuffer table, TGet tget) throws TIOError, TIllegalArgument {
    return call("exists", () -> {
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
    return call("existsAll", () -> {
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
    return call("get", () -> {
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
    return call("getMultiple", () -> {
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
      return r != null ? r.checkAndMutate(cam) : router.forward(t, cam.row(), false,
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
      return r != null ? r.checkAndMutate(cam) : router.forward(t, cam.row(), false,
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
      return r != null ? r.checkAndMutate(cam) : router.forward(t, cam.row(), false,
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
      synchronized (e) {
        return e.scanner.next(Math.min(numRows, maxRows));
      }
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
    return call("getScannerResults", () -> {
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
              + ServerConfig.SCANNER_MAX_RESULT_SIZE.name() + " (" + maxResultSize
              + " bytes) after " + out.size() + " rows; read this scan with openScanner and "
              + "getScannerRows, which return it in parts, or raise "
              + ServerConfig.SCANNER_MAX_RESULT_SIZE.name()).setCanRetry(false);
        }
        out.add(r);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ locations

  private THRegionLocation location(RegionInfo r, String server) {
    String name = server != null ? server : rs != null ? rs.serverName() : "";
    String[] parts = name.split(",");
    String host = parts[0];
    int port = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    long startCode = parts.length > 2 ? Long.parseLong(parts[2]) : 0;
    return ThriftSchema.regionLocationToThrift(r, host, port, startCode);
  }

  @Override
  public THRegionLocation getRegionLocation(ByteBuffer table, ByteBuffer row, boolean reload)
      throws TIOError, TIllegalArgument {
    return call("getRegionLocation", () -> {
      TableName t = router.table(table);
      byte[] key = Bytes.EMPTY;
      if (row != null) {
        key = new byte[row.remaining()];
        row.duplicate().get(key);
      }
      for (RegionLocation l : master.regionLocations(t)) {
        if (l.region().containsRow(key)) {
          return location(l.region(), l.server());
        }
      }
      throw new IOException("no region of table " + t + " holds row '"
          + Bytes.toStringBinary(key) + "'");
    });
  }

  @Override
  public List<THRegionLocation> getAllRegionLocations(ByteBuffer table)
      throws TIOError, TIllegalArgument {
    return call("getAllRegionLocations", () -> {
      List<THRegionLocation> out = new ArrayList<>();
      for (RegionLocation l : master.regionLocations(router.table(table))) {
        out.add(location(l.region(), l.server()));
      }
      return out;
    });
  }

  // ------------------------------------------------------------------ DDL

  @Override
  public TTableDescriptor getTableDescriptor(TTableName table) throws TIOError, TIllegalArgument {
    return call("getTableDescriptor", () -> ThriftSchema.toThrift(
        master.tableDescriptor(ThriftSchema.fromThrift(table))));
  }

  @Override
  public List<TTableDescriptor> getTableDescriptors(List<TTableName> tables)
      throws TIOError, TIllegalArgument {
    return call("getTableDescriptors", () -> {
      List<TableDescriptor> out = new ArrayList<>();
      for (TableName t : ThriftSchema.tableNamesFromThrift(tables)) {
        out.add(master.tableDescriptor(t));
      }
      return ThriftSchema.tableDescriptorsToThrift(out);
    });
  }

  @Override
  public boolean tableExists(TTableName tableName) throws TIOError, TIllegalArgument {
    return call("tableExists", () -> master.tableExists(ThriftSchema.fromThrift(tableName)));
  }

  @Override
  public List<TTableDescriptor> getTableDescriptorsByPattern(String regex,
      boolean includeSysTables) throws TIOError, TIllegalArgument {
    return call("getTableDescriptorsByPattern", () -> ThriftSchema.tableDescriptorsToThrift(
        master.tables(regex, includeSysTables)));
  }

  @Override
  public List<TTableDescriptor> getTableDescriptorsByNamespace(String name)
      throws TIOError, TIllegalArgument {
    return call("getTableDescriptorsByNamespace", () -> ThriftSchema.tableDescriptorsToThrift(
        master.tablesInNamespace(name)));
  }

  @Override
  public List<TTableName> getTableNamesByPattern(String regex, boolean includeSysTables)
      throws TIOError, TIllegalArgument {
    return call("getTableNamesByPattern", () -> names(master.tables(regex, includeSysTables)));
  }

  @Override
  public List<TTableName> getTableNamesByNamespace(String name)
      throws TIOError, TIllegalArgument {
    return call("getTableNamesByNamespace", () -> names(master.tablesInNamespace(name)));
  }

  private static List<TTableName> names(List<TableDescriptor> ts) {
    List<TableName> out = new ArrayList<>();
    for (TableDescriptor t : ts) {
      out.add(t.name());
    }
    return ThriftSchema.tableNamesToThrift(out);
  }

  @Override
  public void createTable(TTableDescriptor desc, List<ByteBuffer> splitKeys)
      throws TIOError, TIllegalArgument {
    call("createTable", () -> {
      List<byte[]> keys = new ArrayList<>();
      if (splitKeys != null) {
        for (ByteBuffer b : splitKeys) {
          byte[] k = new byte[b.remaining()];
          b.duplicate().get(k);
          keys.add(k);
        }
      }
      master.createTable(ThriftSchema.fromThrift(desc), keys);
      return null;
    });
  }

  @Override
  public void deleteTable(TTableName tableName) throws TIOError, TIllegalArgument {
    call("deleteTable", () -> {
      master.deleteTable(ThriftSchema.fromThrift(tableName));
      return null;
    });
  }

  @Override
  public void truncateTable(TTableName tableName, boolean preserveSplits)
      throws TIOError, TIllegalArgument {
    call("truncateTable", () -> {
      master.truncateTable(ThriftSchema.fromThrift(tableName), preserveSplits);
      return null;
    });
  }

  @Override
  public void enableTable(TTableName tableName) throws TIOError, TIllegalArgument {
    call("enableTable", () -> {
      master.enableTable(ThriftSchema.fromThrift(tableName));
      return null;
    });
  }

  @Override
  public void disableTable(TTableName tableName) throws TIOError, TIllegalArgument {
    call("disableTable", () -> {
      master.disableTable(ThriftSchema.fromThrift(tableName));
      return null;
    });
  }

  @Override
  public boolean isTableEnabled(TTableName tableName) throws TIOError, TIllegalArgument {
    return call("isTableEnabled", () -> master.isTableEnabled(ThriftSchema.fromThrift(tableName)));
  }

  @Override
  public boolean isTableDisabled(TTableName tableName) throws TIOError, TIllegalArgument {
    return call("isTableDisabled",
        () -> master.isTableDisabled(ThriftSchema.fromThrift(tableName)));
  }

  @Override
  public boolean isTableAvailable(TTableName tableName) throws TIOError, TIllegalArgument {
    return call("isTableAvailable",
        () -> master.isTableAvailable(ThriftSchema.fromThrift(tableName)));
  }

  @Override
  public boolean isTableAvailableWithSplit(TTableName tableName, List<ByteBuffer> splitKeys)
      throws TIOError, TIllegalArgument {
    return isTableAvailable(tableName);
  }

  @Override
  public void addColumnFamily(TTableName tableName, TColumnFamilyDescriptor column)
      throws TIOError, TIllegalArgument {
    call("addColumnFamily", () -> {
      master.addColumnFamily(ThriftSchema.fromThrift(tableName), ThriftSchema.fromThrift(column));
      return null;
    });
  }

  @Override
  public void deleteColumnFamily(TTableName tableName, ByteBuffer column)
      throws TIOError, TIllegalArgument {
    call("deleteColumnFamily", () -> {
      byte[] f = new byte[column.remaining()];
      column.duplicate().get(f);
      master.deleteColumnFamily(ThriftSchema.fromThrift(tableName), f);
      return null;
    });
  }

  @Override
  public void modifyColumnFamily(TTableName tableName, TColumnFamilyDescriptor column)
      throws TIOError, TIllegalArgument {
    call("modifyColumnFamily", () -> {
      master.modifyColumnFamily(ThriftSchema.fromThrift(tableName),
          ThriftSchema.fromThrift(column));
      return null;
    });
  }

  @Override
  public void modifyTable(TTableDescriptor desc) throws TIOError, TIllegalArgument {
    call("modifyTable", () -> {
      master.modifyTable(ThriftSchema.fromThrift(desc));
      return null;
    });
  }

  @Override
  public void createNamespace(TNamespaceDescriptor namespaceDesc)
      throws TIOError, TIllegalArgument {
    call("createNamespace", () -> {
      master.createNamespace(ThriftSchema.fromThrift(namespaceDesc));
      return null;
    });
  }

  @Override
  public void modifyNamespace(TNamespaceDescriptor namespaceDesc)
      throws TIOError, TIllegalArgument {
    call("modifyNamespace", () -> {
      master.modifyNamespace(ThriftSchema.fromThrift(namespaceDesc));
      return null;
    });
  }

  @Override
  public void deleteNamespace(String name) throws TIOError, TIllegalArgument {
    call("deleteNamespace", () -> {
      master.deleteNamespace(name);
      return null;
    });
  }

  @Override
  public TNamespaceDescriptor getNamespaceDescriptor(String name)
      throws TIOError, TIllegalArgument {
    return call("getNamespaceDescriptor", () -> ThriftSchema.toThrift(master.namespace(name)));
  }

  @Override
  public List<TNamespaceDescriptor> listNamespaceDescriptors() throws TIOError, TIllegalArgument {
    return call("listNamespaceDescriptors", () -> {
      List<TNamespaceDescriptor> out = new ArrayList<>();
      for (var ns : master.namespaces()) {
        out.add(ThriftSchema.toThrift(ns));
      }
      return out;
    });
  }

  @Override
  public List<String> listNamespaces() throws TIOError, TIllegalArgument {
    return call("listNamespaces", () -> {
      List<String> out = new ArrayList<>();
      for (var ns : master.namespaces()) {
        out.add(ns.name());
      }
      return out;
    });
  }

  @Override
  public TThriftServerType getThriftServerType() {
    return TThriftServerType.TWO;
  }

  @Override
  public List<TOnlineLogRecord> getSlowLogResponses(Set<TServerName> serverNames,
      TLogQueryFilter logQueryFilter) throws TIOError, TIllegalArgument {
    throw new TIOError().setMessage("getSlowLogResponses is not supported by Basalt yet")
        .setCanRetry(false);
  }

  @Override
  public List<Boolean> clearSlowLogResponses(Set<TServerName> serverNames)
      throws TIOError, TIllegalArgument {
    throw new TIOError().setMessage("clearSlowLogResponses is not supported by Basalt yet")
        .setCanRetry(false);
  }

  @Override
  public String getClusterId() {
    return master.clusterId();
  }
}
