package org.basaltdb.master;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes archived WAL files once they are older than {@link MasterConfig#WAL_ARCHIVE_TTL}: the
 * master's part of HBase's {@code LogCleaner} with its {@code TimeToLiveLogCleaner}.
 *
 * <p>A file reaches {@code oldWALs/<server>/} only when every edit in it is in a flushed SSTable
 * (a region server's roll archives it) or in recovered edits (a split archives a dead server's
 * log), so nothing reads it again; the TTL keeps recent ones for an operator's inspection
 * ({@code bin/basalt wal}). Without this the archive grew without end: 3.2 GB beside a 2.5 GB
 * table after a 2,000,000-row load. The age is the file's modification time, which a rename
 * keeps, so a file is kept for the TTL after its last write, as in HBase.
 *
 * <p>A server's directory goes too once it is empty, unchanged for the TTL and the server is not
 * alive: a live server archives into its directory by rename (a starting one may have made its
 * directory before it shows as alive, hence the age).
 *
 * <p>Thread safety: called from the master's one chore thread.
 */
final class WalArchiveCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(WalArchiveCleaner.class);

  private final FileSystem fs;
  private final Path archive;
  private final long ttlMillis;
  private final Clock clock;

  WalArchiveCleaner(FileSystem fs, Path root, long ttlMillis, Clock clock) {
    this.fs = fs;
    this.archive = new Path(root, "oldWALs");
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  /** Deletes what has expired; {@code liveServers} are the servers that may still archive. */
  Result clean(Iterable<String> liveServers) throws IOException {
    Set<String> live = new HashSet<>();
    liveServers.forEach(live::add);
    FileStatus[] servers;
    try {
      servers = fs.listStatus(archive);
    } catch (FileNotFoundException e) {
      return new Result(0, 0, 0);
    }
    long cutoff = clock.currentTimeMillis() - ttlMillis;
    int files = 0;
    long bytes = 0;
    int dirs = 0;
    for (FileStatus server : servers) {
      if (!server.isDirectory()) {
        continue; // not a server's directory: not ours to judge
      }
      FileStatus[] logs;
      try {
        logs = fs.listStatus(server.getPath());
      } catch (FileNotFoundException e) {
        continue;
      }
      int left = logs.length;
      for (FileStatus log : logs) {
        if (log.isFile() && log.getModificationTime() < cutoff && fs.delete(log.getPath(), false)) {
          files++;
          bytes += log.getLen();
          left--;
        }
      }
      String name = server.getPath().getName();
      if (left == 0 && !live.contains(name) && server.getModificationTime() < cutoff
          && deleteIfEmpty(server.getPath())) {
        dirs++;
      }
    }
    if (files > 0 || dirs > 0) {
      LOG.info("deleted {} archived WAL file(s), {} bytes, older than {} ms, and {} empty "
          + "director(ies) of servers no longer alive, under {}", files, bytes, ttlMillis, dirs,
          archive);
    }
    return new Result(files, bytes, dirs);
  }

  private boolean deleteIfEmpty(Path dir) throws IOException {
    try {
      return fs.listStatus(dir).length == 0 && fs.delete(dir, false);
    } catch (IOException e) {
      return false; // gone already, or a file arrived after the listing (delete refuses)
    }
  }

  /** What one pass deleted. */
  record Result(int files, long bytes, int directories) {}
}
