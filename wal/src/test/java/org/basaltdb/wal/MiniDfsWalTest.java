package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.basaltdb.common.Await;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The log on HDFS: one MiniDFSCluster (3 datanodes, free ports) for the class. The datanode
 * test runs last because it leaves the cluster with two datanodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniDfsWalTest {
  private static MiniDFSCluster cluster;
  private static FileSystem fs;
  private static File base;

  @BeforeAll
  static void startCluster() throws Exception {
    base = Files.createTempDirectory("minidfs").toFile();
    cluster = new MiniDFSCluster.Builder(hdfsConf(), base).numDataNodes(3).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  /** Short timeouts so a dead datanode or writer is noticed in seconds, not minutes. */
  static Configuration hdfsConf() {
    Configuration conf = new Configuration();
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.client.socket-timeout", 10_000);
    conf.setInt("dfs.datanode.socket.write.timeout", 10_000);
    conf.setInt("dfs.namenode.heartbeat.recheck-interval", 2_000);
    conf.setInt("ipc.client.connect.max.retries", 1);
    return conf;
  }

  static MiniDFSCluster cluster() {
    return cluster;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Test
  @Order(1)
  void writerInAChildJvmKilledWithSigkillLosesNoAcknowledgedEdit() throws Exception {
    Path root = new Path("/kill9");
    Path walDir = new Path(root, "WALs/child");
    File err = new File(base, "child.err");
    Process p = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), WalWriterChild.class.getName(),
        fs.getUri().toString(), walDir.toString(), new Path(root, "oldWALs").toString(), "32")
        .redirectError(err).start();
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    CountDownLatch enough = new CountDownLatch(2000);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            acked.add(Long.parseLong(line.substring(4)));
            enough.countDown();
          }
        }
      } catch (java.io.IOException e) {
        // the child died
      }
    });
    reader.start();
    boolean reached = enough.await(120, TimeUnit.SECONDS);
    p.destroyForcibly(); // SIGKILL
    p.waitFor(30, TimeUnit.SECONDS);
    reader.join(30_000);
    assertTrue(reached, "child acknowledged only " + acked.size() + " edits; stderr: "
        + new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));

    for (int i = 0; i < 8; i++) {
      fs.mkdirs(new Path(root, "data/ns/t1/region" + i)); // WalWriterChild's regions, as open
    }
    WalSplitter splitter = new WalSplitter(fs, new Path(root, "oldWALs"),
        (t, r) -> new Path(root, "data/" + t.namespace() + "/" + t.qualifier() + "/" + r),
        new Configuration(false), Clock.SYSTEM);
    WalSplitter.Result res = splitter.split(walDir);
    Set<Long> recovered = ConcurrentHashMap.newKeySet();
    for (String region : res.recoveredEdits().keySet()) {
      RecoveredEdits.replay(fs, new Path(root, "data/ns/t1/" + region), -1,
          e -> recovered.add(e.sequenceId()));
    }
    List<Long> lost = new ArrayList<>();
    for (long s : acked) {
      if (!recovered.contains(s)) {
        lost.add(s);
      }
    }
    assertTrue(lost.isEmpty(), "lost acknowledged edits " + lost);
    System.out.println("kill -9: acknowledged " + acked.size() + ", recovered "
        + recovered.size() + " edits");
  }

  @Test
  @Order(2)
  void aDatanodeStoppedMidWriteRollsTheLogAndLosesNothing() throws Exception {
    Path root = new Path("/dnstop");
    Path walDir = new Path(root, "WALs/rs1");
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (FSWal wal = FSWal.open(fs, walDir, new Path(root, "oldWALs"), "rs1", 0,
        WalTests.conf(), Clock.SYSTEM)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String region = "r" + t;
        Thread th = new Thread(() -> {
          for (long i = 0; !stop.get(); i++) {
            try {
              Wal.Ticket tk = wal.append(region, WalTests.TABLE, WalTests.cells(i, 100),
                  Durability.SYNC_WAL);
              tk.await();
              acked.add(tk.sequenceId());
            } catch (java.io.IOException e) {
              errors.add(e);
              return;
            }
          }
        });
        th.start();
        ts.add(th);
      }
      Await.until("500 acknowledged edits", 180_000, () -> acked.size() >= 500);
      Path before = wal.currentFile();
      cluster.stopDataNode(0);
      int atStop = acked.size();
      Await.until("500 more acknowledged edits after the datanode stopped", 180_000,
          () -> acked.size() >= atStop + 500 || !errors.isEmpty());
      stop.set(true);
      for (Thread th : ts) {
        th.join();
      }
      assertTrue(errors.isEmpty(), "writers failed: " + errors);
      assertNull(wal.failure());
      assertTrue(!before.equals(wal.currentFile()), "the log rolled off the broken pipeline");
    }
    Set<Long> read = ConcurrentHashMap.newKeySet();
    WalTests.readAll(fs, walDir).forEach(e -> read.add(e.sequenceId()));
    List<Long> lost = acked.stream().filter(s -> !read.contains(s)).toList();
    assertEquals(List.of(), lost);
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
