package org.basaltdb.regionserver.scan;

import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;

/**
 * The per-family settings a matcher applies, fixed for one scan: how many versions, which are
 * expired as of the scan's start, and whether deleted cells are kept.
 */
public record FamilyRules(int maxVersions, int minVersions, long oldestUnexpiredTs,
    KeepDeletedCells keepDeletedCells) {

  public static FamilyRules of(ColumnFamilyDescriptor f, long nowMillis) {
    long ttl = f.ttlMillis();
    long oldest = ttl == Long.MAX_VALUE || ttl > nowMillis ? Long.MIN_VALUE : nowMillis - ttl;
    return new FamilyRules(f.maxVersions(), f.minVersions(), oldest, f.keepDeletedCells());
  }

  public boolean isExpired(long ts) {
    return ts < oldestUnexpiredTs;
  }
}
