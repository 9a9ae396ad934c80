package org.basaltdb.client;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster operations of {@link Admin} (move, balance, balancer switch, merge, assign,
 * unassign, cluster status) through {@link ThriftAdmin} against a real standalone server: one
 * region server, so every region lives on it and a move elsewhere has nowhere to go.
 */
class ClusterAdminTest {

  @TempDir
  static Path dir;

  static Standalone basalt;
  static Connection conn;

  static final byte[] F = toBytes("f");
  static final byte[] Q = toBytes("q");

  @BeforeAll
  static void start() throws Exception {
    basalt = Standalone.start(Standalone.embeddedConfiguration(dir));
    conn = ConnectionFactory.createConnection(clientConf(60_000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (conn != null) {
      conn.close();
    }
    if (basalt != null) {
      basalt.close();
    }
  }

  static Configuration clientConf(long operationTimeoutMs) {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, "localhost");
    ClientConfig.PORT.set(conf, basalt.thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 10L);
    ClientConfig.OPERATION_TIMEOUT.set(conf, operationTimeoutMs);
    return conf;
  }

  /** Creates a table split at {@code splits} holding rows {@code k00..k(n-1)}. */
  static TableName tableWithRows(String name, int n, String... splits) throws IOException {
    TableName t = TableName.valueOf(name);
    byte[][] keys = new byte[splits.length][];
    for (int i = 0; i < splits.length; i++) {
      keys[i] = toBytes(splits[i]);
    }
    try (Admin admin = conn.getAdmin(); Table table = conn.getTable(t)) {
      admin.createTable(TableDescriptor.of(t, ColumnFamilyDescriptor.of("f")), keys);
      for (int i = 0; i < n; i++) {
        table.put(new Put(toBytes(row(i))).addColumn(F, Q, toBytes("v" + i)));
      }
    }
    return t;
  }

  static String row(int i) {
    return String.format("k%02d", i);
  }

  static List<String> encodedNames(Admin admin, TableName t) throws IOException {
    List<String> out = new ArrayList<>();
    for (RegionLocation l : admin.getRegions(t)) {
      out.add(l.region().encodedName());
    }
    return out;
  }

  static int countRows(TableName t) throws IOException {
    int n = 0;
    try (Table table = conn.getTable(t); ResultScanner s = table.getScanner(new Scan())) {
      for (Result r : s) {
        n++;
      }
    }
    return n;
  }

  @Test
  void badRegionNamesAreRefusedBeforeAnyCall() throws Exception {
    try (Admin admin = conn.getAdmin()) {
      assertThrows(IllegalArgumentException.class, () -> admin.move(null, null));
      assertThrows(IllegalArgumentException.class, () -> admin.assign(""));
      assertThrows(IllegalArgumentException.class, () -> admin.unassign(null));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> admin.mergeRegions("0123456789abcdef0123456789abcdef",
              "0123456789abcdef0123456789abcdef"));
      assertTrue(e.getMessage().contains("with itself"), e.getMessage());
    }
  }

  @Test
  void clusterStatusShowsTheOneServerAndItsRegions() throws Exception {
    TableName t = tableWithRows("cs_status", 0, "m");
    try (Admin admin = conn.getAdmin()) {
      ClusterStatus s = admin.getClusterStatus();
      assertEquals(admin.getClusterId(), s.clusterId());
      assertFalse(s.activeMaster().isEmpty());
      assertEquals(List.of(), s.backupMasters());
      assertEquals(List.of(), s.deadServers());
      assertEquals(0, s.regionsInTransition());
      assertEquals(1, s.liveServers().size(), s.toString());
      ClusterStatus.LiveServer server = s.liveServers().get(0);
      assertEquals(admin.getServerStatus().serverName(), server.serverName());
      assertEquals(server.regions().size(), server.regionCount());
      assertTrue(server.regions().containsAll(encodedNames(admin, t)), s.toString());
      assertEquals(server.regionCount(), s.regionCount());
      assertEquals(server.regionCount(), s.averageLoad(), 1e-9);
    }
  }

  @Test
  void balancerSwitchReturnsThePreviousSettingAndBalanceHonoursIt() throws Exception {
    try (Admin admin = conn.getAdmin()) {
      boolean initially = admin.getClusterStatus().balancerOn();
      assertEquals(initially, admin.balancerSwitch(false));
      assertFalse(admin.getClusterStatus().balancerOn());
      assertFalse(admin.balance(), "a switched-off balancer does not run");
      assertFalse(admin.balancerSwitch(true));
      assertTrue(admin.getClusterStatus().balancerOn());
      assertTrue(admin.balance(), "one server: nothing to move, but the balancer runs");
      assertTrue(admin.balancerSwitch(initially));
    }
  }

  @Test
  void moveToAnUnknownServerFailsNamingTheServer() throws Exception {
    TableName t = tableWithRows("cs_move", 3);
    try (Admin admin = conn.getAdmin(); Table table = conn.getTable(t)) {
      String region = encodedNames(admin, t).get(0);
      String nowhere = "nohost.invalid,1,1";
      IOException e = assertThrows(DoNotRetryIOException.class,
          () -> admin.move(region, nowhere));
      assertTrue(e.getMessage().contains(nowhere), e.getMessage());
      assertEquals(admin.getServerStatus().serverName(), admin.getRegions(t).get(0).server(),
          "the region stays where it was");
      assertEquals("v1", Bytes.toString(table.get(new Get(toBytes(row(1)))).value(F, Q)));
    }
  }

  @Test
  void unassignClosesARegionAndAssignReopensIt() throws Exception {
    TableName t = tableWithRows("cs_assign", 6, "k03");
    try (Admin admin = conn.getAdmin();
        Connection impatient = ConnectionFactory.createConnection(clientConf(1_000));
        Table quick = impatient.getTable(t);
        Table table = conn.getTable(t)) {
      List<String> regions = encodedNames(admin, t);
      String second = regions.get(1); // [k03, +inf)
      admin.unassign(second);
      assertFalse(admin.getClusterStatus().liveServers().get(0).regions().contains(second));
      assertThrows(IOException.class, () -> quick.get(new Get(toBytes(row(4)))),
          "the region holding k04 is closed");
      // Not through the impatient connection: its 1 s is also its read timeout, which a loaded
      // machine can take to answer even an open region.
      assertEquals("v1", Bytes.toString(table.get(new Get(toBytes(row(1)))).value(F, Q)),
          "the other region still serves");

      admin.assign(second);
      assertTrue(admin.getClusterStatus().liveServers().get(0).regions().contains(second));
      assertEquals("v4", Bytes.toString(table.get(new Get(toBytes(row(4)))).value(F, Q)));
      assertEquals(6, countRows(t));
    }
  }

  @Test
  void mergeOfAdjacentRegionsKeepsEveryRow() throws Exception {
    TableName t = tableWithRows("cs_merge", 9, "k03", "k06");
    try (Admin admin = conn.getAdmin(); Table table = conn.getTable(t)) {
      List<String> regions = encodedNames(admin, t);
      assertEquals(3, regions.size());
      assertThrows(IOException.class, () -> admin.mergeRegions(regions.get(0), regions.get(2)),
          "the first and last regions are not adjacent");

      admin.mergeRegions(regions.get(0), regions.get(1));
      List<RegionLocation> after = admin.getRegions(t);
      assertEquals(2, after.size(), after.toString());
      assertEquals(0, after.get(0).region().startKey().length);
      assertEquals("k06", Bytes.toString(after.get(0).region().endKey()));
      assertNotEquals(regions.get(0), after.get(0).region().encodedName());
      assertEquals(regions.get(2), after.get(1).region().encodedName());
      for (int i = 0; i < 9; i++) {
        assertEquals("v" + i, Bytes.toString(table.get(new Get(toBytes(row(i)))).value(F, Q)));
      }
      assertEquals(9, countRows(t));
    }
  }
}
