package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a standalone Basalt (a child JVM) right after a two-family bulk load into
 * two regions: after a restart on the same data every loaded row is there exactly once, and so
 * is the unflushed put made before the load.
 */
class BulkLoadCrashTest {
  @TempDir java.nio.file.Path dir;

  /** The ports in the child's start-up line. */
  private static final java.util.regex.Pattern READY = java.util.regex.Pattern.compile(
      "^Basalt standalone ready.*Thrift on port (\\d+),.*admin on port (\\d+),");

  private record Child(Process process, int port, int adminPort) {}

  private Child launch() throws Exception {
    // Port 0 everywhere: the child binds free ports itself and prints them (a port picked free
    // here could be taken by another process before the child binds it).
    ProcessBuilder pb = new ProcessBuilder(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"),
        "org.basaltdb.standalone.Main", "standalone",
        "--data-dir", dir.resolve("data").toString(), "--thrift-port", "0",
        "--thrift1-port", "0", "--admin-port", "0", "--zk-port", "0", "--info-port", "0");
    pb.environment().put("BASALT_CONF_DIR", dir.resolve("no-conf").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CountDownLatch ready = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    int[] ports = new int[2]; // Thrift, admin; written before ready counts down
    java.util.Deque<String> tail = new java.util.concurrent.ConcurrentLinkedDeque<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.pollFirst();
          }
          java.util.regex.Matcher m = READY.matcher(line);
          if (m.find()) {
            ports[0] = Integer.parseInt(m.group(1));
            ports[1] = Integer.parseInt(m.group(2));
            up.set(true);
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
    if (!ready.await(180, TimeUnit.SECONDS) || !up.get()) {
      p.destroyForcibly();
      throw new AssertionError("standalone did not become ready; its last output:\n"
          + String.join("\n", tail));
    }
    return new Child(p, ports[0], ports[1]);
  }

  private static Configuration clientConf(Child c) {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, "127.0.0.1");
    ClientConfig.PORT.set(conf, c.port());
    ClientConfig.ADMIN_PORT.set(conf, c.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 20L);
    return conf;
  }

  @Test
  void everyLoadedRowIsThereOnceAfterKillMinus9() throws Exception {
    TableName t = TableName.valueOf("crash");
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(String.format("r%03d", i));
    }
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path load = new Path(dir.resolve("load").toUri());
    SSTables.write(fs, new Path(load, "f/a"), "f", rows.subList(0, 100), "f-", 10);
    SSTables.write(fs, new Path(load, "f/b"), "f", rows.subList(100, 200), "f-", 10);
    SSTables.write(fs, new Path(load, "g/a"), "g", rows, "g-", 10);

    Child c = launch();
    try (Connection conn = ConnectionFactory.createConnection(clientConf(c));
        Admin admin = conn.getAdmin(); Table table = conn.getTable(t)) {
      admin.createTable(TableDescriptor.of(t,
          ColumnFamilyDescriptor.builder("f").maxVersions(5).build(),
          ColumnFamilyDescriptor.of("g")), new byte[][] {toBytes("r100")});
      table.put(new Put(toBytes("r050")).addColumn(toBytes("f"), toBytes("q"), 5,
          toBytes("put-before")));
      BulkLoader.Result r = new BulkLoader(conn, clientConf(c),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
          .load(load, t);
      assertEquals(2, r.regions());
    } finally {
      c.process().destroyForcibly(); // SIGKILL right after the load: nothing flushed
      assertTrue(c.process().waitFor(30, TimeUnit.SECONDS));
    }

    Child again = launch();
    // Exactly the four loaded files (two families in two regions), none twice: a load replayed
    // twice would add a second copy (same timestamps, so reads alone could not tell).
    List<String> loaded = new ArrayList<>();
    java.nio.file.Files.walk(dir.resolve("data/data/default/crash")).forEach(p -> {
      if (p.getFileName().toString().contains("_SeqId_")) {
        loaded.add(p.toString());
      }
    });
    assertEquals(4, loaded.size(), loaded.toString());
    try (Connection conn = ConnectionFactory.createConnection(clientConf(again));
        Table table = conn.getTable(t)) {
      for (String row : rows) {
        Result res = table.get(new Get(toBytes(row)).readVersions(10));
        int expected = row.equals("r050") ? 3 : 2; // f and g, plus the earlier put's version
        assertEquals(expected, res.size(), "row " + row + ": " + res);
        assertEquals("f-" + row, Bytes.toString(res.value(toBytes("f"), toBytes("q"))));
        assertEquals("g-" + row, Bytes.toString(res.value(toBytes("g"), toBytes("q"))));
      }
      Result before = table.get(new Get(toBytes("r050")).addFamily(toBytes("f"))
          .readVersions(10));
      assertEquals("put-before", Bytes.toString(before.cells().get(1).value()),
          "the unflushed put before the load survives: " + before);
    } finally {
      again.process().destroy();
      again.process().waitFor(60, TimeUnit.SECONDS);
    }
  }
}
