package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableWriter;

/** Writes small SSTables for the bulk-load tests. */
final class SSTables {
  private SSTables() {}

  /**
   * One cell per row, {@code family:q = prefix + row} at {@code ts}; not synced, as a job's
   * output is not (the load makes it durable).
   */
  static Path write(FileSystem fs, Path p, String family, List<String> rows, String prefix,
      long ts) throws IOException {
    SSTableOptions unsynced = SSTableOptions.defaults().withSyncOnFinish(false);
    try (SSTableWriter w = SSTableWriter.create(fs, p, unsynced)) {
      for (String r : new TreeSet<>(rows)) {
        w.append(Cell.put(toBytes(r), toBytes(family), toBytes("q"), ts, toBytes(prefix + r)));
      }
      w.finish();
    }
    return p;
  }
}
