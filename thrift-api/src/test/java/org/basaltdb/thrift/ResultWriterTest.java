package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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
import org.basaltdb.thrift.generated.TResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ResultWriter} writes exactly the bytes of the generated code writing
 * {@link ThriftModel#toThrift}'s TResult, in both protocols, and HBase-generated readers read them
 * back.
 */
class ResultWriterTest {

  private static List<Result> results(long seed) {
    Random random = new Random(seed);
    List<Result> out = new ArrayList<>();
    out.add(Result.EMPTY);
    for (int r = 0; r < 20; r++) {
      byte[] row = ("row" + r).getBytes();
      List<Cell> cells = new ArrayList<>();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        byte[] value = new byte[random.nextInt(300)]; // empty values too
        random.nextBytes(value);
        Cell.Type type = i % 5 == 4 ? Cell.Type.DELETE_COLUMN : Cell.Type.PUT; // raw scans
        cells.add(new Cell(row, new byte[] {'f', (byte) ('0' + i % 2)},
            ("q" + i).getBytes(), random.nextLong() & Long.MAX_VALUE, type, 0, value));
      }
      out.add(Result.of(cells));
    }
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
    return java.util.Arrays.copyOf(buf.getArray(), buf.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"binary", "compact"})
  void sameBytesAsTheGeneratedCode(String kind) throws TException {
    List<Result> results = results(5);
    for (boolean partial : new boolean[] {false, true}) {
      for (Result r : results) {
        TMemoryBuffer direct = new TMemoryBuffer(1024);
        ResultWriter.write(protocol(kind, direct), r, partial);
        TMemoryBuffer generated = new TMemoryBuffer(1024);
        ThriftModel.toThrift(r, partial).write(protocol(kind, generated));
        assertArrayEquals(bytes(generated), bytes(direct), r.toString());
      }
    }
    TMemoryBuffer direct = new TMemoryBuffer(1024);
    ResultWriter.writeList(protocol(kind, direct), results);
    TMemoryBuffer generated = new TMemoryBuffer(1024);
    TProtocol g = protocol(kind, generated);
    List<TResult> converted = ThriftModel.resultsToThrift(results);
    g.writeListBegin(new TList(TType.STRUCT, converted.size()));
    for (TResult t : converted) {
      t.write(g);
    }
    g.writeListEnd();
    assertArrayEquals(bytes(generated), bytes(direct));
  }

  @ParameterizedTest
  @ValueSource(strings = {"binary", "compact"})
  void hbaseGeneratedClassesReadThem(String kind) throws TException {
    for (Result r : results(9)) {
      // A memory buffer reads no more than its initial size: room for the 20 KB cell.
      TMemoryBuffer buf = new TMemoryBuffer(64 << 10);
      ResultWriter.write(protocol(kind, buf), r, false);
      org.apache.hadoop.hbase.thrift2.generated.TResult theirs =
          new org.apache.hadoop.hbase.thrift2.generated.TResult();
      theirs.read(protocol(kind, buf));
      assertEquals(r.size(), theirs.getColumnValuesSize());
      for (int i = 0; i < r.size(); i++) {
        Cell c = r.cells().get(i);
        var v = theirs.getColumnValues().get(i);
        assertArrayEquals(c.value(), v.getValue());
        assertArrayEquals(c.qualifier(), v.getQualifier());
        assertEquals(c.timestamp(), v.getTimestamp());
        assertEquals(c.type().code, v.getType());
      }
    }
  }
}
