package org.basaltdb.mapreduce.bulkload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Put;

/**
 * Parses the lines of {@code importtsv} (HBase's {@code ImportTsv.TsvParser}): a column list as
 * in {@code -Dimporttsv.columns=HBASE_ROW_KEY,f:a,f:b[,HBASE_TS_KEY]} and a one-byte separator.
 * A line is bad (a {@link BadLineException} saying why) when it has more fields than columns, no
 * row key field, an empty row key, or a timestamp field that is missing or not a number. Fields
 * after the last one present are simply absent from the row, as in HBase.
 *
 * <p>Thread safety: immutable; {@link #parse} may be called from any thread.
 */
public final class TsvParser {
  public static final String ROW_KEY = "HBASE_ROW_KEY";
  public static final String TS_KEY = "HBASE_TS_KEY";

  private final byte[][] families;
  private final byte[][] qualifiers;
  private final int rowIndex;
  private final int tsIndex;
  private final byte separator;

  /** A line that cannot be imported; the message says why. */
  public static final class BadLineException extends Exception {
    public BadLineException(String message) {
      super(message);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the column list or separator
   */
  public TsvParser(String columns, String separator) {
    if (columns == null || columns.isBlank()) {
      throw new IllegalArgumentException("-Dimporttsv.columns is required, for example "
          + "-Dimporttsv.columns=HBASE_ROW_KEY,f:a,f:b");
    }
    byte[] sep = separator.getBytes(StandardCharsets.UTF_8);
    if (sep.length != 1) {
      throw new IllegalArgumentException("importtsv.separator must be one byte, not '"
          + separator + "'");
    }
    this.separator = sep[0];
    String[] cols = columns.split(",", -1);
    families = new byte[cols.length][];
    qualifiers = new byte[cols.length][];
    int row = -1;
    int ts = -1;
    for (int i = 0; i < cols.length; i++) {
      String c = cols[i].trim();
      if (c.equals(ROW_KEY)) {
        if (row >= 0) {
          throw new IllegalArgumentException("importtsv.columns names " + ROW_KEY + " twice");
        }
        row = i;
      } else if (c.equals(TS_KEY)) {
        if (ts >= 0) {
          throw new IllegalArgumentException("importtsv.columns names " + TS_KEY + " twice");
        }
        ts = i;
      } else if (c.startsWith("HBASE_")) {
        throw new IllegalArgumentException("importtsv.columns: " + c + " is not supported "
            + "(only " + ROW_KEY + " and " + TS_KEY + " are)");
      } else {
        int colon = c.indexOf(':');
        String fam = colon < 0 ? c : c.substring(0, colon);
        if (fam.isEmpty()) {
          throw new IllegalArgumentException("importtsv.columns: column " + (i + 1) + " ('" + c
              + "') has no family; write FAMILY:QUALIFIER");
        }
        families[i] = fam.getBytes(StandardCharsets.UTF_8);
        qualifiers[i] = colon < 0 ? Bytes.EMPTY
            : c.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
      }
    }
    if (row < 0) {
      throw new IllegalArgumentException("importtsv.columns must name " + ROW_KEY
          + " exactly once: " + columns);
    }
    this.rowIndex = row;
    this.tsIndex = ts;
  }

  /** The distinct families the columns name, in order. */
  public List<String> families() {
    List<String> out = new ArrayList<>();
    for (byte[] f : families) {
      if (f != null && !out.contains(Bytes.toString(f))) {
        out.add(Bytes.toString(f));
      }
    }
    return out;
  }

  /**
   * Parses one line ({@code len} bytes of {@code line} from {@code off}) into a Put; cells get
   * the line's HBASE_TS_KEY field or else {@code defaultTs}.
   */
  public Put parse(byte[] line, int off, int len, long defaultTs) throws BadLineException {
    int[] fields = split(line, off, len);
    long ts = timestamp(line, fields, defaultTs);
    Put p = new Put(Arrays.copyOfRange(line, fields[2 * rowIndex], fields[2 * rowIndex + 1]));
    for (int i = 0; i < fields.length / 2; i++) {
      if (families[i] != null) {
        p.addColumn(families[i], qualifiers[i], ts,
            Arrays.copyOfRange(line, fields[2 * i], fields[2 * i + 1]));
      }
    }
    return p;
  }

  /**
   * Checks one line as {@link #parse} does and returns only its row key: what a mapper that
   * passes the line on as text needs, without building the line's cells.
   */
  public byte[] rowOf(byte[] line, int off, int len) throws BadLineException {
    long range = rowRange(line, off, len);
    return Arrays.copyOfRange(line, (int) (range >>> 32), (int) range);
  }

  /**
   * Checks one line as {@link #parse} does and returns where its row key is in {@code line}: the
   * start offset in the high 32 bits, the end (exclusive) in the low 32.
   */
  public long rowRange(byte[] line, int off, int len) throws BadLineException {
    int[] fields = split(line, off, len);
    timestamp(line, fields, 0);
    return ((long) fields[2 * rowIndex] << 32) | fields[2 * rowIndex + 1];
  }

  /**
   * The fields of a line as {start, end} offsets, pairs in a flat array.
   *
   * @throws BadLineException if it has more fields than columns, no row key or an empty one
   */
  private int[] split(byte[] line, int off, int len) throws BadLineException {
    int n = 1;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (line[i] == separator) {
        n++;
      }
    }
    if (n > families.length) {
      throw new BadLineException("excessive columns: " + n + " fields for "
          + families.length + " columns");
    }
    if (n <= rowIndex) {
      throw new BadLineException("no row key (field " + (rowIndex + 1) + ")");
    }
    int[] fields = new int[2 * n];
    int f = 0;
    int start = off;
    for (int i = off; i < end; i++) {
      if (line[i] == separator) {
        fields[f++] = start;
        fields[f++] = i;
        start = i + 1;
      }
    }
    fields[f++] = start;
    fields[f] = end;
    if (fields[2 * rowIndex] == fields[2 * rowIndex + 1]) {
      throw new BadLineException("empty row key");
    }
    return fields;
  }

  /** The line's HBASE_TS_KEY field, or {@code defaultTs} when the columns have none. */
  private long timestamp(byte[] line, int[] fields, long defaultTs) throws BadLineException {
    if (tsIndex < 0) {
      return defaultTs;
    }
    if (fields.length / 2 <= tsIndex) {
      throw new BadLineException("no timestamp (field " + (tsIndex + 1) + ")");
    }
    int from = fields[2 * tsIndex];
    String s = new String(line, from, fields[2 * tsIndex + 1] - from, StandardCharsets.UTF_8);
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new BadLineException("invalid timestamp '" + s + "'");
    }
  }
}
