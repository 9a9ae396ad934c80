package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Put;
import org.basaltdb.regionserver.memstore.MemStore;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 2, target 1: random-key inserts into the memstore, at least 500k cells/s with 2 threads.
 *
 * <p>Each operation inserts one cell: an 8-byte random row, family f, qualifier q, a 100-byte
 * value (the same array every time; generating random values would measure the generator).
 * {@link #memstoreAdd} calls {@link MemStore#add} directly; {@link #regionPut} goes through
 * {@code Region.put} with a {@code DisabledWal} (row lock, MVCC, update lock, memory
 * accounting); {@link #regionPutRow} does the same with YCSB's row of ten 100-byte fields. All
 * start each iteration on an empty memstore, so it grows from 0 to a few million cells during an
 * iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class MemStoreInsertBenchmark {
  static final byte[] VALUE = new byte[100];
  static final byte[][] FIELDS = new byte[10][];

  static {
    for (int i = 0; i < FIELDS.length; i++) {
      FIELDS[i] = Bytes.toBytes("field" + i);
    }
  }

  /** The memstore or region shared by both threads; fresh for each iteration. */
  @State(Scope.Benchmark)
  public static class Shared {
    MemStore memstore;
    BenchRegion region;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      memstore = new MemStore();
      region = BenchRegion.open(null, BenchRegion.family());
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      memstore = null;
      region.close();
      region = null;
    }
  }

  /** Each thread's own random source. */
  @State(Scope.Thread)
  public static class Keys {
    final SplittableRandom rnd = new SplittableRandom(Thread.currentThread().getId());
    long seq;
  }

  @Benchmark
  public long memstoreAdd(Shared s, Keys k) {
    byte[] row = Bytes.toBytes(k.rnd.nextLong());
    Cell c = Cell.put(row, BenchRegion.FAMILY, BenchRegion.QUALIFIER, 1, VALUE)
        .withSequenceId(++k.seq);
    return s.memstore.add(c);
  }

  /** A YCSB row: ten fields of 100 B in one {@code Region.put}; ops/s are rows/s. */
  @Benchmark
  public void regionPutRow(Shared s, Keys k) throws IOException {
    Put p = new Put(Bytes.toBytes(k.rnd.nextLong()));
    for (byte[] q : FIELDS) {
      p.addColumn(BenchRegion.FAMILY, q, VALUE);
    }
    s.region.region.put(p);
  }

  @Benchmark
  public void regionPut(Shared s, Keys k) throws IOException {
    byte[] row = Bytes.toBytes(k.rnd.nextLong());
    s.region.region.put(new Put(row).addColumn(BenchRegion.FAMILY, BenchRegion.QUALIFIER, VALUE));
  }
}
