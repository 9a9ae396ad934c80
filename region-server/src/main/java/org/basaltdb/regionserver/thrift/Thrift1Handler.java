package org.basaltdb.regionserver.thrift;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.MasterService;
import org.basaltdb.thrift.Thrift1Model.Column;
import org.basaltdb.thrift.Thrift1Model.RowMutation;
import org.basaltdb.thrift.Thrift1Model;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TColumnIncrement;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.admin.TAdminError;
import org.basaltdb.thrift.generated.thrift1.AlreadyExists;
import org.basaltdb.thrift.generated.thrift1.BatchMutation;
import org.basaltdb.thrift.generated.thrift1.ColumnDescriptor;
import org.basaltdb.thrift.generated.thrift1.Hbase;
import org.basaltdb.thrift.generated.thrift1.IOError;
import org.basaltdb.thrift.generated.thrift1.IllegalArgument;
import org.basaltdb.thrift.generated.thrift1.Mutation;
import org.basaltdb.thrift.generated.thrift1.TAppend;
import org.basaltdb.thrift.generated.thrift1.TCell;
import org.basaltdb.thrift.generated.thrift1.TIncrement;
import org.basaltdb.thrift.generated.thrift1.TRegionInfo;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.basaltdb.thrift.generated.thrift1.TScan;
import org.basaltdb.thrift.generated.thrift1.TThriftServerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HBase's Thrift1 {@code Hbase} service (happybase and most non-Java clients), served by a
 * region server beside Thrift2. It holds no logic of its own for reads, writes and scans: each
 * call becomes the Thrift2 request HBase's Thrift1 handler would make ({@link Thrift1Model}) and
 * goes through the {@link ThriftHandler} of this server, which finds the region, forwards to its
 * owner when it lives elsewhere, and maps Basalt's errors. DDL and the catalog go to the master.
 *
 * <p>Errors: Thrift2's TIOError becomes Thrift1's {@link IOError} (message and canRetry kept);
 * a bad argument becomes {@link IllegalArgument} where the method declares it, else an IOError
 * saying "bad request"; an exception a method does not declare would reach the client as a bare
 * "internal error". Methods Basalt cannot give a meaning answer an IOError saying so.
 *
 * <p>Thread-safe: state lives in the shared ThriftHandler (scanners) and the master.
 */
public final class Thrift1Handler implements Hbase.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(Thrift1Handler.class);

  /** Compacts regions of a table, wherever they are served. */
  @FunctionalInterface
  public interface Compactor {
    /**
     * Queues a compaction of the region {@code encodedName} of {@code table}, or of every region
     * when null, and returns at once (as HBase's Thrift1 server does, through its Admin).
     */
    void compact(TableName table, String encodedName, boolean major) throws IOException;

    /** Through Basalt's admin service of this server, which reaches every region. */
    static Compactor of(AdminHandler admin) {
      return (t, region, major) -> {
        try {
          admin.requestCompactionOf(t.toString(), region, major);
        } catch (TAdminError e) {
          throw new IOException(e.getMessage(), e);
        }
      };
    }
  }

  private final ThriftHandler thrift2;
  private final MasterService master;
  private final Compactor compactor;

  /**
   * Serves through {@code thrift2} (this server's Thrift2 handler, shared with the Thrift2 port:
   * one scanner registry, one router) and {@code master}.
   */
  public Thrift1Handler(ThriftHandler thrift2, MasterService master, Compactor compactor) {
    this.thrift2 = thrift2;
    this.master = master;
    this.compactor = compactor;
  }

  // ------------------------------------------------------------------ error mapping

  private interface Call<T> {
    T run() throws IOException, TIOError, TIllegalArgument, IllegalArgument;
  }

  /** Runs a call of a method that declares only IOError: a bad argument is an IOError too. */
  private <T> T io(String method, Call<T> c) throws IOError {
    try {
      return call(method, false, c);
    } catch (IllegalArgument e) {
      throw new AssertionError("not thrown when the method does not declare it", e);
    }
  }

  /** Runs a call of a method that declares IOError and IllegalArgument. */
  private <T> T ioOrArg(String method, Call<T> c) throws IOError, IllegalArgument {
    return call(method, true, c);
  }

  private <T> T call(String method, boolean declaresArg, Call<T> c)
      throws IOError, IllegalArgument {
    try {
      return c.run();
    } catch (IllegalArgument e) {
      throw badArgument(e.getMessage(), declaresArg);
    } catch (TIllegalArgument e) {
      throw badArgument(e.getMessage(), declaresArg);
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage(), declaresArg);
    } catch (TIOError e) {
      throw ioError(e.getMessage(), e.isCanRetry());
    } catch (IOException | IllegalStateException e) {
      throw ioError(e.getMessage(), false);
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly", method, e);
      throw ioError(method + " failed: " + e, false);
    }
  }

  private static IllegalArgument badArgument(String message, boolean declared) throws IOError {
    if (!declared) {
      throw ioError("bad request: " + message, false);
    }
    RequestMetrics.failed();
    return new IllegalArgument(message);
  }

  /** Every error reply of this handler is made here or in {@link #badArgument}: both count. */
  private static IOError ioError(String message, boolean canRetry) {
    RequestMetrics.failed();
    return new IOError(message, canRetry);
  }

  private static IOError unsupported(String what) {
    return ioError(what + " is not supported by Basalt", false);
  }

  private TableName table(ByteBuffer name) {
    return ThriftSchema.tableNameFromThrift(name);
  }

  // ------------------------------------------------------------------ tables

  @Override
  public void enableTable(ByteBuffer tableName) throws IOError {
    io("enableTable", () -> {
      master.enableTable(table(tableName));
      return null;
    });
  }

  @Override
  public void disableTable(ByteBuffer tableName) throws IOError {
    io("disableTable", () -> {
      master.disableTable(table(tableName));
      return null;
    });
  }

  @Override
  public boolean isTableEnabled(ByteBuffer tableName) throws IOError {
    return io("isTableEnabled", () -> master.isTableEnabled(table(tableName)));
  }

  @Override
  public void compact(ByteBuffer tableNameOrRegionName) throws IOError {
    compact("compact", tableNameOrRegionName, false);
  }

  @Override
  public void majorCompact(ByteBuffer tableNameOrRegionName) throws IOError {
    compact("majorCompact", tableNameOrRegionName, true);
  }

  /**
   * As HBase: {@code name} is a region's name ({@code table,startKey,regionId.encoded.}, as
   * getTableRegions gives it), whose region alone is compacted, or else a table's name.
   */
  private void compact(String method, ByteBuffer name, boolean major) throws IOError {
    if (compactor == null) {
      throw unsupported(method + " on this server");
    }
    io(method, () -> {
      byte[] b = required(name, "tableNameOrRegionName");
      RegionInfo region = regionNamed(b);
      if (region != null) {
        compactor.compact(region.table(), region.encodedName(), major);
        return null;
      }
      if (Bytes.toStringBinary(b).contains(",")) {
        throw new IOException("no region is named " + Bytes.toStringBinary(b)
            + " (a region name is table,startKey,regionId.encodedName. as getTableRegions"
            + " gives it)");
      }
      TableName t = table(name);
      if (!master.tableExists(t)) {
        throw new IOException("table " + t + " does not exist");
      }
      compactor.compact(t, null, major);
      return null;
    });
  }

  private static byte[] required(ByteBuffer b, String what) {
    if (b == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** The region whose HBase-style name is {@code name}, or null if there is none. */
  private RegionInfo regionNamed(byte[] name) throws IOException {
    int comma = 0;
    while (comma < name.length && name[comma] != ',') {
      comma++;
    }
    if (comma == 0 || comma == name.length) {
      return null;
    }
    TableName t;
    try {
      t = TableName.valueOf(Bytes.toString(Arrays.copyOf(name, comma)));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!master.tableExists(t)) {
      return null;
    }
    for (RegionLocation l : master.regionLocations(t)) {
      if (Arrays.equals(name, Thrift1Model.regionName(l.region()))) {
        return l.region();
      }
    }
    return null;
  }

  @Override
  public List<ByteBuffer> getTableNames() throws IOError {
    return io("getTableNames", () -> {
      List<ByteBuffer> out = new ArrayList<>();
      for (TableDescriptor t : master.tables(null, false)) {
        out.add(ThriftSchema.tableNameToThriftBytes(t.name()));
      }
      return out;
    });
  }

  @Override
  public Map<ByteBuffer, Boolean> getTableNamesWithIsTableEnabled() throws IOError {
    return io("getTableNamesWithIsTableEnabled", () -> {
      Map<ByteBuffer, Boolean> out = new LinkedHashMap<>();
      for (TableDescriptor t : master.tables(null, false)) {
        out.put(ThriftSchema.tableNameToThriftBytes(t.name()), master.isTableEnabled(t.name()));
      }
      return out;
    });
  }

  @Override
  public Map<ByteBuffer, ColumnDescriptor> getColumnDescriptors(ByteBuffer tableName)
      throws IOError {
    return io("getColumnDescriptors", () -> {
      Map<ByteBuffer, ColumnDescriptor> out = new TreeMap<>();
      for (ColumnFamilyDescriptor f : master.tableDescriptor(table(tableName)).families()) {
        ColumnDescriptor d = Thrift1Model.family(f);
        out.put(d.bufferForName(), d);
      }
      return out;
    });
  }

  /** The regions of a table in key order; an empty list if the table does not exist (HBase). */
  @Override
  public List<TRegionInfo> getTableRegions(ByteBuffer tableName) throws IOError {
    return io("getTableRegions", () -> {
      TableName t = table(tableName);
      List<TRegionInfo> out = new ArrayList<>();
      if (!master.tableExists(t)) {
        return out;
      }
      for (RegionLocation l : master.regionLocations(t)) {
        out.add(Thrift1Model.regionInfo(l.region(), l.server()));
      }
      return out;
    });
  }

  @Override
  public void createTable(ByteBuffer tableName, List<ColumnDescriptor> columnFamilies)
      throws IOError, IllegalArgument, AlreadyExists {
    TableName t = ioOrArg("createTable", () -> table(tableName));
    if (io("createTable", () -> master.tableExists(t))) {
      throw new AlreadyExists("table " + t + " already exists");
    }
    ioOrArg("createTable", () -> {
      if (columnFamilies == null || columnFamilies.isEmpty()) {
        // an IOError, as HBase's master refuses it ("should have at least one column family")
        throw new IOException("table " + t + " needs at least one column family");
      }
      TTableDescriptor desc = new TTableDescriptor(ThriftSchema.toThrift(t));
      for (int i = 0; i < columnFamilies.size(); i++) {
        desc.addToColumns(Thrift1Model.family(columnFamilies.get(i),
            "columnFamilies[" + i + "]"));
      }
      ThriftSchema.fromThrift(desc); // a bad option is IllegalArgument here, not an IOError
      thrift2.createTable(desc, null);
      return null;
    });
  }

  @Override
  public void deleteTable(ByteBuffer tableName) throws IOError {
    io("deleteTable", () -> {
      TableName t = table(tableName);
      if (!master.tableExists(t)) {
        throw new IOException("table " + t + " does not exist");
      }
      master.deleteTable(t);
      return null;
    });
  }

  // ------------------------------------------------------------------ reads

  @Override
  public List<TCell> get(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return io("get", () -> cells(tableName, row, column, Thrift1Model.LATEST, 0));
  }

  @Override
  public List<TCell> getVer(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      int numVersions, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getVerTs(tableName, row, column, Thrift1Model.LATEST, numVersions, attributes);
  }

  /** Up to {@code numVersions} cells; zero or fewer is an IOError, as HBase's readVersions. */
  @Override
  public List<TCell> getVerTs(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      long timestamp, int numVersions, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return io("getVer", () -> {
      if (numVersions <= 0) {
        throw new IOException("numVersions must be positive, got " + numVersions);
      }
      return cells(tableName, row, column, timestamp, numVersions);
    });
  }

  /** The cells of one column (or family) older than {@code timestamp}; 0 versions: one. */
  private List<TCell> cells(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      long timestamp, int versions) throws TIOError, TIllegalArgument {
    Column c = Thrift1Model.column(column, "column");
    TGet g = Thrift1Model.get(row, List.of(c.toThrift2()), timestamp, versions);
    return Thrift1Model.cells(thrift2.getRow(tableName, g));
  }

  @Override
  public List<TRowResult> getRow(ByteBuffer tableName, ByteBuffer row,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowWithColumnsTs(tableName, row, null, Thrift1Model.LATEST, attributes);
  }

  @Override
  public List<TRowResult> getRowWithColumns(ByteBuffer tableName, ByteBuffer row,
      List<ByteBuffer> columns, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowWithColumnsTs(tableName, row, columns, Thrift1Model.LATEST, attributes);
  }

  @Override
  public List<TRowResult> getRowTs(ByteBuffer tableName, ByteBuffer row, long timestamp,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowWithColumnsTs(tableName, row, null, timestamp, attributes);
  }

  @Override
  public List<TRowResult> getRowWithColumnsTs(ByteBuffer tableName, ByteBuffer row,
      List<ByteBuffer> columns, long timestamp, Map<ByteBuffer, ByteBuffer> attributes)
      throws IOError {
    return Thrift1Model.rowResults(rowOf(tableName, row, columns, timestamp), false);
  }

  /** {@link #getRowWithColumnsTs} as Basalt results, for {@link Thrift1Replies}. */
  List<Result> rowOf(ByteBuffer tableName, ByteBuffer row, List<ByteBuffer> columns,
      long timestamp) throws IOError {
    return io("getRow", () -> {
      TGet g = Thrift1Model.get(row, Thrift1Model.columns(columns, "columns"), timestamp, 0);
      return List.of(thrift2.getRow(tableName, g));
    });
  }

  @Override
  public List<TRowResult> getRows(ByteBuffer tableName, List<ByteBuffer> rows,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowsWithColumnsTs(tableName, rows, null, Thrift1Model.LATEST, attributes);
  }

  @Override
  public List<TRowResult> getRowsWithColumns(ByteBuffer tableName, List<ByteBuffer> rows,
      List<ByteBuffer> columns, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowsWithColumnsTs(tableName, rows, columns, Thrift1Model.LATEST, attributes);
  }

  @Override
  public List<TRowResult> getRowsTs(ByteBuffer tableName, List<ByteBuffer> rows,
      long timestamp, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return getRowsWithColumnsTs(tableName, rows, null, timestamp, attributes);
  }

  @Override
  public List<TRowResult> getRowsWithColumnsTs(ByteBuffer tableName, List<ByteBuffer> rows,
      List<ByteBuffer> columns, long timestamp, Map<ByteBuffer, ByteBuffer> attributes)
      throws IOError {
    return Thrift1Model.rowResults(rowsOf(tableName, rows, columns, timestamp), false);
  }

  /** {@link #getRowsWithColumnsTs} as Basalt results, for {@link Thrift1Replies}. */
  List<Result> rowsOf(ByteBuffer tableName, List<ByteBuffer> rows, List<ByteBuffer> columns,
      long timestamp) throws IOError {
    return io("getRows", () -> {
      if (rows == null) {
        throw new IllegalArgumentException("rows is required");
      }
      var cols = Thrift1Model.columns(columns, "columns");
      List<TGet> gets = new ArrayList<>(rows.size());
      for (ByteBuffer row : rows) {
        gets.add(Thrift1Model.get(row, cols, timestamp, 0));
      }
      return thrift2.getRows(tableName, gets);
    });
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void mutateRow(ByteBuffer tableName, ByteBuffer row, List<Mutation> mutations,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError, IllegalArgument {
    mutateRowTs(tableName, row, mutations, Thrift1Model.LATEST, attributes);
  }

  /** The row's deletes, then its puts: two writes, as HBase makes them. */
  @Override
  public void mutateRowTs(ByteBuffer tableName, ByteBuffer row, List<Mutation> mutations,
      long timestamp, Map<ByteBuffer, ByteBuffer> attributes) throws IOError, IllegalArgument {
    ioOrArg("mutateRow", () -> {
      RowMutation m = Thrift1Model.mutation(row, mutations, timestamp, "mutateRow");
      if (m.delete() != null) {
        thrift2.deleteSingle(tableName, m.delete());
      }
      if (m.put() != null) {
        thrift2.put(tableName, m.put());
      }
      return null;
    });
  }

  @Override
  public void mutateRows(ByteBuffer tableName, List<BatchMutation> rowBatches,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError, IllegalArgument {
    mutateRowsTs(tableName, rowBatches, Thrift1Model.LATEST, attributes);
  }

  /** Every row's puts (batched by region), then every row's deletes, as HBase makes them. */
  @Override
  public void mutateRowsTs(ByteBuffer tableName, List<BatchMutation> rowBatches, long timestamp,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError, IllegalArgument {
    ioOrArg("mutateRows", () -> {
      if (rowBatches == null) {
        throw new IllegalArgumentException("rowBatches is required");
      }
      List<TPut> puts = new ArrayList<>(rowBatches.size());
      List<TDelete> deletes = new ArrayList<>();
      for (int i = 0; i < rowBatches.size(); i++) {
        BatchMutation b = rowBatches.get(i);
        if (b == null) {
          throw new IllegalArgumentException("rowBatches[" + i + "] is required");
        }
        RowMutation m = Thrift1Model.mutation(b.bufferForRow(), b.getMutations(), timestamp,
            "rowBatches[" + i + "]");
        if (m.put() != null) {
          puts.add(m.put());
        }
        if (m.delete() != null) {
          deletes.add(m.delete());
        }
      }
      if (!puts.isEmpty()) {
        thrift2.putMultiple(tableName, puts);
      }
      if (!deletes.isEmpty()) {
        thrift2.deleteMultiple(tableName, deletes);
      }
      return null;
    });
  }

  @Override
  public long atomicIncrement(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      long value) throws IOError, IllegalArgument {
    return ioOrArg("atomicIncrement", () -> increment(tableName, row, column, value));
  }

  /** Adds {@code amount} to a counter (a family alone: its empty qualifier, as HBase). */
  private long increment(ByteBuffer tableName, ByteBuffer row, ByteBuffer column, long amount)
      throws TIOError, TIllegalArgument {
    Column c = Thrift1Model.column(column, "column");
    byte[] q = c.qualifier() == null ? Bytes.EMPTY : c.qualifier();
    var inc = new org.basaltdb.thrift.generated.TIncrement(row, List.of(
        new TColumnIncrement(ByteBuffer.wrap(c.family()), ByteBuffer.wrap(q)).setAmount(amount)));
    TResult r = thrift2.increment(tableName, inc);
    for (TColumnValue v : r.getColumnValues()) {
      if (ByteBuffer.wrap(c.family()).equals(v.bufferForFamily())
          && ByteBuffer.wrap(q).equals(v.bufferForQualifier())) {
        return Thrift1Model.counter(v.getValue(), "the counter");
      }
    }
    throw new IllegalStateException("increment of " + Bytes.toStringBinary(c.family()) + ":"
        + Bytes.toStringBinary(q) + " returned no value");
  }

  @Override
  public void increment(TIncrement increment) throws IOError {
    io("increment", () -> {
      if (increment == null) {
        throw new IllegalArgumentException("increment is required");
      }
      increment(increment.bufferForTable(), increment.bufferForRow(),
          increment.bufferForColumn(), increment.getAmmount());
      return null;
    });
  }

  /** Each increment in turn; the first that fails ends the call (the earlier ones stay). */
  @Override
  public void incrementRows(List<TIncrement> increments) throws IOError {
    if (increments == null) {
      throw ioError("bad request: increments is required", false);
    }
    for (TIncrement i : increments) {
      increment(i);
    }
  }

  @Override
  public void deleteAll(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    deleteAllTs(tableName, row, column, Thrift1Model.LATEST, attributes);
  }

  @Override
  public void deleteAllTs(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      long timestamp, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    io("deleteAll", () -> {
      thrift2.deleteSingle(tableName, Thrift1Model.deleteAll(row,
          column == null ? missingColumn() : column, timestamp));
      return null;
    });
  }

  private static ByteBuffer missingColumn() {
    throw new IllegalArgumentException("column is required (use deleteAllRow for a whole row)");
  }

  @Override
  public void deleteAllRow(ByteBuffer tableName, ByteBuffer row,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    deleteAllRowTs(tableName, row, Thrift1Model.LATEST, attributes);
  }

  @Override
  public void deleteAllRowTs(ByteBuffer tableName, ByteBuffer row, long timestamp,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    io("deleteAllRow", () -> {
      thrift2.deleteSingle(tableName, Thrift1Model.deleteAll(row, null, timestamp));
      return null;
    });
  }

  @Override
  public List<TCell> append(TAppend append) throws IOError {
    return io("append", () -> {
      if (append == null || append.getColumns() == null || append.getValues() == null) {
        throw new IllegalArgumentException("append needs table, row, columns and values");
      }
      if (append.getColumns().size() != append.getValues().size()) {
        throw new IllegalArgumentException("append has " + append.getColumns().size()
            + " columns but " + append.getValues().size() + " values");
      }
      List<TColumnValue> values = new ArrayList<>();
      for (int i = 0; i < append.getColumns().size(); i++) {
        Column c = Thrift1Model.qualifiedColumn(append.getColumns().get(i), "columns[" + i + "]");
        values.add(new TColumnValue(ByteBuffer.wrap(c.family()), ByteBuffer.wrap(c.qualifier()),
            append.getValues().get(i)));
      }
      TResult r = thrift2.append(append.bufferForTable(),
          new org.basaltdb.thrift.generated.TAppend(append.bufferForRow(), values));
      List<TCell> out = new ArrayList<>();
      for (TColumnValue v : r.getColumnValues()) {
        out.add(new TCell(v.bufferForValue(), v.getTimestamp()));
      }
      return out;
    });
  }

  /** Puts {@code mput} if {@code column} holds {@code value}, or has no cell if value is unset. */
  @Override
  public boolean checkAndPut(ByteBuffer tableName, ByteBuffer row, ByteBuffer column,
      ByteBuffer value, Mutation mput, Map<ByteBuffer, ByteBuffer> attributes)
      throws IOError, IllegalArgument {
    return ioOrArg("checkAndPut", () -> {
      if (mput == null || mput.isIsDelete()) {
        throw new IllegalArgumentException("mput must be a put (isDelete false)");
      }
      Column c = Thrift1Model.qualifiedColumn(column, "column");
      RowMutation m = Thrift1Model.mutation(row, List.of(mput), Thrift1Model.LATEST, "mput");
      return thrift2.checkAndPut(tableName, row, ByteBuffer.wrap(c.family()),
          ByteBuffer.wrap(c.qualifier()), value, m.put());
    });
  }

  // ------------------------------------------------------------------ scanners

  /** What a Thrift1 scanner keeps beside it: whether rows come with sorted columns. */
  private static final Boolean SORTED = Boolean.TRUE;

  private int open(ByteBuffer tableName, org.basaltdb.thrift.generated.TScan scan, boolean sorted)
      throws TIOError, TIllegalArgument {
    return thrift2.openScanner(tableName, scan, sorted ? SORTED : null);
  }

  @Override
  public int scannerOpenWithScan(ByteBuffer tableName, TScan scan,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return io("scannerOpenWithScan", () -> open(tableName, Thrift1Model.scan(scan),
        scan.isSetSortColumns() && scan.isSortColumns()));
  }

  @Override
  public int scannerOpen(ByteBuffer tableName, ByteBuffer startRow, List<ByteBuffer> columns,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return scannerOpenWithStopTs(tableName, startRow, null, columns, Thrift1Model.LATEST,
        attributes);
  }

  @Override
  public int scannerOpenWithStop(ByteBuffer tableName, ByteBuffer startRow, ByteBuffer stopRow,
      List<ByteBuffer> columns, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return scannerOpenWithStopTs(tableName, startRow, stopRow, columns, Thrift1Model.LATEST,
        attributes);
  }

  /** Rows starting with {@code startAndPrefix}. */
  @Override
  public int scannerOpenWithPrefix(ByteBuffer tableName, ByteBuffer startAndPrefix,
      List<ByteBuffer> columns, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return scannerOpenWithStopTs(tableName, startAndPrefix,
        Thrift1Model.stopRowOfPrefix(startAndPrefix), columns, Thrift1Model.LATEST, attributes);
  }

  @Override
  public int scannerOpenTs(ByteBuffer tableName, ByteBuffer startRow, List<ByteBuffer> columns,
      long timestamp, Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return scannerOpenWithStopTs(tableName, startRow, null, columns, timestamp, attributes);
  }

  @Override
  public int scannerOpenWithStopTs(ByteBuffer tableName, ByteBuffer startRow,
      ByteBuffer stopRow, List<ByteBuffer> columns, long timestamp,
      Map<ByteBuffer, ByteBuffer> attributes) throws IOError {
    return io("scannerOpen", () -> open(tableName,
        Thrift1Model.scan(startRow, stopRow, columns, timestamp), false));
  }

  @Override
  public List<TRowResult> scannerGet(int id) throws IOError, IllegalArgument {
    return scannerGetList(id, 1);
  }

  /** Up to {@code nbRows} rows; an empty list once the scan is over. */
  @Override
  public List<TRowResult> scannerGetList(int id, int nbRows) throws IOError, IllegalArgument {
    ScannerRows r = scannerRowsOf(id, nbRows);
    return Thrift1Model.rowResults(r.rows(), r.sorted());
  }

  /** A scanner's next rows, and whether they go out with sorted columns. */
  record ScannerRows(List<Result> rows, boolean sorted) {}

  /** {@link #scannerGetList} as Basalt results, for {@link Thrift1Replies}. */
  ScannerRows scannerRowsOf(int id, int nbRows) throws IOError, IllegalArgument {
    return ioOrArg("scannerGetList", () -> {
      boolean sorted = thrift2.scannerAttachment(id) == SORTED;
      return new ScannerRows(thrift2.scannerRows(id, nbRows), sorted);
    });
  }

  @Override
  public void scannerClose(int id) throws IOError, IllegalArgument {
    ioOrArg("scannerClose", () -> {
      thrift2.closeScanner(id);
      return null;
    });
  }

  // ------------------------------------------------------------------ the rest

  /** The region holding a meta row key, {@code table,row,} (HBase's getRegionInfo). */
  @Override
  public TRegionInfo getRegionInfo(ByteBuffer row) throws IOError {
    return io("getRegionInfo", () -> {
      Thrift1Model.MetaKey key = Thrift1Model.metaKey(row);
      TableName t = TableName.valueOf(key.table());
      if (!master.tableExists(t)) {
        throw new IOException("table " + t + " does not exist");
      }
      for (RegionLocation l : master.regionLocations(t)) {
        if (l.region().containsRow(key.row())) {
          return Thrift1Model.regionInfo(l.region(), l.server());
        }
      }
      throw new IOException("no region of table " + t + " holds row '"
          + Bytes.toStringBinary(key.row()) + "'");
    });
  }

  @Override
  public TThriftServerType getThriftServerType() {
    return TThriftServerType.ONE;
  }

  @Override
  public String getClusterId() {
    return master.clusterId();
  }
}
