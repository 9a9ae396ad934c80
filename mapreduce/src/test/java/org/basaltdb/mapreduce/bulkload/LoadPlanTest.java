package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.mapreduce.bulkload.LoadPlan.LoadFile;
import org.junit.jupiter.api.Test;

class LoadPlanTest {
  private static final TableName T = TableName.valueOf("t");
  private static final RegionInfo R1 = new RegionInfo(T, new byte[0], toBytes("g"), 1);
  private static final RegionInfo R2 = new RegionInfo(T, toBytes("g"), toBytes("p"), 1);
  private static final RegionInfo R3 = new RegionInfo(T, toBytes("p"), new byte[0], 1);
  private static final List<RegionInfo> REGIONS = List.of(R1, R2, R3);

  private static LoadFile file(String family, String name, String first, String last, long n) {
    return new LoadFile(family, new Path("/d/" + family + "/" + name), toBytes(first),
        toBytes(last), n);
  }

  @Test
  void filesGoToTheRegionHoldingTheirRowsByFamily() {
    LoadPlan p = LoadPlan.of(List.of(file("f", "a", "a", "c", 10), file("g", "b", "g", "o", 20),
        file("f", "c", "g", "g", 5), file("f", "d", "zz", "zzz", 7)), REGIONS);
    assertTrue(p.splits().isEmpty());
    assertEquals(3, p.byRegion().size());
    assertEquals(List.of("a"), names(p.byRegion().get(R1).get("f")));
    Map<String, List<LoadFile>> r2 = p.byRegion().get(R2);
    assertEquals(List.of("c"), names(r2.get("f")));
    assertEquals(List.of("b"), names(r2.get("g")));
    assertEquals(Map.of(R1, 10L, R2, 25L, R3, 7L), Map.copyOf(p.bytesPerRegion()));
  }

  @Test
  void aFileAcrossBoundariesIsSplitAtEachOne() {
    LoadPlan p = LoadPlan.of(List.of(file("f", "wide", "b", "q", 90),
        file("f", "two", "h", "p", 10)), REGIONS);
    assertEquals(2, p.splits().size());
    LoadPlan.Split wide = p.splits().get(0);
    assertEquals(List.of("g", "p"), wide.keys().stream().map(Bytes::toString).toList());
    assertEquals(List.of(R1, R2, R3), wide.regions());
    LoadPlan.Split two = p.splits().get(1);
    assertEquals(List.of("p"), two.keys().stream().map(Bytes::toString).toList(),
        "a last row equal to the next start key crosses that boundary");
    assertEquals(30L + 5L, p.bytesPerRegion().get(R2), "a split file's bytes shared evenly");
    String d = p.describe();
    assertTrue(d.contains("f/wide (90 bytes) needs splitting at 'g' 'p'"), d);
  }

  @Test
  void oneRegionTakesEverything() {
    RegionInfo all = new RegionInfo(T, new byte[0], new byte[0], 1);
    LoadPlan p = LoadPlan.of(List.of(file("f", "a", "", "\u00ff\u00ff", 1)), List.of(all));
    assertEquals(1, p.byRegion().size());
    assertTrue(p.describe().contains("-> region " + all.encodedName()), p.describe());
  }

  private static List<String> names(List<LoadFile> fs) {
    return fs.stream().map(f -> f.path().getName()).toList();
  }
}
