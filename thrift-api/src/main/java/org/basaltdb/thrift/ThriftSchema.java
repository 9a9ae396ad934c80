package org.basaltdb.thrift;

import static org.basaltdb.thrift.Wire.at;
import static org.basaltdb.thrift.Wire.bad;
import static org.basaltdb.thrift.Wire.bytes;
import static org.basaltdb.thrift.Wire.nonEmpty;
import static org.basaltdb.thrift.Wire.required;
import static org.basaltdb.thrift.Wire.utf8;
import static org.basaltdb.thrift.Wire.versions;
import static org.basaltdb.thrift.Wire.wrap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.basaltdb.common.Bytes;
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
import org.basaltdb.thrift.generated.THRegionInfo;
import org.basaltdb.thrift.generated.THRegionLocation;
import org.basaltdb.thrift.generated.TKeepDeletedCells;
import org.basaltdb.thrift.generated.TNamespaceDescriptor;
import org.basaltdb.thrift.generated.TServerName;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;

/**
 * Converts schema objects between THBaseService's wire structs and Basalt's
 * ({@code org.basaltdb.common.schema}): table names, table and column family descriptors,
 * namespaces, region locations. Same contract as {@link ThriftModel}: pure, thread-safe, and
 * every bad input is an IllegalArgumentException naming the field.
 *
 * <p>Column family options Basalt keeps: blockSize, bloomnFilterType (NONE, ROW, ROWCOL),
 * compressionType (NONE, SNAPPY, LZ4, ZSTD), keepDeletedCells, maxVersions, minVersions,
 * timeToLive (seconds), blockCacheEnabled, inMemory. Accepted and not kept: attributes,
 * configuration, dfsReplication, scope, cacheBloomsOnWrite, cacheDataOnWrite,
 * cacheIndexesOnWrite, compressTags, evictBlocksOnClose. Refused: other bloom types, other
 * codecs, any dataBlockEncoding but NONE (Basalt's block format has its own encoding).
 * Table attributes are accepted and not kept.
 */
public final class ThriftSchema {
  private ThriftSchema() {}

  // ---------------------------------------------------------------------------------------------
  // Table names
  // ---------------------------------------------------------------------------------------------

  /** A table argument of the data methods: UTF-8 {@code "ns:name"} or {@code "name"}. */
  public static TableName tableNameFromThrift(ByteBuffer table) {
    byte[] b = required(bytes(table), "table");
    String name = utf8(b, "table");
    return at("table", () -> TableName.valueOf(name));
  }

  /** The table argument for a table: its name as UTF-8 {@code "ns:name"} or {@code "name"}. */
  public static ByteBuffer tableNameToThriftBytes(TableName in) {
    return wrap(utf8(in.toString()));
  }

  /** A TTableName; an absent or empty namespace is {@code default}. */
  public static TableName fromThrift(TTableName in) {
    required(in, "TTableName");
    byte[] qualifier = required(in.getQualifier(), "TTableName.qualifier");
    byte[] ns = in.getNs();
    String namespace = ns == null || ns.length == 0
        ? TableName.DEFAULT_NAMESPACE : utf8(ns, "TTableName.ns");
    String q = utf8(qualifier, "TTableName.qualifier");
    return at("TTableName", () -> new TableName(namespace, q));
  }

  /** A TableName as a TTableName, the namespace always set (as HBase sends it). */
  public static TTableName toThrift(TableName in) {
    return new TTableName(wrap(utf8(in.qualifier()))).setNs(utf8(in.namespace()));
  }

  public static List<TableName> tableNamesFromThrift(List<TTableName> in) {
    List<TTableName> names = required(in, "tables");
    List<TableName> out = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      TTableName n = names.get(i);
      out.add(at("tables[" + i + "]", () -> fromThrift(n)));
    }
    return out;
  }

  public static List<TTableName> tableNamesToThrift(List<TableName> in) {
    List<TTableName> out = new ArrayList<>(in.size());
    for (TableName n : in) {
      out.add(toThrift(n));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Descriptors
  // ---------------------------------------------------------------------------------------------

  /** A TTableDescriptor: a name, at least one family, and a default durability. */
  public static TableDescriptor fromThrift(TTableDescriptor in) {
    required(in, "TTableDescriptor");
    TableName name = at("TTableDescriptor.tableName",
        () -> fromThrift(required(in.getTableName(), "TTableDescriptor.tableName")));
    List<TColumnFamilyDescriptor> columns = nonEmpty(in.getColumns(), "TTableDescriptor.columns");
    List<ColumnFamilyDescriptor> families = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      TColumnFamilyDescriptor c = columns.get(i);
      families.add(at("TTableDescriptor.columns[" + i + "]", () -> fromThrift(c)));
    }
    return at("TTableDescriptor", () -> TableDescriptor.of(name, families,
        ThriftModel.fromThrift(in.getDurability())));
  }

  public static TTableDescriptor toThrift(TableDescriptor in) {
    TTableDescriptor out = new TTableDescriptor(toThrift(in.name()));
    List<TColumnFamilyDescriptor> columns = new ArrayList<>();
    for (ColumnFamilyDescriptor f : in.families()) {
      columns.add(toThrift(f));
    }
    out.setColumns(columns);
    out.setDurability(ThriftModel.toThrift(in.durability()));
    return out;
  }

  public static List<TableDescriptor> tableDescriptorsFromThrift(List<TTableDescriptor> in) {
    List<TableDescriptor> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      TTableDescriptor d = in.get(i);
      out.add(at("tableDescriptors[" + i + "]", () -> fromThrift(d)));
    }
    return out;
  }

  public static List<TTableDescriptor> tableDescriptorsToThrift(List<TableDescriptor> in) {
    List<TTableDescriptor> out = new ArrayList<>(in.size());
    for (TableDescriptor d : in) {
      out.add(toThrift(d));
    }
    return out;
  }

  /** A TColumnFamilyDescriptor; options left unset take the defaults of the model. */
  public static ColumnFamilyDescriptor fromThrift(TColumnFamilyDescriptor in) {
    required(in, "TColumnFamilyDescriptor");
    byte[] name = required(in.getName(), "TColumnFamilyDescriptor.name");
    ColumnFamilyDescriptor.Builder b =
        at("TColumnFamilyDescriptor.name", () -> ColumnFamilyDescriptor.builder(name));
    String family = "column family '" + Bytes.toStringBinary(name) + "'";
    if (in.isSetMaxVersions()) {
      b.maxVersions(versions(in.getMaxVersions(), "TColumnFamilyDescriptor.maxVersions"));
    }
    if (in.isSetMinVersions()) {
      at("TColumnFamilyDescriptor.minVersions", () -> b.minVersions(in.getMinVersions()));
    }
    if (in.isSetTimeToLive()) {
      at("TColumnFamilyDescriptor.timeToLive", () -> b.ttlSeconds(in.getTimeToLive()));
    }
    if (in.isSetBlockSize()) {
      at("TColumnFamilyDescriptor.blockSize", () -> b.blockSize(in.getBlockSize()));
    }
    if (in.isSetKeepDeletedCells()) {
      b.keepDeletedCells(KeepDeletedCells.valueOf(in.getKeepDeletedCells().name()));
    }
    if (in.isSetBloomnFilterType()) {
      TBloomFilterType t = in.getBloomnFilterType();
      if (t == TBloomFilterType.ROWPREFIX_FIXED_LENGTH) {
        throw bad("TColumnFamilyDescriptor.bloomnFilterType", "ROWPREFIX_FIXED_LENGTH of "
            + family + " is not supported; use NONE, ROW or ROWCOL");
      }
      b.bloomFilter(t.name());
    }
    if (in.isSetCompressionType()) {
      TCompressionAlgorithm c = in.getCompressionType();
      if (!ColumnFamilyDescriptor.COMPRESSIONS.contains(c.name())) {
        throw bad("TColumnFamilyDescriptor.compressionType", c + " of " + family
            + " is not supported; use one of " + ColumnFamilyDescriptor.COMPRESSIONS);
      }
      b.compression(c.name());
    }
    if (in.isSetDataBlockEncoding() && in.getDataBlockEncoding() != TDataBlockEncoding.NONE) {
      throw bad("TColumnFamilyDescriptor.dataBlockEncoding", in.getDataBlockEncoding() + " of "
          + family + " is not supported; only NONE");
    }
    if (in.isSetBlockCacheEnabled()) {
      b.blockCache(in.isBlockCacheEnabled());
    }
    if (in.isSetInMemory()) {
      b.inMemory(in.isInMemory());
    }
    return at("TColumnFamilyDescriptor", b::build);
  }

  /** A ColumnFamilyDescriptor with every option Basalt keeps set explicitly. */
  public static TColumnFamilyDescriptor toThrift(ColumnFamilyDescriptor in) {
    return new TColumnFamilyDescriptor(wrap(in.name()))
        .setMaxVersions(in.maxVersions())
        .setMinVersions(in.minVersions())
        .setTimeToLive(in.ttlSeconds())
        .setBlockSize(in.blockSize())
        .setKeepDeletedCells(TKeepDeletedCells.valueOf(in.keepDeletedCells().name()))
        .setBloomnFilterType(TBloomFilterType.valueOf(in.bloomFilter()))
        .setCompressionType(TCompressionAlgorithm.valueOf(in.compression()))
        .setDataBlockEncoding(TDataBlockEncoding.NONE)
        .setBlockCacheEnabled(in.blockCache())
        .setInMemory(in.inMemory());
  }

  // ---------------------------------------------------------------------------------------------
  // Namespaces
  // ---------------------------------------------------------------------------------------------

  public static NamespaceDescriptor fromThrift(TNamespaceDescriptor in) {
    required(in, "TNamespaceDescriptor");
    String name = required(in.getName(), "TNamespaceDescriptor.name");
    return at("TNamespaceDescriptor",
        () -> new NamespaceDescriptor(name, in.getConfiguration()));
  }

  public static TNamespaceDescriptor toThrift(NamespaceDescriptor in) {
    TNamespaceDescriptor out = new TNamespaceDescriptor(in.name());
    if (!in.configuration().isEmpty()) {
      out.setConfiguration(new HashMap<>(in.configuration()));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Regions
  // ---------------------------------------------------------------------------------------------

  /** A region as HBase describes it: the table as {@code "ns:name"} bytes, keys, id. */
  public static THRegionInfo toThrift(RegionInfo in) {
    return new THRegionInfo(in.regionId(), wrap(utf8(in.table().toString())))
        .setStartKey(in.startKey())
        .setEndKey(in.endKey())
        .setOffline(false)
        .setSplit(false)
        .setReplicaId(0);
  }

  /** A THRegionInfo; absent keys are empty (unbounded). */
  public static RegionInfo fromThrift(THRegionInfo in) {
    required(in, "THRegionInfo");
    byte[] table = required(in.getTableName(), "THRegionInfo.tableName");
    TableName name = at("THRegionInfo.tableName",
        () -> TableName.valueOf(utf8(table, "THRegionInfo.tableName")));
    byte[] start = in.isSetStartKey() ? in.getStartKey() : Bytes.EMPTY;
    byte[] end = in.isSetEndKey() ? in.getEndKey() : Bytes.EMPTY;
    return at("THRegionInfo", () -> new RegionInfo(name, start, end, in.getRegionId()));
  }

  /** Where {@code region} is served: {@code host:port}, started at {@code startCode}. */
  public static THRegionLocation regionLocationToThrift(RegionInfo region, String host, int port,
      long startCode) {
    TServerName server = new TServerName(host).setPort(port).setStartCode(startCode);
    return new THRegionLocation(server, toThrift(region));
  }

  /** A region's identity for Basalt's internal RPC. */
  public static org.basaltdb.thrift.generated.cluster.TRegion toTRegion(RegionInfo in) {
    return new org.basaltdb.thrift.generated.cluster.TRegion(in.table().toString(),
        ByteBuffer.wrap(in.startKey()), ByteBuffer.wrap(in.endKey()), in.regionId());
  }

  public static RegionInfo fromTRegion(org.basaltdb.thrift.generated.cluster.TRegion in) {
    return new RegionInfo(TableName.valueOf(in.getTable()), in.getStartKey(), in.getEndKey(),
        in.getRegionId());
  }
}
