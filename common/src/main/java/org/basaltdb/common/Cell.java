package org.basaltdb.common;

import java.util.Arrays;
import java.util.Objects;

/**
 * One versioned value: the unit every layer stores, orders and returns.
 *
 * <p>Cells are immutable. The arrays they hold are never copied and must not be changed after
 * the cell is built: whoever builds a cell hands over its arrays.
 *
 * <p>A cell's value may be a slice of a larger array ({@link #ofValueSlice}): cells decoded from
 * an SSTable block refer to their value inside the cached block instead of copying it (a value is
 * most of a cell's bytes, and scans return thousands of cells). Such a cell's {@link #value()}
 * returns a copy; code on a hot path reads {@link #valueArray()}, {@link #valueOffset()} and
 * {@link #valueLength()} instead. A slice keeps its whole array reachable, so cells that live
 * long (memstores) are never slices.
 *
 * <p>Order ({@link CellComparator}): row ↑, family ↑, qualifier ↑, timestamp ↓, type
 * (delete markers before puts at equal timestamp), sequence id ↓.
 */
public sealed class Cell permits Cell.ValueSlice {
  /** HBase's "latest timestamp": a put carrying it is stamped with the server's time. */
  public static final long LATEST_TIMESTAMP = Long.MAX_VALUE;

  /**
   * The kind of a cell. Codes are HBase's KeyValue type codes; they are written to disk (SSTable,
   * WAL) and must never be renumbered. {@link #MINIMUM} and {@link #MAXIMUM} exist only in search
   * keys and are never stored.
   */
  public enum Type {
    MINIMUM(0),
    PUT(4),
    DELETE(8),
    DELETE_FAMILY_VERSION(10),
    DELETE_COLUMN(12),
    DELETE_FAMILY(14),
    MAXIMUM(255);

    private static final Type[] BY_CODE = new Type[256];

    static {
      for (Type t : values()) {
        BY_CODE[t.code] = t;
      }
    }

    public final int code;

    Type(int code) {
      this.code = code;
    }

    public static Type ofCode(int code) {
      Type t = code >= 0 && code < 256 ? BY_CODE[code] : null;
      if (t == null) {
        throw new IllegalArgumentException("unknown cell type code " + code);
      }
      return t;
    }

    public boolean isDelete() {
      return this == DELETE || this == DELETE_FAMILY_VERSION || this == DELETE_COLUMN
          || this == DELETE_FAMILY;
    }

    /** True for the markers that cover every qualifier of a family. */
    public boolean isFamilyDelete() {
      return this == DELETE_FAMILY || this == DELETE_FAMILY_VERSION;
    }
  }

  /**
   * The row's first 8 bytes, and its next 8, each as an unsigned big-endian number, zero-padded:
   * two rows whose prefixes differ are ordered by them alone ({@link CellComparator}), without
   * reading the rows' arrays. Keys often share their first 8 bytes (zero-padded numbers,
   * "user" and digits), and in the memstore's skip list the descent's last levels compare rows
   * near the new one; with 8 bytes, those comparisons each loaded another array.
   */
  private final long rowPrefix;
  private final long rowPrefix2;
  private final byte[] row;
  private final byte[] family;
  private final byte[] qualifier;
  private final long timestamp;
  private final Type type;
  private final long sequenceId;
  /** The value, or for a {@link ValueSlice} the array holding it. */
  private final byte[] value;

  public Cell(byte[] row, byte[] family, byte[] qualifier, long timestamp, Type type,
      long sequenceId, byte[] value) {
    this(Bytes.prefix(Objects.requireNonNull(row, "row")), Bytes.prefix(row, 8), row, family,
        qualifier, timestamp, type, sequenceId, value);
  }

  /** For copies of a cell with one field changed: the row, hence its prefixes, are the same. */
  Cell(long rowPrefix, long rowPrefix2, byte[] row, byte[] family, byte[] qualifier,
      long timestamp, Type type, long sequenceId, byte[] value) {
    this.row = row;
    this.rowPrefix = rowPrefix;
    this.rowPrefix2 = rowPrefix2;
    this.family = Objects.requireNonNull(family, "family");
    this.qualifier = Objects.requireNonNull(qualifier, "qualifier");
    this.timestamp = timestamp;
    this.type = Objects.requireNonNull(type, "type");
    this.sequenceId = sequenceId;
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * A cell whose value is {@code valueArray[valueOffset, valueOffset + valueLength)}, not copied:
   * the array must never change afterwards (an SSTable block).
   */
  public static Cell ofValueSlice(byte[] row, byte[] family, byte[] qualifier, long timestamp,
      Type type, long sequenceId, byte[] valueArray, int valueOffset, int valueLength) {
    return ofValueSlice(Bytes.prefix(Objects.requireNonNull(row, "row")), Bytes.prefix(row, 8),
        row, family, qualifier, timestamp, type, sequenceId, valueArray, valueOffset, valueLength);
  }

  /**
   * As {@link #ofValueSlice(byte[], byte[], byte[], long, Type, long, byte[], int, int)} on the
   * row of {@code sameRow}, sharing its array: a decoder building the cells of one row in turn
   * copies and reads the row once.
   */
  public static Cell onRowOf(Cell sameRow, byte[] family, byte[] qualifier, long timestamp,
      Type type, long sequenceId, byte[] valueArray, int valueOffset, int valueLength) {
    return ofValueSlice(sameRow.rowPrefix, sameRow.rowPrefix2, sameRow.row, family, qualifier,
        timestamp, type, sequenceId, valueArray, valueOffset, valueLength);
  }

  private static Cell ofValueSlice(long rowPrefix, long rowPrefix2, byte[] row, byte[] family,
      byte[] qualifier, long timestamp, Type type, long sequenceId, byte[] valueArray,
      int valueOffset, int valueLength) {
    java.util.Objects.checkFromIndexSize(valueOffset, valueLength, valueArray.length);
    if (valueOffset == 0 && valueLength == valueArray.length) {
      return new Cell(rowPrefix, rowPrefix2, row, family, qualifier, timestamp, type, sequenceId,
          valueArray);
    }
    return new ValueSlice(rowPrefix, rowPrefix2, row, family, qualifier, timestamp, type,
        sequenceId, valueArray, valueOffset, valueLength);
  }

  public static Cell put(byte[] row, byte[] family, byte[] qualifier, long ts, byte[] value) {
    return new Cell(row, family, qualifier, ts, Type.PUT, 0, value);
  }

  /** A search key that sorts before every cell of {@code row}. */
  public static Cell firstOnRow(byte[] row) {
    return new Cell(row, Bytes.EMPTY, Bytes.EMPTY, LATEST_TIMESTAMP, Type.MAXIMUM, Long.MAX_VALUE,
        Bytes.EMPTY);
  }

  /** A search key that sorts before every cell of the column {@code family:qualifier}. */
  public static Cell firstOnColumn(byte[] row, byte[] family, byte[] qualifier) {
    return new Cell(row, family, qualifier, LATEST_TIMESTAMP, Type.MAXIMUM, Long.MAX_VALUE,
        Bytes.EMPTY);
  }

  /** A search key that sorts after every cell of the column {@code family:qualifier}. */
  public static Cell lastOnColumn(byte[] row, byte[] family, byte[] qualifier) {
    return new Cell(row, family, qualifier, Long.MIN_VALUE, Type.MINIMUM, Long.MIN_VALUE,
        Bytes.EMPTY);
  }

  /** A search key that sorts before the versions of a column at or below {@code ts}. */
  public static Cell firstOnColumnAt(byte[] row, byte[] family, byte[] qualifier, long ts) {
    return new Cell(row, family, qualifier, ts, Type.MAXIMUM, Long.MAX_VALUE, Bytes.EMPTY);
  }

  /** A search key that sorts after every cell of {@code row}. */
  public static Cell firstOnNextRow(byte[] row) {
    return firstOnRow(Bytes.successor(row));
  }

  /** The first 8 bytes of the row, big-endian and zero-padded (see the field). */
  long rowPrefix() {
    return rowPrefix;
  }

  /** Bytes 8 to 15 of the row, big-endian and zero-padded (see the field). */
  long rowPrefix2() {
    return rowPrefix2;
  }

  public byte[] row() {
    return row;
  }

  public byte[] family() {
    return family;
  }

  public byte[] qualifier() {
    return qualifier;
  }

  public long timestamp() {
    return timestamp;
  }

  public Type type() {
    return type;
  }

  public long sequenceId() {
    return sequenceId;
  }

  /** The value; for a value slice a new copy on every call (see the class comment). */
  public byte[] value() {
    return value;
  }

  /** The array holding the value, from {@link #valueOffset()} for {@link #valueLength()} bytes. */
  public final byte[] valueArray() {
    return value;
  }

  public int valueOffset() {
    return 0;
  }

  public int valueLength() {
    return value.length;
  }

  public boolean isDelete() {
    return type.isDelete();
  }

  public Cell withSequenceId(long seq) {
    return ofValueSlice(rowPrefix, rowPrefix2, row, family, qualifier, timestamp, type, seq, value,
        valueOffset(), valueLength());
  }

  public Cell withTimestamp(long ts) {
    return ofValueSlice(rowPrefix, rowPrefix2, row, family, qualifier, ts, type, sequenceId, value,
        valueOffset(), valueLength());
  }

  public Cell withValue(byte[] v) {
    return new Cell(rowPrefix, rowPrefix2, row, family, qualifier, timestamp, type, sequenceId, v);
  }

  /** Bytes of key and value, excluding object overhead: what "MB of cell data" counts. */
  public int serializedSize() {
    return row.length + family.length + qualifier.length + valueLength() + 8 + 1 + 8;
  }

  public boolean sameRow(Cell o) {
    return Arrays.equals(row, o.row);
  }

  public boolean sameColumn(Cell o) {
    return Arrays.equals(qualifier, o.qualifier) && Arrays.equals(family, o.family)
        && Arrays.equals(row, o.row);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Cell)) {
      return false;
    }
    Cell c = (Cell) o;
    return timestamp == c.timestamp && type == c.type && sequenceId == c.sequenceId
        && Arrays.equals(row, c.row) && Arrays.equals(family, c.family)
        && Arrays.equals(qualifier, c.qualifier) && Arrays.equals(value, valueOffset(),
            valueOffset() + valueLength(), c.value, c.valueOffset(),
            c.valueOffset() + c.valueLength());
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(row);
    h = 31 * h + Arrays.hashCode(family);
    h = 31 * h + Arrays.hashCode(qualifier);
    h = 31 * h + Long.hashCode(timestamp);
    h = 31 * h + type.hashCode();
    return 31 * h + Long.hashCode(sequenceId);
  }

  @Override
  public String toString() {
    return Bytes.toStringBinary(row) + "/" + Bytes.toStringBinary(family) + ":"
        + Bytes.toStringBinary(qualifier) + "/" + timestamp + "/" + type + "/seq=" + sequenceId
        + "/vlen=" + valueLength();
  }

  /** A cell whose value is a slice of a larger array (see the class comment). */
  static final class ValueSlice extends Cell {
    private final int valueOffset;
    private final int valueLength;

    private ValueSlice(long rowPrefix, long rowPrefix2, byte[] row, byte[] family,
        byte[] qualifier, long timestamp, Type type, long sequenceId, byte[] valueArray,
        int valueOffset, int valueLength) {
      super(rowPrefix, rowPrefix2, row, family, qualifier, timestamp, type, sequenceId,
          valueArray);
      this.valueOffset = valueOffset;
      this.valueLength = valueLength;
    }

    @Override
    public byte[] value() {
      return Arrays.copyOfRange(valueArray(), valueOffset, valueOffset + valueLength);
    }

    @Override
    public int valueOffset() {
      return valueOffset;
    }

    @Override
    public int valueLength() {
      return valueLength;
    }
  }
}
