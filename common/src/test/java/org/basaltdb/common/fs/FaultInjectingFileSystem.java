package org.basaltdb.common.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A {@link FileSystem} wrapper for crash and fault tests (Pebble's errorfs, LevelDB's
 * fault_injection_test).
 *
 * <p><b>Crash.</b> Every output stream it hands out remembers how many bytes were made durable
 * (by hflush/hsync; close makes the whole file durable). {@link #crash()} drops the rest: each
 * open stream is cut off and its file truncated to its last synced length, as if the machine
 * had lost power (local disk) or the writer had died (HDFS: what the pipeline acknowledged
 * survives). Streams cut off by a crash throw on every later call.
 *
 * <p><b>Closed files.</b> By default closing a stream makes its file durable (HDFS: a closed file
 * is complete on its datanodes). {@link #closedFilesNeedSync} models a local disk instead: a
 * file closed without an hsync of all its bytes loses what was not synced in a crash (its
 * length after the crash is what was synced: 0 for a file never synced, as ext4's delayed
 * allocation leaves it), unless {@link #syncClosed} made it durable since; the file is followed
 * through renames, and forgotten when deleted.
 *
 * <p><b>Failures by operation index.</b> Operations are counted per kind ({@link Op}):
 * {@link #failNth(Op, int)} makes the n-th operation of that kind from now throw an
 * IOException (once), {@link #failFrom(Op, int)} makes it and every later one throw. A failed
 * write writes nothing; a failed sync makes nothing newly durable.
 *
 * <p>Wrap the raw local filesystem ({@code FileSystem.getLocal(conf).getRawFileSystem()}): the
 * checksummed one cannot hflush.
 *
 * <p>Thread safety: all methods are synchronized on this object.
 */
public class FaultInjectingFileSystem extends FilterFileSystem implements ClosedFiles.Syncing {
  /** Kinds of operation that can be failed. */
  public enum Op {
    CREATE,
    WRITE,
    SYNC,
    RENAME
  }

  private final Map<Op, Integer> counts = new EnumMap<>(Op.class);
  private final Map<Op, Integer> failAt = new EnumMap<>(Op.class);
  private final Map<Op, Boolean> sticky = new EnumMap<>(Op.class);
  private final List<TrackedStream> open = new ArrayList<>();
  /** With {@link #closedFilesNeedSync}: closed files not yet durable, and their synced length. */
  private final Map<Path, Long> closedUnsynced = new java.util.HashMap<>();
  private boolean closedFilesNeedSync;
  private int injected;
  private boolean down;
  private volatile CountDownLatch syncGate;
  private final AtomicInteger syncsHeld = new AtomicInteger();

  public FaultInjectingFileSystem(FileSystem raw) {
    super(raw);
    for (Op op : Op.values()) {
      counts.put(op, 0);
    }
  }

  /** The {@code n}-th (1-based) operation of kind {@code op} from now fails, once. */
  public synchronized void failNth(Op op, int n) {
    failAt.put(op, counts.get(op) + n);
    sticky.put(op, false);
  }

  /** The {@code n}-th operation of kind {@code op} from now and every later one fail. */
  public synchronized void failFrom(Op op, int n) {
    failAt.put(op, counts.get(op) + n);
    sticky.put(op, true);
  }

  /**
   * Every later hflush and hsync waits until {@code gate} opens, then goes on as usual; null
   * stops holding. Tests use it to keep a sync in flight.
   */
  public void holdSyncs(CountDownLatch gate) {
    syncGate = gate;
  }

  /** Syncs waiting at the gate now. */
  public int syncsHeld() {
    return syncsHeld.get();
  }

  private void passSyncGate() throws InterruptedIOException {
    CountDownLatch gate = syncGate;
    if (gate == null) {
      return;
    }
    syncsHeld.incrementAndGet();
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a sync was held");
    } finally {
      syncsHeld.decrementAndGet();
    }
  }

  /**
   * From now on a closed file is durable only as far as it was synced (a local disk), or once
   * {@link #syncClosed} synced it; see the class comment.
   */
  public synchronized void closedFilesNeedSync() {
    closedFilesNeedSync = true;
  }

  /** Whether {@code p} is a closed file whose unsynced bytes a crash would drop now. */
  public synchronized boolean isClosedUnsynced(Path p) {
    return closedUnsynced.containsKey(makeQualified(p));
  }

  @Override
  public synchronized void syncClosed(Path p) throws IOException {
    check(Op.SYNC, p);
    closedUnsynced.remove(makeQualified(p));
  }

  /** Stops injecting failures. */
  public synchronized void heal() {
    failAt.clear();
    sticky.clear();
  }

  /** Operations of kind {@code op} so far (failed ones included). */
  public synchronized int count(Op op) {
    return counts.get(op);
  }

  /** Failures injected so far. */
  public synchronized int injected() {
    return injected;
  }

  private synchronized void check(Op op, Object what) throws IOException {
    if (down) {
      throw new IOException("filesystem is down after a simulated crash (" + op + " " + what
          + ")");
    }
    int n = counts.merge(op, 1, Integer::sum);
    Integer at = failAt.get(op);
    if (at != null && (n == at || (n > at && sticky.get(op)))) {
      injected++;
      throw new IOException("injected failure of " + op + " #" + n + " (" + what + ")");
    }
  }

  /**
   * Simulates a crash: truncates every open stream's file to its last synced length and cuts
   * the stream off. Until {@link #restart()}, every later create, write, sync and rename
   * through this wrapper fails, as the crashed process can do nothing more. Returns the number
   * of streams affected.
   */
  public synchronized int crash() throws IOException {
    down = true;
    int n = 0;
    for (TrackedStream s : new ArrayList<>(open)) {
      s.crashed = true;
      try {
        s.inner.close();
      } catch (IOException e) {
        // The bytes past the synced length are dropped below anyway.
      }
      if (getRawFileSystem().exists(s.path)) {
        getRawFileSystem().truncate(s.path, s.synced);
      }
      n++;
    }
    open.clear();
    for (Map.Entry<Path, Long> e : closedUnsynced.entrySet()) {
      if (getRawFileSystem().exists(e.getKey())) {
        getRawFileSystem().truncate(e.getKey(), e.getValue());
        n++;
      }
    }
    closedUnsynced.clear();
    return n;
  }

  /** Accepts operations again after {@link #crash()} (a new process on the same disks). */
  public synchronized void restart() {
    down = false;
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    check(Op.CREATE, f);
    return track(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize,
        progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission,
      EnumSet<CreateFlag> flags, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    check(Op.CREATE, f);
    return track(f, super.createNonRecursive(f, permission, flags, bufferSize, replication,
        blockSize, progress));
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    check(Op.RENAME, src + " -> " + dst);
    boolean ok = super.rename(src, dst);
    synchronized (this) {
      if (ok && !closedUnsynced.isEmpty()) {
        Path from = makeQualified(src);
        Path to = makeQualified(dst);
        if (getRawFileSystem().getFileStatus(to).isDirectory() && !closedUnsynced.containsKey(from)
            && !isUnder(from, to)) {
          // a directory renamed: its tracked files move with it
          String prefix = from + "/";
          for (Path p : new ArrayList<>(closedUnsynced.keySet())) {
            if (p.toString().startsWith(prefix)) {
              closedUnsynced.put(new Path(to + "/" + p.toString().substring(prefix.length())),
                  closedUnsynced.remove(p));
            }
          }
        } else if (closedUnsynced.containsKey(from)) {
          Path target = getRawFileSystem().getFileStatus(to).isDirectory()
              ? new Path(to, from.getName()) : to;
          closedUnsynced.put(target, closedUnsynced.remove(from));
        }
      }
    }
    return ok;
  }

  private static boolean isUnder(Path p, Path dir) {
    return p.toString().startsWith(dir + "/");
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    boolean ok = super.delete(f, recursive);
    synchronized (this) {
      Path q = makeQualified(f);
      closedUnsynced.remove(q);
      closedUnsynced.keySet().removeIf(p -> isUnder(p, q));
    }
    return ok;
  }

  private synchronized FSDataOutputStream track(Path f, FSDataOutputStream inner)
      throws IOException {
    TrackedStream s = new TrackedStream(f, inner);
    open.add(s);
    return new FSDataOutputStream(s, null);
  }

  private synchronized void closed(TrackedStream s) {
    open.remove(s);
  }

  /** Counts operations, injects failures and remembers the synced length of one file. */
  private final class TrackedStream extends OutputStream implements Syncable {
    private final Path path;
    private final FSDataOutputStream inner;
    private long written;
    private long synced;
    private boolean crashed;
    private boolean closed;

    TrackedStream(Path path, FSDataOutputStream inner) {
      this.path = path;
      this.inner = inner;
    }

    private void alive() throws IOException {
      if (crashed) {
        throw new IOException("stream to " + path + " was cut off by a simulated crash");
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (FaultInjectingFileSystem.this) {
        alive();
        check(Op.WRITE, path);
        inner.write(b, off, len);
        written += len;
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (FaultInjectingFileSystem.this) {
        alive();
        inner.flush();
      }
    }

    @Override
    public void hflush() throws IOException {
      passSyncGate();
      synchronized (FaultInjectingFileSystem.this) {
        alive();
        check(Op.SYNC, path);
        inner.hflush();
        synced = written;
      }
    }

    @Override
    public void hsync() throws IOException {
      passSyncGate();
      synchronized (FaultInjectingFileSystem.this) {
        alive();
        check(Op.SYNC, path);
        inner.hsync();
        synced = written;
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (FaultInjectingFileSystem.this) {
        if (closed || crashed) {
          return;
        }
        closed = true;
        inner.close();
        if (closedFilesNeedSync && synced < written) {
          closedUnsynced.put(makeQualified(path), synced);
        } else {
          synced = written;
        }
        closed(this);
      }
    }
  }
}
