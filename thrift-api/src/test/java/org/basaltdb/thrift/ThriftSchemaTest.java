package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.thrift.generated.TBloomFilterType;
import org.basaltdb.thrift.generated.TColumnFamilyDescriptor;
import org.basaltdb.thrift.generated.TCompressionAlgorithm;
import org.basaltdb.thrift.generated.TDataBlockEncoding;
import org.basaltdb.thrift.generated.TDurability;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TKeepDeletedCells;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;
import org.junit.jupiter.api.Test;

class ThriftSchemaTest {
  private static IllegalArgumentException bad(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e);
  }

  private static TColumnFamilyDescriptor family(String name) {
    return new TColumnFamilyDescriptor(ByteBuffer.wrap(Bytes.toBytes(name)));
  }

  @Test
  void tableNamesBothWays() {
    for (String n : List.of("t1", "ns1:t1", "basalt:meta")) {
      TableName name = TableName.valueOf(n);
      assertEquals(name, ThriftSchema.fromThrift(ThriftSchema.toThrift(name)));
      assertEquals(name, ThriftSchema.tableNameFromThrift(ThriftSchema.tableNameToThriftBytes(name)));
    }
    assertArrayEquals(Bytes.toBytes("default"),
        ThriftSchema.toThrift(TableName.valueOf("t1")).getNs());
    // No namespace, or an empty one: default.
    assertEquals(TableName.valueOf("t1"),
        ThriftSchema.fromThrift(new TTableName(ByteBuffer.wrap(Bytes.toBytes("t1")))));
    assertEquals(TableName.valueOf("t1"), ThriftSchema.fromThrift(
        new TTableName(ByteBuffer.wrap(Bytes.toBytes("t1"))).setNs(new byte[0])));
    assertEquals(List.of(TableName.valueOf("a"), TableName.valueOf("x:b")),
        ThriftSchema.tableNamesFromThrift(ThriftSchema.tableNamesToThrift(
            List.of(TableName.valueOf("a"), TableName.valueOf("x:b")))));
  }

  @Test
  void badTableNamesNameTheirField() {
    assertTrue(bad(() -> ThriftSchema.tableNameFromThrift(ByteBuffer.wrap(Bytes.toBytes("a b"))))
        .getMessage().startsWith("table: illegal table name 'a b'"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TTableName())).getMessage()
        .startsWith("TTableName.qualifier is required"));
    assertTrue(bad(() -> ThriftSchema.tableNamesFromThrift(List.of(new TTableName(
        ByteBuffer.wrap(Bytes.toBytes("-x")))))).getMessage()
        .startsWith("tables[0]: TTableName: illegal table name '-x'"));
  }

  @Test
  void familyDescriptorRoundTripsEveryOption() {
    ColumnFamilyDescriptor f = ColumnFamilyDescriptor.builder("cf").maxVersions(7).minVersions(2)
        .ttlSeconds(86400).keepDeletedCells(KeepDeletedCells.TRUE).bloomFilter("ROWCOL")
        .compression("LZ4").blockSize(8192).inMemory(true).blockCache(false).build();
    TColumnFamilyDescriptor t = ThriftSchema.toThrift(f);
    assertEquals(7, t.getMaxVersions());
    assertEquals(2, t.getMinVersions());
    assertEquals(86400, t.getTimeToLive());
    assertEquals(TKeepDeletedCells.TRUE, t.getKeepDeletedCells());
    assertEquals(TBloomFilterType.ROWCOL, t.getBloomnFilterType());
    assertEquals(TCompressionAlgorithm.LZ4, t.getCompressionType());
    assertEquals(8192, t.getBlockSize());
    assertTrue(t.isInMemory());
    assertTrue(t.isSetBlockCacheEnabled() && !t.isBlockCacheEnabled());
    assertEquals(f, ThriftSchema.fromThrift(t));

    for (KeepDeletedCells k : KeepDeletedCells.values()) {
      ColumnFamilyDescriptor g = f.toBuilder().keepDeletedCells(k).build();
      assertEquals(g, ThriftSchema.fromThrift(ThriftSchema.toThrift(g)));
    }
    for (String bloom : ColumnFamilyDescriptor.BLOOM_TYPES) {
      ColumnFamilyDescriptor g = f.toBuilder().bloomFilter(bloom).build();
      assertEquals(g, ThriftSchema.fromThrift(ThriftSchema.toThrift(g)));
    }
    for (String codec : ColumnFamilyDescriptor.COMPRESSIONS) {
      ColumnFamilyDescriptor g = f.toBuilder().compression(codec).build();
      assertEquals(g, ThriftSchema.fromThrift(ThriftSchema.toThrift(g)));
    }
    ColumnFamilyDescriptor forever = ColumnFamilyDescriptor.of("cf");
    assertEquals(Integer.MAX_VALUE, ThriftSchema.toThrift(forever).getTimeToLive());
    assertEquals(forever, ThriftSchema.fromThrift(ThriftSchema.toThrift(forever)));
  }

  @Test
  void unsetFamilyOptionsTakeDefaultsAndIgnoredOnesAreAccepted() {
    TColumnFamilyDescriptor t = family("cf").setDfsReplication((short) 3).setScope(1)
        .setCacheBloomsOnWrite(true).setCompressTags(true).setEvictBlocksOnClose(true)
        .setConfiguration(Map.of("k", "v")).setDataBlockEncoding(TDataBlockEncoding.NONE);
    assertEquals(ColumnFamilyDescriptor.of("cf"), ThriftSchema.fromThrift(t));
  }

  @Test
  void badFamilyDescriptorsNameTheirField() {
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf").setMaxVersions(-1))).getMessage()
        .startsWith("TColumnFamilyDescriptor.maxVersions must be at least 1, got -1"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf").setMinVersions(-1))).getMessage()
        .startsWith("TColumnFamilyDescriptor.minVersions: MIN_VERSIONS must not be negative"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf").setMaxVersions(1)
        .setMinVersions(2))).getMessage().startsWith("TColumnFamilyDescriptor: MIN_VERSIONS"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf").setTimeToLive(0))).getMessage()
        .startsWith("TColumnFamilyDescriptor.timeToLive: TTL must be positive"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf").setBlockSize(10))).getMessage()
        .startsWith("TColumnFamilyDescriptor.blockSize: BLOCKSIZE"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf")
        .setBloomnFilterType(TBloomFilterType.ROWPREFIX_FIXED_LENGTH))).getMessage()
        .startsWith("TColumnFamilyDescriptor.bloomnFilterType ROWPREFIX_FIXED_LENGTH"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf")
        .setCompressionType(TCompressionAlgorithm.GZ))).getMessage()
        .startsWith("TColumnFamilyDescriptor.compressionType GZ"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family("cf")
        .setDataBlockEncoding(TDataBlockEncoding.FAST_DIFF))).getMessage()
        .startsWith("TColumnFamilyDescriptor.dataBlockEncoding FAST_DIFF"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(family(".x"))).getMessage()
        .startsWith("TColumnFamilyDescriptor.name: illegal column family name '.x'"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TColumnFamilyDescriptor())).getMessage()
        .startsWith("TColumnFamilyDescriptor.name is required"));
  }

  @Test
  void tableDescriptorRoundTrips() {
    for (Durability d : Durability.values()) {
      TableDescriptor t = TableDescriptor.of(TableName.valueOf("ns:t"),
          List.of(ColumnFamilyDescriptor.of("a"),
              ColumnFamilyDescriptor.builder("b").maxVersions(5).build()), d);
      TableDescriptor back = ThriftSchema.fromThrift(ThriftSchema.toThrift(t));
      assertEquals(t.name(), back.name());
      assertEquals(List.copyOf(t.families()), List.copyOf(back.families()));
      assertEquals(d, back.durability());
    }
    TableDescriptor one = TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
    assertEquals(1, ThriftSchema.tableDescriptorsFromThrift(
        ThriftSchema.tableDescriptorsToThrift(List.of(one))).size());
  }

  @Test
  void badTableDescriptorsNameTheirField() {
    TTableName name = ThriftSchema.toThrift(TableName.valueOf("t"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TTableDescriptor(name))).getMessage()
        .startsWith("TTableDescriptor.columns must hold at least one element"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TTableDescriptor(name)
        .setColumns(List.of(family("a"), family("a"))))).getMessage()
        .startsWith("TTableDescriptor: column family 'a' appears twice"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TTableDescriptor(name)
        .setColumns(List.of(family("a"), family("b").setMaxVersions(0))))).getMessage()
        .startsWith("TTableDescriptor.columns[1]: TColumnFamilyDescriptor.maxVersions"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TTableDescriptor()
        .setColumns(List.of(family("a"))))).getMessage()
        .startsWith("TTableDescriptor.tableName is required"));
    // Absent durability: the table default.
    assertEquals(Durability.USE_DEFAULT, ThriftSchema.fromThrift(new TTableDescriptor(name)
        .setColumns(List.of(family("a")))).durability());
    assertEquals(TDurability.USE_DEFAULT, ThriftSchema.toThrift(TableDescriptor.of(
        TableName.valueOf("t"), ColumnFamilyDescriptor.of("a"))).getDurability());
  }

  @Test
  void namespacesBothWays() {
    NamespaceDescriptor n = new NamespaceDescriptor("ns1", Map.of("quota", "10", "a", "b"));
    assertEquals(n, ThriftSchema.fromThrift(ThriftSchema.toThrift(n)));
    NamespaceDescriptor bare = NamespaceDescriptor.of("ns2");
    TNamespaceDescriptor t = ThriftSchema.toThrift(bare);
    assertEquals(bare, ThriftSchema.fromThrift(t));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TNamespaceDescriptor("bad ns")))
        .getMessage().startsWith("TNamespaceDescriptor: illegal namespace name 'bad ns'"));
    assertTrue(bad(() -> ThriftSchema.fromThrift(new TNamespaceDescriptor())).getMessage()
        .startsWith("TNamespaceDescriptor.name is required"));
  }

  @Test
  void regionsBothWays() {
    RegionInfo r = new RegionInfo(TableName.valueOf("ns:t"), Bytes.toBytes("b"),
        Bytes.toBytes("m"), 1234L);
    THRegionLocation loc = ThriftSchema.regionLocationToThrift(r, "host1", 16020, 99L);
    assertEquals("host1", loc.getServerName().getHostName());
    assertEquals(16020, loc.getServerName().getPort());
    assertEquals(99L, loc.getServerName().getStartCode());
    assertArrayEquals(Bytes.toBytes("ns:t"), loc.getRegionInfo().getTableName());
    assertEquals(r, ThriftSchema.fromThrift(loc.getRegionInfo()));
    RegionInfo whole = new RegionInfo(TableName.valueOf("t"), Bytes.EMPTY, Bytes.EMPTY, 1L);
    assertEquals(whole, ThriftSchema.fromThrift(ThriftSchema.toThrift(whole)));
  }
}
