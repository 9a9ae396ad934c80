package org.basaltdb.regionserver.server;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.regionserver.sstable.Reference;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.wal.RecoveredEdits;

/**
 * Finds the highest sequence id persisted under a root directory (in SSTables and in
 * recovered-edits files), so a new WAL can start above it: a region's later writes must sort as
 * newer than everything it already holds.
 */
final class PersistedSequenceIds {
  private PersistedSequenceIds() {}

  static long max(FileSystem fs, Path root) throws IOException {
    Path data = new Path(root, "data");
    if (!fs.exists(data)) {
      return 0;
    }
    long max = 0;
    for (FileStatus ns : fs.listStatus(data)) {
      for (FileStatus table : dirs(fs, ns.getPath())) {
        for (FileStatus region : dirs(fs, table.getPath())) {
          for (Path edits : RecoveredEdits.list(fs, region.getPath())) {
            max = Math.max(max, parseOrZero(edits.getName()));
          }
          for (FileStatus family : dirs(fs, region.getPath())) {
            if (family.getPath().getName().startsWith(".")
                || family.getPath().getName().equals(RecoveredEdits.DIR)) {
              continue;
            }
            for (FileStatus f : fs.listStatus(family.getPath())) {
              String name = f.getPath().getName();
              // A reference's ids are those of the parent's file it names, counted there.
              if (f.isFile() && !name.startsWith(".") && !Reference.isReferenceName(name)) {
                // A bulk-loaded file's cells carry the id its name holds.
                max = Math.max(max, Math.max(maxOfFile(fs, f.getPath()),
                    org.basaltdb.wal.BulkLoadMarker.sequenceIdOf(name)));
              }
            }
          }
        }
      }
    }
    return max;
  }

  private static FileStatus[] dirs(FileSystem fs, Path p) throws IOException {
    return java.util.Arrays.stream(fs.listStatus(p)).filter(FileStatus::isDirectory)
        .toArray(FileStatus[]::new);
  }

  private static long maxOfFile(FileSystem fs, Path p) throws IOException {
    try (SSTableReader r = SSTableReader.open(fs, p, null)) {
      byte[] seq = r.info().fileInfo(StoreFile.MAX_FLUSHED_SEQ_ID);
      return Math.max(r.info().maxSequenceId(), seq == null ? 0 : Bytes.toLong(seq));
    } catch (java.io.FileNotFoundException gone) {
      // Deleted since the listing by the server compacting it (a region held elsewhere): its
      // ids are in the compaction's output, and opening a region raises the log's counter above
      // the ids of that region's own files anyway. Failing the start for it would help nobody.
      return 0;
    }
  }

  private static long parseOrZero(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return 0; // a temporary file of an interrupted split
    }
  }
}
