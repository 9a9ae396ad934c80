package org.basaltdb.common.ops;

import org.basaltdb.common.Bytes;

/**
 * Reads a range of rows. An empty start row means "from the first row", an empty stop row "to
 * the last". In a reversed scan rows come in descending order, starting at the start row (which
 * is then the greater bound) and stopping at the stop row.
 */
public final class Scan extends Query<Scan> {
  private byte[] startRow = Bytes.EMPTY;
  private boolean includeStartRow = true;
  private byte[] stopRow = Bytes.EMPTY;
  private boolean includeStopRow;
  private boolean reversed;
  private boolean raw;
  private int limit;
  private int batch;
  private int caching;

  public Scan() {}

  public Scan withStartRow(byte[] row) {
    return withStartRow(row, true);
  }

  public Scan withStartRow(byte[] row, boolean inclusive) {
    this.startRow = row;
    this.includeStartRow = inclusive;
    return this;
  }

  public Scan withStopRow(byte[] row) {
    return withStopRow(row, false);
  }

  public Scan withStopRow(byte[] row, boolean inclusive) {
    this.stopRow = row;
    this.includeStopRow = inclusive;
    return this;
  }

  /** Rows starting with {@code prefix}: start at the prefix, stop before the next prefix. */
  public Scan setRowPrefixFilter(byte[] prefix) {
    withStartRow(prefix, true);
    byte[] end = Bytes.prefixEnd(prefix);
    withStopRow(end == null ? Bytes.EMPTY : end, false);
    return this;
  }

  public byte[] startRow() {
    return startRow;
  }

  public boolean includeStartRow() {
    return includeStartRow;
  }

  public byte[] stopRow() {
    return stopRow;
  }

  public boolean includeStopRow() {
    return includeStopRow;
  }

  public Scan setReversed(boolean r) {
    this.reversed = r;
    return this;
  }

  public boolean isReversed() {
    return reversed;
  }

  /** Returns delete markers and deleted cells too. */
  public Scan setRaw(boolean r) {
    this.raw = r;
    return this;
  }

  public boolean isRaw() {
    return raw;
  }

  /** The most rows to return; 0 for no limit. */
  public Scan setLimit(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + rows);
    }
    this.limit = rows;
    return this;
  }

  public int limit() {
    return limit;
  }

  /** The most cells in one result; a wider row comes as several results. 0: whole rows. */
  public Scan setBatch(int cells) {
    if (cells < 0) {
      throw new IllegalArgumentException("batch must not be negative: " + cells);
    }
    this.batch = cells;
    return this;
  }

  public int batch() {
    return batch;
  }

  /** How many rows a client fetches per round trip; a hint only. */
  public Scan setCaching(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("caching must not be negative: " + rows);
    }
    this.caching = rows;
    return this;
  }

  public int caching() {
    return caching;
  }
}
