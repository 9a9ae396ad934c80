package org.basaltdb.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.ClusterStatus;
import org.basaltdb.client.Connection;
import org.basaltdb.client.RegionMetrics;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.ServerStatus;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Query;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * An in-memory stand-in for a server, for testing the commands' parsing and output only: no
 * delete markers (deletes remove cells), filters ignored except FirstKeyOnlyFilter, timestamps
 * from a counter starting at 1000. It implements the Java client's interfaces, which the shell
 * uses; what no command calls throws {@link UnsupportedOperationException}.
 */
final class FakeCluster implements Connection, Admin {
  static final class State {
    TableDescriptor desc;
    boolean enabled = true;
    byte[][] splits;
    final NavigableMap<byte[], List<Cell>> rows = new TreeMap<>(Bytes.COMPARATOR);
  }

  final Map<TableName, State> tables = new TreeMap<>();
  final Map<String, NamespaceDescriptor> namespaces = new TreeMap<>(Map.of("default",
      NamespaceDescriptor.DEFAULT, "basalt", NamespaceDescriptor.SYSTEM));
  long clock = 1000;
  /** Rows a scanner returns before it blocks forever (to test cancel); -1: never blocks. */
  volatile int blockAfter = -1;
  /** Released when a scan reaches {@link #blockAfter} and starts crawling. */
  final java.util.concurrent.CountDownLatch slowScanStarted =
      new java.util.concurrent.CountDownLatch(1);

  private State state(TableName t) throws IOException {
    State s = tables.get(t);
    if (s == null) {
      throw new IOException("Table " + t + " does not exist");
    }
    return s;
  }

  private State enabled(TableName t) throws IOException {
    State s = state(t);
    if (!s.enabled) {
      throw new IOException("Table " + t + " is disabled");
    }
    return s;
  }

  // ---------------------------------------------------------------- Connection

  @Override
  public Table getTable(TableName name) {
    return new FakeTable(name);
  }

  @Override
  public Admin getAdmin() {
    return this;
  }

  @Override
  public BufferedMutator getBufferedMutator(TableName name) {
    throw notFaked("getBufferedMutator");
  }

  @Override
  public boolean isClosed() {
    return false;
  }

  @Override
  public void close() {}

  static UnsupportedOperationException notFaked(String method) {
    return new UnsupportedOperationException(method + " is not faked: no shell command uses it");
  }

  // ---------------------------------------------------------------- Admin

  @Override
  public void createTable(TableDescriptor desc) throws IOException {
    createTable(desc, null);
  }

  @Override
  public boolean isTableAvailable(TableName t) throws IOException {
    return state(t).enabled;
  }

  @Override
  public List<TableDescriptor> listTableDescriptors() {
    throw notFaked("listTableDescriptors");
  }

  @Override
  public List<TableDescriptor> listTableDescriptors(Pattern p, boolean includeSystem) {
    throw notFaked("listTableDescriptors");
  }

  @Override
  public List<TableName> listTableNames() {
    return listTableNames(null, false);
  }

  @Override
  public List<TableDescriptor> listTableDescriptorsByNamespace(String ns) {
    throw notFaked("listTableDescriptorsByNamespace");
  }

  @Override
  public void modifyTable(TableDescriptor desc) {
    throw notFaked("modifyTable");
  }

  @Override
  public void split(TableName t) throws IOException {
    split(t, null);
  }

  @Override
  public long bulkLoad(TableName t, String encodedRegionName,
      java.util.Map<byte[], List<String>> familyFiles) {
    throw notFaked("bulkLoad");
  }

  @Override
  public List<RegionMetrics> getRegionMetrics(TableName t) {
    throw notFaked("getRegionMetrics");
  }

  @Override
  public ServerStatus getServerStatus() {
    throw notFaked("getServerStatus");
  }

  @Override
  public String getClusterId() {
    return "fake-cluster";
  }

  @Override
  public void createTable(TableDescriptor desc, byte[][] splitKeys) throws IOException {
    if (tables.containsKey(desc.name())) {
      throw new IOException("Table already exists: " + desc.name());
    }
    if (!namespaces.containsKey(desc.name().namespace())) {
      throw new IOException("Namespace " + desc.name().namespace() + " does not exist");
    }
    State s = new State();
    s.desc = desc;
    s.splits = splitKeys;
    tables.put(desc.name(), s);
  }

  @Override
  public void deleteTable(TableName t) throws IOException {
    if (state(t).enabled) {
      throw new IOException("Table " + t + " is enabled; disable it first");
    }
    tables.remove(t);
  }

  @Override
  public void truncateTable(TableName t, boolean preserveSplits) throws IOException {
    State s = state(t);
    s.rows.clear();
    s.enabled = true;
    if (!preserveSplits) {
      s.splits = new byte[0][];
    }
  }

  @Override
  public void enableTable(TableName t) throws IOException {
    state(t).enabled = true;
  }

  @Override
  public void disableTable(TableName t) throws IOException {
    state(t).enabled = false;
  }

  @Override
  public boolean tableExists(TableName t) {
    return tables.containsKey(t);
  }

  @Override
  public boolean isTableEnabled(TableName t) throws IOException {
    return state(t).enabled;
  }

  @Override
  public boolean isTableDisabled(TableName t) throws IOException {
    return !state(t).enabled;
  }

  @Override
  public TableDescriptor getDescriptor(TableName t) throws IOException {
    return state(t).desc;
  }

  @Override
  public List<TableName> listTableNames(Pattern p, boolean includeSystem) {
    return tables.keySet().stream().filter(t -> p.matcher(t.toString()).matches()).toList();
  }

  @Override
  public List<TableName> listTableNamesByNamespace(String ns) {
    return tables.keySet().stream().filter(t -> t.namespace().equals(ns)).toList();
  }

  @Override
  public void addColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
    State s = state(t);
    if (s.desc.hasFamily(f.name())) {
      throw new IOException("family " + f.nameAsString() + " exists");
    }
    s.desc = s.desc.withFamily(f);
  }

  @Override
  public void deleteColumnFamily(TableName t, byte[] family) throws IOException {
    State s = state(t);
    if (!s.desc.hasFamily(family)) {
      throw new IOException("no family " + Bytes.toString(family) + " in " + t);
    }
    s.desc = s.desc.withoutFamily(family);
  }

  @Override
  public void modifyColumnFamily(TableName t, ColumnFamilyDescriptor f) throws IOException {
    state(t).desc = state(t).desc.withFamily(f);
  }

  @Override
  public void createNamespace(NamespaceDescriptor ns) throws IOException {
    if (namespaces.putIfAbsent(ns.name(), ns) != null) {
      throw new IOException("Namespace " + ns.name() + " already exists");
    }
  }

  @Override
  public void modifyNamespace(NamespaceDescriptor ns) {
    namespaces.put(ns.name(), ns);
  }

  @Override
  public void deleteNamespace(String ns) throws IOException {
    if (namespaces.remove(ns) == null) {
      throw new IOException("Namespace " + ns + " does not exist");
    }
  }

  @Override
  public NamespaceDescriptor getNamespaceDescriptor(String ns) throws IOException {
    NamespaceDescriptor d = namespaces.get(ns);
    if (d == null) {
      throw new IOException("Namespace " + ns + " does not exist");
    }
    return d;
  }

  @Override
  public List<NamespaceDescriptor> listNamespaceDescriptors() {
    return List.copyOf(namespaces.values());
  }

  @Override
  public List<RegionLocation> getRegions(TableName t) throws IOException {
    State s = state(t);
    List<RegionLocation> out = new ArrayList<>();
    byte[] start = Bytes.EMPTY;
    for (int i = 0; i <= s.splits.length; i++) {
      byte[] end = i < s.splits.length ? s.splits[i] : Bytes.EMPTY;
      out.add(new RegionLocation(new RegionInfo(t, start, end, 1), SERVER));
      start = end;
    }
    return out;
  }

  @Override
  public RegionLocation locateRegion(TableName t, byte[] row) throws IOException {
    for (RegionLocation l : getRegions(t)) {
      if (l.region().containsRow(row)) {
        return l;
      }
    }
    throw new IOException("no region");
  }

  @Override
  public void flush(TableName t) throws IOException {
    state(t);
  }

  @Override
  public void compact(TableName t) throws IOException {
    state(t);
  }

  @Override
  public void majorCompact(TableName t) throws IOException {
    state(t);
  }

  @Override
  public org.basaltdb.client.CompactionState getCompactionState(TableName t) throws IOException {
    state(t);
    return org.basaltdb.client.CompactionState.NONE;
  }

  @Override
  public void split(TableName t, byte[] splitKey) throws IOException {
    state(t);
  }

  @Override
  public void splitRegion(TableName t, String encodedRegion, byte[] splitKey)
      throws IOException {
    state(t);
  }

  // ---------------------------------------------------------------- cluster operations

  /** The one live server. Tests set the dead servers, backup masters and regions in transition. */
  static final String SERVER = "fakehost,9090,1";
  List<String> deadServers = List.of();
  List<String> backupMasters = List.of();
  int regionsInTransition;
  boolean balancerOn = true;
  /** Encoded names of regions closed by unassign. */
  final java.util.Set<String> closed = new java.util.TreeSet<>();
  /** What the cluster operations were asked to do, in order, e.g. "move r1 to null". */
  final List<String> calls = new ArrayList<>();

  private RegionLocation region(String encoded) throws IOException {
    for (TableName t : tables.keySet()) {
      for (RegionLocation l : getRegions(t)) {
        if (l.region().encodedName().equals(encoded)) {
          return l;
        }
      }
    }
    throw new IOException("region " + encoded + " does not exist");
  }

  @Override
  public void move(String encodedRegionName, String destServerName) throws IOException {
    region(encodedRegionName);
    calls.add("move " + encodedRegionName + " to " + destServerName);
    if (destServerName == null || !destServerName.equals(SERVER)) {
      throw new IOException("cannot move region " + encodedRegionName + ": "
          + (destServerName == null ? "no other live server" : "no live server "
          + destServerName));
    }
  }

  @Override
  public boolean balance() {
    calls.add("balance");
    return balancerOn;
  }

  @Override
  public boolean balancerSwitch(boolean on) {
    boolean previous = balancerOn;
    balancerOn = on;
    return previous;
  }

  @Override
  public void mergeRegions(String a, String b) throws IOException {
    RegionInfo ra = region(a).region();
    RegionInfo rb = region(b).region();
    if (Bytes.compare(ra.startKey(), rb.startKey()) > 0) {
      RegionInfo x = ra;
      ra = rb;
      rb = x;
    }
    if (!ra.table().equals(rb.table()) || !Arrays.equals(ra.endKey(), rb.startKey())) {
      throw new IOException("regions " + a + " and " + b + " are not adjacent");
    }
    State s = state(ra.table());
    byte[] gone = rb.startKey();
    List<byte[]> splits = new ArrayList<>(Arrays.asList(s.splits));
    splits.removeIf(k -> Arrays.equals(k, gone));
    s.splits = splits.toArray(new byte[0][]);
    calls.add("merge " + a + " " + b);
  }

  @Override
  public void assign(String encodedRegionName) throws IOException {
    region(encodedRegionName);
    closed.remove(encodedRegionName);
    calls.add("assign " + encodedRegionName);
  }

  @Override
  public void unassign(String encodedRegionName) throws IOException {
    region(encodedRegionName);
    closed.add(encodedRegionName);
    calls.add("unassign " + encodedRegionName);
  }

  @Override
  public List<String> checkConsistency() {
    return inconsistencies;
  }

  List<String> inconsistencies = List.of();

  @Override
  public ClusterStatus getClusterStatus() throws IOException {
    List<String> open = new ArrayList<>();
    for (TableName t : tables.keySet()) {
      for (RegionLocation l : getRegions(t)) {
        if (!closed.contains(l.region().encodedName())) {
          open.add(l.region().encodedName());
        }
      }
    }
    return new ClusterStatus("fake-cluster", "fakehost,16000,1", backupMasters,
        List.of(new ClusterStatus.LiveServer(SERVER, open.size(), open)), deadServers,
        balancerOn, regionsInTransition);
  }

  // ---------------------------------------------------------------- data

  private static boolean selected(Query<?> q, Cell c) {
    if (!q.timeRange().contains(c.timestamp())) {
      return false;
    }
    if (q.families().isEmpty()) {
      return true;
    }
    NavigableSet<byte[]> qs = q.families().get(c.family());
    return qs != null && (qs.isEmpty() || qs.contains(c.qualifier()));
  }

  private static Result read(List<Cell> cells, Query<?> q) {
    List<Cell> out = new ArrayList<>();
    Cell prev = null;
    int versions = 0;
    for (Cell c : cells) {
      if (!selected(q, c)) {
        continue;
      }
      versions = prev != null && prev.sameColumn(c) ? versions + 1 : 1;
      prev = c;
      if (versions <= q.maxVersions()) {
        out.add(c);
      }
    }
    if (q.filter() != null && q.filter().contains("FirstKeyOnlyFilter") && !out.isEmpty()) {
      out = List.of(out.get(0));
    }
    return Result.of(out);
  }

  final class FakeTable implements Table {
    @Override
    public List<Result> get(List<Get> gets) {
      throw notFaked("get(List)");
    }

    @Override
    public boolean exists(Get get) {
      throw notFaked("exists");
    }

    @Override
    public List<Boolean> exists(List<Get> gets) {
      throw notFaked("exists(List)");
    }

    @Override
    public void put(List<Put> puts) {
      throw notFaked("put(List)");
    }

    @Override
    public void delete(List<Delete> deletes) {
      throw notFaked("delete(List)");
    }

    @Override
    public boolean checkAndMutate(CheckAndMutate cam) {
      throw notFaked("checkAndMutate");
    }

    @Override
    public void mutateRow(RowMutations rm) {
      throw notFaked("mutateRow");
    }

    @Override
    public void batch(List<?> actions, Object[] results) {
      throw notFaked("batch");
    }

    private final TableName name;

    FakeTable(TableName name) {
      this.name = name;
    }

    @Override
    public TableName getName() {
      return name;
    }

    private void add(State s, Cell c) {
      List<Cell> row = s.rows.computeIfAbsent(c.row(), r -> new ArrayList<>());
      row.removeIf(x -> x.sameColumn(c) && x.timestamp() == c.timestamp());
      row.add(c);
      row.sort(org.basaltdb.common.CellComparator.INSTANCE);
    }

    @Override
    public Result get(Get get) throws IOException {
      List<Cell> row = enabled(name).rows.get(get.row());
      return row == null ? Result.EMPTY : read(row, get);
    }

    @Override
    public void put(Put put) throws IOException {
      State s = enabled(name);
      long now = clock++;
      for (Cell c : put.cells()) {
        if (!s.desc.hasFamily(c.family())) {
          throw new IOException("Column family " + Bytes.toString(c.family())
              + " does not exist in table " + name);
        }
        add(s, c.timestamp() == Cell.LATEST_TIMESTAMP ? c.withTimestamp(now) : c);
      }
    }

    @Override
    public void delete(Delete delete) throws IOException {
      State s = enabled(name);
      List<Cell> row = s.rows.get(delete.row());
      if (row == null) {
        return;
      }
      if (delete.cells().isEmpty()) {
        row.removeIf(c -> c.timestamp() <= delete.timestamp());
      }
      for (Cell m : delete.cells()) {
        row.removeIf(c -> Arrays.equals(c.family(), m.family()) && c.timestamp() <= m.timestamp()
            && (m.type().isFamilyDelete() || Arrays.equals(c.qualifier(), m.qualifier())));
      }
      if (row.isEmpty()) {
        s.rows.remove(delete.row());
      }
    }

    @Override
    public ResultScanner getScanner(Scan scan) throws IOException {
      State s = enabled(name);
      NavigableMap<byte[], List<Cell>> range = s.rows;
      if (scan.startRow().length > 0) {
        range = range.tailMap(scan.startRow(), true);
      }
      if (scan.stopRow().length > 0) {
        range = range.headMap(scan.stopRow(), false);
      }
      if (scan.isReversed()) {
        range = range.descendingMap();
      }
      Iterator<List<Cell>> it = new ArrayList<>(range.values()).iterator();
      return new ResultScanner() {
        int n;

        @Override
        public Result next() throws IOException {
          if (blockAfter >= 0 && n >= blockAfter) {
            slowScanStarted.countDown();
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return Result.of(List.of(Cell.put(Bytes.toBytes("x" + n++), Bytes.toBytes("f"),
                Bytes.EMPTY, 1, Bytes.EMPTY)));
          }
          while (it.hasNext() && (scan.limit() == 0 || n < scan.limit())) {
            Result r = read(it.next(), scan);
            if (!r.isEmpty()) {
              n++;
              return r;
            }
          }
          return null;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Result increment(Increment inc) throws IOException {
      State s = enabled(name);
      List<Cell> out = new ArrayList<>();
      for (Increment.Column col : inc.columns()) {
        List<Cell> row = s.rows.get(inc.row());
        long v = 0;
        if (row != null) {
          for (Cell c : row) {
            if (Arrays.equals(c.family(), col.family())
                && Arrays.equals(c.qualifier(), col.qualifier())) {
              v = Bytes.toLong(c.value());
              break;
            }
          }
        }
        Cell c = Cell.put(inc.row(), col.family(), col.qualifier(), clock++,
            Bytes.toBytes(v + col.amount()));
        add(s, c);
        out.add(c);
      }
      return Result.of(out);
    }

    @Override
    public Result append(Append app) throws IOException {
      State s = enabled(name);
      List<Cell> out = new ArrayList<>();
      for (Append.Column col : app.columns()) {
        Result cur = get(new Get(app.row()).addColumn(col.family(), col.qualifier()));
        byte[] old = cur.value(col.family(), col.qualifier());
        Cell c = Cell.put(app.row(), col.family(), col.qualifier(), clock++,
            old == null ? col.value() : Bytes.concat(old, col.value()));
        add(s, c);
        out.add(c);
      }
      return Result.of(out);
    }

    @Override
    public void close() {}
  }
}
