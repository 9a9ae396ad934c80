package org.basaltdb.regionserver.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;

/** Builders for filter tests: cells from strings, rows in scan order, and a short cell format. */
final class TestCells {
  private TestCells() {}

  static byte[] b(String s) {
    return Bytes.toBytes(s);
  }

  static Cell cell(String row, String family, String qualifier, long ts, String value) {
    return Cell.put(b(row), b(family), b(qualifier), ts, b(value));
  }

  /** {@code "row/fam:qual@ts=value"}, the form {@link #format(Cell)} prints. */
  static Cell parse(String spec) {
    int slash = spec.indexOf('/');
    int colon = spec.indexOf(':', slash);
    int at = spec.indexOf('@', colon);
    int eq = spec.indexOf('=', at);
    return cell(spec.substring(0, slash), spec.substring(slash + 1, colon),
        spec.substring(colon + 1, at), Long.parseLong(spec.substring(at + 1, eq)),
        spec.substring(eq + 1));
  }

  static String format(Cell c) {
    return Bytes.toStringBinary(c.row()) + "/" + Bytes.toStringBinary(c.family()) + ":"
        + Bytes.toStringBinary(c.qualifier()) + "@" + c.timestamp() + "="
        + Bytes.toStringBinary(c.value());
  }

  /** Sorts the cells and groups them into rows, as a scanner would see them. */
  static List<List<Cell>> rows(List<Cell> cells) {
    List<Cell> sorted = new ArrayList<>(cells);
    sorted.sort(CellComparator.INSTANCE);
    List<List<Cell>> rows = new ArrayList<>();
    for (Cell c : sorted) {
      if (rows.isEmpty() || !rows.get(rows.size() - 1).get(0).sameRow(c)) {
        rows.add(new ArrayList<>());
      }
      rows.get(rows.size() - 1).add(c);
    }
    return rows;
  }

  /** Rows from cell specs in the {@link #parse(String)} form, in any order. */
  static List<List<Cell>> rows(String... specs) {
    List<Cell> cells = new ArrayList<>();
    for (String s : specs) {
      cells.add(parse(s));
    }
    return rows(cells);
  }

  static List<String> list(String... s) {
    return Arrays.asList(s);
  }
}
