package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RowResultWriter} writes exactly the bytes of the generated code writing
 * {@link Thrift1Model#rowResults}' TRowResults, in both protocols, maps and sorted columns, and
 * HBase's own generated Thrift1 classes read them back.
 */
class RowResultWriterTest {

  private static List<Result> results(long seed) {
    Random random = new Random(seed);
    List<Result> out = new ArrayList<>();
    out.add(Result.EMPTY); // left out of the list
    for (int r = 0; r < 20; r++) {
      byte[] row = ("row" + r).getBytes();
      List<Cell> cells = new ArrayList<>();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        byte[] value = new byte[random.nextInt(300)]; // empty values too
        random.nextBytes(value);
        byte[] qualifier = i % 6 == 0 ? new byte[0] : ("q" + i).getBytes(); // family:
        cells.add(Cell.put(row, new byte[] {'f', (byte) ('0' + i / 6)}, qualifier,
            random.nextLong() & Long.MAX_VALUE, value));
      }
      out.add(Result.of(cells));
    }
    // Several versions of one column: the map keeps it once, at its place, with the last cell.
    byte[] v = "v".getBytes();
    out.add(Result.of(List.of(Cell.put(v, v, "a".getBytes(), 3, "a3".getBytes()),
        Cell.put(v, v, "b".getBytes(), 3, "b3".getBytes()),
        Cell.put(v, v, "b".getBytes(), 2, "b2".getBytes()),
        Cell.put(v, v, "b".getBytes(), 1, "b1".getBytes()),
        Cell.put(v, v, "c".getBytes(), 1, "c1".getBytes()))));
    // Rows past the binary writer's 8 KiB batch: many cells, and one cell larger than it.
    List<Cell> wide = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] value = new byte[300];
      random.nextBytes(value);
      wide.add(Cell.put("wide".getBytes(), "f".getBytes(), String.format("q%03d", i).getBytes(),
          i, value));
    }
    out.add(Result.of(wide));
    byte[] huge = new byte[20_000];
    random.nextBytes(huge);
    out.add(Result.of(List.of(Cell.put("big".getBytes(), "f".getBytes(), "a".getBytes(), 1,
        new byte[10]), Cell.put("big".getBytes(), "f".getBytes(), "b".getBytes(), 1, huge),
        Cell.put("big".getBytes(), "f".getBytes(), "c".getBytes(), 1, new byte[10]))));
    return out;
  }

  private static TProtocol protocol(String kind, TMemoryBuffer buf) {
    return kind.equals("binary") ? new TBinaryProtocol(buf) : new TCompactProtocol(buf);
  }

  private static byte[] bytes(TMemoryBuffer buf) {
    return Arrays.copyOf(buf.getArray(), buf.length());
  }

  @ParameterizedTest(name = "{0} sorted={1}")
  @CsvSource({"binary,false", "binary,true", "compact,false", "compact,true"})
  void sameBytesAsTheGeneratedCode(String kind, boolean sorted) throws TException {
    List<Result> results = results(5);
    for (Result r : results) { // one row at a time, so a difference names its row
      TMemoryBuffer direct = new TMemoryBuffer(1024);
      RowResultWriter.writeList(protocol(kind, direct), List.of(r), sorted);
      assertArrayEquals(generated(kind, List.of(r), sorted), bytes(direct), r.toString());
    }
    TMemoryBuffer direct = new TMemoryBuffer(1024);
    RowResultWriter.writeList(protocol(kind, direct), results, sorted);
    assertArrayEquals(generated(kind, results, sorted), bytes(direct));
  }

  private static byte[] generated(String kind, List<Result> results, boolean sorted)
      throws TException {
    TMemoryBuffer buf = new TMemoryBuffer(1024);
    TProtocol g = protocol(kind, buf);
    List<TRowResult> converted = Thrift1Model.rowResults(results, sorted);
    g.writeListBegin(new TList(TType.STRUCT, converted.size()));
    for (TRowResult t : converted) {
      t.write(g);
    }
    g.writeListEnd();
    return bytes(buf);
  }

  @ParameterizedTest(name = "{0} sorted={1}")
  @CsvSource({"binary,false", "binary,true", "compact,false", "compact,true"})
  void hbaseGeneratedClassesReadThem(String kind, boolean sorted) throws TException {
    List<Result> results = results(9);
    // A memory buffer reads no more than its initial size: room for every row.
    TMemoryBuffer buf = new TMemoryBuffer(256 << 10);
    RowResultWriter.writeList(protocol(kind, buf), results, sorted);
    TProtocol in = protocol(kind, buf);
    TList list = in.readListBegin();
    List<Result> nonEmpty = results.stream().filter(r -> !r.isEmpty()).toList();
    assertEquals(nonEmpty.size(), list.size);
    for (Result r : nonEmpty) {
      var theirs = new org.apache.hadoop.hbase.thrift.generated.TRowResult();
      theirs.read(in);
      assertArrayEquals(r.row(), theirs.getRow());
      if (sorted) {
        assertEquals(r.size(), theirs.getSortedColumnsSize());
        for (int i = 0; i < r.size(); i++) {
          Cell c = r.cells().get(i);
          var col = theirs.getSortedColumns().get(i);
          assertArrayEquals(name(c), col.getColumnName());
          assertArrayEquals(c.value(), col.getCell().getValue());
          assertEquals(c.timestamp(), col.getCell().getTimestamp());
        }
      } else {
        for (Cell c : r.cells()) { // a column's last cell is the one kept
          var cell = theirs.getColumns().get(ByteBuffer.wrap(name(c)));
          Cell last = null;
          for (Cell d : r.cells()) {
            if (Arrays.equals(name(c), name(d))) {
              last = d;
            }
          }
          assertArrayEquals(last.value(), cell.getValue());
          assertEquals(last.timestamp(), cell.getTimestamp());
        }
      }
    }
  }

  private static byte[] name(Cell c) {
    byte[] out = Arrays.copyOf(c.family(), c.family().length + 1 + c.qualifier().length);
    out[c.family().length] = ':';
    System.arraycopy(c.qualifier(), 0, out, c.family().length + 1, c.qualifier().length);
    return out;
  }
}
