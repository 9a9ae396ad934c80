package org.basaltdb.wal;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;

/**
 * Group commit against one-at-a-time syncing: N writer threads appending 1 KiB SYNC_WAL edits
 * through the ring buffer, against one thread that waits for each edit's sync before the next.
 * Prints edits/s and p50/p99 acknowledgement latency. Not a test: run its main (see
 * {@code docs/performance.md}). Arguments:
 * {@code [local|hdfs|both] [seconds] [threads] [SYNC_WAL|FSYNC_WAL]}.
 */
public final class WalBenchmark {
  private static Durability durability;

  private WalBenchmark() {}

  public static void main(String[] args) throws Exception {
    String where = args.length > 0 ? args[0] : "both";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    durability = args.length > 3 ? Durability.valueOf(args[3]) : Durability.SYNC_WAL;
    if (!where.equals("hdfs")) {
      File dir = Files.createTempDirectory("walbench").toFile();
      FileSystem fs = WalTests.rawLocal();
      Path root = new Path(dir.toURI().toString());
      run("local raw fs", fs, root, 1, seconds);
      run("local raw fs", fs, root, threads, seconds);
    }
    if (!where.equals("local")) {
      File base = Files.createTempDirectory("walbench-dfs").toFile();
      MiniDFSCluster cluster = new MiniDFSCluster.Builder(new Configuration(), base)
          .numDataNodes(3).build();
      try {
        cluster.waitActive();
        FileSystem fs = cluster.getFileSystem();
        run("MiniDFSCluster (3 datanodes)", fs, new Path("/bench"), 1, seconds);
        run("MiniDFSCluster (3 datanodes)", fs, new Path("/bench"), threads, seconds);
      } finally {
        cluster.shutdown(true);
      }
    }
  }

  private static void run(String where, FileSystem fs, Path root, int threads, int seconds)
      throws Exception {
    Path walDir = new Path(root, "WALs/bench-" + threads + "-" + System.nanoTime());
    Configuration conf = new Configuration(false);
    try (FSWal wal = FSWal.open(fs, walDir, new Path(root, "oldWALs"), "bench", 0, conf,
        Clock.SYSTEM)) {
      // Warm up the JIT and the pipeline for a second.
      measure(wal, threads, 1);
      long[][] lat = measure(wal, threads, seconds);
      int n = 0;
      for (long[] l : lat) {
        n += l.length;
      }
      long[] all = new long[n];
      int i = 0;
      for (long[] l : lat) {
        System.arraycopy(l, 0, all, i, l.length);
        i += l.length;
      }
      Arrays.sort(all);
      System.out.printf("%-30s %-9s threads=%2d edits/s=%9.0f p50=%7.3f ms p99=%7.3f ms (n=%d)%n",
          where, durability, threads, n / (double) seconds, all[n / 2] / 1e6, all[(int) (n * 0.99)] / 1e6, n);
    }
  }

  private static long[][] measure(FSWal wal, int threads, int seconds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[][] out = new long[threads][];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        long[] lat = new long[1 << 16];
        int n = 0;
        String region = "region" + (id % 16);
        for (long i = 0; !stop.get(); i++) {
          long start = System.nanoTime();
          try {
            wal.append(region, WalTests.TABLE, WalTests.cells(i, 1024 - 40), durability)
                .await();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
          }
          lat[n++] = System.nanoTime() - start;
        }
        out[id] = Arrays.copyOf(lat, n);
      });
      th.start();
      ts.add(th);
    }
    Thread.sleep(seconds * 1000L); // the measurement window, not synchronisation
    stop.set(true);
    for (Thread th : ts) {
      th.join();
    }
    return out;
  }
}
