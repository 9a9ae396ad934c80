package org.basaltdb.common.ops;

/** Timestamps {@code [min, max)}: min inclusive, max exclusive, as HBase's TimeRange. */
public record TimeRange(long min, long max) {
  public static final TimeRange ALL = new TimeRange(0, Long.MAX_VALUE);

  public TimeRange {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("bad time range [" + min + ", " + max + ")");
    }
  }

  /** The range holding exactly {@code ts}. */
  public static TimeRange at(long ts) {
    return new TimeRange(ts, ts == Long.MAX_VALUE ? ts : ts + 1);
  }

  public boolean isAll() {
    return min == 0 && max == Long.MAX_VALUE;
  }

  public boolean contains(long ts) {
    return ts >= min && ts < max;
  }

  /** Negative if {@code ts} is below the range, 0 inside, positive above (newer). */
  public int compare(long ts) {
    return ts < min ? -1 : ts >= max ? 1 : 0;
  }
}
