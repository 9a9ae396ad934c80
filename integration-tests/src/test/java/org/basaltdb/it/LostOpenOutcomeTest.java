package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.Await;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.Master;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.cluster.TOpenRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region server that took a batch of opens and then stopped answering while it stayed
 * registered: a dead server's regions are sent to a server in a child JVM whose opens wait (its
 * filesystem holds them), which is then paused (SIGSTOP), so the master's {@code openOutcomes}
 * calls time out while ZooKeeper still lists it. The master must not open those regions
 * anywhere else: resumed, the server goes on with its queued opens. Before the fix the master
 * reopened them on another server after three failed calls, and the resumed server then opened
 * them too: each was open on two servers. Now each region ends up open on exactly one server,
 * the one the master names.
 */
class LostOpenOutcomeTest {
  private static final TableName T = TableName.valueOf("lost_open_outcome");
  @TempDir
  Path dir;
  @RegisterExtension
  final PausableServerFixture fixture = new PausableServerFixture();

  @Test
  void regionsWhoseOpenOutcomeIsLostOpenOnOneServerOnly() throws Exception {
    TestCluster cluster = fixture.cluster(dir, 10_000);
    // The master's calls time out after 3 s (its openOutcomes calls wait up to 1 s for news).
    cluster.extra = c -> ServerConfig.RPC_TIMEOUT.set(c, 3_000L);
    RegionServerProcess a = cluster.startRegionServer();
    Master master = cluster.startMaster().master(); // meta on a
    RegionServerProcess c = cluster.startRegionServer();
    Await.until("the master sees c", 60_000, () -> live(master).contains(c.serverName()));
    try (Connection conn = ConnectionFactory.createConnection("127.0.0.1", a.thriftPort())) {
      conn.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f")),
          new byte[][] {toBytes("c"), toBytes("f"), toBytes("i"), toBytes("l"), toBytes("o")});
    }
    Set<String> onC = new HashSet<>();
    for (RegionLocation l : master.regionLocations(T)) {
      if (c.serverName().equals(l.server())) {
        onC.add(l.region().encodedName());
      }
    }
    assertTrue(!onC.isEmpty(), "c holds regions: " + master.regionLocations(T));

    // b: a child JVM whose region opens wait while the hold file exists; its session outlasts
    // the pause, so it stays registered throughout.
    File hold = dir.resolve("hold-opens").toFile();
    Configuration bc = cluster.conf();
    bc.set("fs.file.impl", HoldingFileSystem.class.getName());
    bc.setBoolean("fs.file.impl.disable.cache", true);
    bc.set(HoldingFileSystem.HOLD_OPENS_KEY, hold.getPath());
    ServerConfig.ZK_SESSION_TIMEOUT.set(bc, 40_000L); // ZooKeeper's longest (20 ticks of 2 s)
    PausableServerFixture.Child b = fixture.startRegionServer("b", bc, dir);
    Await.until("the master sees b", 60_000, () -> live(master).contains(b.serverName()));
    assertTrue(hold.createNewFile(), "hold file created");

    // c dies; its regions go to b, the least loaded, whose opens wait; then b is paused.
    c.abort();
    b.process().awaitLine("holding the open of", 60_000);
    b.pause();
    Await.until("the master gives up asking b, or opens c's regions elsewhere", 120_000, () ->
        master.unconfirmedOpens().size() == onC.size() || locatedOn(master, onC, a));
    assertEquals(0, b.process().count("open of \\w+ released"), "b is paused");
    System.out.printf("lost open outcomes: unconfirmed %s; locations %s%n",
        master.unconfirmedOpens(), master.regionLocations(T));

    // b resumes and goes on with its opens.
    assertTrue(hold.delete(), "hold file deleted");
    b.resume();
    Await.until("every region serving where the master says", 120_000, () ->
        servingAsMasterSays(master, a, b));
    Await.until("b's held opens went on", 60_000, () ->
        b.process().count("open of \\w+ released") == b.process().count("holding the open of"));
    // The opens b had queued have ended (opened or refused): no region is open twice.
    Await.until("b's opens settled", 60_000, () -> master.unconfirmedOpens().isEmpty());
    Map<String, List<String>> open = openOn(a, b);
    for (Map.Entry<String, List<String>> e : open.entrySet()) {
      assertEquals(1, e.getValue().size(), "region " + e.getKey() + " open on " + e.getValue());
    }
    assertTrue(servingAsMasterSays(master, a, b), "serving as the master says: "
        + master.regionLocations(T) + " vs " + open);
  }

  private static Set<String> live(Master m) {
    try {
      return m.clusterStatus().servers().keySet();
    } catch (java.io.IOException e) {
      return Set.of();
    }
  }

  /** Whether the master located one of {@code regions} on {@code a}. */
  private static boolean locatedOn(Master m, Set<String> regions, RegionServerProcess a) {
    List<RegionLocation> locations;
    try {
      locations = m.regionLocations(T);
    } catch (java.io.IOException e) {
      return false;
    }
    for (RegionLocation l : locations) {
      if (regions.contains(l.region().encodedName()) && a.serverName().equals(l.server())) {
        return true;
      }
    }
    return false;
  }

  /** Which servers have each region of T open: a asked in this JVM, b over its RPC port. */
  private static Map<String, List<String>> openOn(RegionServerProcess a,
      PausableServerFixture.Child b) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (var r : a.regionServer().regions(T)) {
      out.computeIfAbsent(r.info().encodedName(), k -> new ArrayList<>()).add(a.serverName());
    }
    try (RpcClients rpc = new RpcClients(30_000)) {
      for (TOpenRegion o : rpc.call("127.0.0.1", b.rpcPort(),
          ch -> ch.regionServer().onlineRegions())) {
        var info = ThriftSchema.fromTRegion(o.getRegion());
        if (info.table().equals(T)) {
          out.computeIfAbsent(info.encodedName(), k -> new ArrayList<>()).add(b.serverName());
        }
      }
    }
    return out;
  }

  /** Every region of T has a location, and is open there and nowhere else. */
  private static boolean servingAsMasterSays(Master m, RegionServerProcess a,
      PausableServerFixture.Child b) {
    Map<String, List<String>> open;
    List<RegionLocation> locations;
    try {
      open = openOn(a, b);
      locations = m.regionLocations(T);
    } catch (Exception e) {
      return false; // b not answering yet
    }
    for (RegionLocation l : locations) {
      if (l.server() == null
          || !List.of(l.server()).equals(open.get(l.region().encodedName()))) {
        return false;
      }
    }
    return true;
  }
}
