package org.basaltdb.regionserver.compaction;

/**
 * How much of its time a compaction works, from how far compactions are behind: HBase's
 * pressure-aware compaction throughput, measured in time rather than bytes.
 *
 * <p>The <b>pressure</b> of a store is {@code (files - minFiles) / (urgentFiles - minFiles)}, as
 * HBase's {@code HStore.getCompactionPressure} (with {@code hbase.hstore.blockingStoreFiles} as
 * the urgent count): 0 while a store has no more files than a minor compaction needs, 1 at the
 * urgent count. A server's pressure is its most crowded store's. A compaction then works
 * {@code calmShare + (1 - calmShare) × pressure} of its time and rests the rest; at pressure 1 or
 * more it never rests.
 *
 * <p>Why: the one compactor thread is CPU-bound and never waits for anything, so during a load
 * it took a whole core from the writers of a 2-core server (40% of the server's CPU samples in a
 * 1,000,000-row YCSB load), however far ahead or behind it was. HBase paces between 50 and
 * 100 MB/s by default; a byte rate is right on one machine and wrong on the next, a share of the
 * time is not.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompactionPacing {
  /** Never rests: what tests and tools that run compactions themselves get. */
  public static final CompactionPacing NONE = new CompactionPacing(1.0, 2, 3);

  private final double calmShare;
  private final int minFiles;
  private final int urgentFiles;

  /**
   * {@code calmShare} in (0, 1]: the share of its time a compaction works at pressure 0;
   * {@code minFiles}: a minor compaction's least number of files; {@code urgentFiles}: the file
   * count of a store at which compactions stop resting. An urgent count at or below the minimum
   * (a server whose automatic compactions are switched off with a huge minimum, say) makes any
   * store past the minimum urgent: a setting both keys allow on their own is not refused for
   * how they combine.
   */
  public CompactionPacing(double calmShare, int minFiles, int urgentFiles) {
    if (!(calmShare > 0 && calmShare <= 1)) {
      throw new IllegalArgumentException("bad compaction pacing: calm share " + calmShare
          + " (must be in (0, 1])");
    }
    this.calmShare = calmShare;
    this.minFiles = minFiles;
    this.urgentFiles = Math.max(urgentFiles, minFiles + 1);
  }

  /** A store's pressure with {@code files} files: 0 up to the minimum, 1 at the urgent count. */
  public double pressure(int files) {
    return Math.max(0, (double) (files - minFiles) / (urgentFiles - minFiles));
  }

  /** The share of its time a compaction works at {@code pressure}, in (0, 1]. */
  public double share(double pressure) {
    return pressure >= 1 ? 1 : calmShare + (1 - calmShare) * Math.max(0, pressure);
  }
}
