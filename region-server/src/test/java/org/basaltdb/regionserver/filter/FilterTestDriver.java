package org.basaltdb.regionserver.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.regionserver.filter.Filter.ReturnCode;

/**
 * Runs a filter over rows of cells the way the region scanner does (the call order in
 * {@link Filter}'s javadoc), without a region.
 *
 * <p>Input rows are in {@link CellComparator} order, already version-limited and delete-free. Like
 * HBase, each family is treated as its own store: NEXT_ROW and INCLUDE_AND_SEEK_NEXT_ROW leave
 * only the current family's part of the row, and a hint into a later row moves only that
 * family's position (later rows are skipped, without filterRowKey, only if no family has cells
 * in them). {@code filterAllRemaining} is asked before each row and before each cell; true
 * mid-row finishes the row with what it has and ends the scan.
 */
final class FilterTestDriver {
  /** What a scan returned, plus counters that show what seeks saved. */
  static final class Result {
    final List<List<Cell>> rows = new ArrayList<>();
    /** filterRowKey calls: rows the scanner reached. */
    int rowsVisited;
    /** filterCell calls. */
    int cellsOffered;

    List<Cell> cells() {
      List<Cell> all = new ArrayList<>();
      rows.forEach(all::addAll);
      return all;
    }

    /** Row keys of the returned rows, in scan order. */
    List<String> rowKeys() {
      List<String> keys = new ArrayList<>();
      for (List<Cell> r : rows) {
        keys.add(Bytes.toString(r.get(0).row()));
      }
      return keys;
    }

    /** Returned cells as {@code row/family:qualifier@ts=value}. */
    List<String> cellStrings() {
      List<String> out = new ArrayList<>();
      for (Cell c : cells()) {
        out.add(TestCells.format(c));
      }
      return out;
    }
  }

  private FilterTestDriver() {}

  static Result scan(Filter filter, List<List<Cell>> rows) throws IOException {
    return scan(filter, rows, false);
  }

  static Result scan(Filter filter, List<List<Cell>> rows, boolean reversed) throws IOException {
    filter.setReversed(reversed);
    List<List<Cell>> order = new ArrayList<>(rows);
    if (reversed) {
      Collections.reverse(order);
    }
    Map<String, Cell> familyFloor = new HashMap<>(); // forward seeks past the current row
    Result result = new Result();
    for (List<Cell> row : order) {
      if (filter.filterAllRemaining()) {
        break;
      }
      List<Cell> live = new ArrayList<>();
      for (Cell c : row) {
        Cell floor = familyFloor.get(Bytes.toStringBinary(c.family()));
        if (floor == null || CellComparator.INSTANCE.compare(c, floor) >= 0) {
          live.add(c);
        }
      }
      if (live.isEmpty()) {
        continue;
      }
      result.rowsVisited++;
      if (filter.filterRowKey(live.get(0))) {
        filter.reset();
        continue;
      }
      List<Cell> kept = new ArrayList<>();
      boolean done = false;
      int start = 0;
      while (start < live.size() && !done) {
        int end = start;
        byte[] family = live.get(start).family();
        while (end < live.size() && Bytes.equals(live.get(end).family(), family)) {
          end++;
        }
        done = scanFamily(filter, live.subList(start, end), kept, familyFloor, reversed, result);
        start = end;
      }
      if (filter.hasFilterRow()) {
        filter.filterRowCells(kept);
        if (!kept.isEmpty() && filter.filterRow()) {
          kept.clear();
        }
      }
      if (!kept.isEmpty()) {
        result.rows.add(kept);
      }
      filter.reset();
      if (done) {
        break;
      }
    }
    return result;
  }

  /** Offers one family's cells of a row; returns true when filterAllRemaining ended the scan. */
  private static boolean scanFamily(Filter filter, List<Cell> cells, List<Cell> kept,
      Map<String, Cell> familyFloor, boolean reversed, Result result) throws IOException {
    int i = 0;
    while (i < cells.size()) {
      if (filter.filterAllRemaining()) {
        return true;
      }
      Cell c = cells.get(i);
      result.cellsOffered++;
      ReturnCode rc = filter.filterCell(c);
      if (ReturnCodes.isInclude(rc)) {
        kept.add(filter.transformCell(c));
      }
      switch (rc) {
        case INCLUDE:
        case SKIP:
          i++;
          break;
        case INCLUDE_AND_NEXT_COL:
        case NEXT_COL:
          i++;
          while (i < cells.size() && cells.get(i).sameColumn(c)) {
            i++;
          }
          break;
        case NEXT_ROW:
        case INCLUDE_AND_SEEK_NEXT_ROW:
          i = cells.size();
          break;
        case SEEK_NEXT_USING_HINT:
          i = seek(filter.getNextCellHint(c), c, cells, i, familyFloor, reversed);
          break;
        default:
          throw new IllegalStateException("unknown return code " + rc);
      }
    }
    return false;
  }

  /** The index to continue from after a seek from cells[i] to {@code hint}. */
  private static int seek(Cell hint, Cell c, List<Cell> cells, int i,
      Map<String, Cell> familyFloor, boolean reversed) {
    if (hint == null) {
      return i + 1; // no hint: the next cell, as HBase does
    }
    int rowCmp = CellComparator.compareRows(hint, c);
    if (rowCmp == 0) {
      if (reversed || CellComparator.INSTANCE.compare(hint, c) <= 0) {
        // A hint that does not move forward moves one cell; so does any hint within the row
        // of a reversed scan, as in HBase's store scanner.
        return i + 1;
      }
      while (i < cells.size() && CellComparator.INSTANCE.compare(cells.get(i), hint) < 0) {
        i++;
      }
      return i;
    }
    if (!reversed && rowCmp > 0) {
      familyFloor.put(Bytes.toStringBinary(c.family()), hint);
      return cells.size();
    }
    if (reversed && rowCmp < 0) {
      return cells.size(); // a hint to a row further along a reversed scan: leave this row
    }
    return i + 1;
  }
}
