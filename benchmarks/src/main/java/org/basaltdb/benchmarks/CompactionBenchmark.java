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
 * Issue 2, target 3: major compaction at least 80 MB/s of input cell data.
 *
 * <p>Before each invocation (untimed) a new region gets {@value #FILES} flushed files of
 * {@value #BYTES_PER_FILE} bytes of cells each (random 8-byte rows spread over the whole key
 * space, so every file overlaps every other; values of 100 to 1000 random bytes). The timed part
 * is one {@code Region.compact(true)}: merging the files, writing one and swapping it in.
 * Throughput in MB/s is {@value #FILES} x {@value #BYTES_PER_FILE} / 2^20 divided by the
 * reported seconds per operation (the input's serialized cell bytes, which is also what
 * compact() reports as read).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Thread)
public class CompactionBenchmark {
  static final int FILES = 4;
  static final long BYTES_PER_FILE = 24L << 20;

  private final SplittableRandom rnd = new SplittableRandom(42);
  private BenchRegion r;

  @Setup(Level.Invocation)
  public void writeFiles() throws IOException {
    r = BenchRegion.open(new BlockCache(64L << 20), BenchRegion.family());
    for (int i = 0; i < FILES; i++) {
      r.fillRandom(rnd, BYTES_PER_FILE, 100, 1000);
      r.region.flush();
    }
    System.gc();
  }

  @TearDown(Level.Invocation)
  public void drop() {
    r.close();
  }

  @Benchmark
  public long majorCompaction() throws IOException {
    long read = r.region.compact(true).bytesRead();
    if (read < FILES * BYTES_PER_FILE) {
      throw new IllegalStateException("compaction read " + read + " bytes, expected at least "
          + FILES * BYTES_PER_FILE);
    }
    return read;
  }
}
