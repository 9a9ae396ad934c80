package org.basaltdb.regionserver.thrift;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.basaltdb.common.TableName;

/**
 * The client requests a region server answers, counted in one place: {@link #dispatch}, which
 * {@link DirectReplies} (Thrift2's {@code THBaseService}) and {@link Thrift1Replies} (Thrift1's
 * {@code Hbase}) call for every request, times it and records it by service, operation and
 * table, as {@code basalt_requests_seconds} (a histogram) and
 * {@code basalt_requests_failed_total}. The service label is the Thrift server's name, as on the
 * {@code basalt_thrift_*} meters.
 *
 * <p>The table is learnt while the call runs ({@link Router#table} reports it through
 * {@link #table}), and a failure when the handler maps one to a Thrift exception
 * ({@link #failed}); both go to the calling thread's current {@link Call}, so no handler method
 * is touched. Scanner steps name a scanner, not a table: they are recorded with table "none".
 *
 * <p>Cost on the request path: a thread-local read, two clock reads, one map look-up and a
 * histogram update (lock-free adders). Thread-safe.
 */
public final class RequestMetrics {
  /** No meters: what a server with its info server turned off uses. */
  public static final RequestMetrics OFF = new RequestMetrics(null);

  /** Operations by HBase's names for them. */
  enum Op {
    GET("get"), PUT("put"), DELETE("delete"), SCAN("scan"), INCREMENT("increment"),
    APPEND("append"), CHECK_AND_MUTATE("checkAndMutate"), BATCH("batch"), ADMIN("admin");

    final String label;

    Op(String label) {
      this.label = label;
    }
  }

  /** The Thrift services whose requests are counted, by their servers' names. */
  public enum Service {
    /** HBase's Thrift2 {@code THBaseService}, the client port. */
    THRIFT2("Thrift THBaseService", Map.of(
        Op.GET, List.of("get", "exists"),
        Op.PUT, List.of("put"),
        Op.DELETE, List.of("deleteSingle"),
        Op.SCAN, List.of("openScanner", "getScannerRows", "getScannerResults", "closeScanner"),
        Op.INCREMENT, List.of("increment"),
        Op.APPEND, List.of("append"),
        Op.CHECK_AND_MUTATE, List.of("checkAndPut", "checkAndDelete", "checkAndMutate"),
        Op.BATCH, List.of("getMultiple", "existsAll", "putMultiple", "deleteMultiple",
            "mutateRow"))),
    /** HBase's older Thrift1 {@code Hbase} service, the Thrift1 port. */
    THRIFT1("Thrift1 Hbase", Map.of(
        Op.GET, List.of("get", "getVer", "getVerTs", "getRow", "getRowWithColumns", "getRowTs",
            "getRowWithColumnsTs"),
        Op.PUT, List.of("mutateRow", "mutateRowTs"),
        Op.DELETE, List.of("deleteAll", "deleteAllTs", "deleteAllRow", "deleteAllRowTs"),
        Op.SCAN, List.of("scannerOpen", "scannerOpenWithScan", "scannerOpenWithStop",
            "scannerOpenWithPrefix", "scannerOpenTs", "scannerOpenWithStopTs", "scannerGet",
            "scannerGetList", "scannerClose"),
        Op.INCREMENT, List.of("atomicIncrement", "increment"),
        Op.APPEND, List.of("append"),
        Op.CHECK_AND_MUTATE, List.of("checkAndPut"),
        Op.BATCH, List.of("getRows", "getRowsWithColumns", "getRowsTs", "getRowsWithColumnsTs",
            "mutateRows", "mutateRowsTs", "incrementRows")));

    /** The Thrift server's name ({@code ThriftServer#what}): the meters' service label. */
    public final String label;
    private final Map<String, Op> byMethod = new HashMap<>();

    Service(String label, Map<Op, List<String>> methods) {
      this.label = label;
      methods.forEach((op, names) -> names.forEach(n -> byMethod.put(n, op)));
    }

    /** The operation {@code method} is; every method not listed (DDL, catalog) is admin. */
    Op op(String method) {
      return byMethod.getOrDefault(method, Op.ADMIN);
    }
  }

  /**
   * Latency buckets, 100 µs to 10 s: a cached get takes well under a millisecond, a synced put
   * about one, a large scan step or a write waiting on a flush seconds.
   */
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private static final String NO_TABLE = "none";

  /** The calling thread's call in progress; one object per thread, reused. */
  static final class Call {
    Service service;
    Op op;
    TableName table;
    boolean failed;
    long startNanos;
  }

  private static final ThreadLocal<Call> CURRENT = ThreadLocal.withInitial(Call::new);

  /** One operation's meters of one service on one table. */
  private record Meters(Timer latency, Counter failures) {}

  private final MeterRegistry registry;
  /** By service, then operation, then table. */
  @SuppressWarnings("unchecked")
  private final Map<Object, Meters>[][] byOp =
      new Map[Service.values().length][Op.values().length];

  /** Meters in {@code registry}, or none when it is null. */
  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Map<Object, Meters>[] ops : byOp) {
      for (int i = 0; i < ops.length; i++) {
        ops[i] = new ConcurrentHashMap<>();
      }
    }
  }

  boolean enabled() {
    return registry != null;
  }

  /**
   * Starts timing a call of {@code service}'s {@code method} on this thread; null when metrics
   * are off.
   */
  Call begin(Service service, String method) {
    if (registry == null) {
      return null;
    }
    Call c = CURRENT.get();
    c.service = service;
    c.op = service.op(method);
    c.table = null;
    c.failed = false;
    c.startNanos = System.nanoTime();
    return c;
  }

  /** Records {@code c}, begun by {@link #begin} on this thread. */
  void end(Call c) {
    long nanos = System.nanoTime() - c.startNanos;
    Object key = c.table == null ? NO_TABLE : c.table;
    Map<Object, Meters> byTable = byOp[c.service.ordinal()][c.op.ordinal()];
    Meters m = byTable.get(key);
    if (m == null) {
      Service s = c.service;
      Op op = c.op;
      m = byTable.computeIfAbsent(key, k -> meters(s, op, k));
    }
    m.latency().record(nanos, TimeUnit.NANOSECONDS);
    if (c.failed) {
      m.failures().increment();
    }
    c.op = null;
  }

  private Meters meters(Service service, Op op, Object table) {
    String t = table.toString();
    return new Meters(
        Timer.builder("basalt.requests").description("Client requests answered, by service,"
            + " operation and table").tags("service", service.label, "op", op.label, "table", t)
            .serviceLevelObjectives(BUCKETS).register(registry),
        Counter.builder("basalt.requests.failed").description("Client requests answered with"
            + " an error, by service, operation and table")
            .tags("service", service.label, "op", op.label, "table", t).register(registry));
  }

  /**
   * Dispatches one call read from {@code in} to its function in {@code functions} (a generated
   * processor's map), as the generated processor does, timing it as {@code service}'s: the one
   * place every request of a counted service passes.
   */
  <I> void dispatch(Service service, Map<String, ? extends ProcessFunction<I, ?>> functions,
      I handler, TProtocol in, TProtocol out) throws TException {
    TMessage msg = in.readMessageBegin();
    ProcessFunction<I, ?> fn = functions.get(msg.name);
    if (fn == null) {
      TProtocolUtil.skip(in, TType.STRUCT);
      in.readMessageEnd();
      TApplicationException x = new TApplicationException(
          TApplicationException.UNKNOWN_METHOD, "Invalid method name: '" + msg.name + "'");
      out.writeMessageBegin(new TMessage(msg.name, TMessageType.EXCEPTION, msg.seqid));
      x.write(out);
      out.writeMessageEnd();
      out.getTransport().flush();
      return;
    }
    Call call = begin(service, msg.name);
    try {
      fn.process(msg.seqid, in, out, handler);
    } finally {
      end(call);
    }
  }

  /** The table the calling thread's call is about; from {@link Router#table}. */
  static void table(TableName t) {
    Call c = CURRENT.get();
    if (c.op != null && c.table == null) {
      c.table = t;
    }
  }

  /** The calling thread's call fails (its reply is a Thrift exception). */
  static void failed() {
    CURRENT.get().failed = true;
  }
}
