package org.basaltdb.common.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a file that someone else wrote and closed durable, and the directory entries that name
 * it: what a bulk load does with a job's SSTables before its WAL marker names them.
 *
 * <p>What "durable" takes depends on the filesystem:
 * <ul>
 *   <li>{@code file://}: a closed file may still be only in the page cache, and so may a rename
 *       into a directory; {@code fsync(2)} of the file, and of the directory, puts them on the
 *       disk (Linux accepts {@code fsync} on a descriptor opened for reading, directories
 *       included).
 *   <li>Any other scheme (HDFS): nothing. A file closed on HDFS is complete: its last block
 *       reached the minimum replication before {@code close} returned, and a rename is in the
 *       namenode's edit log, which it syncs before answering. The replicas are in the
 *       datanodes' memory at least, the guarantee an {@code hflush} ({@code SYNC_WAL}) gives;
 *       {@code dfs.datanode.synconclose} puts them on disk too. HDFS cannot sync a closed file.
 *   <li>A filesystem that implements {@link Syncing} (a test's fault-injecting wrapper) does it
 *       itself.
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class ClosedFiles {
  private ClosedFiles() {}

  /** A filesystem that makes closed files and directories durable itself. */
  public interface Syncing {
    /** Makes {@code p} (a closed file or a directory) durable. */
    void syncClosed(Path p) throws IOException;
  }

  /**
   * Makes the closed file or directory {@code p} of {@code fs} durable; returns whether that
   * took a sync, false where a closed file is durable already (see the class comment).
   */
  public static boolean sync(FileSystem fs, Path p) throws IOException {
    if (fs instanceof Syncing s) {
      s.syncClosed(p);
      return true;
    }
    if (!"file".equals(fs.getUri().getScheme())) {
      return false;
    }
    java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(p).toUri());
    try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
      ch.force(true);
    }
    return true;
  }
}
