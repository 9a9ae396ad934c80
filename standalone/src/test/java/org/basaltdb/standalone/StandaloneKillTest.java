package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.TGet;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a standalone Basalt (a child JVM) while four Thrift clients write into a
 * table of {@value #REGIONS} regions: after a restart on the same data directory every region
 * serves and every acknowledged write is there.
 *
 * <p>The children's ZooKeeper sessions last 40 s (the embedded ZooKeeper's longest), longer
 * than the 30 s a standalone waits to be elected master: a restart that waited for the killed
 * process's master node to expire would fail. It must end that session at once instead, since
 * its data-directory lock proves the process dead.
 */
class StandaloneKillTest {
  @TempDir
  Path dir;

  /** The Thrift port in the child's start-up line. */
  private static final Pattern READY = Pattern.compile(
      "^Basalt standalone ready.*Thrift on port (\\d+),");

  /** A running child and its Thrift port. */
  private record Child(Process process, int port) {}

  private static final int REGIONS = 40;

  private Child launch() throws Exception {
    Path site = dir.resolve("basalt-site.xml");
    java.nio.file.Files.writeString(site, "<configuration><property><name>"
        + "zookeeper.session.timeout</name><value>40s</value></property></configuration>");
    // Port 0 everywhere: the child binds free ports itself and prints them (a port picked free
    // here could be taken by another process before the child binds it).
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "standalone",
        "--data-dir", dir.resolve("data").toString(), "--thrift-port", "0", "--thrift1-port", "0",
        "--admin-port", "0", "--zk-port", "0", "--info-port", "0", "--conf", site.toString());
    pb.environment().put("BASALT_CONF_DIR", dir.resolve("no-conf").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CountDownLatch ready = new CountDownLatch(1);
    AtomicInteger port = new AtomicInteger(-1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            port.set(Integer.parseInt(m.group(1)));
            ready.countDown();
          }
        }
      } catch (java.io.IOException e) {
        // the child is gone
      }
      ready.countDown(); // the child exited: stop waiting
    });
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(120, TimeUnit.SECONDS) || port.get() < 0) {
      p.destroyForcibly();
      throw new AssertionError("standalone did not become ready in 120 s");
    }
    return new Child(p, port.get());
  }

  private static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
    Child c = launch();
    try (TSocket s = new TSocket("127.0.0.1", c.port())) {
      s.open();
      List<ByteBuffer> splits = new ArrayList<>();
      for (int i = 1; i < REGIONS; i++) {
        splits.add(bb(String.format("r%02d", i)));
      }
      new THBaseService.Client(new TBinaryProtocol(s)).createTable(
          new TTableDescriptor(new TTableName(bb("k"))).setColumns(List.of(
              new TColumnFamilyDescriptor(bb("f")))), splits);
    }
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread w = new Thread(() -> {
        try (TSocket s = new TSocket("127.0.0.1", c.port())) {
          s.open();
          THBaseService.Client client = new THBaseService.Client(new TBinaryProtocol(s));
          while (!stop.get()) {
            int i = next.getAndIncrement();
            String row = String.format("r%02d-%d", i % REGIONS, i);
            client.put(bb("k"), new TPut(bb(row), List.of(new TColumnValue(bb("f"), bb("q"),
                bb("v" + i)))));
            acked.put(row, "v" + i);
          }
        } catch (Exception e) {
          // the server was killed mid-request: that write was not acknowledged
        }
      });
      w.start();
      writers.add(w);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (acked.size() < 3000 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll; the writers are busy
    }
    c.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    assertTrue(c.process().waitFor(30, TimeUnit.SECONDS));
    stop.set(true);
    for (Thread w : writers) {
      w.join(30_000);
    }
    assertTrue(acked.size() >= 3000, "only " + acked.size() + " writes were acknowledged");

    Child again = launch();
    try (TSocket s = new TSocket("127.0.0.1", again.port())) {
      s.open();
      THBaseService.Client client = new THBaseService.Client(new TBinaryProtocol(s));
      int checked = 0;
      for (Map.Entry<String, String> e : acked.entrySet()) {
        TResult r = client.get(bb("k"), new TGet(bb(e.getKey())));
        assertTrue(r.getColumnValuesSize() == 1, "acknowledged row " + e.getKey() + " is lost");
        assertEquals(e.getValue(), new String(r.getColumnValues().get(0).getValue(),
            StandardCharsets.UTF_8));
        checked++;
      }
      System.out.println("kill -9 test: " + checked + " acknowledged writes all present");
    } finally {
      again.process().destroy();
      again.process().waitFor(60, TimeUnit.SECONDS);
    }
  }
}
