package org.basaltdb.thrift;

import static org.basaltdb.thrift.Wire.array;
import static org.basaltdb.thrift.Wire.at;
import static org.basaltdb.thrift.Wire.bad;
import static org.basaltdb.thrift.Wire.bytes;
import static org.basaltdb.thrift.Wire.in;
import static org.basaltdb.thrift.Wire.nonEmpty;
import static org.basaltdb.thrift.Wire.nonNegative;
import static org.basaltdb.thrift.Wire.required;
import static org.basaltdb.thrift.Wire.timestamp;
import static org.basaltdb.thrift.Wire.unsupported;
import static org.basaltdb.thrift.Wire.valueBuffer;
import static org.basaltdb.thrift.Wire.utf8;
import static org.basaltdb.thrift.Wire.versions;
import static org.basaltdb.thrift.Wire.wrap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.CompareOperator;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Query;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.thrift.generated.TAppend;
import org.basaltdb.thrift.generated.TColumn;
import org.basaltdb.thrift.generated.TColumnIncrement;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TCompareOp;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TDurability;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.TIncrement;
import org.basaltdb.thrift.generated.TMutation;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TRowMutations;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.TTimeRange;

/**
 * Converts reads, writes and results between THBaseService's wire structs and Basalt's model
 * ({@code org.basaltdb.common.ops}), in both directions, with the meanings HBase's Thrift2 gateway
 * gives them. Schema objects (tables, families, namespaces, regions) are in {@link ThriftSchema}.
 *
 * <p>Contract: every method is a pure function, safe from any thread. Input is never modified
 * (byte buffers are read through duplicates). A result may share the arrays of the struct it
 * came from when a field's buffer covers its whole array, as decoded fields do; callers must
 * not change those arrays afterwards (nothing in Basalt does). Every bad input - a missing
 * required field, an enum value this build does not know (Thrift delivers it as null), an
 * invalid family name, a negative timestamp or count - is an {@link IllegalArgumentException}
 * whose message starts with the field, e.g. {@code "TGet.maxVersions must be at least 1, got 0"};
 * the server answers it with TIllegalArgument. Delete conversions are in {@link DeleteModel}.
 *
 * <p>Accepted and ignored, because Basalt has nothing they could change: attributes, cell
 * visibility and authorizations (no cell-level security), consistency (every read is strong),
 * readType (an HBase I/O hint). Refused, because ignoring them would change the answer: TGet's
 * storeLimit/storeOffset, filterBytes (serialized HBase protobuf filters; use filterString), a
 * targetReplicaId above 0, TScan's per-family time ranges.
 *
 * <p>Where HBase's code and HBase's protocol documentation disagree, the documentation wins: a
 * TColumn without a qualifier in a DELETE_COLUMN(S) TDelete deletes its whole family (HBase
 * 2.x's code would delete the empty qualifier instead).
 */
public final class ThriftModel {
  private ThriftModel() {}

  // ---------------------------------------------------------------------------------------------
  // Reads
  // ---------------------------------------------------------------------------------------------

  /** A TGet as a Get. A timestamp wins over a time range; timestamps on TColumns are unused. */
  public static Get fromThrift(TGet in) {
    required(in, "TGet");
    byte[] row = required(array(in.row), "TGet.row");
    Get out = at("TGet.row", () -> new Get(row));
    readCommon(out, "TGet", in.getColumns(), in.isSetTimestamp() ? in.getTimestamp() : null,
        in.getTimeRange(), in.isSetMaxVersions() ? in.getMaxVersions() : null,
        array(in.filterString), in.isSetFilterBytes(), in.isSetCacheBlocks() ? in.isCacheBlocks()
            : null, in.isSetTargetReplicaId() ? in.getTargetReplicaId() : 0);
    if (in.isSetStoreLimit()) {
      throw unsupported("TGet.storeLimit", "no per-family result limits");
    }
    if (in.isSetStoreOffset()) {
      throw unsupported("TGet.storeOffset", "no per-family result offsets");
    }
    if (in.isSetExistence_only()) {
      out.setCheckExistenceOnly(in.isExistence_only());
    }
    return out;
  }

  public static List<Get> getsFromThrift(List<TGet> in) {
    List<TGet> gets = required(in, "tgets");
    List<Get> out = new ArrayList<>(gets.size());
    for (int i = 0; i < gets.size(); i++) {
      TGet g = gets.get(i);
      out.add(at("tgets[" + i + "]", () -> fromThrift(g)));
    }
    return out;
  }

  /** A Get as a TGet; a one-timestamp time range travels as {@code timestamp}. */
  public static TGet toThrift(Get in) {
    TGet out = new TGet(wrap(in.row()));
    List<TColumn> columns = columnsToThrift(in);
    if (!columns.isEmpty()) {
      out.setColumns(columns);
    }
    TimeRange tr = in.timeRange();
    if (!tr.isAll()) {
      if (tr.max() == tr.min() + 1) {
        out.setTimestamp(tr.min());
      } else {
        out.setTimeRange(toThrift(tr));
      }
    }
    if (in.maxVersions() != 1) {
      out.setMaxVersions(in.maxVersions());
    }
    if (in.filter() != null) {
      out.setFilterString(utf8(in.filter()));
    }
    if (!in.cacheBlocks()) {
      out.setCacheBlocks(false);
    }
    if (in.isCheckExistenceOnly()) {
      out.setExistence_only(true);
    }
    return out;
  }

  /**
   * A TScan as a Scan: startRow inclusive, stopRow exclusive (absent or empty: unbounded), as in
   * HBase 2.6's Thrift2, whose TScan has no inclusive/exclusive flags. One exception, also
   * HBase's: a start row equal to the stop row (not empty) reads that one row, forward or
   * reversed, as a get would. (HBase's handler builds its Scan with the deprecated
   * setStartRow/setStopRow, which keep that older rule.)
   */
  public static Scan fromThrift(TScan in) {
    required(in, "TScan");
    Scan out = new Scan();
    byte[] start = in.isSetStartRow() ? array(in.startRow) : Bytes.EMPTY;
    if (in.isSetStartRow()) {
      out.withStartRow(start);
    }
    if (in.isSetStopRow()) {
      byte[] stop = array(in.stopRow);
      out.withStopRow(stop, start.length > 0 && Bytes.equals(start, stop));
    }
    readCommon(out, "TScan", in.getColumns(), null, in.getTimeRange(),
        in.isSetMaxVersions() ? in.getMaxVersions() : null, array(in.filterString),
        in.isSetFilterBytes(), in.isSetCacheBlocks() ? in.isCacheBlocks() : null,
        in.isSetTargetReplicaId() ? in.getTargetReplicaId() : 0);
    if (in.isSetCaching()) {
      out.setCaching(nonNegative(in.getCaching(), "TScan.caching"));
    }
    if (in.isSetBatchSize()) {
      out.setBatch(nonNegative(in.getBatchSize(), "TScan.batchSize"));
    }
    if (in.isSetLimit()) {
      out.setLimit(nonNegative(in.getLimit(), "TScan.limit"));
    }
    if (in.isSetReversed()) {
      out.setReversed(in.isReversed());
    }
    if (in.isSetColFamTimeRangeMap() && !in.getColFamTimeRangeMap().isEmpty()) {
      throw unsupported("TScan.colFamTimeRangeMap", "no per-family time ranges; use timeRange");
    }
    return out;
  }

  /**
   * A Scan as a TScan. TScan cannot say "exclusive start" or "inclusive stop", so a forward scan
   * moves such a bound to the next row key ({@code row + 0x00}), which selects the same rows. A
   * reversed scan cannot do that (the key just before a row has no finite spelling) and a raw
   * scan has no TScan field: both are refused.
   */
  public static TScan toThrift(Scan in) {
    TScan out = new TScan();
    if (in.isRaw()) {
      throw bad("Scan.raw", "cannot be sent in a TScan");
    }
    byte[] start = in.startRow();
    byte[] stop = in.stopRow();
    if (start.length > 0) {
      if (!in.includeStartRow()) {
        if (in.isReversed()) {
          throw bad("Scan.includeStartRow", "must be true for a reversed scan sent as a TScan");
        }
        start = Bytes.successor(start);
      }
      out.setStartRow(start);
    }
    if (stop.length > 0) {
      if (in.includeStopRow()) {
        if (in.isReversed()) {
          throw bad("Scan.includeStopRow", "must be false for a reversed scan sent as a TScan");
        }
        stop = Bytes.successor(stop);
      }
      out.setStopRow(stop);
    }
    List<TColumn> columns = columnsToThrift(in);
    if (!columns.isEmpty()) {
      out.setColumns(columns);
    }
    if (!in.timeRange().isAll()) {
      out.setTimeRange(toThrift(in.timeRange()));
    }
    if (in.maxVersions() != 1) {
      out.setMaxVersions(in.maxVersions());
    }
    if (in.filter() != null) {
      out.setFilterString(utf8(in.filter()));
    }
    if (in.caching() > 0) {
      out.setCaching(in.caching());
    }
    if (in.batch() > 0) {
      out.setBatchSize(in.batch());
    }
    if (in.limit() > 0) {
      out.setLimit(in.limit());
    }
    if (in.isReversed()) {
      out.setReversed(true);
    }
    if (!in.cacheBlocks()) {
      out.setCacheBlocks(false);
    }
    return out;
  }

  /** What TGet and TScan share, applied to a Get or Scan; {@code what} names the struct. */
  private static void readCommon(Query<?> out, String what, List<TColumn> columns, Long timestamp,
      TTimeRange timeRange, Integer maxVersions, byte[] filterString, boolean hasFilterBytes,
      Boolean cacheBlocks, int targetReplicaId) {
    if (columns != null) {
      for (int i = 0; i < columns.size(); i++) {
        TColumn c = columns.get(i);
        if (c == null || c.family == null) {
          String field = what + ".columns[" + i + "]";
          required(array(required(c, field).family), field + ".family");
        }
        try {
          if (c.isSetQualifier()) {
            out.addColumn(array(c.family), array(c.qualifier));
          } else {
            out.addFamily(array(c.family));
          }
        } catch (IllegalArgumentException e) {
          throw in(what + ".columns[" + i + "]", e);
        }
      }
    }
    if (timestamp != null) {
      out.setTimestamp(timestamp(timestamp, what + ".timestamp"));
    } else if (timeRange != null) {
      out.setTimeRange(fromThrift(timeRange, what + ".timeRange"));
    }
    if (maxVersions != null) {
      out.readVersions(versions(maxVersions, what + ".maxVersions"));
    }
    if (filterString != null) {
      out.setFilter(utf8(filterString, what + ".filterString"));
    }
    if (hasFilterBytes) {
      throw unsupported(what + ".filterBytes", "serialized HBase filters; use filterString");
    }
    if (cacheBlocks != null) {
      out.setCacheBlocks(cacheBlocks);
    }
    if (targetReplicaId > 0) {
      throw unsupported(what + ".targetReplicaId", "regions have no read replicas");
    }
  }

  private static List<TColumn> columnsToThrift(Query<?> in) {
    List<TColumn> out = new ArrayList<>();
    in.families().forEach((family, qualifiers) -> {
      if (qualifiers.isEmpty()) {
        out.add(new TColumn(wrap(family)));
      } else {
        for (byte[] q : qualifiers) {
          out.add(new TColumn(wrap(family)).setQualifier(q));
        }
      }
    });
    return out;
  }

  /** [minStamp, maxStamp) as a TimeRange; {@code field} names it in errors. */
  public static TimeRange fromThrift(TTimeRange in, String field) {
    required(in, field);
    return at(field, () -> new TimeRange(in.getMinStamp(), in.getMaxStamp()));
  }

  public static TTimeRange toThrift(TimeRange in) {
    return new TTimeRange(in.min(), in.max());
  }

  // ---------------------------------------------------------------------------------------------
  // Results
  // ---------------------------------------------------------------------------------------------

  /** A Result as a TResult: each cell with its timestamp and type code; no row when empty. */
  public static TResult toThrift(Result in) {
    return toThrift(in, false);
  }

  /**
   * As {@link #toThrift(Result)}; {@code partial} says the row continues in the next result (a
   * batched scan cut it).
   */
  public static TResult toThrift(Result in, boolean partial) {
    List<TColumnValue> values = new ArrayList<>(in.size());
    for (Cell c : in.cells()) {
      TColumnValue v = new TColumnValue(wrap(c.family()), wrap(c.qualifier()), valueBuffer(c));
      v.setTimestamp(c.timestamp());
      v.setType((byte) c.type().code);
      values.add(v);
    }
    TResult out = new TResult(values);
    if (!in.isEmpty()) {
      out.setRow(in.row());
    }
    out.setStale(false); // every read is strong
    out.setPartial(partial);
    return out;
  }

  public static List<TResult> resultsToThrift(List<Result> in) {
    List<TResult> out = new ArrayList<>(in.size());
    for (Result r : in) {
      out.add(toThrift(r));
    }
    return out;
  }

  /**
   * A TResult as a Result. A cell without a timestamp gets {@link Cell#LATEST_TIMESTAMP}, one
   * without a type is a put. Cells are taken in the order sent (the server sends them sorted).
   */
  public static Result fromThrift(TResult in) {
    required(in, "TResult");
    List<TColumnValue> values = required(in.getColumnValues(), "TResult.columnValues");
    if (values.isEmpty()) {
      return Result.EMPTY;
    }
    byte[] row = required(array(in.row), "TResult.row");
    List<Cell> cells = new ArrayList<>(values.size());
    // Every cell of every answer the Java client reads passes here: the field names for the
    // error messages are built only when a field is missing (four strings per cell before).
    for (int i = 0; i < values.size(); i++) {
      TColumnValue v = values.get(i);
      byte[] family = v == null ? null : array(v.family);
      byte[] qualifier = v == null ? null : array(v.qualifier);
      byte[] value = v == null ? null : array(v.value);
      if (v == null || family == null || qualifier == null || value == null) {
        String field = "TResult.columnValues[" + i + "]";
        required(v, field);
        required(family, field + ".family");
        required(qualifier, field + ".qualifier");
        required(value, field + ".value");
      }
      long ts = v.isSetTimestamp() ? v.getTimestamp() : Cell.LATEST_TIMESTAMP;
      Cell.Type type = Cell.Type.PUT;
      if (v.isSetType()) {
        try {
          type = Cell.Type.ofCode(v.getType() & 0xFF);
        } catch (IllegalArgumentException e) {
          throw Wire.in("TResult.columnValues[" + i + "].type", e);
        }
      }
      cells.add(new Cell(row, family, qualifier, ts, type, 0, value));
    }
    return Result.of(cells);
  }

  public static List<Result> resultsFromThrift(List<TResult> in) {
    List<Result> out = new ArrayList<>(in.size());
    for (TResult r : in) {
      out.add(fromThrift(r));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes
  // ---------------------------------------------------------------------------------------------

  /**
   * A TPut as a Put. A cell's own timestamp wins over the put's; with neither the server's clock
   * stamps it. Tags and the cell type are not used.
   */
  public static Put fromThrift(TPut in) {
    required(in, "TPut");
    byte[] row = required(array(in.row), "TPut.row");
    long ts = in.isSetTimestamp()
        ? timestamp(in.getTimestamp(), "TPut.timestamp") : Cell.LATEST_TIMESTAMP;
    Put out = at("TPut.row", () -> new Put(row, ts));
    List<TColumnValue> values = nonEmpty(in.getColumnValues(), "TPut.columnValues");
    for (int i = 0; i < values.size(); i++) {
      // Field names are built only for an error: a put of 10 cells built 50 strings before.
      TColumnValue v = values.get(i);
      if (v == null || v.family == null || v.qualifier == null || v.value == null
          || (v.isSetTimestamp() && v.getTimestamp() < 0)) {
        String field = "TPut.columnValues[" + i + "]";
        required(v, field);
        required(array(v.family), field + ".family");
        required(array(v.qualifier), field + ".qualifier");
        required(array(v.value), field + ".value");
        timestamp(v.getTimestamp(), field + ".timestamp");
      }
      try {
        if (v.isSetTimestamp()) {
          out.addColumn(array(v.family), array(v.qualifier), v.getTimestamp(), array(v.value));
        } else {
          out.addColumn(array(v.family), array(v.qualifier), array(v.value));
        }
      } catch (IllegalArgumentException e) {
        throw in("TPut.columnValues[" + i + "]", e);
      }
    }
    out.setDurability(fromThrift(in.getDurability()));
    return out;
  }

  public static List<Put> putsFromThrift(List<TPut> in) {
    List<TPut> puts = required(in, "tputs");
    List<Put> out = new ArrayList<>(puts.size());
    for (int i = 0; i < puts.size(); i++) {
      TPut p = puts.get(i);
      out.add(at("tputs[" + i + "]", () -> fromThrift(p)));
    }
    return out;
  }

  /** A Put as a TPut; each cell carries its own timestamp unless it is "latest". */
  public static TPut toThrift(Put in) {
    List<TColumnValue> values = new ArrayList<>(in.cells().size());
    for (Cell c : in.cells()) {
      TColumnValue v = new TColumnValue(wrap(c.family()), wrap(c.qualifier()), valueBuffer(c));
      if (c.timestamp() != Cell.LATEST_TIMESTAMP) {
        v.setTimestamp(c.timestamp());
      }
      values.add(v);
    }
    TPut out = new TPut(wrap(in.row()), values);
    if (in.durability() != Durability.USE_DEFAULT) {
      out.setDurability(toThrift(in.durability()));
    }
    return out;
  }

  /**
   * A TDelete as a Delete. No columns: the whole row, up to the TDelete's timestamp if given.
   * Otherwise each TColumn by deleteType, with the column's own timestamp (the TDelete's is
   * not used, as in HBase):
   *
   * <ul>
   *   <li>DELETE_COLUMN: one version of the column (the newest, or the one at the timestamp);
   *   <li>DELETE_COLUMNS: every version of the column up to the timestamp;
   *   <li>DELETE_FAMILY: every column of the family up to the timestamp;
   *   <li>DELETE_FAMILY_VERSION: every column's version at exactly the timestamp (required).
   * </ul>
   *
   * A TColumn without a qualifier under DELETE_COLUMN(S) deletes its whole family.
   */
  public static Delete fromThrift(TDelete in) {
    return DeleteModel.fromThrift(in);
  }

  public static List<Delete> deletesFromThrift(List<TDelete> in) {
    List<TDelete> deletes = required(in, "tdeletes");
    List<Delete> out = new ArrayList<>(deletes.size());
    for (int i = 0; i < deletes.size(); i++) {
      TDelete d = deletes.get(i);
      out.add(at("tdeletes[" + i + "]", () -> fromThrift(d)));
    }
    return out;
  }

  /**
   * A Delete as one TDelete. A TDelete has one deleteType for all its columns, so a Delete that
   * mixes kinds (say a family and a single column) is refused here; send it inside a
   * TRowMutations ({@link #toThrift(RowMutations)} splits it, still atomically).
   */
  public static TDelete toThrift(Delete in) {
    List<TDelete> parts = DeleteModel.split(in);
    if (parts.size() > 1) {
      throw bad("Delete", "mixes delete kinds, which one TDelete cannot carry; send it as "
          + "RowMutations");
    }
    return parts.get(0);
  }

  /** A TIncrement as an Increment; a column without an amount adds 1. */
  public static Increment fromThrift(TIncrement in) {
    required(in, "TIncrement");
    byte[] row = required(array(in.row), "TIncrement.row");
    Increment out = at("TIncrement.row", () -> new Increment(row));
    List<TColumnIncrement> columns = nonEmpty(in.getColumns(), "TIncrement.columns");
    for (int i = 0; i < columns.size(); i++) {
      String field = "TIncrement.columns[" + i + "]";
      TColumnIncrement c = required(columns.get(i), field);
      byte[] family = required(array(c.family), field + ".family");
      byte[] qualifier = required(array(c.qualifier), field + ".qualifier");
      at(field, () -> out.addColumn(family, qualifier, c.getAmount()));
    }
    out.setDurability(fromThrift(in.getDurability()));
    if (in.isSetReturnResults()) {
      out.setReturnResults(in.isReturnResults());
    }
    return out;
  }

  /** An Increment as a TIncrement; a time range has no TIncrement field and is refused. */
  public static TIncrement toThrift(Increment in) {
    if (!in.timeRange().isAll()) {
      throw bad("Increment.timeRange", "cannot be sent in a TIncrement");
    }
    List<TColumnIncrement> columns = new ArrayList<>(in.columns().size());
    for (Increment.Column c : in.columns()) {
      columns.add(new TColumnIncrement(wrap(c.family()), wrap(c.qualifier()))
          .setAmount(c.amount()));
    }
    TIncrement out = new TIncrement(wrap(in.row()), columns);
    if (in.durability() != Durability.USE_DEFAULT) {
      out.setDurability(toThrift(in.durability()));
    }
    if (!in.returnResults()) {
      out.setReturnResults(false);
    }
    return out;
  }

  /** A TAppend as an Append; the columns' timestamps and types are not used. */
  public static Append fromThrift(TAppend in) {
    required(in, "TAppend");
    byte[] row = required(array(in.row), "TAppend.row");
    Append out = at("TAppend.row", () -> new Append(row));
    List<TColumnValue> columns = nonEmpty(in.getColumns(), "TAppend.columns");
    for (int i = 0; i < columns.size(); i++) {
      String field = "TAppend.columns[" + i + "]";
      TColumnValue c = required(columns.get(i), field);
      byte[] family = required(array(c.family), field + ".family");
      byte[] qualifier = required(array(c.qualifier), field + ".qualifier");
      byte[] value = required(array(c.value), field + ".value");
      at(field, () -> out.addColumn(family, qualifier, value));
    }
    out.setDurability(fromThrift(in.getDurability()));
    if (in.isSetReturnResults()) {
      out.setReturnResults(in.isReturnResults());
    }
    return out;
  }

  public static TAppend toThrift(Append in) {
    List<TColumnValue> columns = new ArrayList<>(in.columns().size());
    for (Append.Column c : in.columns()) {
      columns.add(new TColumnValue(wrap(c.family()), wrap(c.qualifier()), wrap(c.value())));
    }
    TAppend out = new TAppend(wrap(in.row()), columns);
    if (in.durability() != Durability.USE_DEFAULT) {
      out.setDurability(toThrift(in.durability()));
    }
    if (!in.returnResults()) {
      out.setReturnResults(false);
    }
    return out;
  }

  /** A TRowMutations as RowMutations: every mutation must be on its row; at least one. */
  public static RowMutations fromThrift(TRowMutations in) {
    required(in, "TRowMutations");
    byte[] row = required(array(in.row), "TRowMutations.row");
    at("TRowMutations.row", () -> org.basaltdb.common.Limits.checkRow(row));
    RowMutations out = new RowMutations(row);
    List<TMutation> mutations = nonEmpty(in.getMutations(), "TRowMutations.mutations");
    for (int i = 0; i < mutations.size(); i++) {
      String field = "TRowMutations.mutations[" + i + "]";
      TMutation m = required(mutations.get(i), field);
      Mutation mutation;
      if (m.isSetPut()) {
        mutation = at(field + ".put", () -> fromThrift(m.getPut()));
      } else if (m.isSetDeleteSingle()) {
        mutation = at(field + ".deleteSingle", () -> fromThrift(m.getDeleteSingle()));
      } else {
        throw bad(field, "holds neither put nor deleteSingle");
      }
      at(field, () -> out.add(mutation));
    }
    return out;
  }

  /** Puts and deletes of any rows, each a TMutation (Basalt's internal multi-row batches). */
  public static List<Mutation> mutationsFromThrift(List<TMutation> in) {
    List<Mutation> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      String field = "mutations[" + i + "]";
      TMutation m = required(in.get(i), field);
      if (m.isSetPut()) {
        out.add(at(field + ".put", () -> fromThrift(m.getPut())));
      } else if (m.isSetDeleteSingle()) {
        out.add(at(field + ".deleteSingle", () -> fromThrift(m.getDeleteSingle())));
      } else {
        throw bad(field, "holds neither put nor deleteSingle");
      }
    }
    return out;
  }

  /** The inverse of {@link #mutationsFromThrift}. */
  public static List<TMutation> mutationsToThrift(List<? extends Mutation> in) {
    List<TMutation> out = new ArrayList<>(in.size());
    for (Mutation m : in) {
      if (m instanceof Put p) {
        out.add(TMutation.put(toThrift(p)));
      } else {
        for (TDelete d : DeleteModel.split((Delete) m)) {
          out.add(TMutation.deleteSingle(d));
        }
      }
    }
    return out;
  }

  /** RowMutations as a TRowMutations; a Delete mixing kinds becomes several TDeletes in a row. */
  public static TRowMutations toThrift(RowMutations in) {
    List<TMutation> mutations = new ArrayList<>();
    for (Mutation m : in.mutations()) {
      if (m instanceof Put p) {
        mutations.add(TMutation.put(toThrift(p)));
      } else {
        for (TDelete d : DeleteModel.split((Delete) m)) {
          mutations.add(TMutation.deleteSingle(d));
        }
      }
    }
    return new TRowMutations(wrap(in.row()), mutations);
  }

  // ---------------------------------------------------------------------------------------------
  // Conditional writes
  // ---------------------------------------------------------------------------------------------

  /**
   * checkAndPut's arguments: put if the column's value equals {@code value}. A null or empty
   * value means "only if the column has no value", as HBase's gateway.
   */
  public static CheckAndMutate checkAndPutFromThrift(ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TPut put) {
    Put p = at("tput", () -> fromThrift(required(put, "tput")));
    return check("checkAndPut", row, family, qualifier, TCompareOp.EQUAL, value, p, null);
  }

  /** checkAndDelete's arguments, read as {@link #checkAndPutFromThrift}'s. */
  public static CheckAndMutate checkAndDeleteFromThrift(ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, ByteBuffer value, TDelete delete) {
    Delete d = at("tdelete", () -> fromThrift(required(delete, "tdelete")));
    return check("checkAndDelete", row, family, qualifier, TCompareOp.EQUAL, value, d, null);
  }

  /**
   * checkAndMutate's arguments: apply the mutations if "value compareOp stored" holds. A null or
   * empty value means the column has no value (EQUAL) or has one (NOT_EQUAL).
   */
  public static CheckAndMutate checkAndMutateFromThrift(ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, TCompareOp compareOp, ByteBuffer value, TRowMutations mutations) {
    RowMutations rm = at("rowMutations", () -> fromThrift(required(mutations, "rowMutations")));
    CheckAndMutate cam = check("checkAndMutate", row, family, qualifier, compareOp, value, null,
        rm);
    if (value == null) {
      // HBase 2.6's gateway fails such a call (an internal error); an empty value is how
      // THBaseService's checkAndMutate asks "is the cell absent?".
      throw bad("checkAndMutate.value", "is required; send an empty value to check that the "
          + "cell is absent");
    }
    if (cam.op() == CompareOperator.NO_OP) {
      // HBase 2.6's region server fails it ("Unknown Compare op NO_OP"), after its retries.
      throw bad("checkAndMutate.compareOp", "NO_OP compares nothing and cannot be checked");
    }
    return cam;
  }

  private static CheckAndMutate check(String method, ByteBuffer row, ByteBuffer family,
      ByteBuffer qualifier, TCompareOp op, ByteBuffer value, Mutation m, RowMutations rm) {
    byte[] r = required(bytes(row), method + ".row");
    at(method + ".row", () -> org.basaltdb.common.Limits.checkRow(r));
    byte[] f = required(bytes(family), method + ".family");
    at(method + ".family", () -> org.basaltdb.common.Limits.checkFamily(f));
    byte[] q = required(bytes(qualifier), method + ".qualifier");
    CompareOperator operator = fromThrift(op, method + ".compareOp");
    byte[] v = bytes(value);
    byte[] operand = v == null || v.length == 0 ? null : v;
    return at(method, () -> m != null
        ? CheckAndMutate.of(r, f, q, operator, operand, m)
        : CheckAndMutate.of(r, f, q, operator, operand, rm));
  }

  // ---------------------------------------------------------------------------------------------
  // Enums
  // ---------------------------------------------------------------------------------------------

  /** Absent (or a code this build does not know, which Thrift delivers as null): USE_DEFAULT. */
  public static Durability fromThrift(TDurability in) {
    return in == null ? Durability.USE_DEFAULT : Durability.ofCode(in.getValue());
  }

  public static TDurability toThrift(Durability in) {
    return TDurability.findByValue(in.code);
  }

  /** A TCompareOp as a CompareOperator; null is refused with {@code field} in the message. */
  public static CompareOperator fromThrift(TCompareOp in, String field) {
    if (in == null) {
      throw bad(field, "is missing or not a known TCompareOp");
    }
    return CompareOperator.valueOf(in.name());
  }

  public static TCompareOp toThrift(CompareOperator in) {
    return TCompareOp.valueOf(in.name());
  }
}
