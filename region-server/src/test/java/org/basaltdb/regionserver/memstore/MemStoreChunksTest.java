package org.basaltdb.regionserver.memstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.junit.jupiter.api.Test;

/** Where a memstore with {@link MemStoreChunks} keeps values, and what it charges for them. */
class MemStoreChunksTest {
  private static final byte[] FAMILY = Bytes.toBytes("f");

  private static MemStore chunked() {
    MemStore m = new MemStore();
    m.setChunks(new MemStoreChunks(MemStoreChunks.FIRST_CHUNK * 4));
    return m;
  }

  private static List<Cell> row(String row, long ts, long seq, int fields, int valueLength) {
    List<Cell> cells = new ArrayList<>();
    byte[] r = Bytes.toBytes(row);
    for (int i = 0; i < fields; i++) {
      byte[] v = new byte[valueLength];
      java.util.Arrays.fill(v, (byte) (i + seq));
      cells.add(new Cell(r, FAMILY, Bytes.toBytes("field" + i), ts, Cell.Type.PUT, seq, v));
    }
    return cells;
  }

  private static List<Cell> all(MemStore m) throws IOException {
    List<Cell> out = new ArrayList<>();
    for (CellIterator it : m.iterators(Long.MAX_VALUE)) {
      it.seek(Cell.firstOnRow(Bytes.EMPTY));
      while (it.valid()) {
        out.add(it.cell());
        it.next();
      }
    }
    return out;
  }

  @Test
  void newRowsShareOneChunkAndTheirQualifiers() throws IOException {
    MemStore m = chunked();
    List<Cell> a = row("a", 1, 1, 10, 100);
    List<Cell> b = row("b", 1, 2, 10, 100);
    long charged = m.add(a) + m.add(b);
    List<Cell> held = all(m);
    assertEquals(20, held.size());
    byte[] chunk = held.get(0).valueArray();
    assertTrue(chunk.length >= MemStoreChunks.FIRST_CHUNK);
    for (int i = 0; i < 20; i++) {
      Cell c = held.get(i);
      Cell sent = (i < 10 ? a : b).get(i % 10);
      assertEquals(sent, c, "same key and value");
      assertArrayEquals(sent.value(), c.value());
      assertSame(chunk, c.valueArray(), "one chunk for both rows");
      assertTrue(RowCells.inChunk(c));
      assertSame(held.get(i % 10).qualifier(), c.qualifier(), "the qualifier is shared");
    }
    long expected = 0;
    for (Cell c : held) {
      expected += RowCells.cellHeap(c);
    }
    expected += 2 * (RowCells.ROW_ENTRY + RowCells.arrayHeap(1));
    expected += chunk.length - 20 * 100; // the chunk's unclaimed part is charged too
    assertEquals(expected, charged);
    assertEquals(charged, m.heapSize());
  }

  /** Whole chunks are charged, and a snapshot takes its chunks (and their charge) with it. */
  @Test
  void aSnapshotTakesItsChunksAndTheirWholeCharge() throws IOException {
    MemStore m = chunked();
    m.add(row("a", 1, 1, 1, 10));
    long one = m.heapSize();
    assertTrue(one >= MemStoreChunks.FIRST_CHUNK, "a chunk's whole size: " + one);
    byte[] first = all(m).get(0).valueArray();
    MemStore.Snapshot snap = m.snapshot();
    assertEquals(one, snap.heapSize());
    assertEquals(0, m.activeHeapSize());
    m.add(row("b", 1, 2, 1, 10));
    assertNotSame(first, all(m).get(0).valueArray(), "a new chunk after the snapshot");
    assertEquals(one, m.activeHeapSize(), "charged alike, whole");
    m.add(row("c", 1, 3, 1, 10));
    assertEquals(one + RowCells.ROW_ENTRY + RowCells.arrayHeap(1)
        + RowCells.cellHeap(all(m).get(1)) - 10, m.activeHeapSize(),
        "a value in the chunk's charged part adds its cell only");
  }

  @Test
  void writesToAHeldRowKeepTheirOwnArraysSoThatPruningFreesThem() throws IOException {
    MemStore m = chunked();
    m.add(row("r", 1, 1, 2, 50));
    m.add(row("r", 2, 2, 2, 50)); // a newer version of the same two columns
    List<Cell> held = all(m);
    assertEquals(4, held.size());
    for (Cell c : held) {
      assertEquals(c.timestamp() == 1, RowCells.inChunk(c), c.toString());
    }
    // Taking back a held row's own cell frees all it charged; a chunk cell frees all but its value.
    Cell own = held.get(0); // field0 at ts 2
    assertEquals(2, own.timestamp());
    assertEquals(RowCells.cellHeap(own), m.remove(own));
    Cell inChunk = held.get(1);
    assertEquals(1, inChunk.timestamp());
    assertEquals(RowCells.cellHeap(inChunk) - 50, m.remove(inChunk));
    assertEquals(2, all(m).size());
  }

  @Test
  void largeRowsAndEmptyValuesStayOutOfChunks() throws IOException {
    MemStore m = chunked();
    m.add(row("big", 1, 1, 2, MemStoreChunks.MAX_ALLOCATION / 2 + 1));
    m.add(new Cell(Bytes.toBytes("del"), FAMILY, Bytes.toBytes("q"), 1, Cell.Type.DELETE_COLUMN,
        2, Bytes.EMPTY));
    for (Cell c : all(m)) {
      assertFalse(RowCells.inChunk(c), c.toString());
    }
  }

  @Test
  void chunksGrowFromSmallToTheLargest() {
    MemStoreChunks chunks = new MemStoreChunks(MemStoreChunks.FIRST_CHUNK * 4);
    List<Integer> sizes = new ArrayList<>();
    byte[] last = null;
    for (int i = 0; i < 3000; i++) {
      Cell[] cells = row("r" + i, 1, 1, 1, 1000).toArray(new Cell[0]);
      assertTrue(chunks.copy(cells) != null);
      if (cells[0].valueArray() != last) {
        last = cells[0].valueArray();
        sizes.add(last.length);
      }
    }
    int f = MemStoreChunks.FIRST_CHUNK;
    assertEquals(List.of(f, 2 * f, 4 * f, 4 * f, 4 * f, 4 * f), sizes.subList(0, 6));
  }

  @Test
  void spaceGoesBackOnlyIfNothingWasClaimedAfterIt() {
    MemStoreChunks chunks = new MemStoreChunks(0);
    Cell[] first = row("a", 1, 1, 1, 10).toArray(new Cell[0]);
    MemStoreChunks.Claim a = chunks.copy(first);
    Cell[] second = row("b", 1, 1, 1, 10).toArray(new Cell[0]);
    MemStoreChunks.Claim b = chunks.copy(second);
    assertFalse(chunks.giveBack(a));
    assertTrue(chunks.giveBack(b));
    Cell[] third = row("c", 1, 1, 1, 10).toArray(new Cell[0]);
    chunks.copy(third);
    assertEquals(second[0].valueOffset(), third[0].valueOffset(), "b's space, reused");
  }

  @Test
  void aSliceOfAnotherArrayGetsItsOwnWithoutChunks() throws IOException {
    MemStore m = new MemStore();
    byte[] block = new byte[100];
    block[10] = 7;
    m.add(Cell.ofValueSlice(Bytes.toBytes("r"), FAMILY, Bytes.toBytes("q"), 1, Cell.Type.PUT, 1,
        block, 10, 5));
    Cell held = all(m).get(0);
    assertNotSame(block, held.valueArray());
    assertEquals(5, held.valueArray().length);
    assertEquals(7, held.valueArray()[0]);
  }

  @Test
  void valuesStayIntactWhileWritersRaceForChunkSpace() throws Exception {
    MemStore m = chunked();
    int writers = 4;
    int perWriter = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            // Every other write goes to a row another writer may hold: space given back or kept.
            m.add(row("w" + (i % 2 == 0 ? id : 0) + "-" + (i / 2), 1 + id, 1 + id, 3, 40));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Cell> held = all(m);
    for (Cell c : held) {
      int field = c.qualifier()[5] - '0';
      byte[] v = c.value();
      assertEquals(40, v.length);
      for (byte x : v) {
        assertEquals((byte) (field + c.sequenceId()), x, c.toString());
      }
    }
    assertTrue(held.size() > writers * perWriter / 2 * 3);
  }
}
