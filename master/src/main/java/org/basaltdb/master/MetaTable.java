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
import org.basaltdb.server.layout.RegionInfoFile;

/**
 * The meta table, {@code basalt:meta}: the directory of namespaces, tables and regions. It is a
 * region like any other (one region, family {@code info}), so it is logged, flushed and
 * recovered like user data. Row layout in {@code docs/formats/meta.md}:
 *
 * <pre>
 * n:&lt;namespace&gt;                         info:d = namespace descriptor
 * t:&lt;table&gt;                             info:d = table descriptor, info:state = ENABLED|DISABLED
 * r:&lt;table&gt;,&lt;start key&gt;,&lt;region id&gt;   info:ri = region info, info:server = host,port,startcode,
 *                                        info:rstate = region state, info:epoch = assignment epoch
 * </pre>
 *
 * <p>It reads and writes through a {@link MetaStore}: the meta region itself when it is open in
 * this process, or its region server's internal RPC.
 */
final class MetaTable {
  static final TableName NAME = new TableName(TableName.SYSTEM_NAMESPACE, "meta");
  static final byte[] INFO = Bytes.toBytes("info");
  static final byte[] DESCRIPTOR = Bytes.toBytes("d");
  static final byte[] STATE = Bytes.toBytes("state");
  static final byte[] REGION_INFO = Bytes.toBytes("ri");
  static final byte[] SERVER = Bytes.toBytes("server");
  static final byte[] REGION_STATE = Bytes.toBytes("rstate");
  static final byte[] EPOCH = Bytes.toBytes("epoch");

  static final TableDescriptor DESCRIPTOR_OF_META = TableDescriptor.of(NAME,
      List.of(ColumnFamilyDescriptor.builder(INFO).maxVersions(3).inMemory(true).build()),
      Durability.FSYNC_WAL);
  /** Meta's one region; its id is fixed so every start finds the same directory. */
  static final RegionInfo REGION = new RegionInfo(NAME, new byte[0], new byte[0], 1);

  enum TableState {
    ENABLED,
    DISABLED
  }

  /**
   * A region's place in its life, persisted so a new master continues what the last one began.
   * SPLIT and MERGED regions are retired parents kept until nothing references their files.
   */
  enum RegionState {
    OFFLINE,
    OPENING,
    OPEN,
    CLOSING,
    CLOSED,
    SPLITTING,
    SPLIT,
    MERGING,
    MERGED;

    boolean retired() {
      return this == SPLIT || this == MERGED;
    }
  }

  private final MetaStore region;

  MetaTable(MetaStore store) {
    this.region = store;
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

  /** The table's descriptor; an IOException saying it "does not exist" when there is none. */
  TableDescriptor requireTable(TableName t) throws IOException {
    TableDescriptor d = table(t);
    if (d == null) {
      throw new IOException("table " + t + " does not exist");
    }
    return d;
  }

  /** The namespace's descriptor; an IOException saying it "does not exist" when there is none. */
  NamespaceDescriptor requireNamespace(String ns) throws IOException {
    NamespaceDescriptor d = namespace(ns);
    if (d == null) {
      throw new IOException("namespace " + ns + " does not exist");
    }
    return d;
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

  /** The regions of a table that hold its rows (retired parents left out), by start key. */
  List<RegionRecord> regions(TableName t) throws IOException {
    List<RegionRecord> out = new ArrayList<>();
    for (RegionRecord r : allRegions(regionPrefix(t))) {
      if (!r.state().retired()) {
        out.add(r);
      }
    }
    return out;
  }

  /** Split and merged parents still waiting for their files to be unreferenced, any table. */
  List<RegionRecord> retiredRegions() throws IOException {
    List<RegionRecord> out = new ArrayList<>();
    for (RegionRecord r : allRegions(Bytes.toBytes("r:"))) {
      if (r.state().retired()) {
        out.add(r);
      }
    }
    return out;
  }

  private List<RegionRecord> allRegions(byte[] prefix) throws IOException {
    List<RegionRecord> out = new ArrayList<>();
    for (Result r : region.scanAll(new Scan().setRowPrefixFilter(prefix))) {
      RegionInfo ri = RegionInfoFile.decode("meta row " + Bytes.toStringBinary(r.row()),
          r.value(INFO, REGION_INFO));
      byte[] server = r.value(INFO, SERVER);
      byte[] state = r.value(INFO, REGION_STATE);
      byte[] epoch = r.value(INFO, EPOCH);
      out.add(new RegionRecord(ri, server == null ? null : Bytes.toString(server),
          state == null ? RegionState.OFFLINE : RegionState.valueOf(Bytes.toString(state)),
          epoch == null ? 0 : Bytes.toLong(epoch)));
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

  /** Records where a region is (null: nowhere), its state and its assignment epoch. */
  void setAssignment(RegionInfo r, String server, RegionState state, long epoch)
      throws IOException {
    setAssignments(List.of(new RegionRecord(r, server, state, epoch)));
  }

  /**
   * Records where each of {@code records}' regions is, its state and its epoch, in one atomic
   * batch: one write (one sync of meta's log) for many regions, as a server's recovery opens
   * hundreds of them.
   */
  void setAssignments(List<RegionRecord> records) throws IOException {
    List<Mutation> batch = new ArrayList<>();
    for (RegionRecord r : records) {
      Put p = new Put(regionRow(r.info()))
          .addColumn(INFO, REGION_STATE, Bytes.toBytes(r.state().name()))
          .addColumn(INFO, EPOCH, Bytes.toBytes(r.epoch()));
      if (r.server() == null) {
        batch.add(new Delete(regionRow(r.info())).addColumns(INFO, SERVER));
      } else {
        p.addColumn(INFO, SERVER, Bytes.toBytes(r.server()));
      }
      batch.add(p);
    }
    if (!batch.isEmpty()) {
      region.mutate(batch);
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

  /**
   * Retires {@code parents} (marked {@code retiredAs}: SPLIT or MERGED, kept until their files
   * are unreferenced) and adds {@code children} offline, in one atomic batch.
   */
  void replaceRegions(List<RegionInfo> parents, List<RegionInfo> children,
      RegionState retiredAs) throws IOException {
    List<Mutation> batch = new ArrayList<>();
    for (RegionInfo p : parents) {
      batch.add(new Delete(regionRow(p)).addColumns(INFO, SERVER));
      batch.add(new Put(regionRow(p)).addColumn(INFO, REGION_STATE,
          Bytes.toBytes(retiredAs.name())));
    }
    for (RegionInfo d : children) {
      batch.add(new Put(regionRow(d)).addColumn(INFO, REGION_INFO, RegionInfoFile.encode(d))
          .addColumn(INFO, REGION_STATE, Bytes.toBytes(RegionState.OFFLINE.name())));
    }
    region.mutate(batch);
  }

  /** Forgets a retired parent whose files are gone. */
  void deleteRegion(RegionInfo r) throws IOException {
    region.delete(new Delete(regionRow(r)));
  }

  /**
   * One region's record: where it is served (null when not assigned), its state, and the epoch
   * of its latest assignment.
   */
  record RegionRecord(RegionInfo info, String server, RegionState state, long epoch) {}
}
