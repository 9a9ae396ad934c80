package org.basaltdb.mapreduce;

import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;

/**
 * Turns a table's regions and a scan's row range into input splits, as HBase's
 * {@code TableInputFormatBase.getSplits}: one split per region the range overlaps, cut to the
 * range; then either each cut into {@code n} parts of equal key space
 * ({@code hbase.mapreduce.tableinput.mappers.per.region}), or, with autobalance, neighbouring
 * small splits merged and big ones cut so that each split holds about the target size.
 * Pure: no I/O, so it is tested on its own.
 */
final class SplitCalculator {
  /** A region as the calculator needs it; {@code end} empty for the table's last region. */
  record Region(byte[] start, byte[] end, String encodedName, String host, long size) {}

  private SplitCalculator() {}

  /**
   * One split per region overlapping {@code [scanStart, scanStop)} (an empty stop: unbounded), in
   * key order, cut to the scan's range. The size of a region cut short is its whole size (no
   * better estimate is at hand).
   */
  static List<TableSplit> perRegion(String table, List<Region> regions, byte[] scanStart,
      byte[] scanStop) {
    List<TableSplit> out = new ArrayList<>(regions.size());
    for (Region r : regions) {
      boolean startsBeforeRegionEnd =
          r.end().length == 0 || Bytes.compare(scanStart, r.end()) < 0;
      boolean stopsAfterRegionStart =
          scanStop.length == 0 || Bytes.compare(scanStop, r.start()) > 0;
      if (!startsBeforeRegionEnd || !stopsAfterRegionStart) {
        continue;
      }
      byte[] from = Bytes.compare(r.start(), scanStart) >= 0 ? r.start() : scanStart;
      boolean regionEndsFirst = r.end().length > 0
          && (scanStop.length == 0 || Bytes.compare(r.end(), scanStop) <= 0);
      byte[] to = regionEndsFirst ? r.end() : scanStop;
      out.add(new TableSplit(table, from, to, r.encodedName(), r.host(), r.size()));
    }
    return out;
  }

  /** Each split cut into {@code n} parts of about equal key space, sharing its size. */
  static List<TableSplit> nPerRegion(List<TableSplit> splits, int n) {
    if (n <= 1) {
      return splits;
    }
    List<TableSplit> out = new ArrayList<>(splits.size() * n);
    for (TableSplit s : splits) {
      out.addAll(cut(s, n));
    }
    return out;
  }

  private static List<TableSplit> cut(TableSplit s, int n) {
    List<byte[]> bounds = KeyRanges.cut(s.getStartRow(), s.getEndRow(), n);
    int parts = bounds.size() - 1;
    List<TableSplit> out = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      out.add(new TableSplit(s.getTable(), bounds.get(i), bounds.get(i + 1),
          s.getEncodedRegionName(), s.getRegionLocation(), s.getLength() / parts));
    }
    return out;
  }

  /**
   * Balances splits by size. The target is the average split size, capped at
   * {@code maxTarget}. A split over twice the target is cut into about size/target parts; runs of
   * neighbouring splits are merged while together they stay within the target. A merged split
   * keeps the first region's name and the host of its biggest part. With no sizes known (all
   * zero) the splits stay as they are.
   */
  static List<TableSplit> autoBalance(List<TableSplit> splits, long maxTarget) {
    long total = 0;
    for (TableSplit s : splits) {
      total += s.getLength();
    }
    if (splits.isEmpty() || total == 0) {
      return splits;
    }
    long target = Math.max(1, Math.min(maxTarget, total / splits.size()));
    List<TableSplit> out = new ArrayList<>();
    int i = 0;
    while (i < splits.size()) {
      TableSplit s = splits.get(i);
      if (s.getLength() > 2 * target) {
        out.addAll(cut(s, (int) Math.min(Integer.MAX_VALUE, s.getLength() / target)));
        i++;
        continue;
      }
      int j = i + 1;
      long size = s.getLength();
      TableSplit biggest = s;
      while (j < splits.size() && size + splits.get(j).getLength() <= target) {
        size += splits.get(j).getLength();
        if (splits.get(j).getLength() > biggest.getLength()) {
          biggest = splits.get(j);
        }
        j++;
      }
      TableSplit last = splits.get(j - 1);
      out.add(j == i + 1 ? s : new TableSplit(s.getTable(), s.getStartRow(), last.getEndRow(),
          s.getEncodedRegionName(), biggest.getRegionLocation(), size));
      i = j;
    }
    return out;
  }
}
