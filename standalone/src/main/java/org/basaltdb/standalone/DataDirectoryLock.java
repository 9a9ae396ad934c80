package org.basaltdb.standalone;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * The lock a standalone process holds on its local state (the embedded ZooKeeper's directory,
 * {@code <data>/zookeeper/standalone.lock}) for as long as it runs: an OS file lock, which the
 * kernel releases when the process ends in any way, {@code kill -9} included.
 *
 * <p>Holding it proves that no other live process uses that directory: a second standalone on
 * the same data fails at once instead of fighting the first over ZooKeeper, and a standalone
 * that takes it knows that whatever sessions its ZooKeeper restored belong to dead
 * predecessors ({@link EmbeddedZooKeeper#closeRestoredSessions}), so it need not wait out their
 * timeouts.
 *
 * <p>Thread safety: none needed; taken once at start, released at close.
 */
final class DataDirectoryLock implements Closeable {
  static final String FILE_NAME = "standalone.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock in {@code dir}, or fails saying the directory is in use. */
  static DataDirectoryLock take(File dir) throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create directory " + dir);
    }
    File f = new File(dir, FILE_NAME);
    FileChannel ch = FileChannel.open(f.toPath(), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by another standalone in this JVM
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      ch.close();
      throw new IOException("the data directory is in use by another running Basalt "
          + "standalone (it holds " + f + "); stop it first, or give this one another "
          + "--data-dir");
    }
    return new DataDirectoryLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
