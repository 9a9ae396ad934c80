package org.basaltdb.master;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.server.rpc.ServerCalls;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.server.rpc.StaleEpochException;
import org.basaltdb.thrift.generated.cluster.TOpenOutcome;
import org.basaltdb.thrift.generated.cluster.TOpenRegion;
import org.basaltdb.thrift.generated.cluster.TRegionToOpen;

/**
 * A cluster's region servers: the live ones from ZooKeeper, each reached over its rpc.port
 * ({@link ServerCalls} says how errors read).
 */
final class RemoteRegionServers implements RegionServers {
  private static final int META_SCAN_BATCH = 1000;

  private final Coordination coordination;
  private final ServerCalls calls;

  RemoteRegionServers(Coordination coordination, RpcClients clients) {
    this.coordination = coordination;
    this.calls = new ServerCalls(coordination, clients);
  }

  @Override
  public List<String> live() throws IOException {
    return new ArrayList<>(coordination.liveRegionServers().keySet());
  }

  private <T> T call(String server, String what, RpcClients.Call<T> call) throws IOException {
    return calls.call(server, what, call);
  }

  @Override
  public void gone(String server) {
    calls.cutOff(server);
  }

  @Override
  public void open(String server, RegionInfo r, TableDescriptor t, long epoch)
      throws IOException {
    call(server, "open " + r.encodedName(), ch -> {
      ch.regionServer().openRegion(ThriftSchema.toTRegion(r), ThriftSchema.toThrift(t), epoch);
      return null;
    });
  }

  /**
   * How many regions one openRegions call carries at most: each carries its table's descriptor,
   * a few hundred bytes, so a call stays far below the RPC's frame limit.
   */
  static final int REGIONS_PER_OPEN_CALL = 500;
  /** How long one openOutcomes call waits for an open to end: short, the server answers early. */
  private static final int OUTCOMES_WAIT_MILLIS = 1_000;
  /** How many openOutcomes calls in a row may fail while the server stays registered. */
  private static final int OUTCOMES_TRIES = 3;
  /** The pause before asking again after a failed openOutcomes call. */
  private static final long OUTCOMES_RETRY_MILLIS = 100;

  /**
   * One openRegions call per {@value #REGIONS_PER_OPEN_CALL} regions, then openOutcomes calls,
   * each returning the opens that ended since the last, until every region is reported. A
   * failed openOutcomes call is tried again while the server stays registered, up to
   * {@value #OUTCOMES_TRIES} in a row.
   */
  @Override
  public void openBatch(String server, List<RegionOpen> batch, OpenOutcomes outcomes)
      throws IOException {
    Map<String, RegionOpen> waiting = new HashMap<>();
    for (int i = 0; i < batch.size(); i += REGIONS_PER_OPEN_CALL) {
      List<TRegionToOpen> call = new ArrayList<>();
      for (RegionOpen o : batch.subList(i, Math.min(batch.size(), i + REGIONS_PER_OPEN_CALL))) {
        call.add(new TRegionToOpen(ThriftSchema.toTRegion(o.info()),
            ThriftSchema.toThrift(o.table()), o.epoch()));
        waiting.put(o.info().encodedName(), o);
      }
      call(server, "open " + call.size() + " regions", ch -> {
        ch.regionServer().openRegions(call);
        return null;
      });
    }
    int failures = 0;
    while (!waiting.isEmpty()) {
      Map<String, Long> asked = new HashMap<>();
      waiting.forEach((name, o) -> asked.put(name, o.epoch()));
      List<TOpenOutcome> ended;
      try {
        ended = call(server, "learn how " + asked.size() + " region opens ended",
            ch -> ch.regionServer().openOutcomes(asked, OUTCOMES_WAIT_MILLIS));
        failures = 0;
      } catch (IOException e) {
        if (++failures >= OUTCOMES_TRIES || coordination.liveRegionServer(server) == null) {
          throw e;
        }
        pause(OUTCOMES_RETRY_MILLIS);
        continue;
      }
      for (TOpenOutcome t : ended) {
        RegionOpen o = waiting.get(t.getEncodedName());
        if (o == null || o.epoch() != t.getEpoch()) {
          continue;
        }
        waiting.remove(t.getEncodedName());
        IOException failure = null;
        if (!t.isOpened()) {
          String why = "open of " + t.getEncodedName() + " on " + server + " failed: "
              + t.getError();
          failure = t.isStaleEpoch() ? new StaleEpochException(why) : new IOException(why);
        }
        outcomes.ended(o, failure);
      }
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis); // a dropped connection: ask again a moment later
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for region opens");
    }
  }

  @Override
  public void close(String server, String encodedName, long epoch) throws IOException {
    call(server, "close " + encodedName, ch -> {
      ch.regionServer().closeRegion(encodedName, epoch);
      return null;
    });
  }

  @Override
  public Map<String, Long> online(String server) throws IOException {
    Map<String, Long> out = new HashMap<>();
    for (TOpenRegion o : call(server, "list regions", ch -> ch.regionServer().onlineRegions())) {
      out.put(ThriftSchema.fromTRegion(o.getRegion()).encodedName(), o.getEpoch());
    }
    return out;
  }

  @Override
  public byte[] splitPoint(String server, String encodedName) throws IOException {
    ByteBuffer b = call(server, "find the split point of " + encodedName,
        ch -> ch.regionServer().splitPoint(encodedName));
    byte[] row = new byte[b.remaining()];
    b.duplicate().get(row);
    return row.length == 0 ? null : row;
  }

  @Override
  public void compact(String server, String encodedName, boolean major) throws IOException {
    calls.compact(server, encodedName, major);
  }

  @Override
  public ServerLoad load(String server) throws IOException {
    return ServerLoad.fromThrift(call(server, "read its load",
        ch -> ch.regionServer().serverLoad()));
  }

  @Override
  public MetaStore meta(String server) {
    ByteBuffer table = ThriftSchema.tableNameToThriftBytes(MetaTable.NAME);
    String encoded = MetaTable.REGION.encodedName();
    return new MetaStore() {
      @Override
      public Result get(Get g) throws IOException {
        TResult r = call(server, "read meta", ch -> ch.hbase().get(table, ThriftModel.toThrift(g)));
        return ThriftModel.fromThrift(r);
      }

      @Override
      public List<Result> scanAll(Scan s) throws IOException {
        TScan ts = ThriftModel.toThrift(s);
        ts.putToAttributes(ByteBuffer.wrap(Bytes.toBytes(RpcClients.REGION_ATTRIBUTE)),
            ByteBuffer.wrap(Bytes.toBytes(encoded)));
        int id = call(server, "scan meta", ch -> ch.hbase().openScanner(table, ts));
        List<Result> out = new ArrayList<>();
        try {
          while (true) {
            List<TResult> batch = call(server, "scan meta",
                ch -> ch.hbase().getScannerRows(id, META_SCAN_BATCH));
            if (batch.isEmpty()) {
              return out;
            }
            out.addAll(ThriftModel.resultsFromThrift(batch));
          }
        } finally {
          try {
            call(server, "close a meta scanner", ch -> {
              ch.hbase().closeScanner(id);
              return null;
            });
          } catch (IOException e) {
            // it expires on the server
          }
        }
      }

      @Override
      public void mutate(List<? extends Mutation> batch) throws IOException {
        call(server, "write meta", ch -> {
          ch.regionServer().mutateRegion(encoded, ThriftModel.mutationsToThrift(batch));
          return null;
        });
      }
    };
  }
}
