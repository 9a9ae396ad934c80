package org.basaltdb.regionserver.compaction;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Chooses the files of a minor compaction, in the manner of HBase's exploring policy: among every
 * run of consecutive files (by age) of allowed length, keep those in which no file is larger than
 * {@code ratio} times the others together, and pick the run with the most files, then the
 * smallest total size. Merging similar-sized neighbours bounds write amplification; the ratio
 * keeps one huge old file from being rewritten for every small new one.
 *
 * <p>References (a split or merge's stand-ins for a parent's files) override all that: while a
 * store holds any, every file is selected, so one compaction leaves the store only its own files
 * and the parent can be deleted (HBase does the same).
 */
public final class CompactionPolicy {
  private final int minFiles;
  private final int maxFiles;
  private final double ratio;

  public CompactionPolicy(int minFiles, int maxFiles, double ratio) {
    if (minFiles < 2 || maxFiles < minFiles || ratio <= 0) {
      throw new IllegalArgumentException("bad compaction policy: min " + minFiles + ", max "
          + maxFiles + ", ratio " + ratio);
    }
    this.minFiles = minFiles;
    this.maxFiles = maxFiles;
    this.ratio = ratio;
  }

  public int minFiles() {
    return minFiles;
  }

  /**
   * Every file if any is a reference ({@code isReference}), else the chosen run of
   * {@link #select(List, ToLongFunction)}.
   */
  public <F> List<F> select(List<F> files, ToLongFunction<F> size, Predicate<F> isReference) {
    for (F f : files) {
      if (isReference.test(f)) {
        return List.copyOf(files);
      }
    }
    return select(files, size);
  }

  /** The chosen run of {@code files} (oldest first), or an empty list. */
  public <F> List<F> select(List<F> files, ToLongFunction<F> size) {
    int n = files.size();
    if (n < minFiles) {
      return List.of();
    }
    int bestStart = -1;
    int bestLen = 0;
    long bestSize = Long.MAX_VALUE;
    for (int start = 0; start < n; start++) {
      long total = 0;
      for (int end = start; end < Math.min(n, start + maxFiles); end++) {
        total += size.applyAsLong(files.get(end));
        int len = end - start + 1;
        if (len < minFiles || !inRatio(files, start, end, total, size)) {
          continue;
        }
        if (len > bestLen || (len == bestLen && total < bestSize)) {
          bestStart = start;
          bestLen = len;
          bestSize = total;
        }
      }
    }
    return bestStart < 0 ? List.of() : List.copyOf(files.subList(bestStart, bestStart + bestLen));
  }

  private <F> boolean inRatio(List<F> files, int start, int end, long total,
      ToLongFunction<F> size) {
    for (int i = start; i <= end; i++) {
      long s = size.applyAsLong(files.get(i));
      if (s > (total - s) * ratio) {
        return false;
      }
    }
    return true;
  }
}
