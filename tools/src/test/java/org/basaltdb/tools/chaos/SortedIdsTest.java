package org.basaltdb.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The verifier's id pages: unsigned order (ids with the top bit set last), pages, marks. */
class SortedIdsTest {
  @Test
  void findsAndMarksIdsAcrossPagesInUnsignedOrder() {
    LinkedListVerifier.SortedIds ids = new LinkedListVerifier.SortedIds();
    int n = (1 << 20) + 1000; // past the first page
    for (long i = 0; i < n; i++) {
      ids.append(i * 3 + (i < n / 2 ? 0 : Long.MIN_VALUE)); // the second half above 2^63
    }
    assertEquals(n, ids.size());
    assertEquals(0, ids.indexOf(0));
    assertEquals(n - 1, ids.indexOf((n - 1) * 3L + Long.MIN_VALUE));
    assertEquals(n / 2, ids.indexOf(n / 2 * 3L + Long.MIN_VALUE));
    assertEquals(-1, ids.indexOf(1));
    assertEquals(-1, ids.indexOf(-1));
    assertTrue(ids.mark(3));
    assertTrue(ids.mark(3)); // marked twice, counted once
    assertTrue(ids.mark((n - 1) * 3L + Long.MIN_VALUE));
    assertFalse(ids.mark(4));
    assertEquals(2, ids.marked());
  }

  @Test
  void refusesIdsOutOfOrder() {
    LinkedListVerifier.SortedIds ids = new LinkedListVerifier.SortedIds();
    ids.append(-1); // 0xffff...: the largest unsigned
    assertThrows(IllegalStateException.class, () -> ids.append(5));
    assertThrows(IllegalStateException.class, () -> ids.append(-1));
    assertEquals(1, ids.size());
  }
}
