package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assignment under epochs, against fake region servers: no ZooKeeper, no threads. */
class AssignmentManagerTest {
  static final TableName T = TableName.valueOf("t");
  static final TableDescriptor TABLE = TableDescriptor.of(T, ColumnFamilyDescriptor.of("f"));

  @TempDir
  Path dir;

  /** Each region of {@code t} is open on exactly one live server: the one meta names. */
  static void assertPlacedAsMetaSays(MasterParts m, TableName t) throws Exception {
    for (RegionRecord r : m.meta().regions(t)) {
      String region = r.info().encodedName();
      assertEquals(RegionState.OPEN, r.state(), region);
      assertEquals(List.of(r.server()), m.servers.serversOf(region), region);
      assertEquals(r.epoch(), m.servers.server(r.server()).open.get(region), region);
      assertEquals(r.server(), m.assignments.get(region).server(), region);
    }
  }

  @Test
  void aRegionInTransitionKeepsTheTimeItsTransitionBegan() throws Exception {
    MasterParts m = new MasterParts(new FakeRegionServers("a"), dir).start();
    assertEquals(Map.of(), m.assignments.inTransitionSince());
    long t0 = m.clock.currentTimeMillis();
    m.assignments.startTransition("r1");
    m.clock.advance(3_000);
    m.assignments.startTransition("r2");
    m.assignments.startTransition("r1"); // a step inside the same transition: no new start
    assertEquals(Map.of("r1", t0, "r2", t0 + 3_000), m.assignments.inTransitionSince());
    assertEquals(2, m.assignments.inTransitionCount());
    m.assignments.endTransition("r1");
    assertEquals(Map.of("r2", t0 + 3_000), m.assignments.inTransitionSince());
  }

  @Test
  void aServerThatDiesMidAssignmentLosesTheRegionToALiveOne() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = new MasterParts(rs, dir).start();
    rs.dieOnOpen("b"); // the second region goes to b first (least loaded), which dies
    m.ddl.createTable(TABLE, List.of(toBytes("m")));
    assertFalse(rs.live.containsKey("b"));
    assertPlacedAsMetaSays(m, T);
    RegionRecord second = m.meta().regions(T).get(1);
    assertEquals("c", second.server());
    assertEquals(2, second.epoch(), "the attempt on b used epoch 1; c got the next");
  }

  /** A new table's regions open in one batch per server, not one call per region. */
  @Test
  void aNewTableOpensInOneBatchPerServer() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = new MasterParts(rs, dir).start();
    int before = rs.batches.size();
    m.ddl.createTable(TABLE, splitKeys(30));
    assertEquals(List.of("a 10", "b 10", "c 10"), rs.batches.subList(before, rs.batches.size()));
    assertPlacedAsMetaSays(m, T);
  }

  @Test
  void aStaleEpochMakesTheMasterJumpAboveWhatTheServersHaveSeen() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = new MasterParts(rs, dir).start();
    // A master that has since lost its leadership opened the region with epoch 40 on both.
    String region = new RegionInfo(T, new byte[0], new byte[0], m.clock.currentTimeMillis())
        .encodedName();
    for (String s : rs.live()) {
      rs.server(s).highestEpoch.put(region, 40L);
    }
    m.ddl.createTable(TABLE, List.of());
    RegionRecord r = m.meta().regions(T).get(0);
    assertEquals(region, r.info().encodedName());
    assertTrue(r.epoch() > 40, "epoch " + r.epoch() + " must pass what the servers saw");
    assertPlacedAsMetaSays(m, T);
  }

  @Test
  void aNewMasterKeepsTheNewerOfTwoCopiesClosesStraysAndOpensTheMissing() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts first = new MasterParts(rs, dir).start();
    first.ddl.createTable(TABLE, List.of(toBytes("g"), toBytes("p")));
    List<RegionRecord> regions = first.meta().regions(T);
    RegionRecord twice = regions.get(0);
    RegionRecord lost = regions.get(2);
    String newer = rs.live().stream().filter(s -> !s.equals(twice.server())).findFirst()
        .orElseThrow();
    // The first master's last move opened a copy elsewhere before it died; meta missed it.
    rs.server(newer).open.put(twice.info().encodedName(), twice.epoch() + 1);
    rs.server(lost.server()).open.remove(lost.info().encodedName()); // lost in a restart
    rs.server("c").open.put("0123456789abcdef0123456789abcdef", 7L); // meta knows nothing of it

    MasterParts second = new MasterParts(rs, dir).start();
    assertEquals(List.of(newer), rs.serversOf(twice.info().encodedName()));
    assertEquals(List.of(), rs.serversOf("0123456789abcdef0123456789abcdef"));
    assertPlacedAsMetaSays(second, T);
    assertEquals(twice.epoch() + 1, second.meta().regions(T).get(0).epoch());
  }

  @Test
  void aMoveClosesThenOpensUnderAHigherEpoch() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(TABLE, List.of());
    RegionRecord before = m.meta().regions(T).get(0);
    String other = before.server().equals("a") ? "b" : "a";
    m.assignments.move(before.info().encodedName(), null);
    RegionRecord after = m.meta().regions(T).get(0);
    assertEquals(other, after.server());
    assertTrue(after.epoch() > before.epoch());
    assertPlacedAsMetaSays(m, T);
  }

  /**
   * A new master cannot ask a registered server what it serves (it was killed; its session has
   * not ended): that server's regions stay with it, so that server recovery reopens them after
   * splitting its WAL, instead of opening them elsewhere at once without its edits (the chaos
   * test lost 208,946 acknowledged writes that way).
   */
  @Test
  void aNewMasterLeavesTheRegionsOfAServerThatDoesNotAnswerWithIt() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts first = new MasterParts(rs, dir).start();
    first.ddl.createTable(TABLE, List.of(toBytes("g"), toBytes("p")));
    RegionRecord onB = first.meta().regions(T).stream().filter(r -> r.server().equals("b"))
        .findFirst().orElseThrow();
    rs.silent.add("b");
    int opensBefore = rs.opens.size();

    MasterParts second = new MasterParts(rs, dir).start();
    String region = onB.info().encodedName();
    assertEquals("b", second.assignments.get(region).server());
    assertEquals(List.of("b"), rs.serversOf(region), "not opened anywhere else");
    assertTrue(rs.opens.subList(opensBefore, rs.opens.size()).stream()
        .noneMatch(o -> o.contains(region)), "no open of " + region + ": " + rs.opens);
  }

  /**
   * A region whose server is dead cannot be moved (by a user, the balancer or the chaos monkey):
   * its edits may be only in that server's log, and server recovery must split it first. The
   * chaos test lost acknowledged writes when a move opened such a region elsewhere at once.
   */
  @Test
  void aRegionOfADeadServerIsNotMovedBeforeItsLogIsSplit() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(TABLE, List.of(toBytes("g"), toBytes("p")));
    String metaServer = m.assignments.metaServer();
    RegionRecord r = m.meta().regions(T).stream().filter(x -> !x.server().equals(metaServer))
        .findFirst().orElseThrow(); // meta stays reachable: only the region's server dies
    rs.kill(r.server());
    int opensBefore = rs.opens.size();
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> m.assignments.move(r.info().encodedName(), null));
    assertTrue(e.getMessage().contains("log is split"), e.getMessage());
    assertEquals(opensBefore, rs.opens.size(), "opened elsewhere: " + rs.opens);
    assertEquals(r.server(), m.assignments.get(r.info().encodedName()).server());
  }

  /**
   * A server's regions are reopened with one meta write for all their OPENING records and one
   * for the OPEN records of the opens that ended together, not two writes per region.
   */
  @Test
  void aRecoveryRecordsItsOpensInMetaInBatches() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(TABLE, splitKeys(30));
    String dead = deadCandidate(m);
    int held = rs.regionsOn(dead).size();
    assertEquals(10, held);
    rs.kill(dead);
    int writesBefore = rs.metaWrites;
    m.recovery.serverGone(dead);
    assertPlacedAsMetaSays(m, T);
    // In this test the opens run in the caller, so all have ended before the first OPEN record
    // is written: one write of OPENING records, one of OPEN records.
    assertEquals(2, rs.metaWrites - writesBefore);
  }

  /**
   * The master is killed in the middle of a batch of opens: every OPENING record is written
   * (one write), some regions are open on their servers, none is recorded OPEN. The next master
   * keeps each of those where it is open, under the same epoch, records it OPEN, and opens the
   * others under a higher epoch than their records hold: each region ends open on exactly one
   * server, as meta says.
   */
  @Test
  void aMasterKilledMidBatchLeavesEachRegionOpenWithItsRecordOrReassigned() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts first = new MasterParts(rs, dir).start();
    first.ddl.createTable(TABLE, splitKeys(30));
    String dead = deadCandidate(first);
    rs.kill(dead);
    int opensBefore = rs.opens.size();
    rs.killMasterAfterOpens(4);
    first.recovery.serverGone(dead); // its opens after the fourth, and its meta writes, fail
    assertTrue(rs.masterKilled);
    List<String> madeByFirst = List.copyOf(rs.opens.subList(opensBefore, rs.opens.size()));
    assertEquals(4, madeByFirst.size(), "" + madeByFirst);
    Map<String, Long> openingEpochs = new java.util.HashMap<>();
    int opening = 0;
    for (RegionRecord r : first.meta().regions(T)) {
      if (r.state() == RegionState.OPENING) {
        opening++;
        openingEpochs.put(r.info().encodedName(), r.epoch());
      }
    }
    assertEquals(10, opening, "every OPENING record written before the first open");

    rs.nextMaster();
    int opensBeforeSecond = rs.opens.size();
    MasterParts second = new MasterParts(rs, dir);
    second.recovery.openMeta();
    int writesBefore = rs.metaWrites;
    second.assignments.reconcile(rs.live(), new MasterParts.InCaller());
    // One write records the four found open OPEN; one the others' OPENING, one their OPEN.
    assertEquals(3, rs.metaWrites - writesBefore);
    assertPlacedAsMetaSays(second, T);
    assertEquals(30, second.meta().regions(T).size());
    List<String> madeBySecond = rs.opens.subList(opensBeforeSecond, rs.opens.size()).stream()
        .filter(o -> !o.contains(MetaTable.REGION.encodedName())).toList(); // it reopens meta
    assertEquals(6, madeBySecond.size(), "" + madeBySecond);
    for (String o : madeByFirst) {
      String[] f = o.split(" "); // server region epoch
      RegionRecord r = recordOf(second, f[1]);
      assertEquals(f[0], r.server(), "kept where the first master opened it");
      assertEquals(Long.parseLong(f[2]), r.epoch());
    }
    for (String o : madeBySecond) {
      String[] f = o.split(" ");
      assertTrue(Long.parseLong(f[2]) > openingEpochs.get(f[1]), o);
    }
  }

  private static RegionRecord recordOf(MasterParts m, String region) throws Exception {
    return m.meta().regions(T).stream().filter(r -> r.info().encodedName().equals(region))
        .findFirst().orElseThrow();
  }

  /** A server holding regions of {@code t} but not meta. */
  private static String deadCandidate(MasterParts m) {
    return m.servers.live().stream().filter(s -> !s.equals(m.assignments.metaServer()))
        .findFirst().orElseThrow();
  }

  /** {@code n - 1} split keys: n regions. */
  private static List<byte[]> splitKeys(int n) {
    List<byte[]> keys = new java.util.ArrayList<>();
    for (int i = 1; i < n; i++) {
      keys.add(toBytes(String.format("k%03d", i)));
    }
    return keys;
  }
}
