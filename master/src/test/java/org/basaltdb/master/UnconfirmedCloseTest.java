package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A close the region server carried out but whose call failed at the master (it timed out while
 * the server was still closing, as in the 30-minute chaos run, seed 22): the region serves
 * nobody while the master still records it on that server. The master closes it again and
 * reopens it, instead of leaving it so until something else happens to move it (56.7 s there).
 */
class UnconfirmedCloseTest {
  static final org.basaltdb.common.TableName T = AssignmentManagerTest.T;

  @TempDir
  Path dir;

  private MasterParts start(String... servers) throws Exception {
    MasterParts m = new MasterParts(new FakeRegionServers(servers), dir).start();
    // The call outlasts the RPC timeout (60 s), far past the master's wait for a close (1 s).
    m.servers.onCloseTimeout = () -> m.clock.advance(60_000);
    m.ddl.createTable(AssignmentManagerTest.TABLE, List.of(toBytes("m")));
    return m;
  }

  @Test
  void aMoveWhoseCloseTimedOutIsClosedAgainAndReopened() throws Exception {
    MasterParts m = start("a");
    m.servers.start("b");
    String region = m.meta().regions(T).get(0).info().encodedName();
    m.servers.closeTimesOut.add(region);
    assertThrows(IOException.class, () -> m.assignments.move(region, "b"));
    // The limbo: closed on a, recorded on a.
    assertEquals(List.of(), m.servers.serversOf(region));
    assertEquals("a", m.assignments.get(region).server());
    assertTrue(m.assignments.unconfirmed().hasCloses());

    assertEquals(1, m.assignments.unconfirmed().repairCloses());
    assertFalse(m.assignments.unconfirmed().hasCloses());
    assertEquals(List.of("a"), m.servers.serversOf(region));
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
    assertEquals(0, m.assignments.unconfirmed().repairCloses(), "nothing left to repair");
  }

  @Test
  void aSplitWhoseCloseTimedOutReopensTheParent() throws Exception {
    MasterParts m = start("a");
    RegionRecord parent = m.meta().regions(T).get(0);
    String region = parent.info().encodedName();
    m.servers.closeTimesOut.add(region);
    assertThrows(IOException.class, () -> m.splits.split(T, toBytes("f"), null));
    assertEquals(List.of(), m.servers.serversOf(region));
    assertEquals(List.of(), m.files.written, "no daughter was written");

    assertEquals(1, m.assignments.unconfirmed().repairCloses());
    assertEquals(2, m.meta().regions(T).size(), "the table's regions, as before the split");
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T); // the parent OPEN again, not SPLITTING
  }

  @Test
  void aMergeWhoseSecondCloseTimedOutReopensBothParents() throws Exception {
    MasterParts m = start("a");
    List<RegionRecord> regions = m.meta().regions(T);
    String first = regions.get(0).info().encodedName();
    String second = regions.get(1).info().encodedName();
    m.servers.closeTimesOut.add(second);
    assertThrows(IOException.class, () -> m.splits.merge(first, second));
    assertEquals(List.of("a"), m.servers.serversOf(first), "the first is reopened at once");
    assertEquals(List.of(), m.servers.serversOf(second));

    assertEquals(1, m.assignments.unconfirmed().repairCloses());
    assertEquals(List.of(), m.files.written, "nothing was merged");
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }

  @Test
  void aRegionAssignedAnewSinceIsLeftAlone() throws Exception {
    MasterParts m = start("a");
    m.servers.start("b");
    String region = m.meta().regions(T).get(0).info().encodedName();
    m.servers.closeTimesOut.add(region);
    assertThrows(IOException.class, () -> m.assignments.move(region, "b"));
    m.assignments.move(region, "b"); // an operator's move: closes it again, opens it on b
    assertEquals(0, m.assignments.unconfirmed().repairCloses());
    assertFalse(m.assignments.unconfirmed().hasCloses());
    assertEquals(List.of("b"), m.servers.serversOf(region));
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }
}
