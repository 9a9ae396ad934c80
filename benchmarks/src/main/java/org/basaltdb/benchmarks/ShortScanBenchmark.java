package org.basaltdb.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TEndpointTransport;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.thrift.ResultWriter;
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
 * Issue 21: YCSB workload E's server side over SSTables, without the network. {@value #ROWS}
 * rows of ten 100-byte fields ({@code field0..field9}, 1 KiB rows as YCSB writes them), loaded in
 * random order in {@value #FILES} parts, each flushed, so the store holds {@value #FILES} files
 * that each span the whole key range (what a load leaves before compaction). The block cache
 * holds every block (warmed by a full scan): the figure is decoding, merging, matching and the
 * reply, not I/O.
 *
 * <p>One operation: a scan from a random existing row of 1..100 rows (uniform, as workload E),
 * and, in {@link #scanAndReply}, its results written as a Thrift {@code list<TResult>} in the
 * binary protocol to a memory sink, as {@code getScannerResults} answers. Score: scans per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ShortScanBenchmark {
  static final int ROWS = 100_000;
  static final int FIELDS = 10;
  static final int FILES = 3;
  static final int MAX_SCAN_ROWS = 100;

  private BlockCache cache;
  private BenchRegion r;
  private long blocksReadAfterWarmup;
  private final SplittableRandom rnd = new SplittableRandom(7);
  private final TBinaryProtocol out;
  private long replyBytes;
  private long scans;

  public ShortScanBenchmark() {
    try {
      out = new TBinaryProtocol(new Sink());
    } catch (TTransportException e) {
      throw new IllegalStateException(e);
    }
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    cache = new BlockCache(1L << 30);
    r = BenchRegion.open(cache, BenchRegion.family());
    int[] order = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      order[i] = i;
    }
    SplittableRandom shuffle = new SplittableRandom(3);
    for (int i = ROWS - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    byte[][] qualifiers = new byte[FIELDS][];
    for (int f = 0; f < FIELDS; f++) {
      qualifiers[f] = Bytes.toBytes("field" + f);
    }
    List<Put> batch = new ArrayList<>(100);
    int perFile = ROWS / FILES + 1;
    for (int i = 0; i < ROWS; i++) {
      Put p = new Put(BenchRegion.row(order[i]));
      for (int f = 0; f < FIELDS; f++) {
        byte[] value = new byte[100];
        shuffle.nextBytes(value);
        p.addColumn(BenchRegion.FAMILY, qualifiers[f], value);
      }
      batch.add(p);
      if (batch.size() == 100) {
        r.region.mutate(batch);
        batch.clear();
      }
      if ((i + 1) % perFile == 0 || i == ROWS - 1) {
        r.region.mutate(batch);
        batch.clear();
        r.region.flush();
      }
    }
    long cells = ScanBenchmark.scanAll(r);
    if (cells != (long) ROWS * FIELDS || r.files().size() != FILES) {
      throw new IllegalStateException(cells + " cells in " + r.files().size() + " files");
    }
    blocksReadAfterWarmup = r.dataBlocksRead();
  }

  private long iterationCpu;
  private long iterationScans;

  /** Iterations run on the benchmark's one thread: its CPU time is what the scans cost. */
  @Setup(Level.Iteration)
  public void startIteration() {
    iterationCpu = THREADS.getCurrentThreadCpuTime();
    iterationScans = 0;
  }

  /**
   * Prints the benchmark thread's CPU time per scan: on a shared machine other processes take
   * turns on the cores, which lowers the throughput but not the CPU time each scan needs.
   */
  @TearDown(Level.Iteration)
  public void endIteration() {
    long cpu = THREADS.getCurrentThreadCpuTime() - iterationCpu;
    System.out.printf(" [cpu %.1f us/scan over %d scans]", cpu / 1e3 / Math.max(1, iterationScans),
        iterationScans);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  @TearDown(Level.Trial)
  public void report() {
    System.out.println();
    System.out.println("short scans: " + scans + " with a reply, mean reply "
        + (scans == 0 ? 0 : replyBytes / scans) + " bytes; data blocks read from the file after "
        + "warm-up: " + (r.dataBlocksRead() - blocksReadAfterWarmup) + "; cache " + cache.stats());
    r.close();
  }

  private List<Result> scanOnce() throws IOException {
    Scan scan = new Scan().withStartRow(BenchRegion.row(rnd.nextInt(ROWS)))
        .setLimit(1 + rnd.nextInt(MAX_SCAN_ROWS));
    List<Result> results = new ArrayList<>();
    try (RowScanner s = r.region.scanner(scan)) {
      for (Result res = s.next(); res != null; res = s.next()) {
        results.add(res);
      }
    }
    return results;
  }

  @Benchmark
  public int scan() throws IOException {
    iterationScans++;
    return scanOnce().size();
  }

  @Benchmark
  public int scanAndReply() throws IOException, TException {
    List<Result> results = scanOnce();
    ResultWriter.writeList(out, results);
    scans++;
    iterationScans++;
    return results.size();
  }

  /** Takes the reply's bytes into one reused array, as a socket's send buffer would. */
  private final class Sink extends TEndpointTransport {
    private final byte[] buf = new byte[1 << 16];

    Sink() throws TTransportException {
      super(new TConfiguration());
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void open() {
    }

    @Override
    public void close() {
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw new UnsupportedOperationException("write-only");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      replyBytes += len;
      while (len > 0) {
        int n = Math.min(len, buf.length);
        System.arraycopy(b, off, buf, 0, n);
        off += n;
        len -= n;
      }
    }
  }
}
