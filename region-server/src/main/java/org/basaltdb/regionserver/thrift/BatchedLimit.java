package org.basaltdb.regionserver.thrift;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Result;

/**
 * A scan's row limit when the scan has a batch size too, counted as HBase 2.6 counts it behind
 * its Thrift gateway, where the region server and the gateway's client scanner both count rows,
 * differently:
 *
 * <ul>
 *   <li>The region server reads a region in calls of up to {@code caching} results. Within a
 *       call it counts a row when a part that is not <i>partial</i> goes out (partial: the part
 *       stopped at the batch size with cells of its row still unread, HBase's
 *       {@code mayHaveMoreCellsInRow}), or when a part of another row follows a partial one.
 *       When the count reaches the limit the call sends, the whole scan ends, and a part that
 *       made it count by starting another row is not sent.</li>
 *   <li>After each call the client subtracts the rows its result cache counted from the limit
 *       it sends with the next call. That cache (HBase's {@code BatchScanResultCache}) remembers
 *       "the last full-batch part was partial" until the next full-batch part, so every short
 *       row after a partial part counts twice, and an empty reply after one counts once more.
 *       The client's limit therefore reaches 0 early (the scan ends), or drops below 0, after
 *       which the client sends no limit at all and the rest of the range is read.</li>
 * </ul>
 *
 * <p>Not a rule anyone would design; it is what HBase's Thrift clients get, so Basalt matches it
 * (docs/hbase-compatibility.md). Without a batch size every result is a whole row, both counts
 * are the plain row count, and {@link TableScanner} counts rows itself.
 *
 * <p>Thread safety: one caller at a time, as its {@link TableScanner}.
 */
final class BatchedLimit {
  private final int batch;
  /** Results per call to a region: the scan's caching, or no bound (HBase's default). */
  private final int caching;
  /** The limit the client sends with its next call; at or below 0 it sends none. */
  private int remaining;
  /** True once the region server or the client has ended the scan. */
  private boolean over;

  // The region server's memory of the region being read.
  private byte[] rowOfLastPartial;
  private boolean lastMoreRows;

  // The client cache's memory, kept across regions.
  private boolean lastResultPartial;
  private byte[] lastCellRow;

  BatchedLimit(int limit, int batch, int caching) {
    this.remaining = limit;
    this.batch = batch;
    this.caching = caching > 0 ? caching : Integer.MAX_VALUE;
  }

  /** Call when a new region is opened. */
  void regionStarted() {
    rowOfLastPartial = null;
    lastMoreRows = true;
  }

  /** True once no more results may be read. */
  boolean over() {
    return over;
  }

  /**
   * One call to the region {@code rows} reads: appends its results to {@code out}; returns
   * true if the region has more to read (another call), false when it is done or the scan over.
   */
  boolean call(TableScanner.Rows rows, List<Result> out) throws IOException {
    int callLimit = Math.max(remaining, 0); // 0: the client sends none
    int serverRows = 0;
    List<Result> results = new ArrayList<>();
    List<Boolean> partials = new ArrayList<>();
    boolean regionMore = true;
    while (true) {
      if (results.size() >= caching) {
        regionMore = lastMoreRows;
        break;
      }
      Result r = rows.next();
      if (r == null) {
        // HBase sets the flag of a call's last part false when the region ends in the call.
        if (!results.isEmpty()) {
          partials.set(partials.size() - 1, false);
        } else if (rows.filterDone()) {
          over = true; // a call that finds only a done filter ends the whole scan
        }
        regionMore = false;
        break;
      }
      boolean partial = rows.partial();
      if (callLimit > 0) {
        byte[] before = results.isEmpty() ? rowOfLastPartial
            : partials.get(partials.size() - 1) ? results.get(results.size() - 1).row() : null;
        if (before != null && !Bytes.equals(before, r.row()) && ++serverRows >= callLimit) {
          over = true;
          break;
        }
      }
      results.add(r);
      partials.add(partial);
      lastMoreRows = rows.moreRows();
      if (!partial && callLimit > 0 && ++serverRows >= callLimit) {
        over = true;
        break;
      }
      if (!lastMoreRows) {
        regionMore = false;
        break;
      }
    }
    if (regionMore && !results.isEmpty()) {
      rowOfLastPartial = partials.get(partials.size() - 1)
          ? results.get(results.size() - 1).row() : null;
    }
    int counted = clientCount(results, partials);
    if (remaining > 0) {
      remaining -= counted;
      if (remaining == 0) {
        over = true;
      }
    }
    out.addAll(results);
    return regionMore && !over;
  }

  /** The rows HBase's client result cache counts for one call's results. */
  private int clientCount(List<Result> results, List<Boolean> partials) {
    int n = 0;
    if (results.isEmpty() && lastResultPartial) {
      n++; // an empty reply after a partial part: "the row must have changed"
    }
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      boolean partial = partials.get(i);
      if (lastResultPartial && !Bytes.equals(lastCellRow, r.row())) {
        n++;
      }
      if (r.size() >= batch) {
        // A full-batch part goes straight out; only these update the cache's memory.
        if (!partial) {
          n++;
        }
        lastResultPartial = partial;
        lastCellRow = r.row();
      } else {
        n++; // a short part ends its row: completed, but the memory stays as it was
      }
    }
    return n;
  }
}
