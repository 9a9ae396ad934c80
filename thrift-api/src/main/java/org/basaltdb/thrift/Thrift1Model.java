package org.basaltdb.thrift;

import static org.basaltdb.thrift.Wire.array;
import static org.basaltdb.thrift.Wire.bad;
import static org.basaltdb.thrift.Wire.required;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.thrift.generated.TBloomFilterType;
import org.basaltdb.thrift.generated.TColumn;
import org.basaltdb.thrift.generated.TColumnFamilyDescriptor;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TCompressionAlgorithm;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TDeleteType;
import org.basaltdb.thrift.generated.TDurability;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.TTimeRange;
import org.basaltdb.thrift.generated.thrift1.ColumnDescriptor;
import org.basaltdb.thrift.generated.thrift1.Mutation;
import org.basaltdb.thrift.generated.thrift1.TCell;
import org.basaltdb.thrift.generated.thrift1.TRegionInfo;
import org.basaltdb.thrift.generated.thrift1.TRowResult;

/**
 * HBase's Thrift1 API ({@code Hbase}, in {@code generated.thrift1}) in terms of Thrift2's
 * structs, which the server already routes, and Basalt's results back as Thrift1's. The
 * semantics are those of HBase's Thrift1 handler:
 *
 * <ul>
 *   <li>a column is {@code family:qualifier}; without a colon it means the whole family, and
 *       {@code family:} is the column with the empty qualifier;
 *   <li>a timestamp on a read is an exclusive upper bound ("older than");
 *   <li>a delete {@link Mutation} of a column removes every version of it (up to the timestamp
 *       of a {@code ...Ts} call), of a family every column of it; a put needs a qualifier;
 *   <li>{@code writeToWAL = false} is {@code SKIP_WAL}; a row's last mutation decides, as in
 *       HBase;
 *   <li>column descriptors are named {@code family:}; their options carry HBase's defaults
 *       (including {@code blockCacheEnabled = false}, which HBase applies as given).
 * </ul>
 *
 * <p>Bad input is an IllegalArgumentException naming the argument. Stateless and thread-safe.
 */
public final class Thrift1Model {
  /** Thrift1's "no timestamp": every version, or the server's time on a write. */
  public static final long LATEST = Cell.LATEST_TIMESTAMP;
  /** HBase sends no version number in TRegionInfo any more; its handler fills in 1. */
  private static final byte REGION_VERSION = 1;
  private static final byte COLON = ':';

  private Thrift1Model() {}

  /** A parsed column: its family, and its qualifier or null for the whole family. */
  public record Column(byte[] family, byte[] qualifier) {
    /** As Thrift2's TColumn (no qualifier: the family). */
    public TColumn toThrift2() {
      TColumn c = new TColumn(ByteBuffer.wrap(family));
      if (qualifier != null) {
        c.setQualifier(qualifier);
      }
      return c;
    }
  }

  /** Parses {@code family[:qualifier]}; {@code what} names the argument in errors. */
  public static Column column(ByteBuffer column, String what) {
    byte[] b = required(array(column), what);
    int colon = -1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == COLON) {
        colon = i;
        break;
      }
    }
    byte[] family = colon < 0 ? b : Arrays.copyOfRange(b, 0, colon);
    if (family.length == 0) {
      throw bad(what, "names no family: '" + Bytes.toStringBinary(b)
          + "' (write family:qualifier, or family for the whole family)");
    }
    return new Column(family, colon < 0 ? null : Arrays.copyOfRange(b, colon + 1, b.length));
  }

  /** A column that must have a qualifier (puts, increments, appends, checks). */
  public static Column qualifiedColumn(ByteBuffer column, String what) {
    Column c = column(column, what);
    if (c.qualifier() == null) {
      throw bad(what, "'" + Bytes.toStringBinary(c.family()) + "' names a whole family; this"
          + " needs a column, written family:qualifier");
    }
    return c;
  }

  /** Thrift1's column list as Thrift2's; null (every column) stays null. */
  public static List<TColumn> columns(List<ByteBuffer> columns, String what) {
    if (columns == null) {
      return null;
    }
    List<TColumn> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      out.add(column(columns.get(i), what + "[" + i + "]").toThrift2());
    }
    return out;
  }

  // ------------------------------------------------------------------ reads

  /**
   * A get of {@code row}: the given columns (null: all), cells older than {@code timestamp}
   * ({@link #LATEST}: any), up to {@code versions} versions (0: one).
   */
  public static TGet get(ByteBuffer row, List<TColumn> columns, long timestamp, int versions) {
    TGet g = new TGet(required(row, "row"));
    if (columns != null && !columns.isEmpty()) {
      g.setColumns(columns);
    }
    if (timestamp != LATEST) {
      g.setTimeRange(olderThan(timestamp));
    }
    if (versions != 0) {
      g.setMaxVersions(versions);
    }
    return g;
  }

  private static TTimeRange olderThan(long timestamp) {
    if (timestamp < 0) {
      throw bad("timestamp", "must not be negative, got " + timestamp);
    }
    return new TTimeRange(0, timestamp);
  }

  /** Thrift1's TScan as Thrift2's. */
  public static TScan scan(org.basaltdb.thrift.generated.thrift1.TScan in) {
    required(in, "scan");
    TScan out = new TScan();
    if (in.isSetStartRow()) {
      out.setStartRow(in.bufferForStartRow());
    }
    if (in.isSetStopRow()) {
      out.setStopRow(in.bufferForStopRow());
    }
    if (in.isSetTimestamp()) {
      out.setTimeRange(olderThan(in.getTimestamp()));
    }
    if (in.isSetColumns() && !in.getColumns().isEmpty()) {
      out.setColumns(columns(in.getColumns(), "scan.columns"));
    }
    if (in.isSetCaching()) {
      out.setCaching(in.getCaching());
    }
    if (in.isSetFilterString()) {
      out.setFilterString(in.bufferForFilterString());
    }
    if (in.isSetBatchSize()) {
      out.setBatchSize(in.getBatchSize());
    }
    if (in.isSetReversed()) {
      out.setReversed(in.isReversed());
    }
    if (in.isSetCacheBlocks()) {
      out.setCacheBlocks(in.isCacheBlocks());
    }
    return out;
  }

  /**
   * A scan from {@code startRow} (empty: the first row) to {@code stopRow} (null or empty: the
   * end) of the given columns, cells older than {@code timestamp}.
   */
  public static TScan scan(ByteBuffer startRow, ByteBuffer stopRow, List<ByteBuffer> columns,
      long timestamp) {
    TScan out = new TScan();
    if (startRow != null && startRow.hasRemaining()) {
      out.setStartRow(startRow);
    }
    if (stopRow != null && stopRow.hasRemaining()) {
      out.setStopRow(stopRow);
    }
    if (columns != null && !columns.isEmpty()) {
      out.setColumns(columns(columns, "columns"));
    }
    if (timestamp != LATEST) {
      out.setTimeRange(olderThan(timestamp));
    }
    return out;
  }

  /** The first row after every row starting with {@code prefix}; null if there is none. */
  public static ByteBuffer stopRowOfPrefix(ByteBuffer prefix) {
    byte[] p = Wire.bytes(prefix);
    if (p == null) {
      return null;
    }
    for (int i = p.length - 1; i >= 0; i--) {
      if (p[i] != (byte) 0xff) {
        byte[] stop = Arrays.copyOf(p, i + 1);
        stop[i]++;
        return ByteBuffer.wrap(stop);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ writes

  /** One row's Thrift1 mutations as Thrift2: a delete and a put, either null when empty. */
  public record RowMutation(TDelete delete, TPut put) {}

  /**
   * {@code mutations} of {@code row}: puts at {@code timestamp} ({@link #LATEST}: the server's
   * time), deletes of every version at or before it.
   */
  public static RowMutation mutation(ByteBuffer row, List<Mutation> mutations, long timestamp,
      String what) {
    required(row, what + ".row");
    required(mutations, what + ".mutations");
    List<TColumn> deleted = new ArrayList<>();
    List<TColumnValue> put = new ArrayList<>();
    TDurability deleteDurability = null;
    TDurability putDurability = null;
    for (int i = 0; i < mutations.size(); i++) {
      String field = what + ".mutations[" + i + "]";
      Mutation m = required(mutations.get(i), field);
      TDurability d = m.isWriteToWAL() ? TDurability.SYNC_WAL : TDurability.SKIP_WAL;
      if (m.isIsDelete()) {
        TColumn c = column(m.bufferForColumn(), field + ".column").toThrift2();
        if (timestamp != LATEST) {
          c.setTimestamp(timestamp);
        }
        deleted.add(c);
        deleteDurability = d;
      } else {
        Column c = qualifiedColumn(m.bufferForColumn(), field + ".column");
        byte[] value = m.isSetValue() ? array(m.bufferForValue()) : Bytes.EMPTY;
        put.add(new TColumnValue(ByteBuffer.wrap(c.family()), ByteBuffer.wrap(c.qualifier()),
            ByteBuffer.wrap(value)));
        putDurability = d;
      }
    }
    TDelete delete = null;
    if (!deleted.isEmpty()) {
      delete = new TDelete(row).setColumns(deleted).setDeleteType(TDeleteType.DELETE_COLUMNS);
      if (deleteDurability == TDurability.SKIP_WAL) {
        delete.setDurability(deleteDurability);
      }
    }
    TPut tput = null;
    if (!put.isEmpty()) {
      tput = new TPut(row, put);
      if (timestamp != LATEST) {
        tput.setTimestamp(timestamp);
      }
      if (putDurability == TDurability.SKIP_WAL) {
        tput.setDurability(putDurability);
      }
    }
    return new RowMutation(delete, tput);
  }

  /**
   * A delete of every version of {@code column} (a family without a colon) of {@code row}, or
   * of the whole row when {@code column} is null, at or before {@code timestamp}.
   */
  public static TDelete deleteAll(ByteBuffer row, ByteBuffer column, long timestamp) {
    TDelete d = new TDelete(required(row, "row"));
    if (column != null) {
      TColumn c = column(column, "column").toThrift2();
      if (timestamp != LATEST) {
        c.setTimestamp(timestamp);
      }
      d.setColumns(List.of(c)).setDeleteType(TDeleteType.DELETE_COLUMNS);
    } else if (timestamp != LATEST) {
      d.setTimestamp(timestamp);
    }
    return d;
  }

  /** Reads a counter: HBase's 8-byte big-endian long. */
  public static long counter(byte[] value, String what) {
    if (value == null || value.length != Long.BYTES) {
      throw bad(what, "is not a counter: it holds " + (value == null ? "nothing"
          : value.length + " byte(s), not 8 (a big-endian long)"));
    }
    return ByteBuffer.wrap(value).getLong();
  }

  // ------------------------------------------------------------------ results

  /** The name Thrift1 gives a cell's column: {@code family:qualifier}. */
  private static ByteBuffer columnName(Cell c) {
    byte[] f = c.family();
    byte[] q = c.qualifier();
    byte[] out = new byte[f.length + 1 + q.length];
    System.arraycopy(f, 0, out, 0, f.length);
    out[f.length] = COLON;
    System.arraycopy(q, 0, out, f.length + 1, q.length);
    return ByteBuffer.wrap(out);
  }

  private static TCell cell(Cell c) {
    return new TCell(ByteBuffer.wrap(c.valueArray(), c.valueOffset(), c.valueLength()),
        c.timestamp());
  }

  /** Every cell of a result, in order (several versions of a column newest first). */
  public static List<TCell> cells(Result r) {
    List<TCell> out = new ArrayList<>(r.size());
    for (Cell c : r.cells()) {
      out.add(cell(c));
    }
    return out;
  }

  /**
   * A result as a row: its columns in a map (one cell per column, as HBase's map keeps) or, when
   * {@code sorted}, as a list in column order.
   */
  public static TRowResult rowResult(Result r, boolean sorted) {
    TRowResult out = new TRowResult().setRow(r.row());
    if (sorted) {
      List<org.basaltdb.thrift.generated.thrift1.TColumn> cols = new ArrayList<>(r.size());
      for (Cell c : r.cells()) {
        cols.add(new org.basaltdb.thrift.generated.thrift1.TColumn(columnName(c), cell(c)));
      }
      out.setSortedColumns(cols);
    } else {
      Map<ByteBuffer, TCell> cols = new LinkedHashMap<>(r.size() * 2);
      for (Cell c : r.cells()) {
        cols.put(columnName(c), cell(c));
      }
      out.setColumns(cols);
    }
    return out;
  }

  /** Results as rows; empty results (rows with no cells) are left out, as HBase does. */
  public static List<TRowResult> rowResults(List<Result> rs, boolean sorted) {
    List<TRowResult> out = new ArrayList<>(rs.size());
    for (Result r : rs) {
      if (!r.isEmpty()) {
        out.add(rowResult(r, sorted));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ schema

  /**
   * A Thrift1 family as Thrift2's descriptor; the name may end in ':' (HBase strips it). A
   * {@code timeToLive} of zero or less means forever, as HBase's {@code colDescFromThrift} reads
   * it (clients send -1 for "no TTL").
   */
  public static TColumnFamilyDescriptor family(ColumnDescriptor in, String what) {
    required(in, what);
    byte[] name = column(in.bufferForName(), what + ".name").family();
    TColumnFamilyDescriptor out = new TColumnFamilyDescriptor(ByteBuffer.wrap(name))
        .setMaxVersions(in.getMaxVersions())
        .setTimeToLive(in.getTimeToLive() > 0 ? in.getTimeToLive()
            : ColumnFamilyDescriptor.FOREVER)
        .setInMemory(in.isInMemory())
        .setBlockCacheEnabled(in.isBlockCacheEnabled());
    if (in.getCompression() != null) {
      out.setCompressionType(enumValue(TCompressionAlgorithm.class, in.getCompression(),
          what + ".compression"));
    }
    if (in.getBloomFilterType() != null) {
      out.setBloomnFilterType(enumValue(TBloomFilterType.class, in.getBloomFilterType(),
          what + ".bloomFilterType"));
    }
    return out;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String what) {
    try {
      return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(what, "'" + name + "' is unknown; use one of "
          + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** A family as Thrift1 describes it, named {@code family:}. */
  public static ColumnDescriptor family(ColumnFamilyDescriptor in) {
    byte[] f = in.name();
    byte[] name = Arrays.copyOf(f, f.length + 1);
    name[f.length] = COLON;
    return new ColumnDescriptor()
        .setName(name)
        .setMaxVersions(in.maxVersions())
        .setCompression(in.compression())
        .setInMemory(in.inMemory())
        .setBloomFilterType(in.bloomFilter())
        .setBloomFilterVectorSize(0)
        .setBloomFilterNbHashes(0)
        .setBlockCacheEnabled(in.blockCache())
        .setTimeToLive(in.ttlSeconds());
  }

  /**
   * A region as Thrift1 describes it; {@code serverName} is Basalt's {@code host,port,startCode}
   * (null: unassigned).
   */
  public static TRegionInfo regionInfo(RegionInfo r, String serverName) {
    TRegionInfo out = new TRegionInfo()
        .setStartKey(r.startKey())
        .setEndKey(r.endKey())
        .setId(r.regionId())
        .setName(regionName(r))
        .setVersion(REGION_VERSION);
    if (serverName != null && !serverName.isEmpty()) {
      String[] parts = serverName.split(",");
      out.setServerName(Wire.utf8(parts[0]));
      if (parts.length > 1) {
        out.setPort(Integer.parseInt(parts[1]));
      }
    }
    return out;
  }

  /** HBase's region name: {@code table,startKey,regionId.encodedName.} */
  public static byte[] regionName(RegionInfo r) {
    byte[] table = Wire.utf8(r.table().toString() + ",");
    byte[] tail = Wire.utf8("," + r.regionId() + "." + r.encodedName() + ".");
    byte[] out = new byte[table.length + r.startKey().length + tail.length];
    System.arraycopy(table, 0, out, 0, table.length);
    System.arraycopy(r.startKey(), 0, out, table.length, r.startKey().length);
    System.arraycopy(tail, 0, out, table.length + r.startKey().length, tail.length);
    return out;
  }

  /**
   * The table and row of a meta row key as getRegionInfo takes it: {@code table,row,} or
   * {@code table,row,regionId...}; the row is what lies between the first and the last comma.
   */
  public record MetaKey(String table, byte[] row) {}

  public static MetaKey metaKey(ByteBuffer key) {
    byte[] b = required(array(key), "row");
    int first = -1;
    int last = -1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == ',') {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first <= 0 || last == first) {
      throw bad("row", "'" + Bytes.toStringBinary(b) + "' is not a meta row key; write"
          + " table,row, (a table name, a comma, the row, a comma)");
    }
    String table = Wire.utf8(Arrays.copyOfRange(b, 0, first), "row (its table)");
    return new MetaKey(table, Arrays.copyOfRange(b, first + 1, last));
  }
}
