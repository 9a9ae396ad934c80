package org.basaltdb.regionserver.scan;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.basaltdb.common.Cell;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.regionserver.scan.DeleteTracker.Result;
import org.junit.jupiter.api.Test;

/**
 * HBase's masking rules, one marker kind at a time: the tracker alone, then the per-family rules
 * a scan fixes at its start.
 */
class DeleteTrackerTest {
  private static Cell marker(Cell.Type type, long ts) {
    return new Cell(toBytes("r"), toBytes("f"), toBytes("q"), ts, type, 1, new byte[0]);
  }

  @Test
  void columnAndFamilyMarkersMaskEverythingAtOrBelowTheirTimestamp() {
    DeleteTracker t = new DeleteTracker();
    assertTrue(t.isEmpty());
    t.add(marker(Cell.Type.DELETE_COLUMN, 100));
    assertEquals(Result.NOT_DELETED, t.check(101));
    assertEquals(Result.COLUMN_DELETED, t.check(100));
    assertEquals(Result.COLUMN_DELETED, t.check(5));
    t.resetColumn();
    assertEquals(Result.NOT_DELETED, t.check(100), "a column's marker ends with the column");

    t.add(marker(Cell.Type.DELETE_FAMILY, 50));
    t.resetColumn();
    assertEquals(Result.COLUMN_DELETED, t.check(50), "a family marker outlives each column");
    assertEquals(Result.NOT_DELETED, t.check(51));
    t.resetFamily();
    assertTrue(t.isEmpty());
    assertEquals(Result.NOT_DELETED, t.check(50));
  }

  @Test
  void versionMarkersMaskOnlyTheirExactTimestamp() {
    DeleteTracker t = new DeleteTracker();
    t.add(marker(Cell.Type.DELETE, 70));
    t.add(marker(Cell.Type.DELETE_FAMILY_VERSION, 30));
    assertEquals(Result.VERSION_DELETED, t.check(70));
    assertEquals(Result.NOT_DELETED, t.check(69));
    assertEquals(Result.VERSION_DELETED, t.check(30));
    t.resetColumn();
    assertEquals(Result.NOT_DELETED, t.check(70), "a version marker belongs to its column");
    assertEquals(Result.VERSION_DELETED, t.check(30), "a family-version marker to the family");
    assertFalse(t.isEmpty());
  }

  @Test
  void aPutIsNotAMarker() {
    DeleteTracker t = new DeleteTracker();
    assertThrows(IllegalArgumentException.class, () -> t.add(marker(Cell.Type.PUT, 1)));
  }

  @Test
  void familyRulesExpireByTtlAsOfTheScansStart() {
    ColumnFamilyDescriptor f = ColumnFamilyDescriptor.builder("f").maxVersions(3)
        .minVersions(1).ttlSeconds(10).keepDeletedCells(KeepDeletedCells.TRUE).build();
    FamilyRules rules = FamilyRules.of(f, 100_000);
    assertEquals(3, rules.maxVersions());
    assertEquals(1, rules.minVersions());
    assertEquals(KeepDeletedCells.TRUE, rules.keepDeletedCells());
    assertTrue(rules.isExpired(89_999));
    assertFalse(rules.isExpired(90_000));
    FamilyRules forever = FamilyRules.of(ColumnFamilyDescriptor.of("f"), 100_000);
    assertFalse(forever.isExpired(Long.MIN_VALUE + 1), "no TTL: nothing expires");
  }
}
