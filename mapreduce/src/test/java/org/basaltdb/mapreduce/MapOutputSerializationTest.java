package org.basaltdb.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.Serializer;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.junit.jupiter.api.Test;

/**
 * Puts, Deletes and Results cross the shuffle unchanged, several to a stream, through the
 * serializations {@link TableMapReduceUtil#addSerializations} registers, as Hadoop finds them.
 */
class MapOutputSerializationTest {
  private static final byte[] F = Bytes.toBytes("f");

  private static SerializationFactory factory() {
    Configuration conf = new Configuration(false);
    TableMapReduceUtil.addSerializations(conf);
    return new SerializationFactory(conf);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> roundTrip(Class<T> type, List<T> values) throws IOException {
    SerializationFactory f = factory();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Serializer<T> s = f.getSerializer(type);
    s.open(buf);
    for (T v : values) {
      s.serialize(v);
    }
    s.close();
    Deserializer<T> d = f.getDeserializer(type);
    d.open(new ByteArrayInputStream(buf.toByteArray()));
    List<T> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(d.deserialize(null));
    }
    d.close();
    return out;
  }

  @Test
  void putsAndDeletesKeepTheirCells() throws IOException {
    Put put = new Put(Bytes.toBytes("r1"));
    put.addColumn(F, Bytes.toBytes("a"), 7L, Bytes.toBytes("v1"));
    put.addColumn(F, Bytes.toBytes("b"), 8L, new byte[0]);
    Delete del = new Delete(Bytes.toBytes("r2")).addColumns(F, Bytes.toBytes("a"), 5L)
        .addColumns(F, Bytes.toBytes("b"), 6L);
    List<Mutation> back = roundTrip(Mutation.class, List.of(put, del));
    assertInstanceOf(Put.class, back.get(0));
    assertInstanceOf(Delete.class, back.get(1));
    assertEquals(put.cells(), back.get(0).cells());
    assertEquals(del.cells(), back.get(1).cells());
  }

  @Test
  void resultsKeepTheirCells() throws IOException {
    Result r = Result.of(List.of(
        Cell.put(Bytes.toBytes("r"), F, Bytes.toBytes("a"), 3L, Bytes.toBytes("x")),
        Cell.put(Bytes.toBytes("r"), F, Bytes.toBytes("b"), 2L, Bytes.toBytes("y"))));
    List<Result> back = roundTrip(Result.class, List.of(r, Result.of(List.of(
        Cell.put(Bytes.toBytes("s"), F, Bytes.toBytes("c"), 1L, Bytes.toBytes("z"))))));
    assertEquals(r.cells(), back.get(0).cells());
    assertEquals(1, back.get(1).cells().size());
  }

  @Test
  void anUnknownMutationKindIsAnErrorNamingIt() throws IOException {
    Deserializer<Mutation> d = factory().getDeserializer(Mutation.class);
    d.open(new ByteArrayInputStream(new byte[] {9, 0, 0, 0, 0}));
    IOException e = assertThrows(IOException.class, () -> d.deserialize(null));
    assertTrue(e.getMessage().contains("unknown mutation kind 9"), e.getMessage());
  }
}
