package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.thrift.generated.admin.BasaltAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie's compaction: a region server (a child JVM) is caught between writing a major
 * compaction's output and renaming it into the region (its filesystem holds the commit), paused
 * with SIGSTOP and taken for dead (its registration ended, as the master's probe or an expired
 * session would); the master splits its log and reopens the region on another server, which
 * deletes rows and compacts them away. Then the zombie resumes (SIGCONT) and its commit goes
 * on. The reopened region fenced the zombie's output directory, so the commit must fail: had
 * the zombie's file appeared, it would bring back the deleted rows at the region's next open
 * (and its sequence ids could hide later edits from a replay).
 *
 * <p>The zombie's own ZooKeeper session outlives the test, and the test cuts its connection to
 * ZooKeeper before resuming it, so it does not learn it is dead (from its session or its lease,
 * which finds its node gone) and halt before its commit runs: the moment the fence is for is
 * then certain to happen.
 */
class ZombieCompactionTest {
  private static final TableName T = TableName.valueOf("zombie_compaction");
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");
  @TempDir
  Path dir;
  @RegisterExtension
  final PausableServerFixture fixture = new PausableServerFixture();

  private static byte[] row(byte[] prefix, int i) {
    return Bytes.concat(prefix, toBytes(String.format("-row-%03d", i)));
  }

  @Test
  void aResumedZombieMakesNoCompactionVisible() throws Exception {
    TestCluster cluster = fixture.cluster(dir, 10_000);
    RegionServerProcess entry = cluster.startRegionServer();
    Master master = cluster.startMaster().master(); // meta opens on entry, the only server
    File hold = dir.resolve("hold-commits").toFile();
    Configuration zc = cluster.conf();
    zc.set("fs.file.impl", HoldingFileSystem.class.getName());
    zc.setBoolean("fs.file.impl.disable.cache", true);
    zc.set(HoldingFileSystem.HOLD_KEY, hold.getPath());
    ServerConfig.ZK_SESSION_TIMEOUT.set(zc, 40_000L); // ZooKeeper's longest (20 ticks of 2 s)
    PausableServerFixture.Child zombie = fixture.startRegionServer("zombie", zc, dir);
    String zombieName = zombie.serverName();
    int zombieAdminPort = zombie.adminPort();
    Await.until("the master sees the zombie", 60_000, () -> {
      try {
        return master.clusterStatus().servers().containsKey(zombieName);
      } catch (java.io.IOException e) {
        return false;
      }
    });

    String region;
    byte[] prefix;
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          new byte[][] {toBytes("d"), toBytes("h"), toBytes("p")});
      RegionLocation onZombie = master.regionLocations(T).stream()
          .filter(l -> zombieName.equals(l.server()) && l.region().startKey().length > 0)
          .findFirst().orElse(null);
      assertNotNull(onZombie, "the zombie holds a region: " + master.regionLocations(T));
      region = onZombie.region().encodedName();
      prefix = onZombie.region().startKey();

      // Two files on the zombie, the input of its major compaction.
      try (TSocket socket = new TSocket("127.0.0.1", zombieAdminPort, 120_000)) {
        socket.open();
        BasaltAdmin.Client zombieAdmin = new BasaltAdmin.Client(new TBinaryProtocol(socket));
        for (int part = 0; part < 2; part++) {
          for (int i = part * 100; i < part * 100 + 100; i++) {
            t.put(new Put(row(prefix, i)).addColumn(F, Q, toBytes("v1")));
          }
          zombieAdmin.flushRegion(region);
        }
      }
    } // this client's cached locations name the zombie: a write sent there would fence it early

    // The zombie's compaction writes its output, then waits at the commit.
    assertTrue(hold.createNewFile(), "hold file created");
    String compacting = region;
    CompletableFuture<String> compaction = CompletableFuture.supplyAsync(() -> {
      try (TSocket socket = new TSocket("127.0.0.1", zombieAdminPort, 120_000)) {
        socket.open();
        new BasaltAdmin.Client(new TBinaryProtocol(socket)).compactRegion(compacting, true);
        return "done";
      } catch (Exception e) {
        return "failed: " + e;
      }
    });
    String held = zombie.process().awaitLine("holding the commit of (\\w+)", 60_000).group(1);

    // Paused and taken for dead; the region reopens on the other server.
    zombie.pause();
    long t0 = System.nanoTime();
    try (Coordination zk = new Coordination(cluster.zk.connectString(), 10_000,
        ServerConfig.ZK_ROOT.get(cluster.conf()))) {
      zk.endRegistration(zombieName);
    }
    Await.until("the zombie's regions reopened elsewhere", 120_000, () -> {
      try {
        return master.regionLocations(T).stream()
            .allMatch(l -> l.server() != null && !l.server().equals(zombieName));
      } catch (Exception e) {
        return false;
      }
    });
    System.out.printf("zombie compaction: its regions reopened elsewhere %d ms after it was "
        + "taken for dead%n", (System.nanoTime() - t0) / 1_000_000);
    // Resumed, it must not learn from ZooKeeper that it was taken for dead (its node is gone),
    // or it halts before its commit runs: the moment the fence is for would then not happen.
    zombie.cutZooKeeper();
    zombie.resume();

    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = c.getTable(T)) {
      // The new owner deletes half the rows and compacts the deletes away.
      List<Delete> deletes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        deletes.add(new Delete(row(prefix, i)));
      }
      t.delete(deletes);
      for (var r : entry.regionServer().regions(T)) {
        r.flush();
        r.compact(true);
      }

      // Now the zombie's commit goes on.
      assertTrue(hold.delete(), "hold file deleted");
      String commit = zombie.process()
          .awaitLine("commit of " + held + " (renamed|refused.*)", 60_000).group(1);
      String outcome = compaction.get(60, TimeUnit.SECONDS);
      System.out.println("zombie compaction: its commit was " + commit + "; the compaction "
          + outcome);
      assertTrue(commit.startsWith("refused"), "the zombie's compaction was committed");
      assertTrue(outcome.startsWith("failed"), "the zombie's compaction reported " + outcome);
      Path familyDir = Path.of(java.net.URI.create(cluster.root)).resolve("data/default")
          .resolve(T.qualifier()).resolve(region).resolve("f");
      try (Stream<Path> files = Files.list(familyDir)) {
        assertFalse(files.anyMatch(p -> p.getFileName().toString().equals(held)),
            "the zombie's output is in " + familyDir);
      }

      // Reopened, the region reads its files again: the deleted rows stay deleted.
      master.unassign(region);
      master.assign(region);
      for (int i = 0; i < 200; i++) {
        byte[] v = t.get(new Get(row(prefix, i))).value(F, Q);
        if (i < 100) {
          assertNull(v, "deleted row " + i + " came back");
        } else {
          assertEquals("v1", v == null ? null : Bytes.toString(v), "row " + i);
        }
      }
      assertFalse(cluster.aborts.stream().anyMatch(a -> a.contains(entry.serverName())),
          "the live server did not abort: " + cluster.aborts);
    }
  }
}
