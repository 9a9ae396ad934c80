package org.basaltdb.regionserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch of region opens: several at once, each reported once, a failure stopping no other. */
class BatchOpensTest {
  private static final TableDescriptor T =
      TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
  private static final TableDescriptor OTHER =
      TableDescriptor.of(TableName.valueOf("u"), ColumnFamilyDescriptor.of("f"));

  @TempDir
  Path dir;
  private RegionServer rs;

  @BeforeEach
  void start() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    rs = new RegionServer(new Configuration(false), fs,
        new org.apache.hadoop.fs.Path(dir.toUri()), "h,1,1", Clock.SYSTEM);
    rs.start(other -> true);
  }

  @AfterEach
  void stop() throws Exception {
    rs.close();
  }

  /** {@code n} regions of T covering the table. */
  private static List<RegionInfo> regions(int n) {
    List<RegionInfo> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] start = i == 0 ? new byte[0] : Bytes.toBytes(String.format("r%03d", i));
      byte[] end = i == n - 1 ? new byte[0] : Bytes.toBytes(String.format("r%03d", i + 1));
      out.add(new RegionInfo(T.name(), start, end, 1));
    }
    return out;
  }

  /** Asks until every region of {@code asked} is reported; each must be reported once. */
  private Map<String, RegionServer.OpenOutcome> await(Map<String, Long> asked) throws Exception {
    Map<String, Long> left = new HashMap<>(asked);
    Map<String, RegionServer.OpenOutcome> out = new HashMap<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!left.isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "not reported: " + left.keySet());
      for (RegionServer.OpenOutcome o : rs.openOutcomes(left, 1_000)) {
        assertNull(out.put(o.encodedName(), o), "reported twice: " + o);
        assertEquals(left.remove(o.encodedName()), o.epoch());
      }
    }
    return out;
  }

  @Test
  void aBatchOpensEveryRegionAndOneFailureStopsNoOther() throws Exception {
    List<RegionInfo> infos = new ArrayList<>(regions(20));
    List<TableDescriptor> tables = new ArrayList<>();
    List<Long> epochs = new ArrayList<>();
    Map<String, Long> asked = new HashMap<>();
    for (RegionInfo r : infos) {
      tables.add(T);
      epochs.add(3L);
      asked.put(r.encodedName(), 3L);
    }
    RegionInfo bad = infos.get(7);
    tables.set(7, OTHER); // the wrong table's descriptor: this open fails
    rs.openRegions(infos, tables, epochs);
    Map<String, RegionServer.OpenOutcome> ended = await(asked);
    assertEquals(20, ended.size());
    for (RegionInfo r : infos) {
      RegionServer.OpenOutcome o = ended.get(r.encodedName());
      if (r.equals(bad)) {
        assertNotNull(o.error(), "the bad region failed");
        assertFalse(o.staleEpoch());
        assertNull(rs.regionByName(r.encodedName()));
      } else {
        assertNull(o.error(), o.toString());
        assertEquals(3L, rs.epochOf(r.encodedName()));
        assertNotNull(rs.regionByName(r.encodedName()));
      }
    }
    // Asked again, once reported: answered from what is open.
    Map<String, Long> again = Map.of(infos.get(0).encodedName(), 3L, bad.encodedName(), 3L);
    for (RegionServer.OpenOutcome o : rs.openOutcomes(again, 0)) {
      assertEquals(o.encodedName().equals(bad.encodedName()), o.error() != null, o.toString());
    }
  }

  @Test
  void aCloseUnderAHigherEpochRefusesAnOpenSentUnderALowerOne() throws Exception {
    RegionInfo r = regions(1).get(0);
    rs.closeRegion(r.encodedName(), 5); // a newer master cancelled what it found queued
    rs.openRegions(List.of(r), List.of(T), List.of(4L));
    RegionServer.OpenOutcome o = await(Map.of(r.encodedName(), 4L)).get(r.encodedName());
    assertTrue(o.staleEpoch(), o.toString());
    assertNull(rs.regionByName(r.encodedName()));

    rs.openRegions(List.of(r), List.of(T), List.of(6L));
    assertNull(await(Map.of(r.encodedName(), 6L)).get(r.encodedName()).error());
    assertEquals(6L, rs.epochOf(r.encodedName()));
  }

  @Test
  void aRegionSentAgainUnderAHigherEpochOpensOnceUnderIt() throws Exception {
    RegionInfo r = regions(1).get(0);
    rs.openRegions(List.of(r), List.of(T), List.of(2L));
    rs.openRegions(List.of(r), List.of(T), List.of(3L)); // a new master, the first one's queued
    RegionServer.OpenOutcome o = await(Map.of(r.encodedName(), 3L)).get(r.encodedName());
    assertNull(o.error(), o.toString());
    assertEquals(3L, rs.epochOf(r.encodedName()));
    assertEquals(1, rs.onlineRegions().size());
  }
}
