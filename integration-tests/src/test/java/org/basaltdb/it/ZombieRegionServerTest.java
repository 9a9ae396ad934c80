package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TPut;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie region server: paused (SIGSTOP) for longer than its ZooKeeper session, so the master
 * declares it dead, splits its log and reopens its regions elsewhere; then resumed (SIGCONT)
 * with a client's put already waiting on its socket. It must not acknowledge that put (its log
 * directory was renamed for the split, and a sync that finds its file moved fails the log for
 * good) and it must go away; every write acknowledged before stays readable.
 */
class ZombieRegionServerTest {
  private static final TableName T = TableName.valueOf("zombie");
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");
  private static final String RS_READY =
      "region server (\\S+) ready: Thrift on port (\\d+), RPC on port (\\d+)";

  @TempDir
  Path dir;
  private TestCluster cluster;
  private ChildProcess zombie;

  @AfterEach
  void stop() throws Exception {
    if (zombie != null) {
      try {
        zombie.signal("CONT");
      } catch (Exception e) {
        // already gone
      }
      zombie.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aResumedZombieAcknowledgesNoWriteAndGoesAway() throws Exception {
    // Only the zombie has the shortest session ZooKeeper grants (4 s), so that it expires soon
    // after SIGSTOP. The servers in this JVM keep 20 s: a loaded machine can stall this JVM, and
    // the ZooKeeper server in it, for seconds, which must not end their sessions.
    cluster = new TestCluster(dir.resolve("zk").toFile(), dir.resolve("root").toUri().toString(),
        20_000);
    org.apache.hadoop.conf.Configuration zombieConf = cluster.conf();
    ServerConfig.ZK_SESSION_TIMEOUT.set(zombieConf, 4_000L);
    zombie = ChildProcess.start("zombie", "regionserver", zombieConf,
        dir.resolve("logs").toFile());
    Matcher ready = zombie.awaitLine(RS_READY, 90_000);
    String zombieName = ready.group(1);
    int zombiePort = Integer.parseInt(ready.group(2));
    // The master starts while the zombie is the only server, so meta opens there: its loss is
    // the hardest case, as meta must move before any other region can.
    Master master = cluster.startMaster().master();
    RegionServerProcess entry = cluster.startRegionServer();
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
        Table t = c.getTable(T)) {
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          new byte[][] {toBytes("d"), toBytes("h"), toBytes("p")});
      List<String> acked = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String k = (char) ('a' + i % 26) + "-" + i;
        t.put(new Put(toBytes(k)).addColumn(F, Q, toBytes(k)));
        acked.add(k);
      }
      RegionLocation onZombie = master.regionLocations(T).stream()
          .filter(l -> zombieName.equals(l.server())).findFirst().orElse(null);
      assertNotNull(onZombie, "the zombie holds a region: " + master.regionLocations(T));
      assertEquals(zombieName, master.metaServer(), "meta is on the zombie");
      byte[] row = Bytes.concat(onZombie.region().startKey(), toBytes("zombie-write"));

      TSocket socket = new TSocket("127.0.0.1", zombiePort, 60_000);
      socket.open();
      THBaseService.Client direct = new THBaseService.Client(new TBinaryProtocol(socket));
      zombie.signal("STOP");
      long t0 = System.nanoTime();
      Await.until("the zombie's regions reopened elsewhere", 60_000, () -> {
        try {
          for (RegionLocation l : master.regionLocations(T)) {
            if (l.server() == null || l.server().equals(zombieName)) {
              return false;
            }
          }
          return !master.metaServer().equals(zombieName);
        } catch (Exception e) {
          return false;
        }
      });
      System.out.printf("zombie: its regions reopened elsewhere %d ms after SIGSTOP%n",
          (System.nanoTime() - t0) / 1_000_000);

      // The put waits in the paused server's socket; SIGCONT lets it run.
      CompletableFuture<String> put = CompletableFuture.supplyAsync(() -> {
        try {
          direct.put(ByteBuffer.wrap(toBytes(T.toString())), new TPut(ByteBuffer.wrap(row),
              List.of(new TColumnValue(ByteBuffer.wrap(F), ByteBuffer.wrap(Q),
                  ByteBuffer.wrap(toBytes("zombie"))))));
          return "acknowledged";
        } catch (Exception e) {
          return "refused: " + e;
        }
      });
      zombie.signal("CONT");
      String outcome = put.get(90, TimeUnit.SECONDS);
      socket.close();
      System.out.println("zombie: the put sent to it was " + outcome + "; it "
          + (zombie.printed("WAL fenced") ? "found its log fenced"
              : "saw its session expired first"));
      assertTrue(outcome.startsWith("refused"), "a zombie acknowledged a write: " + outcome);
      assertTrue(zombie.awaitExit(60_000), "the zombie went away");

      assertEquals(null, t.get(new Get(row)).value(F, Q), "the unacknowledged put is nowhere");
      for (String k : acked) {
        assertEquals(k, Bytes.toString(t.get(new Get(toBytes(k))).value(F, Q)), k);
      }
      t.put(new Put(row).addColumn(F, Q, toBytes("after")));
      assertEquals("after", Bytes.toString(t.get(new Get(row)).value(F, Q)));
      assertFalse(cluster.aborts.stream().anyMatch(a -> a.contains(entry.serverName())),
          "the live server did not abort: " + cluster.aborts);
    }
  }
}
