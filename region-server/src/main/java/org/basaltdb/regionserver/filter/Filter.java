package org.basaltdb.regionserver.filter;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.Cell;

/**
 * A server-side predicate over the cells of a scan or get, with HBase 2.x's contract so the
 * filters and their language behave as HBase users expect.
 *
 * <p>Call order for each row, as the region scanner drives it:
 * <ol>
 *   <li>{@link #filterAllRemaining()}: true ends the whole scan.</li>
 *   <li>{@link #filterRowKey(Cell)} with the row's first cell: true skips the row.</li>
 *   <li>For each cell that survived deletes, time range, column selection and version
 *       counting: {@link #filterCell(Cell)}; cells it includes pass through
 *       {@link #transformCell(Cell)}.</li>
 *   <li>If {@link #hasFilterRow()}: {@link #filterRowCells(List)} may edit the row's cells, then
 *       {@link #filterRow()}: true drops the row.</li>
 *   <li>{@link #reset()} before the next row.</li>
 * </ol>
 *
 * <p>Details of that order, as HBase 2.x's region scanner and matcher follow them (the filters
 * in this package rely on them; {@code FilterTestDriver} in the tests is a reference):
 * <ul>
 *   <li>{@link #filterAllRemaining()} is also asked before each cell is offered, as each
 *       family's store scanner does in HBase. True there stops the family of that cell, and the
 *       family whose cell made it true, for the rest of the region's scan; the row is finished
 *       (step 4) with what it has. If it is still true after {@link #reset()} the scan ends;
 *       otherwise the other families go on (see {@code RowScanner}).</li>
 *   <li>Each family of a row is scanned as its own store. {@link ReturnCode#NEXT_ROW} and
 *       {@link ReturnCode#INCLUDE_AND_SEEK_NEXT_ROW} skip the rest of the row <em>in the current
 *       family</em>; the row's next family is still offered.</li>
 *   <li>{@link ReturnCode#SEEK_NEXT_USING_HINT} moves the current family forward to the first
 *       cell not before the hint; a hint into a later row moves only that family, so rows are
 *       skipped (without filterRowKey) only when no family has cells in them. A null hint, or
 *       one not ahead of the current cell, moves on one cell. In a reversed scan rows run
 *       backwards but cells within a row run forwards.</li>
 *   <li>If no cell of the row was included, or {@link #filterRowCells(List)} leaves none, the
 *       row is dropped without calling {@link #filterRow()} (so PageFilter counts only rows
 *       that reach it).</li>
 *   <li>{@link #setReversed(boolean)} is called before the scan starts.</li>
 * </ul>
 *
 * <p>The filters and the filter language ({@code FilterParser}) live in this package.
 *
 * <p>A filter instance belongs to one scan and is used by one thread: it may keep state.
 */
public abstract class Filter {
  /** What to do with the cell just offered to {@link #filterCell(Cell)}. Names are HBase's. */
  public enum ReturnCode {
    /** Include the cell. */
    INCLUDE,
    /** Include the cell and skip the column's remaining versions. */
    INCLUDE_AND_NEXT_COL,
    /** Leave the cell out; offer the next one. */
    SKIP,
    /** Leave the cell out and skip the column's remaining versions. */
    NEXT_COL,
    /** Leave the cell out and skip the rest of the row. */
    NEXT_ROW,
    /** Leave the cell out and seek to {@link #getNextCellHint(Cell)}. */
    SEEK_NEXT_USING_HINT,
    /** Include the cell and skip the rest of the row. */
    INCLUDE_AND_SEEK_NEXT_ROW
  }

  private boolean reversed;

  /** Called between rows. */
  public void reset() throws IOException {}

  /** True to skip the row whose first cell is {@code firstRowCell} (only its row is read). */
  public boolean filterRowKey(Cell firstRowCell) throws IOException {
    return false;
  }

  /** True when no further row can pass: the scan ends. */
  public boolean filterAllRemaining() throws IOException {
    return false;
  }

  public ReturnCode filterCell(Cell c) throws IOException {
    return ReturnCode.INCLUDE;
  }

  /** May replace an included cell with another (KeyOnlyFilter strips the value). */
  public Cell transformCell(Cell c) throws IOException {
    return c;
  }

  /** May remove cells of the finished row; called only when {@link #hasFilterRow()}. */
  public void filterRowCells(List<Cell> cells) throws IOException {}

  /** True to drop the finished row; called only when {@link #hasFilterRow()}. */
  public boolean filterRow() throws IOException {
    return false;
  }

  /**
   * True when this filter decides on whole rows ({@link #filterRow()} or
   * {@link #filterRowCells(List)}): such a filter needs a row's cells together, so a scan with a
   * batch size is rejected for it, as HBase does.
   */
  public boolean hasFilterRow() {
    return false;
  }

  /** The cell to seek to after {@link ReturnCode#SEEK_NEXT_USING_HINT}; null means "next cell". */
  public Cell getNextCellHint(Cell current) throws IOException {
    return null;
  }

  /** False when the family can be loaded lazily, after the row has passed. */
  public boolean isFamilyEssential(byte[] family) throws IOException {
    return true;
  }

  public void setReversed(boolean reversed) {
    this.reversed = reversed;
  }

  public boolean isReversed() {
    return reversed;
  }
}
