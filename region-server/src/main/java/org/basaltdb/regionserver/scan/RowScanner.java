package org.basaltdb.regionserver.scan;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.Limits;
import org.basaltdb.common.ops.Result;
import org.basaltdb.regionserver.filter.Filter;

/**
 * Turns a merged, sorted cell stream into rows: applies the matcher to every cell, the filter's
 * row-level hooks to every row, start/stop rows in either direction, the row limit and the batch
 * size. Gets and scans of a region both read through it.
 *
 * <p>Reversed scans visit rows in descending order but read each row's cells forward: the source
 * jumps to the previous row with {@link CellIterator#seekToPreviousRow}.
 *
 * <p>Thread safety: one thread at a time.
 */
public final class RowScanner implements Closeable {
  /** Sorts after every legal row key (which are at most 32767 bytes). */
  private static final byte[] AFTER_LAST_ROW = new byte[Limits.MAX_ROW_LENGTH + 1];

  static {
    java.util.Arrays.fill(AFTER_LAST_ROW, (byte) 0xFF);
  }

  /**
   * How many cells to step over with next() before a skip turns into a seek: stepping is cheaper
   * for the one or two versions most columns have, seeking for wide rows and many versions. It
   * was 8: a get after YCSB's workloadA (thousands of memstore versions of the hot rows) then
   * stepped 8 cells here and 4 more in {@link MergingIterator} for each column it skipped.
   */
  private static final int STEPS_BEFORE_SEEK = 2;

  private final CellIterator source;
  private final ScanQueryMatcher matcher;
  private final Filter filter;
  private final byte[] startRow;
  private final boolean includeStart;
  private final byte[] stopRow;
  private final boolean includeStop;
  private final boolean reversed;
  private final int limit;
  private final int batch;
  private final Closeable onClose;
  /** Families loaded on demand (see the constructor), or null. */
  private final java.util.Set<byte[]> joined;
  /** True while the on-demand families of a row that passed are read. */
  private boolean joinedPass;

  private boolean started;
  private boolean done;
  private byte[] row; // the row being read, or null between rows
  private boolean rowSkipped; // the rest of the current row is to be skipped
  private boolean rowCounted;
  private int rows;
  private java.util.concurrent.atomic.LongAdder rowsRead; // the region's read count, or null

  public RowScanner(CellIterator source, ScanQueryMatcher matcher, Filter filter, byte[] startRow,
      boolean includeStart, byte[] stopRow, boolean includeStop, boolean reversed, int limit,
      int batch, Closeable onClose) {
    this(source, matcher, filter, startRow, includeStart, stopRow, includeStop, reversed, limit,
        batch, null, onClose);
  }

  /**
   * {@code joinedFamilies}: the families the filter says are not essential
   * ({@link Filter#isFamilyEssential}), read for a row only once the essential ones have passed
   * the filter, as HBase's region scanner loads column families on demand (its default); null
   * or empty for none. Not allowed with a reversed scan (HBase refuses it too).
   */
  public RowScanner(CellIterator source, ScanQueryMatcher matcher, Filter filter, byte[] startRow,
      boolean includeStart, byte[] stopRow, boolean includeStop, boolean reversed, int limit,
      int batch, java.util.Set<byte[]> joinedFamilies, Closeable onClose) {
    this.joined = joinedFamilies == null || joinedFamilies.isEmpty() ? null : joinedFamilies;
    if (joined != null && reversed) {
      throw new IllegalArgumentException(
          "Reverse scan with loading CFs on demand is not supported");
    }
    this.source = source;
    this.matcher = matcher;
    this.filter = filter;
    this.startRow = startRow;
    this.includeStart = includeStart;
    this.stopRow = stopRow;
    this.includeStop = includeStop;
    this.reversed = reversed;
    this.limit = limit;
    this.batch = batch;
    this.onClose = onClose;
    if (filter != null) {
      filter.setReversed(reversed);
    }
  }

  /**
   * Counts each row this scanner returns into {@code counter} as well (a region's read
   * requests); returns this scanner.
   */
  public RowScanner countRowsIn(java.util.concurrent.atomic.LongAdder counter) {
    this.rowsRead = counter;
    return this;
  }

  /** The next row (or part of a row, with a batch size), or null at the end of the scan. */
  public Result next() throws IOException {
    List<Cell> out = new ArrayList<>();
    while (!done) {
      if (row == null && !startRow()) {
        break;
      }
      boolean full = readRow(out);
      if (full) {
        partial = source.valid() && Bytes.equals(source.cell().row(), row);
        if (!partial && joined == null) {
          // The row ended exactly at the batch size: leave it now, as HBase's region scanner
          // does, so that a reversed scan stands on the row before and mayHaveMoreRows() can
          // tell whether there is one.
          finishRow(new ArrayList<>());
        }
        return emit(out);
      }
      finishRow(out);
      if (!out.isEmpty()) {
        partial = false;
        return emit(out);
      }
    }
    return null;
  }

  /**
   * Whether the scan's filter is done ({@code filterAllRemaining}). HBase's region server then
   * tells its client the whole scan is over, so later regions are not read.
   */
  public boolean filterDone() throws IOException {
    return filter != null && filter.filterAllRemaining();
  }

  /** True if the last result stopped at the batch size with cells of its row still unread. */
  private boolean partial;

  /**
   * Whether the last result from {@link #next} stopped at the batch size with more cells of its
   * row still to read (read, not necessarily returned: the next cell may be a marker or an
   * excess version). HBase's {@code Result.mayHaveMoreCellsInRow}, which its region server and
   * client count rows by.
   */
  public boolean lastResultPartial() {
    return partial;
  }

  /**
   * Whether another row may follow the last result: false once the source is past the last
   * row or the stop row, or the filter is done. HBase's {@code RegionScanner.nextRaw} answer.
   */
  public boolean mayHaveMoreRows() throws IOException {
    if (done || !source.valid()) {
      return false;
    }
    if (partial) {
      return true;
    }
    return !pastStop(source.cell().row()) && (filter == null || !filter.filterAllRemaining());
  }

  private Result emit(List<Cell> out) {
    if (!rowCounted) {
      rowCounted = true;
      rows++;
      if (rowsRead != null) {
        rowsRead.increment();
      }
    }
    return Result.of(out);
  }

  /** Positions at the next candidate row; false when the scan is over. */
  private boolean startRow() throws IOException {
    while (true) {
      if (limit > 0 && rows >= limit) {
        done = true;
        return false;
      }
      if (!position()) {
        done = true;
        return false;
      }
      Cell first = source.cell();
      if (pastStop(first.row())) {
        done = true;
        return false;
      }
      if (filter != null) {
        if (filter.filterAllRemaining()) {
          done = true;
          return false;
        }
        if (filter.filterRowKey(first)) {
          row = first.row();
          if (filter.filterAllRemaining()) { // HBase's early check (HBASE-16296)
            done = true;
            return false;
          }
          if (!reversed) {
            readRejectedRow();
          }
          rowSkipped = true;
          filter.reset();
          leaveRow();
          continue;
        }
      }
      row = first.row();
      rowSkipped = false;
      rowCounted = false;
      matcher.startRow();
      return true;
    }
  }

  /**
   * HBase quirk: a row the filter rejects by its key is still read, cells discarded, through the
   * matcher and so through the filter's {@code filterCell}. HBase's forward region scanner
   * leaves such a row by reading it from its store heap ({@code RegionScannerImpl.nextRow}):
   * each family's store scanner until the filter answers NEXT_ROW, which a filter that rejected
   * the row usually answers at the first cell it is shown. A stateful filter notices: with
   * {@code (WHILE FirstKeyOnlyFilter()) AND (RowFilter(>, 'binary:r5'))}, a rejected row with
   * cells in two families makes the WHILE done, which ends the scan (seed 8618600515865696476).
   * A reversed scan seeks to the previous row instead and reads nothing. Families loaded on
   * demand are not read (HBase's joined heap is not walked).
   */
  private void readRejectedRow() throws IOException {
    rowSkipped = false;
    matcher.startRow();
    List<Cell> discarded = new ArrayList<>();
    while (readRow(discarded)) { // true: stopped at the batch size, more of the row to read
      discarded.clear();
    }
  }

  /** Moves the source to the first cell of the next row to read; false if there is none. */
  private boolean position() throws IOException {
    if (!started) {
      started = true;
      if (!reversed) {
        source.seek(startRow.length == 0 ? Cell.firstOnRow(Bytes.EMPTY)
            : includeStart ? Cell.firstOnRow(startRow) : Cell.firstOnNextRow(startRow));
        return source.valid();
      }
      byte[] bound = startRow.length == 0 ? AFTER_LAST_ROW
          : includeStart ? Bytes.successor(startRow) : startRow;
      return source.seekToPreviousRow(bound);
    }
    return source.valid();
  }

  private boolean pastStop(byte[] r) {
    if (stopRow.length == 0) {
      return false;
    }
    int cmp = Bytes.compare(r, stopRow);
    if (reversed) {
      return cmp < 0 || (cmp == 0 && !includeStop);
    }
    return cmp > 0 || (cmp == 0 && !includeStop);
  }

  /** Reads cells of the current row into {@code out}; true if it stopped because out is full. */
  private boolean readRow(List<Cell> out) throws IOException {
    boolean batched = batch > 0 && (filter == null || !filter.hasFilterRow());
    while (!rowSkipped && source.valid() && Bytes.equals(source.cell().row(), row)) {
      Cell c = source.cell();
      if ((closedFamilies != null && closedFamilies.contains(c.family()))
          || (joined != null && joined.contains(c.family()) != joinedPass)) {
        skipFamily(c);
        continue;
      }
      MatchCode code = matcher.match(c);
      if (code != MatchCode.DONE_SCAN && filter != null && filter.filterAllRemaining()) {
        closeFamily(c.family()); // its store scanner would meet DONE_SCAN at its next cell
      }
      if (code.includes()) {
        out.add(filter == null ? c : filter.transformCell(c));
      }
      switch (code) {
        case INCLUDE, SKIP -> source.next();
        case INCLUDE_AND_SEEK_NEXT_COL, SEEK_NEXT_COL -> skipColumn(c);
        case INCLUDE_AND_SEEK_NEXT_ROW, SEEK_NEXT_ROW -> skipFamily(c);
        case SEEK_NEXT_USING_HINT -> seekToHint(c);
        case DONE_SCAN -> {
          closeFamily(c.family());
          skipFamily(c);
        }
        default -> throw new IllegalStateException("unexpected " + code);
      }
      if (batched && out.size() >= batch) {
        return true;
      }
    }
    return false;
  }

  private void skipColumn(Cell c) throws IOException {
    for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
      source.next();
      if (!source.valid() || !source.cell().sameColumn(c)) {
        return;
      }
    }
    source.seekForward(Cell.lastOnColumn(c.row(), c.family(), c.qualifier()));
  }

  /**
   * Skips the rest of {@code c}'s family in this row. A filter's NEXT_ROW acts per family, as in
   * HBase where each family is scanned by its own store scanner.
   */
  private void skipFamily(Cell c) throws IOException {
    for (int i = 0; i < STEPS_BEFORE_SEEK; i++) {
      source.next();
      if (!source.valid() || !Bytes.equals(source.cell().family(), c.family())
          || !Bytes.equals(source.cell().row(), c.row())) {
        return;
      }
    }
    source.seekForward(Cell.firstOnColumn(c.row(), Bytes.successor(c.family()), Bytes.EMPTY));
  }

  private void seekToHint(Cell c) throws IOException {
    Cell hint = filter.getNextCellHint(c);
    if (hint == null || CellComparator.INSTANCE.compare(hint, c) <= 0
        || (reversed && Bytes.equals(hint.row(), row))) {
      // HBase's store scanner seeks only in the scan's direction (a reversed scan: to an earlier
      // row); any other hint moves one cell, and a filter list's cells after a column hint are
      // then met one by one (docs/hbase-compatibility.md, reversed scans and hints).
      source.next();
      return;
    }
    if (!Bytes.equals(hint.row(), row)) {
      if (reversed) {
        rowSkipped = true; // a reversed scan moves to rows before this one, not after
        return;
      }
      rowSkipped = true;
      source.seekForward(hint);
      hintedRow = true;
      return;
    }
    source.seekForward(hint);
  }

  private boolean hintedRow;

  /**
   * Families whose cells this scan no longer reads. HBase scans each family with its own store
   * scanner, which asks filterAllRemaining() before every cell it looks at, the next row's first
   * included; true there closes that store scanner only. So once a filter is done within a row
   * (ColumnCountGetFilter past its count), the family it was reading and every family still to
   * come in that row stop; the others go on if reset() makes the filter live again, and the
   * scan ends if it does not.
   */
  private java.util.TreeSet<byte[]> closedFamilies;

  private void closeFamily(byte[] family) {
    if (closedFamilies == null) {
      closedFamilies = new java.util.TreeSet<>(Bytes.COMPARATOR);
    }
    closedFamilies.add(family);
  }

  /** Applies the filter's row hooks, then moves past the row. */
  private void finishRow(List<Cell> out) throws IOException {
    if (filter != null) {
      // HBase's region scanner loads the on-demand families of a row whose essential families
      // had cells before filterRowCells and that filterRow() did not exclude.
      boolean passed = !out.isEmpty();
      if (filter.hasFilterRow()) {
        // As HBase: filterRow() is asked only about a row that still has cells after
        // filterRowCells. HBase quirk: so a row whose only essential cell was the column a
        // SingleColumnValueExcludeFilter tests (and failed) still gets its on-demand families.
        filter.filterRowCells(out);
        if (!out.isEmpty() && filter.filterRow()) {
          out.clear();
          passed = false;
        }
      }
      if (joined != null && passed && !rowSkipped) {
        // The row passed on its essential families: now its on-demand ones, through the same
        // matcher and filter (HBase's joined heap), merged into family order.
        source.seek(Cell.firstOnRow(row));
        matcher.startRow();
        int essential = out.size();
        joinedPass = true;
        readRow(out);
        joinedPass = false;
        if (out.size() > essential) {
          out.sort(CellComparator.INSTANCE);
        }
      }
      filter.reset();
    }
    leaveRow();
  }

  private void leaveRow() throws IOException {
    byte[] r = row;
    row = null;
    if (reversed) {
      if (!source.seekToPreviousRow(r)) {
        done = true;
      }
      return;
    }
    if (hintedRow) {
      hintedRow = false; // the source already sits at the hint, past this row
      return;
    }
    for (int i = 0; i < STEPS_BEFORE_SEEK && source.valid(); i++) {
      if (!Bytes.equals(source.cell().row(), r)) {
        return;
      }
      source.next();
    }
    if (source.valid() && Bytes.equals(source.cell().row(), r)) {
      source.seekForward(Cell.firstOnNextRow(r));
    }
  }

  @Override
  public void close() {
    done = true;
    source.close();
    try {
      if (onClose != null) {
        onClose.close();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
