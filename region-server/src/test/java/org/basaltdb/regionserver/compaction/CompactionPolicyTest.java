package org.basaltdb.regionserver.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The minor-compaction choice users feel as write amplification: enough similar files merge,
 * one big old file is left alone, runs stay within the file limits, and references to a parent
 * region's files take everything. Files are given by size, oldest first.
 */
class CompactionPolicyTest {
  private static final CompactionPolicy POLICY = new CompactionPolicy(3, 10, 1.2);

  private static List<Long> sizes(long... s) {
    List<Long> out = new ArrayList<>();
    for (long x : s) {
      out.add(x);
    }
    return out;
  }

  private static List<Long> select(CompactionPolicy p, List<Long> files) {
    return p.select(files, Long::longValue);
  }

  @Test
  void fewerFilesThanTheMinimumAreLeftAlone() {
    assertEquals(List.of(), select(POLICY, sizes(10, 10)));
  }

  @Test
  void similarFilesAreMergedTogether() {
    assertEquals(sizes(10, 12, 11, 9), select(POLICY, sizes(10, 12, 11, 9)));
  }

  @Test
  void aBigOldFileIsNotRewrittenForSmallNewOnes() {
    assertEquals(sizes(10, 10, 10), select(POLICY, sizes(1000, 10, 10, 10)));
  }

  @Test
  void noRunInRatioMeansNoCompaction() {
    // each file is more than 1.2 times the newer ones together
    assertEquals(List.of(), select(POLICY, sizes(1000, 100, 10, 1)));
  }

  @Test
  void aRunHoldsAtMostTheMaximumFilesTheOldestFirst() {
    List<Long> files = new ArrayList<>(Collections.nCopies(12, 10L));
    List<Long> picked = select(POLICY, files);
    assertEquals(10, picked.size());
  }

  @Test
  void amongRunsOfOneLengthTheSmallestWins() {
    CompactionPolicy three = new CompactionPolicy(3, 3, 1.2);
    assertEquals(sizes(5, 5, 5), select(three, sizes(50, 50, 50, 5, 5, 5)));
  }

  @Test
  void aReferenceTakesEveryFile() {
    List<Long> files = sizes(1000, 10);
    assertEquals(files, POLICY.select(files, Long::longValue, s -> s == 1000L));
    assertEquals(List.of(), POLICY.select(files, Long::longValue, s -> false));
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    for (Runnable bad : List.<Runnable>of(() -> new CompactionPolicy(1, 10, 1.2),
        () -> new CompactionPolicy(5, 4, 1.2), () -> new CompactionPolicy(3, 10, 0))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
      assertTrue(e.getMessage().startsWith("bad compaction policy"), e.getMessage());
    }
  }
}
