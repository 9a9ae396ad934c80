package org.basaltdb.common.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * The cells of one row (or, for a batched scan, part of one row), in {@code CellComparator}
 * order. An empty result has no row.
 */
public final class Result {
  public static final Result EMPTY = new Result(List.of(), null);

  private final List<Cell> cells;
  private final Boolean exists;

  private Result(List<Cell> cells, Boolean exists) {
    this.cells = cells;
    this.exists = exists;
  }

  public static Result of(List<Cell> cells) {
    return cells.isEmpty() ? EMPTY : new Result(Collections.unmodifiableList(cells), null);
  }

  public static Result ofExists(boolean exists) {
    return new Result(List.of(), exists);
  }

  public List<Cell> cells() {
    return cells;
  }

  public boolean isEmpty() {
    return cells.isEmpty();
  }

  public int size() {
    return cells.size();
  }

  /** The row, or null for an empty result. */
  public byte[] row() {
    return cells.isEmpty() ? null : cells.get(0).row();
  }

  /** For existence-only gets: whether the row matched; otherwise whether there are cells. */
  public boolean exists() {
    return exists != null ? exists : !cells.isEmpty();
  }

  /** The newest cell of a column, or null. */
  public Cell latest(byte[] family, byte[] qualifier) {
    for (Cell c : cells) {
      if (Bytes.equals(c.family(), family) && Bytes.equals(c.qualifier(), qualifier)) {
        return c;
      }
    }
    return null;
  }

  /** The newest value of a column, or null. */
  public byte[] value(byte[] family, byte[] qualifier) {
    Cell c = latest(family, qualifier);
    return c == null ? null : c.value();
  }

  /** All versions of a column, newest first. */
  public List<Cell> column(byte[] family, byte[] qualifier) {
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells) {
      if (Bytes.equals(c.family(), family) && Bytes.equals(c.qualifier(), qualifier)) {
        out.add(c);
      }
    }
    return out;
  }

  /** family → qualifier → newest value. */
  public NavigableMap<byte[], NavigableMap<byte[], byte[]>> latestValues() {
    NavigableMap<byte[], NavigableMap<byte[], byte[]>> m = new TreeMap<>(Bytes.COMPARATOR);
    for (Cell c : cells) {
      m.computeIfAbsent(c.family(), f -> new TreeMap<>(Bytes.COMPARATOR))
          .putIfAbsent(c.qualifier(), c.value());
    }
    return m;
  }

  @Override
  public String toString() {
    return cells.isEmpty() ? "Result(empty)" : "Result(" + cells + ")";
  }
}
