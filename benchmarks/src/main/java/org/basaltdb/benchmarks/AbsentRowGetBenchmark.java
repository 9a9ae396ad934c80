package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.regionserver.store.StoreFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2, target 6: a Get for an absent row reads no data block in at least 99% of cases,
 * thanks to the ROW bloom filter.
 *
 * <p>The region has no block cache, so every data block a Get touches is read from its file and
 * counted by {@code SSTableReader.dataBlocksRead()}. {@link #files} flushed files hold
 * {@value #ROWS_PER_FILE} rows each: the even-numbered rows, file k holding those with
 * (i / 2) % files == k, so every file spans the whole key range and an absent
 * (odd-numbered) row always falls inside some file's block range.
 *
 * <p>The benchmark measures the latency of absent-row Gets. The trial teardown then runs
 * {@value #CHECKS} Gets of distinct absent rows one at a time, counting for each the data blocks
 * read by all files, and prints: the share of Gets that read no data block (the target), the
 * bloom false-positive rate (per file probed: mightContainRow true for an absent row), and, as a
 * control, the blocks read by Gets of present rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class AbsentRowGetBenchmark {
  static final int ROWS_PER_FILE = 200_000;
  static final int CHECKS = 100_000;
  static final int PRESENT_CHECKS = 1_000;

  /** Flushed files of the store; each is probed by every Get. */
  @Param({"1", "3"})
  public int files;

  private final SplittableRandom rnd = new SplittableRandom(11);
  private BenchRegion r;

  @Setup(Level.Trial)
  public void load() throws IOException {
    r = BenchRegion.open(null, BenchRegion.family());
    SplittableRandom values = new SplittableRandom(3);
    for (int k = 0; k < files; k++) {
      List<Put> batch = new ArrayList<>(100);
      for (long j = 0; j < ROWS_PER_FILE; j++) {
        long i = 2 * (j * files + k);
        byte[] value = new byte[100];
        values.nextBytes(value);
        batch.add(new Put(BenchRegion.row(i)).addColumn(BenchRegion.FAMILY,
            BenchRegion.QUALIFIER, value));
        if (batch.size() == 100) {
          r.region.mutate(batch);
          batch.clear();
        }
      }
      r.region.mutate(batch);
      r.region.flush();
    }
    if (r.files().size() != files) {
      throw new IllegalStateException(r.files().size() + " files");
    }
  }

  private static long absentRow(long n) {
    return 2 * n + 1;
  }

  @Benchmark
  public Result absentGet() throws IOException {
    Result res = r.region.get(new Get(BenchRegion.row(absentRow(rnd.nextLong(
        (long) files * ROWS_PER_FILE)))));
    if (!res.isEmpty()) {
      throw new IllegalStateException("absent row found");
    }
    return res;
  }

  @TearDown(Level.Trial)
  public void measureBlockReads() throws IOException {
    List<StoreFile> stored = r.files();
    long clean = 0;
    long blocks = 0;
    long probes = 0;
    long positives = 0;
    long step = (long) files * ROWS_PER_FILE / CHECKS;
    for (long n = 0; n < CHECKS; n++) {
      byte[] row = BenchRegion.row(absentRow(n * step));
      for (StoreFile f : stored) {
        probes++;
        if (f.reader().mightContainRow(row)) {
          positives++;
        }
      }
      long before = r.dataBlocksRead();
      if (!r.region.get(new Get(row)).isEmpty()) {
        throw new IllegalStateException("absent row found");
      }
      long read = r.dataBlocksRead() - before;
      blocks += read;
      if (read == 0) {
        clean++;
      }
    }
    long presentBefore = r.dataBlocksRead();
    for (int n = 0; n < PRESENT_CHECKS; n++) {
      long present = 2L * ((n * 397L) % ((long) files * ROWS_PER_FILE));
      if (r.region.get(new Get(BenchRegion.row(present))).isEmpty()) {
        throw new IllegalStateException("present row missing");
      }
    }
    long presentBlocks = r.dataBlocksRead() - presentBefore;
    System.out.println();
    System.out.printf("bloom: %d absent-row Gets over %d files: %d (%.3f%%) read no data block, "
        + "%d data blocks read in all%n", CHECKS, files, clean, 100.0 * clean / CHECKS, blocks);
    System.out.printf("bloom: false positives %d of %d file probes = %.3f%%%n", positives,
        probes, 100.0 * positives / probes);
    System.out.printf("bloom: control, %d present-row Gets read %d data blocks%n",
        PRESENT_CHECKS, presentBlocks);
    r.close();
  }
}
