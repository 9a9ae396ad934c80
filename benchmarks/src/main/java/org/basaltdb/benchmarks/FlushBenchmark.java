package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.basaltdb.regionserver.cache.BlockCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2, target 2: flush at least 150 MB/s of cell data.
 *
 * <p>Before each invocation (untimed) a new region's memstore is filled with
 * {@value #BYTES} bytes of cells (serialized size): random 8-byte rows, one cell each, values of
 * 100 to 1000 random bytes. The timed part is one {@code Region.flush()}: writing the SSTable
 * (64 KB blocks, ROW bloom, no compression) and opening it. Throughput in MB/s is
 * {@value #BYTES} / 2^20 divided by the reported seconds per operation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Thread)
public class FlushBenchmark {
  static final long BYTES = 96L << 20;

  private final SplittableRandom rnd = new SplittableRandom(42);
  private BenchRegion r;

  @Setup(Level.Invocation)
  public void fill() throws IOException {
    r = BenchRegion.open(new BlockCache(64L << 20), BenchRegion.family());
    r.fillRandom(rnd, BYTES, 100, 1000);
    System.gc();
  }

  @TearDown(Level.Invocation)
  public void drop() {
    r.close();
  }

  @Benchmark
  public long flush() throws IOException {
    return r.region.flush();
  }
}
