package org.basaltdb.mapreduce;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.basaltdb.common.Bytes;
import org.junit.jupiter.api.Test;

/** Splits from regions and scan ranges, without a server. */
class SplitCalculatorTest {
  static final byte[] E = Bytes.EMPTY;

  /** Regions with boundaries at the given keys ("" ends), 100 bytes each, on host hN. */
  static List<SplitCalculator.Region> regions(String... bounds) {
    List<SplitCalculator.Region> out = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.length; i++) {
      out.add(new SplitCalculator.Region(toBytes(bounds[i]), toBytes(bounds[i + 1]), "r" + i,
          "h" + i, 100));
    }
    return out;
  }

  static String range(TableSplit s) {
    return Bytes.toStringBinary(s.getStartRow()) + "-" + Bytes.toStringBinary(s.getEndRow());
  }

  @Test
  void oneSplitPerRegionOverlappingTheScanCutToIt() {
    List<TableSplit> s = SplitCalculator.perRegion("t", regions("", "c", "f", "k", ""),
        toBytes("d"), toBytes("g"));
    assertEquals(List.of("d-f", "f-g"), s.stream().map(SplitCalculatorTest::range).toList());
    assertEquals("r1", s.get(0).getEncodedRegionName());
    assertEquals("h2", s.get(1).getRegionLocation());
    assertEquals(100, s.get(1).getLength());
    assertEquals("t", s.get(0).getTable());
  }

  @Test
  void unboundedScanCoversEveryRegion() {
    List<TableSplit> s = SplitCalculator.perRegion("t", regions("", "c", "f", ""), E, E);
    assertEquals(List.of("-c", "c-f", "f-"), s.stream().map(SplitCalculatorTest::range).toList());
  }

  @Test
  void scanBoundaryOnARegionBoundaryLeavesOutTheNeighbour() {
    // stop == region start: that region is not read; start == region end: neither
    List<TableSplit> s = SplitCalculator.perRegion("t", regions("", "c", "f", ""), toBytes("c"),
        toBytes("f"));
    assertEquals(List.of("c-f"), s.stream().map(SplitCalculatorTest::range).toList());
  }

  @Test
  void emptyTableGivesOneSplit() {
    List<TableSplit> s = SplitCalculator.perRegion("t", regions("", ""), E, E);
    assertEquals(1, s.size());
    assertEquals("-", range(s.get(0)));
  }

  @Test
  void nPerRegionCutsEachIntoIncreasingParts() {
    List<TableSplit> s = SplitCalculator.nPerRegion(
        SplitCalculator.perRegion("t", regions("", "m", ""), E, E), 4);
    assertEquals(8, s.size());
    assertArrayEquals(E, s.get(0).getStartRow());
    assertArrayEquals(toBytes("m"), s.get(3).getEndRow());
    assertArrayEquals(toBytes("m"), s.get(4).getStartRow());
    assertArrayEquals(E, s.get(7).getEndRow());
    for (int i = 0; i + 1 < s.size(); i++) {
      assertArrayEquals(s.get(i).getEndRow(), s.get(i + 1).getStartRow(), "contiguous at " + i);
      if (s.get(i).getEndRow().length > 0) {
        assertTrue(Bytes.compare(s.get(i).getStartRow(), s.get(i).getEndRow()) < 0,
            range(s.get(i)));
      }
      assertEquals(25, s.get(i).getLength());
      assertEquals(i < 4 ? "r0" : "r1", s.get(i).getEncodedRegionName());
    }
  }

  @Test
  void nPerRegionOfNeighbouringKeysFindsRoomBetweenThem() {
    List<byte[]> b = KeyRanges.cut(toBytes("a"), toBytes("b"), 3);
    assertEquals(4, b.size());
    for (int i = 0; i + 1 < b.size(); i++) {
      assertTrue(Bytes.compare(b.get(i), b.get(i + 1)) < 0);
    }
  }

  @Test
  void autoBalanceMergesSmallNeighboursAndCutsBigOnes() {
    List<TableSplit> in = List.of(
        new TableSplit("t", E, toBytes("b"), "r0", "h0", 10),
        new TableSplit("t", toBytes("b"), toBytes("c"), "r1", "h1", 20),
        new TableSplit("t", toBytes("c"), toBytes("d"), "r2", "h2", 15),
        new TableSplit("t", toBytes("d"), toBytes("x"), "r3", "h3", 355));
    // average 100: r0+r1+r2 (45) merge into one; r3 (355 > 200) is cut into 3
    List<TableSplit> s = SplitCalculator.autoBalance(in, Long.MAX_VALUE);
    assertEquals(4, s.size(), s.toString());
    assertEquals("-d", range(s.get(0)));
    assertEquals(45, s.get(0).getLength());
    assertEquals("h1", s.get(0).getRegionLocation()); // the biggest part's host
    assertEquals("r0", s.get(0).getEncodedRegionName());
    assertArrayEquals(toBytes("d"), s.get(1).getStartRow());
    assertArrayEquals(toBytes("x"), s.get(3).getEndRow());
  }

  @Test
  void autoBalanceWithoutSizesLeavesSplitsAlone() {
    List<TableSplit> in = SplitCalculator.perRegion("t", List.of(
        new SplitCalculator.Region(E, toBytes("m"), "a", "h", 0),
        new SplitCalculator.Region(toBytes("m"), E, "b", "h", 0)), E, E);
    assertEquals(in, SplitCalculator.autoBalance(in, 1 << 20));
  }

  @Test
  void progressGoesFromZeroToOneThroughTheRange() {
    assertEquals(0f, KeyRanges.fraction(toBytes("a"), toBytes("c"), toBytes("a")));
    assertEquals(0.5f, KeyRanges.fraction(toBytes("a"), toBytes("c"), toBytes("b")), 0.01);
    assertEquals(0.5f, KeyRanges.fraction(E, E, new byte[] {(byte) 0x80}), 0.01);
    // bounds that share a long prefix: the digits after it count
    assertEquals(0.25f, KeyRanges.fraction(toBytes("user00000000000000"),
        toBytes("user00000000000400"), toBytes("user00000000000100")), 0.001);
    assertEquals(1f, KeyRanges.fraction(toBytes("a"), toBytes("c"), toBytes("c")));
    float prev = 0;
    Random rnd = new Random(42);
    System.out.println("seed 42");
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] k = new byte[1 + rnd.nextInt(6)];
      rnd.nextBytes(k);
      keys.add(k);
    }
    keys.sort(Bytes.COMPARATOR);
    for (byte[] k : keys) {
      float f = KeyRanges.fraction(E, E, k);
      assertTrue(f >= prev && f <= 1, "monotonic at " + Bytes.toStringBinary(k));
      prev = f;
    }
  }

  @Test
  void splitSurvivesSerialization() throws IOException {
    TableSplit s = new TableSplit("ns:t", toBytes("a\u0000"), E, "0123abcd", "host1", 12345);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.write(new DataOutputStream(bytes));
    TableSplit back = new TableSplit();
    back.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(s, back);
    assertArrayEquals(new String[] {"host1"}, back.getLocations());
  }
}
