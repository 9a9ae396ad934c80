package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Result;
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
 * Issue 2, target 4: a point Get served from a cached block in at most 5 µs (median).
 *
 * <p>{@value #ROWS} rows "row0000000000".. of one 100-byte cell each, flushed to one SSTable
 * (64 KB blocks, ROW bloom), the block cache (256 MB) warmed by a full scan. Each operation is
 * {@code Region.get} of one random existing row, one thread; the memstore is empty. The teardown
 * prints the cache's hit/miss counts and the data blocks read from the file, to show the reads
 * were served from the cache.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class GetBenchmark {
  static final int ROWS = 200_000;

  private final SplittableRandom rnd = new SplittableRandom(7);
  private BlockCache cache;
  private BenchRegion r;
  private long blocksReadAfterWarmup;

  @Setup(Level.Trial)
  public void load() throws IOException {
    cache = new BlockCache(256L << 20);
    r = BenchRegion.open(cache, BenchRegion.family());
    ScanBenchmark.loadSequential(r, ROWS, 100);
    r.region.flush();
    long cells = ScanBenchmark.scanAll(r);
    if (cells != ROWS || r.files().size() != 1) {
      throw new IllegalStateException(cells + " cells in " + r.files().size() + " files");
    }
    blocksReadAfterWarmup = r.dataBlocksRead();
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.println();
    System.out.println("get: data blocks read from the file after warm-up: "
        + (r.dataBlocksRead() - blocksReadAfterWarmup) + "; cache " + cache.stats());
    r.close();
  }

  @Benchmark
  public Result get() throws IOException {
    Result res = r.region.get(new Get(BenchRegion.row(rnd.nextInt(ROWS))));
    if (res.isEmpty()) {
      throw new IllegalStateException("row missing");
    }
    return res;
  }
}
