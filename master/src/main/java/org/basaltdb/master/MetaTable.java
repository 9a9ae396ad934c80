package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionInfoFile;

/**
 * The meta table, {@code basalt:meta}: the directory of namespaces, tables and regions. It is a
 * region like any other (one region, family {@code info}), so it is logged, flushed and
 * recovered like user data. Row layout in {@code docs/formats/meta.md}:
 *
 * <pre>
 * n:&lt;namespace&gt;                         info:d = namespace descriptor
 * t:&lt;table&gt;                             info:d = table descriptor, info:state = ENABLED|DISABLED
 * r:&lt;table&gt;,&lt;start key&gt;,&lt;region id&gt;   info:ri = region info, info:server = host,port,startcode
 * </pre>
 */
final class MetaTable {
  static final TableName NAME = new TableName(TableName.SYSTEM_NAMESPACE, "meta");
  static final byte[] INFO = Bytes.toBytes("info");
  static final byte[] DESCRIPTOR = Bytes.toBytes("d");
  static final byte[] STATE = Bytes.toBytes("state");
  static final byte[] REGION_INFO = Bytes.toBytes("ri");
  static final byte[] SERVER = Bytes.toBytes("server");

  static final TableDescriptor DESCRIPTOR_OF_META = TableDescriptor.of(NAME,
      List.of(ColumnFamilyDescriptor.builder(INFO).maxVersions(3).inMemory(true).build()),
      Durability.FSYNC_WAL);
  /** Meta's one region; its id is fixed so every start finds the same directory. */
  static final RegionInfo REGION = new RegionInfo(NAME, new byte[0], new byte[0], 1);

  enum TableState {
    ENABLED,
    DISABLED
  }

  private final Region region;

  MetaTable(Region region) {
    this.region = region;
  }

  private static byte[] namespaceRow(String ns) {
    return Bytes.toBytes("n:" + ns);
  }

  private static byte[] tableRow(TableName t) {
    return Bytes.toBytes("t:" + t);
  }

  private static byte[] regionPrefix(TableName t) {
    return Bytes.toBytes("r:" + t + ",");
  }

  private static byte[] regionRow(RegionInfo r) {
    return Bytes.concat(regionPrefix(r.table()), r.startKey(),
        Bytes.toBytes("," + r.regionId()));
  }

  void putNamespace(NamespaceDescriptor ns) throws IOException {
    region.put(new Put(namespaceRow(ns.name())).addColumn(INFO, DESCRIPTOR,
        DescriptorCodec.encode(ns)));
  }

  NamespaceDescriptor namespace(String ns) throws IOException {
    byte[] v = region.get(new Get(namespaceRow(ns))).value(INFO, DESCRIPTOR);
    return v == null ? null : DescriptorCodec.decodeNamespace(v);
  }

  List<NamespaceDescriptor> namespaces() throws IOException {
    List<NamespaceDescriptor> out = new ArrayList<>();
    for (Result r : region.scanAll(new Scan().setRowPrefixFilter(Bytes.toBytes("n:")))) {
      out.add(DescriptorCodec.decodeNamespace(r.value(INFO, DESCRIPTOR)));
    }
    return out;
  }

  void deleteNamespace(String ns) throws IOException {
    region.delete(new Delete(namespaceRow(ns)));
  }

  void putTable(TableDescriptor t, TableState state) throws IOException {
    region.put(new Put(tableRow(t.name())).addColumn(INFO, DESCRIPTOR, DescriptorCodec.encode(t))
        .addColumn(INFO, STATE, Bytes.toBytes(state.name())));
  }

  void setState(TableName t, TableState state) throws IOException {
    region.put(new Put(tableRow(t)).addColumn(INFO, STATE, Bytes.toBytes(state.name())));
  }

  TableDescriptor table(TableName t) throws IOException {
    byte[] v = region.get(new Get(tableRow(t))).value(INFO, DESCRIPTOR);
    return v == null ? null : DescriptorCodec.decodeTable(v);
  }

  TableState state(TableName t) throws IOException {
    byte[] v = region.get(new Get(tableRow(t))).value(INFO, STATE);
    return v == null ? null : TableState.valueOf(Bytes.toString(v));
  }

  List<TableDescriptor> tables() throws IOException {
    List<TableDescriptor> out = new ArrayList<>();
    for (Result r : region.scanAll(new Scan().setRowPrefixFilter(Bytes.toBytes("t:")))) {
      out.add(DescriptorCodec.decodeTable(r.value(INFO, DESCRIPTOR)));
    }
    return out;
  }

  /** Region records of a table, in start-key order. */
  List<RegionRecord> regions(TableName t) throws IOException {
    List<RegionRecord> out = new ArrayList<>();
    for (Result r : region.scanAll(new Scan().setRowPrefixFilter(regionPrefix(t)))) {
      RegionInfo ri = RegionInfoFile.decode("meta row " + Bytes.toStringBinary(r.row()),
          r.value(INFO, REGION_INFO));
      byte[] server = r.value(INFO, SERVER);
      out.add(new RegionRecord(ri, server == null ? null : Bytes.toString(server)));
    }
    out.sort(Comparator.comparing(RegionRecord::info,
        (a, b) -> Bytes.compare(a.startKey(), b.startKey())));
    return out;
  }

  /** Writes a table's regions and its descriptor in one atomic batch. */
  void createTable(TableDescriptor t, List<RegionInfo> regions, TableState state)
      throws IOException {
    List<Mutation> batch = new ArrayList<>();
    for (RegionInfo r : regions) {
      batch.add(new Put(regionRow(r)).addColumn(INFO, REGION_INFO, RegionInfoFile.encode(r)));
    }
    batch.add(new Put(tableRow(t.name())).addColumn(INFO, DESCRIPTOR, DescriptorCodec.encode(t))
        .addColumn(INFO, STATE, Bytes.toBytes(state.name())));
    region.mutate(batch);
  }

  void setServer(RegionInfo r, String server) throws IOException {
    if (server == null) {
      region.delete(new Delete(regionRow(r)).addColumns(INFO, SERVER));
    } else {
      region.put(new Put(regionRow(r)).addColumn(INFO, SERVER, Bytes.toBytes(server)));
    }
  }

  /** Removes a table's descriptor and every region record. */
  void deleteTable(TableName t) throws IOException {
    List<Mutation> batch = new ArrayList<>();
    for (RegionRecord r : regions(t)) {
      batch.add(new Delete(regionRow(r.info())));
    }
    batch.add(new Delete(tableRow(t)));
    region.mutate(batch);
  }

  /** Replaces a split parent by its daughters, in one atomic batch. */
  void replaceRegion(RegionInfo parent, List<RegionInfo> daughters) throws IOException {
    List<Mutation> batch = new ArrayList<>();
    batch.add(new Delete(regionRow(parent)));
    for (RegionInfo d : daughters) {
      batch.add(new Put(regionRow(d)).addColumn(INFO, REGION_INFO, RegionInfoFile.encode(d)));
    }
    region.mutate(batch);
  }

  /** One region's record: where it is served, or null when it is not assigned. */
  record RegionRecord(RegionInfo info, String server) {}
}
