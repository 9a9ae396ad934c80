package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balancer evens regions per server, table by table, and obeys its switch. */
class BalancerTest {
  @TempDir
  Path dir;

  @Test
  void newServersGetTheirShareAndEachTableIsSpread() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a");
    MasterParts m = new MasterParts(rs, dir).start();
    TableName x = TableName.valueOf("x");
    TableName y = TableName.valueOf("y");
    m.ddl.createTable(TableDescriptor.of(x, ColumnFamilyDescriptor.of("f")),
        List.of(toBytes("1"), toBytes("2"), toBytes("3"), toBytes("4"), toBytes("5")));
    m.ddl.createTable(TableDescriptor.of(y, ColumnFamilyDescriptor.of("f")),
        List.of(toBytes("1"), toBytes("2")));
    assertEquals(9, rs.regionsOn("a").size());
    rs.start("b");
    rs.start("c");
    assertTrue(m.balancer.balance());
    for (String s : rs.live()) {
      assertEquals(3, rs.regionsOn(s).size(), s + " holds " + rs.regionsOn(s));
    }
    for (TableName t : List.of(x, y)) {
      AssignmentManagerTest.assertPlacedAsMetaSays(m, t);
    }
    // Table x's six regions end two per server: moves took the most represented table first.
    for (String s : rs.live()) {
      long ofX = m.meta().regions(x).stream().filter(r -> r.server().equals(s)).count();
      assertEquals(2, ofX, s);
    }
  }

  /**
   * A run's moves are planned at once and carried out {@value Balancer#MOVES_PER_STEP} at a
   * time, each step's regions opened in one batch per server. A destination that dies while an
   * earlier step runs gets none of the later moves; every region ends open on one live server.
   */
  @Test
  void movesGoInBatchedStepsAndSkipWhatChangedMeanwhile() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a");
    MasterParts m = new MasterParts(rs, dir).start();
    TableName x = TableName.valueOf("x");
    List<byte[]> keys = new java.util.ArrayList<>();
    for (int i = 1; i < 30; i++) {
      keys.add(toBytes(String.format("k%02d", i)));
    }
    m.ddl.createTable(TableDescriptor.of(x, ColumnFamilyDescriptor.of("f")), keys);
    rs.start("b");
    rs.start("c");
    int batchesBefore = rs.batches.size();
    int[] closes = {0};
    rs.onClose = closed -> {
      if (++closes[0] == Balancer.MOVES_PER_STEP) {
        rs.kill("c"); // during the first step: c's later moves must be skipped
        m.recovery.serverGone("c");
      }
    };
    assertTrue(m.balancer.balance());
    assertTrue(rs.batches.size() - batchesBefore < closes[0],
        "opens went in batches: " + rs.batches.subList(batchesBefore, rs.batches.size()));
    assertFalse(rs.live.containsKey("c"));
    AssignmentManagerTest.assertPlacedAsMetaSays(m, x);
    assertEquals(30, rs.regionsOn("a").size() + rs.regionsOn("b").size());
    // The next run evens what is left.
    rs.onClose = closed -> { };
    assertTrue(m.balancer.balance());
    assertEquals(15, rs.regionsOn("b").size());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, x);
  }

  @Test
  void switchedOffItMovesNothing() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a");
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f")),
        List.of(toBytes("m")));
    assertTrue(m.balancer.balanceSwitch(false), "it was on");
    rs.start("b");
    assertFalse(m.balancer.balance());
    assertEquals(2, rs.regionsOn("a").size());
    assertEquals(0, rs.regionsOn("b").size());
    assertFalse(m.balancer.balanceSwitch(true));
    assertTrue(m.balancer.balance());
    assertEquals(1, rs.regionsOn("b").size());
  }
}
