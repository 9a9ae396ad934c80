package org.basaltdb.regionserver.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Pressure from a store's file count, and the share of time a compaction works at it. */
class CompactionPacingTest {
  private final CompactionPacing pacing = new CompactionPacing(0.25, 3, 16);

  @Test
  void pressureRunsFromTheMinorMinimumToTheUrgentCount() {
    assertEquals(0, pacing.pressure(0));
    assertEquals(0, pacing.pressure(3));
    assertEquals(6.0 / 13, pacing.pressure(9), 1e-9);
    assertEquals(1, pacing.pressure(16), 1e-9);
    assertEquals(2, pacing.pressure(29), 1e-9);
  }

  @Test
  void aCalmServerWorksItsCalmShareAndAnUrgentOneAllTheTime() {
    assertEquals(0.25, pacing.share(0), 1e-9);
    assertEquals(0.625, pacing.share(0.5), 1e-9);
    assertEquals(1, pacing.share(1));
    assertEquals(1, pacing.share(3));
    assertEquals(1, CompactionPacing.NONE.share(0));
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CompactionPacing(0, 3, 16));
    assertThrows(IllegalArgumentException.class, () -> new CompactionPacing(1.5, 3, 16));
  }

  @Test
  void anUrgentCountAtOrBelowTheMinimumMakesAnyStorePastTheMinimumUrgent() {
    // compaction.min.files 100,000 (automatic compactions off, as DifferentialTest sets it) with
    // the default compaction.urgent.files 16 once kept a server from opening meta.
    CompactionPacing pacing = new CompactionPacing(0.25, 100_000, 16);
    assertEquals(0, pacing.pressure(16));
    assertEquals(0.25, pacing.share(pacing.pressure(100_000)));
    assertEquals(1, pacing.share(pacing.pressure(100_001)));
  }
}
