package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.scan.RowScanner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2, target 5: a full scan returns at least 3 M cells/s on one thread.
 *
 * <p>{@value #ROWS} rows of one 100-byte cell each, flushed to one SSTable (64 KB blocks), the
 * block cache (512 MB) warmed by a first scan. One invocation scans the whole region; the score
 * is in cells per second ({@code @OperationsPerInvocation} = cells per scan).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class ScanBenchmark {
  static final int ROWS = 1_000_000;

  private BlockCache cache;
  private BenchRegion r;
  private long blocksReadAfterWarmup;

  /** Writes rows 0..rows-1 of one cell with a random value of {@code valueSize} bytes. */
  static void loadSequential(BenchRegion r, int rows, int valueSize) throws IOException {
    SplittableRandom rnd = new SplittableRandom(1);
    List<Put> batch = new ArrayList<>(100);
    for (int i = 0; i < rows; i++) {
      byte[] value = new byte[valueSize];
      rnd.nextBytes(value);
      batch.add(new Put(BenchRegion.row(i)).addColumn(BenchRegion.FAMILY, BenchRegion.QUALIFIER,
          value));
      if (batch.size() == 100) {
        r.region.mutate(batch);
        batch.clear();
      }
    }
    r.region.mutate(batch);
  }

  /** Scans the whole region; returns the number of cells. */
  static long scanAll(BenchRegion r) throws IOException {
    long cells = 0;
    try (RowScanner s = r.region.scanner(new Scan())) {
      for (Result res = s.next(); res != null; res = s.next()) {
        cells += res.size();
      }
    }
    return cells;
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    cache = new BlockCache(512L << 20);
    r = BenchRegion.open(cache, BenchRegion.family());
    loadSequential(r, ROWS, 100);
    r.region.flush();
    long cells = scanAll(r);
    if (cells != ROWS || r.files().size() != 1) {
      throw new IllegalStateException(cells + " cells in " + r.files().size() + " files");
    }
    blocksReadAfterWarmup = r.dataBlocksRead();
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.println();
    System.out.println("scan: data blocks read from the file after warm-up: "
        + (r.dataBlocksRead() - blocksReadAfterWarmup) + "; cache " + cache.stats());
    r.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long fullScan() throws IOException {
    long cells = scanAll(r);
    if (cells != ROWS) {
      throw new IllegalStateException(cells + " cells");
    }
    return cells;
  }
}
