package org.basaltdb.regionserver.memstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.junit.jupiter.api.Test;

/**
 * {@link VersionPruner} through {@link MemStore}: which cells a pruned row keeps, for each rule it
 * must respect (versions, open read points, delete markers, KEEP_DELETED_CELLS, TTL with
 * MIN_VERSIONS), and that both row shapes (array and skip list) stay bounded.
 */
class VersionPrunerTest {
  private static final byte[] ROW = Bytes.toBytes("row");
  private static final byte[] F = Bytes.toBytes("f");
  private static final byte[] Q = Bytes.toBytes("q");

  /** The smallest open read point the pruner sees; tests move it. */
  private final AtomicLong smallest = new AtomicLong(Long.MAX_VALUE);
  private long seq;

  private MemStore store(ColumnFamilyDescriptor f, int threshold) {
    MemStore m = new MemStore();
    m.setPruner(new VersionPruner(() -> f, smallest::get, threshold));
    return m;
  }

  private static ColumnFamilyDescriptor.Builder family() {
    return ColumnFamilyDescriptor.builder("f");
  }

  /** Each write brings its own row key array, as a request does. */
  private Cell put(byte[] q, long ts) {
    return new Cell(ROW.clone(), F, q, ts, Cell.Type.PUT, ++seq, Bytes.toBytes("v" + ts));
  }

  private Cell marker(Cell.Type type, byte[] q, long ts) {
    return new Cell(ROW.clone(), F, q, ts, type, ++seq, Bytes.EMPTY);
  }

  /** The timestamps (and 'D'/'C'/'F' for markers) the memstore holds, in order. */
  private static String held(MemStore m) throws IOException {
    List<String> out = new ArrayList<>();
    for (CellIterator it : m.iterators(Long.MAX_VALUE)) {
      it.seek(Cell.firstOnRow(Bytes.EMPTY));
      while (it.valid()) {
        Cell c = it.cell();
        String type = switch (c.type()) {
          case PUT -> "";
          case DELETE -> "D";
          case DELETE_COLUMN -> "C";
          default -> "F";
        };
        out.add(Bytes.toString(c.qualifier()) + "@" + c.timestamp() + type);
        it.next();
      }
    }
    return String.join(" ", out);
  }

  @Test
  void aHotColumnKeepsItsNewestVersionsOnly() throws IOException {
    MemStore m = store(family().maxVersions(2).build(), 8);
    long first = 0;
    for (int ts = 1; ts <= 1000; ts++) {
      long added = m.add(put(Q, ts));
      if (ts == 1) {
        first = added;
      }
      assertTrue(m.activeCellCount() <= 9, "cells " + m.activeCellCount() + " at ts " + ts);
    }
    // Pruning ran when the row passed 8 cells: the newest two stay, and nothing newer since.
    assertTrue(held(m).startsWith("q@1000 q@999"), held(m));
    assertTrue(m.heapSize() < 12 * first, "heap " + m.heapSize() + ", one cell " + first);
  }

  @Test
  void versionsAboveTheSmallestOpenReadPointAreKeptAndHideNothing() throws IOException {
    MemStore m = store(family().maxVersions(1).build(), 1);
    m.add(put(Q, 1));
    m.add(put(Q, 2));
    assertEquals("q@2", held(m)); // no open read: version 1 is hidden from everyone
    smallest.set(seq); // a read at this point sees ts 2 and must go on seeing it
    m.add(put(Q, 3));
    m.add(put(Q, 4));
    assertEquals("q@4 q@3 q@2", held(m));
    smallest.set(seq);
    m.add(put(Q, 5));
    assertEquals("q@5 q@4", held(m));
  }

  @Test
  void aReadAtAnOldReadPointStillSeesItsVersion() throws IOException {
    MemStore m = store(family().maxVersions(1).build(), 1);
    m.add(put(Q, 10));
    long readPoint = seq;
    smallest.set(readPoint);
    for (int ts = 11; ts < 100; ts++) {
      m.add(put(Q, ts));
    }
    CellIterator it = m.iterators(readPoint).get(0);
    it.seek(Cell.firstOnRow(ROW));
    assertTrue(it.valid());
    assertEquals(10, it.cell().timestamp());
  }

  @Test
  void markersStayAndWhatTheyMaskGoes() throws IOException {
    MemStore m = store(family().maxVersions(5).build(), 1);
    m.add(put(Q, 1));
    m.add(put(Q, 2));
    m.add(put(Bytes.toBytes("r"), 2));
    m.add(marker(Cell.Type.DELETE_COLUMN, Q, 2));
    m.add(put(Q, 3));
    // A marker that came later (a higher sequence id) still masks older timestamps.
    m.add(put(Q, 4));
    assertEquals("q@4 q@3 q@2C r@2", held(m));
    m.add(marker(Cell.Type.DELETE, Bytes.toBytes("r"), 2));
    m.add(put(Q, 5));
    assertEquals("q@5 q@4 q@3 q@2C r@2D", held(m));
    m.add(marker(Cell.Type.DELETE_FAMILY, Bytes.EMPTY, 4));
    m.add(put(Q, 6));
    assertEquals("@4F q@6 q@5 q@2C r@2D", held(m));
  }

  @Test
  void keepDeletedCellsKeepsMaskedPutsAsVersions() throws IOException {
    MemStore m = store(family().maxVersions(2).keepDeletedCells(KeepDeletedCells.TRUE).build(),
        1);
    m.add(put(Q, 1));
    m.add(put(Q, 2));
    m.add(marker(Cell.Type.DELETE_COLUMN, Q, 2));
    m.add(put(Q, 3));
    // Masked puts are kept for time-travel reads, and count toward VERSIONS.
    assertEquals("q@3 q@2C q@2", held(m));
  }

  @Test
  void expiredVersionsWithinVersionsAndMinVersionsStay() throws IOException {
    // TTL of one second, and every timestamp long expired: pruning never judges expiry (a read
    // that began earlier may still count a cell as live), it only cuts beyond VERSIONS.
    MemStore m = store(family().maxVersions(3).minVersions(1).ttlSeconds(1).build(), 1);
    for (int ts = 1; ts <= 6; ts++) {
      m.add(put(Q, ts));
    }
    assertEquals("q@6 q@5 q@4", held(m));
  }

  @Test
  void aWideRowPastTheArrayLimitIsPrunedInPlace() throws IOException {
    MemStore m = store(family().maxVersions(1).build(), RowCells.ARRAY_LIMIT);
    int columns = RowCells.ARRAY_LIMIT * 2;
    for (int round = 1; round <= 10; round++) {
      for (int q = 0; q < columns; q++) {
        m.add(put(Bytes.toBytes(String.format("q%03d", q)), round));
      }
    }
    // The row became a skip list; it is pruned each time it doubles: at most 2 * columns held.
    assertTrue(m.activeCellCount() <= 2L * columns, "cells " + m.activeCellCount());
    assertTrue(held(m).startsWith("q000@10 "), held(m));
  }

  @Test
  void withoutAPrunerEveryVersionStays() throws IOException {
    MemStore m = new MemStore();
    for (int ts = 1; ts <= 100; ts++) {
      m.add(put(Q, ts));
    }
    assertEquals(100, m.activeCellCount());
  }
}
