package org.basaltdb.regionserver.region;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;
import org.basaltdb.common.ops.TimeRange;

/**
 * A deliberately simple model of HBase's read semantics, written independently of the engine's
 * matcher: every write is kept in a list per row, and a read recomputes visibility from scratch.
 * Only KEEP_DELETED_CELLS=FALSE and MIN_VERSIONS=0 are modelled.
 */
final class HBaseModel {
  private final NavigableMap<byte[], List<Cell>> rows = new TreeMap<>(Bytes.COMPARATOR);
  private final Map<String, Integer> familyVersions;
  private final long ttlMillis;

  HBaseModel(Map<String, Integer> familyVersions, long ttlMillis) {
    this.familyVersions = familyVersions;
    this.ttlMillis = ttlMillis;
  }

  /** One write; of its cells that compare equal (a column named twice), the later one wins. */
  void write(List<Cell> cells) {
    for (Cell c : cells) {
      List<Cell> row = rows.computeIfAbsent(c.row(), r -> new ArrayList<>());
      row.removeIf(old -> CellComparator.INSTANCE.compare(old, c) == 0);
      row.add(c);
    }
  }

  private long flushedSeq;

  /** Everything written so far is now in SSTables. */
  void flushed(long lastSeq) {
    flushedSeq = lastSeq;
  }

  /**
   * A major compaction of {@code families}: among flushed cells (only those are in the files
   * compacted), drops markers, what they mask and what expired. Memstore cells stay.
   */
  void majorCompact(java.util.Set<String> families, long now) {
    for (Map.Entry<byte[], List<Cell>> e : rows.entrySet()) {
      List<Cell> flushedCells = new ArrayList<>();
      for (Cell c : e.getValue()) {
        if (c.sequenceId() <= flushedSeq) {
          flushedCells.add(c);
        }
      }
      List<Cell> kept = new ArrayList<>();
      for (Cell c : e.getValue()) {
        boolean inFiles = c.sequenceId() <= flushedSeq
            && families.contains(Bytes.toString(c.family()));
        if (!inFiles
            || (!c.isDelete() && !masked(c, flushedCells, Long.MIN_VALUE) && !expired(c, now))) {
          kept.add(c);
        }
      }
      e.setValue(kept);
    }
  }

  private boolean expired(Cell c, long now) {
    return ttlMillis != Long.MAX_VALUE && c.timestamp() < now - ttlMillis;
  }

  /** Whether a marker among {@code cells}, with timestamp ≥ {@code minMarkerTs}, masks the put. */
  private static boolean masked(Cell p, List<Cell> cells, long minMarkerTs) {
    for (Cell m : cells) {
      if (!m.isDelete() || m.timestamp() < minMarkerTs || !Bytes.equals(m.family(), p.family())) {
        continue;
      }
      long ts = m.timestamp();
      boolean sameColumn = Bytes.equals(m.qualifier(), p.qualifier());
      switch (m.type()) {
        case DELETE_FAMILY:
          if (p.timestamp() <= ts) {
            return true;
          }
          break;
        case DELETE_FAMILY_VERSION:
          if (p.timestamp() == ts) {
            return true;
          }
          break;
        case DELETE_COLUMN:
          if (sameColumn && p.timestamp() <= ts) {
            return true;
          }
          break;
        case DELETE:
          if (sameColumn && p.timestamp() == ts) {
            return true;
          }
          break;
        default:
          break;
      }
    }
    return false;
  }

  /** The cells a Get of {@code row} returns. {@code families} null means all. */
  List<Cell> get(byte[] row, TreeSet<String> families, int maxVersions, TimeRange tr, long now) {
    List<Cell> cells = rows.getOrDefault(row, List.of());
    List<Cell> puts = new ArrayList<>();
    for (Cell c : cells) {
      if (!c.isDelete() && (families == null || families.contains(Bytes.toString(c.family())))) {
        puts.add(c);
      }
    }
    puts.sort(CellComparator.INSTANCE);
    List<Cell> out = new ArrayList<>();
    Cell prev = null;
    long lastTs = 0;
    int count = 0;
    for (Cell p : puts) {
      if (prev == null || !prev.sameColumn(p)) {
        count = 0;
        lastTs = Long.MIN_VALUE;
      }
      prev = p;
      if (expired(p, now) || masked(p, cells, tr.min()) || !tr.contains(p.timestamp())
          || p.timestamp() == lastTs) {
        continue;
      }
      lastTs = p.timestamp();
      count++;
      int limit = Math.min(maxVersions, familyVersions.get(Bytes.toString(p.family())));
      if (count <= limit) {
        out.add(p);
      }
    }
    return out;
  }

  /** Rows of a forward or reversed scan over {@code [start, stop)} (empty = unbounded). */
  List<List<Cell>> scan(byte[] start, byte[] stop, boolean reversed, int limit, long now) {
    List<List<Cell>> out = new ArrayList<>();
    NavigableMap<byte[], List<Cell>> range;
    if (!reversed) {
      range = stop.length == 0 ? rows.tailMap(start, true) : rows.subMap(start, true, stop, false);
    } else {
      NavigableMap<byte[], List<Cell>> head = start.length == 0 ? rows : rows.headMap(start, true);
      range = (stop.length == 0 ? head : head.tailMap(stop, false)).descendingMap();
    }
    for (byte[] row : range.keySet()) {
      List<Cell> r = get(row, null, 1, TimeRange.ALL, now);
      if (!r.isEmpty()) {
        out.add(r);
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  List<Cell> raw(byte[] row) {
    List<Cell> cells = new ArrayList<>(rows.getOrDefault(row, List.of()));
    cells.sort(CellComparator.INSTANCE);
    return cells;
  }

  /** The newest visible version of a column, for deletes of "the latest version". */
  Cell latest(byte[] row, String family, byte[] qualifier, long now) {
    TreeSet<String> fs = new TreeSet<>(List.of(family));
    for (Cell c : get(row, fs, 1, TimeRange.ALL, now)) {
      if (Bytes.equals(c.qualifier(), qualifier)) {
        return c;
      }
    }
    return null;
  }

  static final Comparator<Cell> ORDER = CellComparator.INSTANCE;
}
