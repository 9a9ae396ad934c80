package org.basaltdb.regionserver.thrift;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.TableName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 20: what the request meters add to one Thrift request, the work {@link DirectReplies}
 * does around a call when metrics are on (begin, the table reported by the router, end: a
 * thread-local, two clock reads, a map look-up, a histogram with 16 buckets and a max). With
 * metrics off none of it runs. Two threads, as two Thrift workers would, on one table's meters.
 * In the package of {@link RequestMetrics}, whose methods are package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class RequestMetricsBenchmark {
  private RequestMetrics metrics;
  private final TableName table = TableName.valueOf("usertable");

  @Setup
  public void setUp() {
    metrics = new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Benchmark
  public void recordOneRequest() {
    RequestMetrics.Call c = metrics.begin(RequestMetrics.Service.THRIFT2, "get");
    RequestMetrics.table(table);
    metrics.end(c);
  }
}
