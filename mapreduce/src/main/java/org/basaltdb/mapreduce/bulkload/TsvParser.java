package org.basaltdb.mapreduce.bulkload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Limits;
import org.basaltdb.common.ops.Put;

/**
 * Parses the lines of {@code importtsv} (HBase's {@code ImportTsv.TsvParser}): a column list as
 * in {@code -Dimporttsv.columns=HBASE_ROW_KEY,f:a,f:b[,HBASE_TS_KEY]} and a one-byte separator.
 * A line is bad (a {@link BadLineException} saying why) when it has more fields than columns, no
 * row key field, an empty row key or one longer than {@link Limits#MAX_ROW_LENGTH}, or a
 * timestamp field that is missing, not a number or negative. Fields after the last one present
 * are simply absent from the row, as in HBase.
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
        Limits.checkFamily(families[i]); // once here, not for every cell
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
    int[] fields = new int[2 * families.length];
    int n = split(line, off, len, fields);
    long ts = timestamp(line, fields, n, defaultTs);
    Put p = new Put(Arrays.copyOfRange(line, fields[2 * rowIndex], fields[2 * rowIndex + 1]));
    for (int i = 0; i < n; i++) {
      if (families[i] != null) {
        p.addColumn(families[i], qualifiers[i], ts,
            Arrays.copyOfRange(line, fields[2 * i], fields[2 * i + 1]));
      }
    }
    return p;
  }

  /**
   * Parses one line as {@link #parse} does and adds its cells to {@code out}, in column order,
   * each value a slice of {@code line} (not copied; {@code line} must not change while the
   * cells are used) and the cells sharing one copy of the row: what an SSTable writer that
   * holds the lines needs, without a Put and a copy of every value.
   */
  public void cells(byte[] line, int off, int len, long defaultTs, List<Cell> out)
      throws BadLineException {
    int[] fields = new int[2 * families.length];
    cells(line, fields, split(line, off, len, fields), defaultTs, out);
  }

  /**
   * As {@link #cells(byte[], int, int, long, List)}, for a line that {@link #check} accepted,
   * with the {@code n} fields it found (positions in {@code line}).
   */
  void cells(byte[] line, int[] fields, int n, long defaultTs, List<Cell> out)
      throws BadLineException {
    long ts = timestamp(line, fields, n, defaultTs);
    byte[] row = Arrays.copyOfRange(line, fields[2 * rowIndex], fields[2 * rowIndex + 1]);
    Cell first = null;
    for (int i = 0; i < n; i++) {
      if (families[i] != null) {
        int from = fields[2 * i];
        int valueLen = fields[2 * i + 1] - from;
        Cell c = first == null
            ? Cell.ofValueSlice(row, families[i], qualifiers[i], ts, Cell.Type.PUT, 0, line,
                from, valueLen)
            : Cell.onRowOf(first, families[i], qualifiers[i], ts, Cell.Type.PUT, 0, line, from,
                valueLen);
        if (first == null) {
          first = c;
        }
        out.add(c);
      }
    }
  }

  /** How many columns a line may have: {@link #check}'s {@code fields} holds twice as many ints. */
  int columns() {
    return families.length;
  }

  /** The separator byte, 0 to 255. */
  int separator() {
    return separator & 0xFF;
  }

  /** The index of the row key's field. */
  int rowField() {
    return rowIndex;
  }

  /**
   * Checks one line as {@link #parse} does; puts its fields' {start, end} pairs (positions in
   * {@code line}) at the front of {@code fields}, which holds {@code 2 * columns()} ints, and
   * returns how many fields there are.
   */
  int check(byte[] line, int off, int len, int[] fields) throws BadLineException {
    int n = split(line, off, len, fields);
    timestamp(line, fields, n, 0);
    return n;
  }

  /**
   * As {@link #check(byte[], int, int, int[])}, for a line whose separators were already found
   * (by the {@link SplitLineReader} that found its end): the first {@code nSeps} entries of
   * {@code seps}, ascending offsets from {@code off}.
   */
  int check(byte[] line, int off, int len, int[] seps, int nSeps, int[] fields)
      throws BadLineException {
    int columns = families.length;
    if (nSeps >= columns) {
      throw new BadLineException("excessive columns: " + (nSeps + 1) + " fields for " + columns
          + " columns");
    }
    int start = off;
    for (int k = 0; k < nSeps; k++) {
      int at = off + seps[k];
      fields[2 * k] = start;
      fields[2 * k + 1] = at;
      start = at + 1;
    }
    fields[2 * nSeps] = start;
    fields[2 * nSeps + 1] = off + len;
    int n = nSeps + 1;
    checkRow(fields, n);
    timestamp(line, fields, n, 0);
    return n;
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
    int[] fields = new int[2 * families.length];
    check(line, off, len, fields);
    return ((long) fields[2 * rowIndex] << 32) | fields[2 * rowIndex + 1];
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  /**
   * Splits a line into fields, {start, end} offsets in pairs in {@code fields} (two per
   * column), and returns how many there are. The separators are found eight bytes at a time: a
   * line of a kilobyte is mostly one long value, which a byte-by-byte loop crawls through.
   *
   * @throws BadLineException if it has more fields than columns, no row key, an empty one or
   *     one longer than a row may be
   */
  private int split(byte[] line, int off, int len, int[] fields) throws BadLineException {
    int columns = families.length;
    int end = off + len;
    long pattern = (separator & 0xFFL) * 0x0101010101010101L;
    int n = 0; // fields ended so far
    int start = off;
    int i = off;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(line, i) ^ pattern; // a zero byte where the separator is
      long found = ~(((x & LOW7) + LOW7) | x | LOW7); // exact: the high bit of each zero byte
      while (found != 0) {
        int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
        n = endField(fields, n, columns, start, at, line, at + 1, end);
        start = at + 1;
        found &= found - 1;
      }
    }
    for (; i < end; i++) {
      if (line[i] == separator) {
        n = endField(fields, n, columns, start, i, line, i + 1, end);
        start = i + 1;
      }
    }
    n = endField(fields, n, columns, start, end, line, end, end);
    checkRow(fields, n);
    return n;
  }

  /**
   * @throws BadLineException if the {@code n} fields have no row key, an empty one or one
   *     longer than a row may be
   */
  private void checkRow(int[] fields, int n) throws BadLineException {
    if (n <= rowIndex) {
      throw new BadLineException("no row key (field " + (rowIndex + 1) + ")");
    }
    int rowLen = fields[2 * rowIndex + 1] - fields[2 * rowIndex];
    if (rowLen == 0) {
      throw new BadLineException("empty row key");
    }
    if (rowLen > Limits.MAX_ROW_LENGTH) {
      throw new BadLineException("row key of " + rowLen + " bytes; the limit is "
          + Limits.MAX_ROW_LENGTH);
    }
  }

  /**
   * Records field {@code n} as {@code [start, stop)}; returns {@code n + 1}.
   *
   * @throws BadLineException if the line has more fields than columns (counting those in
   *     {@code line[rest, end)} for the message)
   */
  private int endField(int[] fields, int n, int columns, int start, int stop, byte[] line,
      int rest, int end) throws BadLineException {
    if (n == columns) {
      int fieldsAfter = stop == end ? 0 : 1; // a separator ends this field and starts one
      for (int i = rest; i < end; i++) {
        if (line[i] == separator) {
          fieldsAfter++;
        }
      }
      throw new BadLineException("excessive columns: " + (n + 1 + fieldsAfter) + " fields for "
          + columns + " columns");
    }
    fields[2 * n] = start;
    fields[2 * n + 1] = stop;
    return n + 1;
  }

  /** The line's HBASE_TS_KEY field, or {@code defaultTs} when the columns have none. */
  private long timestamp(byte[] line, int[] fields, int n, long defaultTs)
      throws BadLineException {
    if (tsIndex < 0) {
      return defaultTs;
    }
    if (n <= tsIndex) {
      throw new BadLineException("no timestamp (field " + (tsIndex + 1) + ")");
    }
    int from = fields[2 * tsIndex];
    String s = new String(line, from, fields[2 * tsIndex + 1] - from, StandardCharsets.UTF_8);
    try {
      long ts = Long.parseLong(s.trim());
      if (ts < 0) {
        throw new BadLineException("negative timestamp " + ts);
      }
      return ts;
    } catch (NumberFormatException e) {
      throw new BadLineException("invalid timestamp '" + s + "'");
    }
  }
}
