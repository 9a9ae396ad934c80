package org.basaltdb.server.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.MasterService;
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
 * HBase's Thrift2 {@code THBaseService} as far as the master answers it: DDL, namespaces, the
 * catalog and region locations, all from a {@link MasterService}. The master serves it as is on
 * its RPC port; reads, writes and scans are refused there (the master holds no table data). A
 * region server's handler extends it with those, from its regions.
 *
 * <p>This is where Basalt's errors become Thrift exceptions ({@link #call}). As in HBase's own
 * handler, every failure is a {@link TIOError} whose message says what and where, with
 * {@code canRetry} set when retrying may succeed ({@link #canRetry}); {@link TIllegalArgument}
 * is used only by the methods whose IDL declares it, since any exception a method does not
 * declare reaches the client as a bare "internal error". Safe from any thread.
 */
public class CatalogHandler implements THBaseService.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogHandler.class);

  protected final MasterService master;

  public CatalogHandler(MasterService master) {
    this.master = master;
  }

  // ------------------------------------------------------------------ error mapping

  /** One call's work, in Basalt's terms. */
  protected interface Call<T> {
    T run() throws IOException, TIllegalArgument, TIOError;
  }

  /**
   * Runs {@code c}, mapping its failures to the IDL's exceptions: a bad request
   * (IllegalArgumentException) and any other failure to a {@link TIOError}, retriable when
   * {@link #canRetry} says so.
   */
  protected final <T> T call(String method, Call<T> c) throws TIOError, TIllegalArgument {
    try {
      return mapped(method, c);
    } catch (TIOError | TIllegalArgument e) {
      answeredWithError();
      throw e;
    }
  }

  private <T> T mapped(String method, Call<T> c) throws TIOError, TIllegalArgument {
    checkServing();
    try {
      return c.run();
    } catch (TIllegalArgument | TIOError e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new TIOError().setMessage("bad request: " + e.getMessage()).setCanRetry(false);
    } catch (IOException | IllegalStateException e) {
      if (canRetry(e)) {
        throw new TIOError().setMessage(e.getMessage()).setCanRetry(true);
      }
      failed(e);
      throw new TIOError().setMessage(e.getMessage()).setCanRetry(false);
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly", method, e);
      throw new TIOError().setMessage(method + " failed: " + e).setCanRetry(false);
    }
  }

  /** Throws a retriable TIOError when this server no longer takes calls; here: never. */
  protected void checkServing() throws TIOError {}

  /** Whether retrying a call that failed with {@code e} may succeed: a region not served here. */
  protected boolean canRetry(Exception e) {
    return e instanceof NotServingRegionException;
  }

  /** Called on the calling thread when a call is answered with a Thrift exception. */
  protected void answeredWithError() {}

  /** Called with a call's failure that is not retriable, before it is reported. */
  protected void failed(Exception e) {}

  /** The table a request names. */
  protected TableName table(ByteBuffer t) {
    return ThriftSchema.tableNameFromThrift(t);
  }

  /** The server name a location without one gets: this server's; none on the master. */
  protected String localServerName() {
    return "";
  }

  // ------------------------------------------------------------------ locations

  private THRegionLocation location(RegionInfo r, String server) {
    String name = server != null ? server : localServerName();
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
      TableName t = table(table);
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
      for (RegionLocation l : master.regionLocations(table(table))) {
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

  // ------------------------------------------------------------------ data: not on the master

  private <T> T refuse(String method, ByteBuffer table) throws TIOError, TIllegalArgument {
    return call(method, () -> {
      throw new IOException("the master holds no table data: send reads and writes of "
          + table(table) + " to a region server");
    });
  }

  private static TIllegalArgument noScanner(int scannerId) {
    return new TIllegalArgument().setMessage("invalid scanner id " + scannerId
        + ": the master holds no table data, so it has no scanners");
  }

  @Override
  public boolean exists(ByteBuffer table, TGet tget)
      throws TIOError, TIllegalArgument {
    return refuse("exists", table);
  }

  @Override
  public List<Boolean> existsAll(ByteBuffer table, List<TGet> tgets)
      throws TIOError, TIllegalArgument {
    return refuse("existsAll", table);
  }

  @Override
  public TResult get(ByteBuffer table, TGet tget)
      throws TIOError, TIllegalArgument {
    return refuse("get", table);
  }

  @Override
  public List<TResult> getMultiple(ByteBuffer table, List<TGet> tgets)
      throws TIOError, TIllegalArgument {
    return refuse("getMultiple", table);
  }

  @Override
  public void put(ByteBuffer table, TPut tput)
      throws TIOError, TIllegalArgument {
    refuse("put", table);
  }

  @Override
  public void putMultiple(ByteBuffer table, List<TPut> tputs)
      throws TIOError, TIllegalArgument {
    refuse("putMultiple", table);
  }

  @Override
  public void deleteSingle(ByteBuffer table, TDelete tdelete)
      throws TIOError, TIllegalArgument {
    refuse("deleteSingle", table);
  }

  @Override
  public List<TDelete> deleteMultiple(ByteBuffer table, List<TDelete> tdeletes)
      throws TIOError, TIllegalArgument {
    return refuse("deleteMultiple", table);
  }

  @Override
  public boolean checkAndPut(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TPut tput) throws TIOError, TIllegalArgument {
    return refuse("checkAndPut", table);
  }

  @Override
  public boolean checkAndDelete(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TDelete tdelete) throws TIOError, TIllegalArgument {
    return refuse("checkAndDelete", table);
  }

  @Override
  public boolean checkAndMutate(ByteBuffer table, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, TCompareOp compareOp, ByteBuffer value, TRowMutations rowMutations)
      throws TIOError, TIllegalArgument {
    return refuse("checkAndMutate", table);
  }

  @Override
  public TResult increment(ByteBuffer table, TIncrement tincrement)
      throws TIOError, TIllegalArgument {
    return refuse("increment", table);
  }

  @Override
  public TResult append(ByteBuffer table, TAppend tappend)
      throws TIOError, TIllegalArgument {
    return refuse("append", table);
  }

  @Override
  public void mutateRow(ByteBuffer table, TRowMutations trowMutations)
      throws TIOError, TIllegalArgument {
    refuse("mutateRow", table);
  }

  @Override
  public int openScanner(ByteBuffer table, TScan tscan)
      throws TIOError, TIllegalArgument {
    return refuse("openScanner", table);
  }

  @Override
  public List<TResult> getScannerRows(int scannerId, int numRows)
      throws TIOError, TIllegalArgument {
    throw noScanner(scannerId);
  }

  @Override
  public void closeScanner(int scannerId)
      throws TIOError, TIllegalArgument {
    throw noScanner(scannerId);
  }

  @Override
  public List<TResult> getScannerResults(ByteBuffer table, TScan tscan, int numRows)
      throws TIOError, TIllegalArgument {
    return refuse("getScannerResults", table);
  }
}
