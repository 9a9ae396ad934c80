package org.basaltdb.mapreduce.bulkload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.RegionInfo;

/**
 * Which region each SSTable of a bulk load goes to, given the table's regions: a file whose
 * first and last row lie in one region goes there; a file spanning several regions must first
 * be split at the boundaries it crosses ({@link #splits()}). Pure: no I/O, so the loader prints
 * it for {@code --dry-run} and recomputes it on every pass with fresh boundaries.
 */
public final class LoadPlan {
  /** One SSTable to load: its family directory, path, row range and size. */
  public record LoadFile(String family, Path path, byte[] firstRow, byte[] lastRow, long bytes) {
    @Override
    public String toString() {
      return family + "/" + path.getName();
    }
  }

  /** A file that crosses region boundaries: split it at {@code keys}, in order. */
  public record Split(LoadFile file, List<byte[]> keys, List<RegionInfo> regions) {}

  private final Map<RegionInfo, Map<String, List<LoadFile>>> byRegion;
  private final List<Split> splits;

  private LoadPlan(Map<RegionInfo, Map<String, List<LoadFile>>> byRegion, List<Split> splits) {
    this.byRegion = byRegion;
    this.splits = splits;
  }

  /**
   * Plans {@code files} against {@code regions} (the table's regions, in start-key order,
   * covering every key).
   */
  public static LoadPlan of(List<LoadFile> files, List<RegionInfo> regions) {
    TreeMap<byte[], RegionInfo> byStart = new TreeMap<>(Bytes.COMPARATOR);
    for (RegionInfo r : regions) {
      byStart.put(r.startKey(), r);
    }
    Map<RegionInfo, Map<String, List<LoadFile>>> byRegion = new LinkedHashMap<>();
    List<Split> splits = new ArrayList<>();
    for (LoadFile f : files) {
      Map.Entry<byte[], RegionInfo> e = byStart.floorEntry(f.firstRow());
      if (e == null) {
        throw new IllegalStateException("no region holds row '"
            + Bytes.toStringBinary(f.firstRow()) + "': the table's regions do not start at ''");
      }
      RegionInfo r = e.getValue();
      if (r.containsRow(f.lastRow())) {
        byRegion.computeIfAbsent(r, k -> new TreeMap<>())
            .computeIfAbsent(f.family(), k -> new ArrayList<>()).add(f);
        continue;
      }
      List<byte[]> keys = new ArrayList<>();
      List<RegionInfo> spanned = new ArrayList<>();
      spanned.add(r);
      for (RegionInfo next : byStart.subMap(f.firstRow(), false, f.lastRow(), true).values()) {
        keys.add(next.startKey());
        spanned.add(next);
      }
      splits.add(new Split(f, keys, spanned));
    }
    return new LoadPlan(byRegion, splits);
  }

  /** Files that fit one region each, by region then family. */
  public Map<RegionInfo, Map<String, List<LoadFile>>> byRegion() {
    return byRegion;
  }

  /** Files that must be split first. */
  public List<Split> splits() {
    return splits;
  }

  /** Bytes each region would receive; a file to be split counts evenly in each region it spans. */
  public Map<RegionInfo, Long> bytesPerRegion() {
    Map<RegionInfo, Long> out = new TreeMap<>((a, b) -> Bytes.compare(a.startKey(), b.startKey()));
    byRegion.forEach((r, fams) -> fams.values().forEach(fs -> fs.forEach(
        f -> out.merge(r, f.bytes(), Long::sum))));
    for (Split s : splits) {
      long share = s.file().bytes() / s.regions().size();
      for (RegionInfo r : s.regions()) {
        out.merge(r, share, Long::sum);
      }
    }
    return out;
  }

  /** The plan as {@code --dry-run} prints it. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<RegionInfo, Map<String, List<LoadFile>>> e : byRegion.entrySet()) {
      for (List<LoadFile> fs : e.getValue().values()) {
        for (LoadFile f : fs) {
          b.append("  ").append(f).append(" (").append(f.bytes()).append(" bytes, rows '")
              .append(Bytes.toStringBinary(f.firstRow())).append("'..'")
              .append(Bytes.toStringBinary(f.lastRow())).append("') -> region ")
              .append(name(e.getKey())).append('\n');
        }
      }
    }
    for (Split s : splits) {
      b.append("  ").append(s.file()).append(" (").append(s.file().bytes())
          .append(" bytes) needs splitting at");
      for (byte[] k : s.keys()) {
        b.append(" '").append(Bytes.toStringBinary(k)).append('\'');
      }
      b.append(" -> regions");
      for (RegionInfo r : s.regions()) {
        b.append(' ').append(r.encodedName());
      }
      b.append('\n');
    }
    b.append("bytes per region").append(splits.isEmpty() ? "" : " (split files shared evenly)")
        .append(":\n");
    bytesPerRegion().forEach((r, n) -> b.append("  ").append(name(r)).append(": ").append(n)
        .append(" bytes\n"));
    return b.toString();
  }

  private static String name(RegionInfo r) {
    return r.encodedName() + " ['" + Bytes.toStringBinary(r.startKey()) + "', '"
        + Bytes.toStringBinary(r.endKey()) + "')";
  }
}
