package org.basaltdb.regionserver.filter;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.basaltdb.common.Cell;

/**
 * Keeps only the versions whose timestamp is in a given set. It sees versions after version
 * counting (HBase 2.x order), so with max-versions 1 it can only keep a column's newest version.
 * Versions older than the smallest listed timestamp skip the rest of the column.
 */
public final class TimestampsFilter extends Filter implements HintingFilter {
  private final TreeSet<Long> timestamps;

  public TimestampsFilter(Collection<Long> timestamps) {
    for (long ts : timestamps) {
      if (ts < 0) {
        throw new IllegalArgumentException("timestamps must be >= 0, got " + ts);
      }
    }
    this.timestamps = new TreeSet<>(timestamps);
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (timestamps.contains(c.timestamp())) {
      return ReturnCode.INCLUDE;
    }
    if (timestamps.isEmpty() || c.timestamp() < timestamps.first()) {
      return ReturnCode.NEXT_COL;
    }
    return ReturnCode.SKIP;
  }

  @Override
  public String toString() {
    return "TimestampsFilter("
        + timestamps.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
  }
}
