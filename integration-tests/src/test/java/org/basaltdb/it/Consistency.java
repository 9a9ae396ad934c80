package org.basaltdb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.master.Master;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.regionserver.server.RegionServerProcess;

/**
 * The cluster's consistency check: every key of a table is covered by exactly one region in
 * meta, every region is open on exactly one live server, and (after parents are cleaned up) the
 * table's directory holds exactly those regions.
 */
final class Consistency {
  private Consistency() {}

  static void check(Master master, List<RegionServerProcess> servers, TableName t,
      File tableDir) throws Exception {
    List<RegionLocation> regions = checkRegions(master, servers, t);
    master.cleanRetired();
    Set<String> onDisk = new TreeSet<>();
    for (File f : tableDir.listFiles(File::isDirectory)) {
      if (!f.getName().startsWith(".")) {
        onDisk.add(f.getName());
      }
    }
    Set<String> inMeta = new TreeSet<>();
    regions.forEach(r -> inMeta.add(r.region().encodedName()));
    assertEquals(inMeta, onDisk, "no orphan region directories once parents are cleaned up");
  }

  /** Every key covered by exactly one region, each open on exactly one server; the regions. */
  static List<RegionLocation> checkRegions(Master master, List<RegionServerProcess> servers,
      TableName t) throws Exception {
    List<RegionLocation> regions = master.regionLocations(t);
    byte[] expectStart = Bytes.EMPTY;
    for (RegionLocation r : regions) {
      RegionInfo info = r.region();
      assertTrue(Bytes.equals(expectStart, info.startKey()), "region " + info
          + " starts where the one before it ends ('" + Bytes.toStringBinary(expectStart) + "')");
      expectStart = info.endKey();
    }
    assertEquals(0, expectStart.length, "the last region runs to the end of the table");
    Map<String, Integer> open = new HashMap<>();
    for (RegionServerProcess rs : servers) {
      rs.regionServer().onlineRegions().forEach(r -> open.merge(r.name(), 1, Integer::sum));
    }
    for (RegionLocation r : regions) {
      assertEquals(1, open.getOrDefault(r.region().encodedName(), 0),
          "region " + r.region() + " is open on exactly one server");
    }
    assertEquals(List.of(), master.checkConsistency(), "the master's own check");
    return regions;
  }
}
