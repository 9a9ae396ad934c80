package org.basaltdb.regionserver.compaction;

import java.util.List;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;

/**
 * Chooses what one store's compaction reads: every file for a requested or periodic major
 * compaction, every file while the store holds references to a split or merge parent, otherwise
 * the minor-compaction policy's run (possibly none). Immutable and thread-safe.
 */
public final class CompactionSelector {
  private final CompactionPolicy policy;
  private final long majorPeriod;

  /**
   * {@code policy} picks minor compactions; a store whose oldest file is older than
   * {@code majorPeriodMillis} ({@code compaction.major.period}; 0: never) gets a major one.
   */
  public CompactionSelector(CompactionPolicy policy, long majorPeriodMillis) {
    this.policy = policy;
    this.majorPeriod = majorPeriodMillis;
  }

  /** Whether a store with this many files may need a minor compaction (worth a request). */
  public boolean worthChecking(Store s) {
    return s.files().size() >= policy.minFiles() || s.hasReferences();
  }

  /** The files of {@code files} (the store's live files, oldest first) to compact; maybe none. */
  public List<StoreFile> select(Store store, List<StoreFile> files, boolean major, long now) {
    if (major || majorDue(store, files, now)) {
      return files;
    }
    return policy.select(files, StoreFile::length, StoreFile::isReference);
  }

  /**
   * A periodic major compaction is due when the store's oldest file is older than
   * {@code compaction.major.period}, unless the store is one file a major compaction wrote
   * and nothing in it can have expired since (no TTL).
   */
  private boolean majorDue(Store store, List<StoreFile> files, long now) {
    if (majorPeriod <= 0 || files.isEmpty()) {
      return false;
    }
    long oldest = Long.MAX_VALUE;
    for (StoreFile f : files) {
      oldest = Math.min(oldest, f.modificationTime());
    }
    if (oldest >= now - majorPeriod) {
      return false;
    }
    return files.size() > 1 || !files.get(0).isMajorCompacted()
        || store.family().ttlSeconds() != ColumnFamilyDescriptor.FOREVER;
  }
}
