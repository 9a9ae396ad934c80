package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead server's regions, meta included, reopen on the live ones under higher epochs. */
class ServerRecoveryTest {
  @TempDir
  Path dir;

  private static MasterParts withTable(FakeRegionServers rs, Path dir) throws Exception {
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(AssignmentManagerTest.TABLE,
        List.of(toBytes("d"), toBytes("h"), toBytes("p")));
    return m;
  }

  @Test
  void theDeadServersRegionsAndMetaReopenElsewhere() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = withTable(rs, dir);
    assertEquals("a", m.assignments.metaServer());
    Map<String, Long> epochsBefore = new HashMap<>();
    for (RegionRecord r : m.meta().regions(AssignmentManagerTest.T)) {
      epochsBefore.put(r.info().encodedName(), r.epoch());
    }
    List<String> onA = List.copyOf(rs.regionsOn("a"));
    assertTrue(!onA.isEmpty());
    List<Long> recoveryNanos = new java.util.ArrayList<>();
    m.recovery.setRecoveryObserver(recoveryNanos::add);
    rs.kill("a");
    m.recovery.serverGone("a");
    assertEquals(List.of("a"), m.recovery.deadServers());
    assertNotEquals("a", m.assignments.metaServer());
    assertEquals(1, recoveryNanos.size(), "the recovery's time is reported once (a meter)");
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
    for (String region : onA) {
      RegionRecord r = m.meta().regions(AssignmentManagerTest.T).stream()
          .filter(x -> x.info().encodedName().equals(region)).findFirst().orElseThrow();
      assertTrue(r.epoch() > epochsBefore.get(region), region);
    }
  }

  @Test
  void withEveryServerDeadRegionsWaitForOneToJoin() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = withTable(rs, dir);
    rs.kill("a");
    rs.kill("b");
    m.recovery.serverGone("a");
    m.recovery.serverGone("b");
    assertEquals(List.of("a", "b"), m.recovery.deadServers());
    rs.start("c");
    m.recovery.serverJoined("c");
    assertEquals("c", m.assignments.metaServer());
    assertEquals(4, rs.regionsOn("c").size());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
  }

  @Test
  void aServerStillLiveIsNotRecovered() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = withTable(rs, dir);
    List<String> onA = List.copyOf(rs.regionsOn("a"));
    m.recovery.serverGone("a"); // a ZooKeeper blip: the server never went
    assertEquals(List.of(), m.recovery.deadServers());
    assertEquals(onA, List.copyOf(rs.regionsOn("a")));
  }
}
