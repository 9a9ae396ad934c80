package org.basaltdb.wal;

import java.util.List;
import java.util.Objects;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;

/**
 * One edit as the log holds it: the cells one region appended under one sequence id. Every cell
 * carries {@link #sequenceId()} as its own sequence id.
 *
 * @param region the region's encoded name
 * @param table the region's table
 * @param sequenceId unique per server, increasing in log order
 * @param writeTime the writer's clock when the edit was appended, ms since the epoch
 * @param cells the cells, in the order they were appended (none for a bulk-load marker)
 * @param bulkLoad null for an edit; for a bulk-load marker, the files the load added
 */
public record WalEntry(String region, TableName table, long sequenceId, long writeTime,
    List<Cell> cells, BulkLoadMarker bulkLoad) {
  public WalEntry {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(table, "table");
    cells = List.copyOf(cells);
  }

  /** An edit. */
  public WalEntry(String region, TableName table, long sequenceId, long writeTime,
      List<Cell> cells) {
    this(region, table, sequenceId, writeTime, cells, null);
  }

  /** Whether this is a bulk-load marker rather than an edit. */
  public boolean isBulkLoad() {
    return bulkLoad != null;
  }

  @Override
  public String toString() {
    return "WalEntry{seq=" + sequenceId + ", region=" + region + ", table=" + table
        + ", writeTime=" + writeTime
        + (bulkLoad == null ? ", cells=" + cells.size() : ", bulkLoad=" + bulkLoad.allFiles())
        + "}";
  }
}
