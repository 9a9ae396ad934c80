package org.basaltdb.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.junit.jupiter.api.Test;

class DescriptorCodecTest {
  /** The worked example of docs/formats/meta.md. */
  @Test
  void encodesTheDocumentedExample() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(bos);
    o.write(new byte[] {1, 1});
    o.writeUTF("default");
    o.writeUTF("t");
    o.writeByte(0);
    o.writeInt(1);
    o.writeInt(1);
    o.write('f');
    o.writeInt(1);
    o.writeInt(0);
    o.writeInt(0x7FFFFFFF);
    o.writeByte(0);
    o.writeUTF("ROW");
    o.writeUTF("NONE");
    o.writeInt(65536);
    o.writeBoolean(false);
    o.writeBoolean(true);
    assertArrayEquals(bos.toByteArray(), DescriptorCodec.encode(
        TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"))));
  }

  @Test
  void roundTripsEveryOption() {
    TableDescriptor t = TableDescriptor.of(TableName.valueOf("ns:x"), List.of(
        ColumnFamilyDescriptor.builder("a").maxVersions(7).minVersions(2).ttlSeconds(3600)
            .keepDeletedCells(KeepDeletedCells.TTL).bloomFilter("ROWCOL").compression("ZSTD")
            .blockSize(8192).inMemory(true).blockCache(false).build(),
        ColumnFamilyDescriptor.of("b")), Durability.ASYNC_WAL);
    TableDescriptor back = DescriptorCodec.decodeTable(DescriptorCodec.encode(t));
    assertEquals(t.name(), back.name());
    assertEquals(t.durability(), back.durability());
    assertEquals(List.copyOf(t.families()), List.copyOf(back.families()));
    NamespaceDescriptor ns = new NamespaceDescriptor("ns", Map.of("k", "v"));
    assertEquals(ns, DescriptorCodec.decodeNamespace(DescriptorCodec.encode(ns)));
    assertThrows(IllegalStateException.class,
        () -> DescriptorCodec.decodeTable(DescriptorCodec.encode(ns)));
    assertThrows(IllegalStateException.class,
        () -> DescriptorCodec.decodeTable(new byte[] {1, 1, 0}));
  }
}
