package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.server.rpc.StaleEpochException;

/**
 * Region servers for the master's unit tests, in memory and in this thread: which are live,
 * what each has open under which epoch, and the meta table wherever it is open (its rows
 * outlive the server, as files on the shared filesystem would). Like a real region server, each
 * refuses an open or close whose epoch is below the highest it has seen for the region. A test
 * can make the next open on a server fail as if the server died during it ({@link #dieOnOpen}),
 * and kill the master after a number of opens ({@link #killMasterAfterOpens}).
 */
final class FakeRegionServers implements RegionServers {
  static final class Server {
    final Map<String, Long> open = new TreeMap<>();
    final Map<String, Long> highestEpoch = new HashMap<>();
    final List<String> compacted = new ArrayList<>();
    /** Opens accepted and not yet carried out (see {@link #outcomesLost}). */
    final List<RegionOpen> queued = new ArrayList<>();
    boolean dieOnNextOpen;
  }

  final Map<String, Server> live = new TreeMap<>();
  /** Live (registered) servers that do not answer: a process killed before its session ends. */
  final Set<String> silent = new TreeSet<>();
  /**
   * Regions whose next close takes effect on the server but fails at the master as if the call
   * had timed out (the server's close outlasted the RPC timeout).
   */
  final Set<String> closeTimesOut = new TreeSet<>();
  /** Runs after each close took effect: "server region". */
  java.util.function.Consumer<String> onClose = closed -> { };
  /** Runs when such a close times out (a test moves its clock past the RPC timeout there). */
  Runnable onCloseTimeout = () -> { };
  /** Runs on each call to a silent server, before it fails (a test ends its session there). */
  java.util.function.Consumer<String> onSilentCall = server -> { };
  /**
   * Opens left before the master is killed (negative: never). Once killed, nothing it asks of a
   * server takes effect: every open and meta write fails, until a test starts the next master.
   */
  int opensBeforeMasterDies = -1;
  boolean masterKilled;
  /** How many meta writes (batches) were applied. */
  int metaWrites;
  /** Every open call, "server region epoch", in order. */
  final List<String> opens = new ArrayList<>();
  /** Every batch of opens, "server regions", in order. */
  final List<String> batches = new ArrayList<>();
  /**
   * Live servers that take opens but whose answers are lost (the calls time out): each open is
   * queued there and the call fails with no answer; {@link #runQueuedOpens} carries them out
   * later, as a slow server would, refusing those whose epoch it has seen superseded.
   */
  final Set<String> outcomesLost = new TreeSet<>();
  /** Regions whose next open fails (on any server), as a region with a bad file would. */
  final Set<String> failNextOpenOf = new TreeSet<>();
  /** The row to split each region at (encoded name → row); absent: too few rows. */
  final Map<String, byte[]> splitPoints = new HashMap<>();
  private final NavigableMap<byte[], NavigableMap<String, Cell>> metaRows =
      new TreeMap<>(Bytes.COMPARATOR);

  FakeRegionServers(String... names) {
    for (String n : names) {
      start(n);
    }
  }

  Server start(String name) {
    return live.computeIfAbsent(name, n -> new Server());
  }

  /** The server stops at once: it is no longer live and what it had open is gone with it. */
  void kill(String name) {
    live.remove(name);
  }

  /** The master dies once it has made {@code n} more opens. */
  void killMasterAfterOpens(int n) {
    opensBeforeMasterDies = n;
  }

  /** The next master takes charge: its calls take effect again. */
  void nextMaster() {
    masterKilled = false;
    opensBeforeMasterDies = -1;
  }

  private void checkMasterAlive() throws IOException {
    if (masterKilled) {
      throw new IOException("the master was killed");
    }
  }

  /** The next open on {@code name} kills the server instead (it dies mid-assignment). */
  void dieOnOpen(String name) {
    server(name).dieOnNextOpen = true;
  }

  Server server(String name) {
    Server s = live.get(name);
    if (s == null) {
      throw new IllegalArgumentException(name + " is not live");
    }
    return s;
  }

  /** Encoded names of the regions open on {@code name}, meta left out. */
  Set<String> regionsOn(String name) {
    Set<String> out = new TreeSet<>(server(name).open.keySet());
    out.remove(MetaTable.REGION.encodedName());
    return out;
  }

  /** Servers that have {@code region} open. */
  List<String> serversOf(String region) {
    List<String> out = new ArrayList<>();
    live.forEach((n, s) -> {
      if (s.open.containsKey(region)) {
        out.add(n);
      }
    });
    return out;
  }

  private Server require(String server, String what) throws IOException {
    Server s = live.get(server);
    if (s == null) {
      throw new NotServingRegionException("cannot " + what + ": region server " + server
          + " is not live");
    }
    return s;
  }

  private static void checkEpoch(Server s, String region, long epoch) throws StaleEpochException {
    long seen = s.highestEpoch.getOrDefault(region, 0L);
    if (epoch != 0 && epoch < seen) {
      throw new StaleEpochException("epoch " + epoch + " of " + region + " is below " + seen);
    }
    s.highestEpoch.merge(region, epoch, Math::max);
  }

  @Override
  public List<String> live() {
    return new ArrayList<>(live.keySet());
  }

  @Override
  public void open(String server, RegionInfo r, TableDescriptor t, long epoch)
      throws IOException {
    checkMasterAlive();
    if (opensBeforeMasterDies == 0) {
      masterKilled = true;
      checkMasterAlive();
    }
    if (opensBeforeMasterDies > 0) {
      opensBeforeMasterDies--;
    }
    Server s = require(server, "open " + r.encodedName());
    if (outcomesLost.contains(server)) {
      s.queued.add(new RegionOpen(r, t, epoch));
      throw new RpcClients.NoAnswerException("connection to " + server + " failed during the "
          + "call: socket read timed out", null);
    }
    if (s.dieOnNextOpen) {
      kill(server);
      throw new NotServingRegionException("region server " + server + " died opening "
          + r.encodedName());
    }
    checkEpoch(s, r.encodedName(), epoch);
    if (failNextOpenOf.remove(r.encodedName())) {
      throw new IOException("cannot open " + r.encodedName() + " on " + server + ": bad file");
    }
    opens.add(server + " " + r.encodedName() + " " + epoch);
    s.open.put(r.encodedName(), epoch);
  }

  @Override
  public void openBatch(String server, List<RegionOpen> batch, OpenOutcomes outcomes)
      throws IOException {
    batches.add(server + " " + batch.size());
    if (outcomesLost.contains(server)) {
      require(server, "open " + batch.size() + " regions").queued.addAll(batch);
      throw new RpcClients.NoAnswerException("connection to " + server + " failed during the "
          + "call: socket read timed out", null);
    }
    RegionServers.super.openBatch(server, batch, outcomes);
  }

  /**
   * {@code server} carries out the opens it queued, each refused if a close or open under a
   * higher epoch reached it first. Returns the regions it opened.
   */
  List<String> runQueuedOpens(String server) {
    Server s = server(server);
    List<String> opened = new ArrayList<>();
    for (RegionOpen o : s.queued) {
      String region = o.info().encodedName();
      if (o.epoch() >= s.highestEpoch.getOrDefault(region, 0L)) {
        s.highestEpoch.merge(region, o.epoch(), Math::max);
        s.open.put(region, o.epoch());
        opens.add(server + " " + region + " " + o.epoch());
        opened.add(region);
      }
    }
    s.queued.clear();
    return opened;
  }

  @Override
  public void close(String server, String encodedName, long epoch) throws IOException {
    if (silent.contains(server)) {
      onSilentCall.accept(server);
      throw new IOException("cannot close " + encodedName + ": region server " + server
          + " does not answer");
    }
    Server s = require(server, "close " + encodedName);
    checkEpoch(s, encodedName, epoch);
    s.open.remove(encodedName);
    onClose.accept(server + " " + encodedName);
    if (closeTimesOut.remove(encodedName)) {
      onCloseTimeout.run();
      throw new IOException("connection to " + server + " broke during the call: socket read "
          + "timed out");
    }
  }

  @Override
  public Map<String, Long> online(String server) throws IOException {
    if (silent.contains(server)) {
      onSilentCall.accept(server);
      throw new IOException("cannot list regions: region server " + server + " does not answer");
    }
    return new TreeMap<>(require(server, "list regions").open);
  }

  @Override
  public byte[] splitPoint(String server, String encodedName) throws IOException {
    requireOpen(server, encodedName);
    return splitPoints.get(encodedName);
  }

  @Override
  public void compact(String server, String encodedName, boolean major) throws IOException {
    requireOpen(server, encodedName).compacted.add(encodedName);
  }

  private Server requireOpen(String server, String region) throws IOException {
    Server s = require(server, "reach " + region);
    if (!s.open.containsKey(region)) {
      throw new NotServingRegionException(region + " is not open on " + server);
    }
    return s;
  }

  @Override
  public MetaStore meta(String server) throws IOException {
    requireOpen(server, MetaTable.REGION.encodedName());
    return new MetaStore() {
      @Override
      public Result get(Get g) throws IOException {
        requireOpen(server, MetaTable.REGION.encodedName());
        NavigableMap<String, Cell> row = metaRows.get(g.row());
        return row == null ? Result.EMPTY : Result.of(new ArrayList<>(row.values()));
      }

      @Override
      public List<Result> scanAll(Scan s) throws IOException {
        requireOpen(server, MetaTable.REGION.encodedName());
        Predicate<byte[]> beforeStop = r -> s.stopRow().length == 0
            || Bytes.compare(r, s.stopRow()) < 0;
        List<Result> out = new ArrayList<>();
        for (var e : metaRows.tailMap(s.startRow(), true).entrySet()) {
          if (!beforeStop.test(e.getKey())) {
            break;
          }
          out.add(Result.of(new ArrayList<>(e.getValue().values())));
        }
        return out;
      }

      @Override
      public void mutate(List<? extends Mutation> batch) throws IOException {
        checkMasterAlive();
        requireOpen(server, MetaTable.REGION.encodedName());
        metaWrites++;
        for (Mutation m : batch) {
          apply(m);
        }
      }
    };
  }

  /** Puts set columns; a Delete with no cells removes the row, else the columns it names. */
  private void apply(Mutation m) {
    if (m instanceof Put) {
      NavigableMap<String, Cell> row = metaRows.computeIfAbsent(m.row(), r -> new TreeMap<>());
      for (Cell c : m.cells()) {
        row.put(column(c), c);
      }
    } else if (m instanceof Delete) {
      if (m.cells().isEmpty()) {
        metaRows.remove(m.row());
        return;
      }
      NavigableMap<String, Cell> row = metaRows.get(m.row());
      if (row != null) {
        for (Cell c : m.cells()) {
          row.remove(column(c));
        }
      }
    } else {
      throw new IllegalArgumentException("meta takes puts and deletes, not " + m);
    }
  }

  private static String column(Cell c) {
    return Bytes.toStringBinary(c.family()) + ":" + Bytes.toStringBinary(c.qualifier());
  }
}
