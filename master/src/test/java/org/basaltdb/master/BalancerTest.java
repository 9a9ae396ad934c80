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
