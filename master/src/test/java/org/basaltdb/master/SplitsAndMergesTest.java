package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits and merges swap regions in meta and on the servers; the janitor retires parents. */
class SplitsAndMergesTest {
  static final org.basaltdb.common.TableName T = AssignmentManagerTest.T;

  @TempDir
  Path dir;

  private MasterParts start(List<byte[]> splits, String... servers) throws Exception {
    MasterParts m = new MasterParts(new FakeRegionServers(servers), dir).start();
    m.ddl.createTable(AssignmentManagerTest.TABLE, splits);
    return m;
  }

  @Test
  void aSplitOpensBothDaughtersWhereTheParentWasAndTheJanitorRetiresIt() throws Exception {
    MasterParts m = start(List.of(), "a", "b");
    RegionRecord parent = m.meta().regions(T).get(0);
    m.files.referenced.add(parent.info().encodedName()); // the daughters read its files
    m.clock.advance(1000);
    m.splits.split(T, toBytes("m"), null);
    List<RegionRecord> daughters = m.meta().regions(T);
    assertEquals(2, daughters.size());
    assertArrayEquals(toBytes("m"), daughters.get(1).info().startKey());
    for (RegionRecord d : daughters) {
      assertEquals(parent.server(), d.server());
    }
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
    assertEquals(List.of("split " + parent.info().encodedName()), m.files.written);
    assertEquals(List.of(), m.servers.serversOf(parent.info().encodedName()));
    assertEquals(RegionState.SPLIT, m.meta().retiredRegions().get(0).state());

    m.splits.cleanRetired(); // still referenced: kept
    assertEquals(1, m.meta().retiredRegions().size());
    m.files.referenced.clear(); // the daughters compacted
    m.splits.cleanRetired();
    assertEquals(List.of(), m.meta().retiredRegions());
    assertTrue(m.files.deleted.contains(parent.info().encodedName()));
  }

  @Test
  void aFailedWriteReopensTheParentAndLeavesMetaAsItWas() throws Exception {
    MasterParts m = start(List.of(), "a");
    RegionRecord parent = m.meta().regions(T).get(0);
    m.files.failNextWrite = true;
    IOException e = assertThrows(IOException.class,
        () -> m.splits.split(T, toBytes("m"), null));
    assertTrue(e.getMessage().contains("injected"), e.getMessage());
    List<RegionRecord> after = m.meta().regions(T);
    assertEquals(1, after.size());
    assertEquals(parent.info(), after.get(0).info());
    assertTrue(after.get(0).epoch() > parent.epoch(), "reopened under a new epoch");
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }

  @Test
  void withoutAKeyARegionWithTooFewRowsIsLeftAlone() throws Exception {
    MasterParts m = start(List.of(), "a");
    m.splits.split(T, null, null); // the fake server finds no split point
    assertEquals(1, m.meta().regions(T).size());
    RegionRecord r = m.meta().regions(T).get(0);
    m.servers.splitPoints.put(r.info().encodedName(), toBytes("k"));
    m.clock.advance(1000);
    m.splits.split(T, null, r.info().encodedName());
    assertEquals("k", Bytes.toString(m.meta().regions(T).get(1).info().startKey()));
  }

  @Test
  void aSplitAfterAMoveClosesTheRegionWhereItIsNow() throws Exception {
    MasterParts m = start(List.of(), "a", "b");
    RegionRecord r = m.meta().regions(T).get(0);
    String other = r.server().equals("a") ? "b" : "a";
    m.assignments.move(r.info().encodedName(), other);
    m.clock.advance(1000);
    m.splits.split(T, toBytes("m"), null);
    for (RegionRecord d : m.meta().regions(T)) {
      assertEquals(other, d.server());
    }
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }

  @Test
  void twoAdjacentRegionsOnDifferentServersMergeIntoOne() throws Exception {
    MasterParts m = start(List.of(toBytes("m")), "a", "b");
    List<RegionRecord> parents = m.meta().regions(T);
    assertTrue(!parents.get(0).server().equals(parents.get(1).server()));
    m.clock.advance(1000);
    // named high keys first: the master puts them in key order
    m.splits.merge(parents.get(1).info().encodedName(), parents.get(0).info().encodedName());
    List<RegionRecord> merged = m.meta().regions(T);
    assertEquals(1, merged.size());
    assertEquals(0, merged.get(0).info().startKey().length);
    assertEquals(0, merged.get(0).info().endKey().length);
    assertEquals(List.of("merge " + parents.get(0).info().encodedName() + " "
        + parents.get(1).info().encodedName()), m.files.written);
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }

  @Test
  void aRegionStillReadingItsParentsFilesIsCompactedFirstAndRefusedIfThatIsNotEnough()
      throws Exception {
    MasterParts m = start(List.of(), "a");
    RegionRecord r = m.meta().regions(T).get(0);
    m.files.referencing.add(r.info().encodedName());
    assertThrows(IllegalStateException.class, () -> m.splits.split(T, toBytes("m"), null));
    assertEquals(List.of(r.info().encodedName()), m.servers.server(r.server()).compacted);
    assertEquals(1, m.meta().regions(T).size());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, T);
  }
}
