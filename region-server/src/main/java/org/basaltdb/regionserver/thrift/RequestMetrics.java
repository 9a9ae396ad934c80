package org.basaltdb.regionserver.thrift;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.TableName;

/**
 * The client requests a region server answers, counted in one place: {@link DirectReplies}'
 * dispatch times every {@code THBaseService} call and records it by operation and table, as
 * {@code basalt_requests_seconds} (a histogram) and {@code basalt_requests_failed_total}.
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

  /** Operations by HBase's names for them; every other method (DDL, catalog) is admin. */
  enum Op {
    GET("get"), PUT("put"), DELETE("delete"), SCAN("scan"), INCREMENT("increment"),
    APPEND("append"), CHECK_AND_MUTATE("checkAndMutate"), BATCH("batch"), ADMIN("admin");

    final String label;

    Op(String label) {
      this.label = label;
    }
  }

  private static final Map<String, Op> BY_METHOD = new HashMap<>();

  static {
    for (String m : new String[] {"get", "exists"}) {
      BY_METHOD.put(m, Op.GET);
    }
    BY_METHOD.put("put", Op.PUT);
    BY_METHOD.put("deleteSingle", Op.DELETE);
    for (String m : new String[] {"openScanner", "getScannerRows", "getScannerResults",
        "closeScanner"}) {
      BY_METHOD.put(m, Op.SCAN);
    }
    BY_METHOD.put("increment", Op.INCREMENT);
    BY_METHOD.put("append", Op.APPEND);
    for (String m : new String[] {"checkAndPut", "checkAndDelete", "checkAndMutate"}) {
      BY_METHOD.put(m, Op.CHECK_AND_MUTATE);
    }
    for (String m : new String[] {"getMultiple", "existsAll", "putMultiple", "deleteMultiple",
        "mutateRow"}) {
      BY_METHOD.put(m, Op.BATCH);
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
    Op op;
    TableName table;
    boolean failed;
    long startNanos;
  }

  private static final ThreadLocal<Call> CURRENT = ThreadLocal.withInitial(Call::new);

  /** One operation's meters on one table. */
  private record Meters(Timer latency, Counter failures) {}

  private final MeterRegistry registry;
  @SuppressWarnings("unchecked")
  private final Map<Object, Meters>[] byOp = new Map[Op.values().length];

  /** Meters in {@code registry}, or none when it is null. */
  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (int i = 0; i < byOp.length; i++) {
      byOp[i] = new ConcurrentHashMap<>();
    }
  }

  boolean enabled() {
    return registry != null;
  }

  /** Starts timing a call of {@code method} on this thread; null when metrics are off. */
  Call begin(String method) {
    if (registry == null) {
      return null;
    }
    Call c = CURRENT.get();
    c.op = BY_METHOD.getOrDefault(method, Op.ADMIN);
    c.table = null;
    c.failed = false;
    c.startNanos = System.nanoTime();
    return c;
  }

  /** Records {@code c}, begun by {@link #begin} on this thread. */
  void end(Call c) {
    long nanos = System.nanoTime() - c.startNanos;
    Object key = c.table == null ? NO_TABLE : c.table;
    Meters m = byOp[c.op.ordinal()].get(key);
    if (m == null) {
      m = byOp[c.op.ordinal()].computeIfAbsent(key, k -> meters(c.op, k));
    }
    m.latency().record(nanos, TimeUnit.NANOSECONDS);
    if (c.failed) {
      m.failures().increment();
    }
    c.op = null;
  }

  private Meters meters(Op op, Object table) {
    String t = table.toString();
    return new Meters(
        Timer.builder("basalt.requests").description("Client requests answered, by operation"
            + " and table").tags("op", op.label, "table", t).serviceLevelObjectives(BUCKETS)
            .register(registry),
        Counter.builder("basalt.requests.failed").description("Client requests answered with"
            + " an error, by operation and table").tags("op", op.label, "table", t)
            .register(registry));
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
