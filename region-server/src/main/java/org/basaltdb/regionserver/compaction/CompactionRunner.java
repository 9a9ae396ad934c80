package org.basaltdb.regionserver.compaction;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;

/**
 * Runs a region's compactions: for each store, the {@link CompactionSelector} picks the files
 * and {@link Store#compact} merges them into one, its reads paced by the region's
 * {@link CompactionThrottle}. A minor compaction that selects every file of a store runs as a
 * major one (it sees every marker, so it may drop them), as in HBase.
 *
 * <p>Thread safety: immutable; REQUIRES the region's compaction lock around {@link #compact}, so
 * one compaction of a region runs at a time.
 */
public final class CompactionRunner {
  private final CompactionSelector selector;
  private final CompactionThrottle throttle;

  public CompactionRunner(CompactionSelector selector, CompactionThrottle throttle) {
    this.selector = selector;
    this.throttle = throttle;
  }

  /**
   * Compacts every store that needs it (every store with files when {@code major}); a store
   * holding references to a split or merge parent's files always compacts, all files at once.
   */
  public CompactionReport compact(Collection<Store> stores, boolean major, long now)
      throws IOException {
    long read = 0;
    Set<String> majors = new TreeSet<>();
    for (Store s : stores) {
      List<StoreFile> files = s.files();
      List<StoreFile> pick = selector.select(s, files, major, now);
      if (pick.isEmpty()) {
        continue;
      }
      boolean all = pick.size() == files.size();
      read += s.compact(pick, all, now, throttle);
      if (all) {
        majors.add(s.family().nameAsString());
      }
    }
    return new CompactionReport(read, majors);
  }

  /** Whether any of {@code stores} may need a compaction (worth asking for one after a flush). */
  public boolean worthChecking(Collection<Store> stores) {
    for (Store s : stores) {
      if (selector.worthChecking(s)) {
        return true;
      }
    }
    return false;
  }
}
