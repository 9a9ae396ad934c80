package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie region server: paused (SIGSTOP) for longer than its ZooKeeper session, so the master
 * declares it dead, splits its log and reopens its regions elsewhere, where a row is then
 * rewritten; then resumed (SIGCONT) with a client's put, get and scanner fetch already waiting
 * on its sockets. It must acknowledge no write (its session lease has run out, and its log
 * directory was renamed for the split, so a sync fails) and answer no read from what it held
 * before (the lease: it serves only while ZooKeeper confirmed its session less than a fraction
 * of the timeout ago), and it must go away; every write acknowledged before stays readable.
 *
 * <p>The zombie reaches ZooKeeper through a proxy that the test cuts once the zombie is taken
 * for dead: resumed, it hears nothing from ZooKeeper, so it cannot learn that its session ended
 * and only its own clock can stop it. Without the cut it would hear of the expiry within about
 * a second, which narrows the window a stale read needs but does not close it; the cut holds
 * the window open for a whole session timeout, so without the lease the test fails every time.
 */
class ZombieRegionServerTest {
  private static final TableName T = TableName.valueOf("zombie");
  private static final byte[] F = toBytes("f");
  private static final byte[] Q = toBytes("q");

  @TempDir
  Path dir;
  @RegisterExtension
  final PausableServerFixture fixture = new PausableServerFixture();

  /** A call to the zombie on its own connection, and what came of it, as text. */
  private CompletableFuture<String> callZombie(TSocket socket, ZombieCall call) {
    THBaseService.Client client = new THBaseService.Client(new TBinaryProtocol(socket));
    return CompletableFuture.supplyAsync(() -> {
      try {
        return "answered: " + call.run(client);
      } catch (TIOError e) {
        return (e.isCanRetry() ? "not serving: " : "failed: ") + e.getMessage();
      } catch (Exception e) {
        return "broken: " + e;
      }
    });
  }

  private interface ZombieCall {
    Object run(THBaseService.Client c) throws Exception;
  }

  private static TSocket open(int port) throws Exception {
    TSocket socket = new TSocket("127.0.0.1", port, 60_000);
    socket.open();
    return socket;
  }

  private static String values(List<TResult> rows) {
    List<String> out = new ArrayList<>();
    for (TResult r : rows) {
      out.add(Bytes.toString(r.getColumnValues().get(0).getValue()));
    }
    return out.toString();
  }

  @Test
  void aResumedZombieAnswersNoReadAcknowledgesNoWriteAndGoesAway() throws Exception {
    // Only the zombie has the shortest session ZooKeeper grants (4 s), so that it expires soon
    // after SIGSTOP. The servers in this JVM keep 20 s: a loaded machine can stall this JVM, and
    // the ZooKeeper server in it, for seconds, which must not end their sessions.
    TestCluster cluster = fixture.cluster(dir, 20_000);
    org.apache.hadoop.conf.Configuration zombieConf = cluster.conf();
    ServerConfig.ZK_SESSION_TIMEOUT.set(zombieConf, 4_000L);
    // The scanner opened before the pause must outlive it: only the lease may close it.
    RegionServerConfig.SCANNER_TIMEOUT.set(zombieConf, 600_000L);
    PausableServerFixture.Child zombie = fixture.startRegionServer("zombie", zombieConf, dir);
    String zombieName = zombie.serverName();
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
      byte[] rewritten = Bytes.concat(onZombie.region().startKey(), toBytes("rewritten"));
      t.put(new Put(rewritten).addColumn(F, Q, toBytes("before")));

      TSocket putSocket = open(zombie.thriftPort());
      TSocket getSocket = open(zombie.thriftPort());
      TSocket scanSocket = open(zombie.thriftPort());
      ByteBuffer table = ByteBuffer.wrap(toBytes(T.toString()));
      TScan oneRow = new TScan().setStartRow(rewritten)
          .setStopRow(Bytes.concat(rewritten, new byte[] {0}));
      int[] scanner = new int[1];
      // Retried as a client would: on a loaded machine the zombie's lease may lapse for a moment
      // even before the pause. (A scanner id is the server's, not the connection's.)
      Await.until("the zombie opens a scanner", 120_000, () -> {
        try (TSocket s = new TSocket("127.0.0.1", zombie.thriftPort(), 10_000)) {
          s.open();
          scanner[0] = new THBaseService.Client(new TBinaryProtocol(s)).openScanner(table, oneRow);
          return true;
        } catch (TIOError e) {
          if (e.isCanRetry()) {
            return false;
          }
          throw new AssertionError(e);
        } catch (org.apache.thrift.TException e) {
          throw new AssertionError(e);
        }
      });

      zombie.pause();
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
      zombie.cutZooKeeper();
      // On the region's new owner, by a client that never cached the zombie's locations.
      try (Connection c2 = ConnectionFactory.createConnection("127.0.0.1", entry.thriftPort());
          Table t2 = c2.getTable(T)) {
        t2.put(new Put(rewritten).addColumn(F, Q, toBytes("after")));
      }

      // The calls wait in the paused server's sockets; SIGCONT lets it run.
      CompletableFuture<String> put = callZombie(putSocket, z -> {
        z.put(table, new TPut(ByteBuffer.wrap(row), List.of(new TColumnValue(
            ByteBuffer.wrap(F), ByteBuffer.wrap(Q), ByteBuffer.wrap(toBytes("zombie"))))));
        return "acknowledged";
      });
      CompletableFuture<String> get = callZombie(getSocket, z -> {
        TResult r = z.get(table, new TGet(ByteBuffer.wrap(rewritten)));
        return r.isSetColumnValues() && !r.getColumnValues().isEmpty()
            ? Bytes.toString(r.getColumnValues().get(0).getValue()) : "(nothing)";
      });
      CompletableFuture<String> scan = callZombie(scanSocket,
          z -> values(z.getScannerRows(scanner[0], 10)));
      zombie.resume();
      String putOutcome = put.get(90, TimeUnit.SECONDS);
      String getOutcome = get.get(90, TimeUnit.SECONDS);
      String scanOutcome = scan.get(90, TimeUnit.SECONDS);
      for (TSocket s : List.of(putSocket, getSocket, scanSocket)) {
        s.close();
      }
      System.out.println("zombie: the put sent to it was " + putOutcome + "; the get "
          + getOutcome + "; the scanner fetch " + scanOutcome);
      assertTrue(putOutcome.startsWith("not serving") || putOutcome.startsWith("broken"),
          "a zombie acknowledged a write: " + putOutcome);
      // Refused as a region that moved, so that clients locate it again: not a broken
      // connection (the zombie is alive and answering), and not an answer.
      assertTrue(getOutcome.startsWith("not serving"), "the zombie's get was " + getOutcome
          + " (the region's owner holds 'after'); the zombie's log ends:\n"
          + zombie.process().tail(30));
      assertTrue(scanOutcome.startsWith("not serving"),
          "the zombie's scanner fetch was " + scanOutcome + " (the region's owner holds 'after')");
      assertTrue(zombie.process().awaitExit(60_000), "the zombie went away");

      assertEquals("after", Bytes.toString(t.get(new Get(rewritten)).value(F, Q)));
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
