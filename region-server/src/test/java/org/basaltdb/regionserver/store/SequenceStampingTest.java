package org.basaltdb.regionserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.regionserver.scan.ListCellIterator;
import org.junit.jupiter.api.Test;

/**
 * A bulk-loaded file's cells read as if written at the load's sequence id: they carry it, sort
 * against other edits of the same coordinates by it, and seeks find or pass them accordingly.
 */
class SequenceStampingTest {
  private static final byte[] F = Bytes.toBytes("f");
  private static final long LOAD = 100;

  private static Cell cell(String row, String q, long ts, long seq) {
    return new Cell(Bytes.toBytes(row), F, Bytes.toBytes(q), ts, Cell.Type.PUT, seq,
        Bytes.toBytes(row + q));
  }

  /** A file as a job writes it: every cell with sequence id 0. */
  private static SequenceStamping loaded() {
    return new SequenceStamping(new ListCellIterator(List.of(cell("a", "q", 5, 0),
        cell("b", "q", 5, 0), cell("b", "r", 5, 0), cell("c", "q", 5, 0))), LOAD);
  }

  private static List<String> rest(SequenceStamping s) throws IOException {
    List<String> out = new ArrayList<>();
    for (; s.valid(); s.next()) {
      out.add(Bytes.toString(s.cell().row()) + Bytes.toString(s.cell().qualifier()) + "#"
          + s.cell().sequenceId());
    }
    return out;
  }

  @Test
  void everyCellCarriesTheLoadsSequenceId() throws IOException {
    SequenceStamping s = loaded();
    s.seek(Cell.firstOnRow(Bytes.EMPTY));
    assertEquals(List.of("aq#100", "bq#100", "br#100", "cq#100"), rest(s));
  }

  @Test
  void aLoadedCellSortsBelowALaterEditAndAboveAnEarlierOne() throws IOException {
    SequenceStamping s = loaded();
    s.seek(Cell.firstOnRow(Bytes.toBytes("a")));
    Cell stamped = s.cell();
    CellComparator cmp = CellComparator.INSTANCE;
    assertTrue(cmp.compare(cell("a", "q", 5, LOAD + 1), stamped) < 0, "a later put wins");
    assertTrue(cmp.compare(cell("a", "q", 5, LOAD - 1), stamped) > 0, "an earlier put loses");
  }

  @Test
  void aSeekAtTheSameCoordinatesFindsTheCellOnlyFromTheLoadsIdUp() throws IOException {
    SequenceStamping s = loaded();
    s.seek(cell("b", "q", 5, LOAD)); // at the load's id: the stamped cell is at the key
    assertEquals("bq#100", rest(s).get(0));
    s.seek(cell("b", "q", 5, LOAD + 7)); // above: the stamped cell sorts after the key
    assertEquals("bq#100", rest(s).get(0));
    s.seek(cell("b", "q", 5, LOAD - 1)); // below: the stamped cell sorts before, skipped
    assertEquals(List.of("br#100", "cq#100"), rest(s));
  }

  @Test
  void seekForwardTranslatesTheKeyAsSeekDoes() throws IOException {
    SequenceStamping s = loaded();
    s.seek(Cell.firstOnRow(Bytes.EMPTY));
    s.seekForward(cell("b", "q", 5, LOAD - 1));
    assertEquals(List.of("br#100", "cq#100"), rest(s));
  }

  @Test
  void seekingBackToThePreviousRowStampsItsCellsToo() throws IOException {
    SequenceStamping s = loaded();
    s.seek(Cell.firstOnRow(Bytes.toBytes("c")));
    assertEquals("cq#100", rest(s).get(0));
    assertTrue(s.seekToPreviousRow(Bytes.toBytes("c")));
    assertEquals(List.of("bq#100", "br#100", "cq#100"), rest(s));
    assertFalse(s.seekToPreviousRow(Bytes.toBytes("a")));
  }
}
