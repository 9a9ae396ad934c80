package org.basaltdb.regionserver.region;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read points of a region's open reads (gets, scans, Thrift scanners between calls), so that
 * the memstore knows which versions some reader may still need ({@link #smallest()}), as HBase's
 * {@code HRegion.getSmallestReadPoint} does.
 *
 * <p>Registration without a lock: {@link #open()} adds its reader <em>before</em> it reads the
 * MVCC read point, and a reader not yet holding one counts as 0. {@link #smallest()} reads the MVCC
 * read point first and then the readers. A reader it does not see finished adding itself after
 * {@code smallest()} started, so the read point it then takes is at least the one
 * {@code smallest()} began with (read points never go back). So no reader ever holds a read point
 * below a {@code smallest()} computed while it was open, and a value once returned stays a safe
 * lower bound for as long as the caller uses it.
 *
 * <p>Thread safety: any thread.
 */
final class ReadPoints {
  /** One open read. */
  static final class Reader {
    /** 0 until {@link #open()} has read the MVCC read point. */
    private volatile long readPoint;

    long readPoint() {
      return readPoint;
    }
  }

  private final Mvcc mvcc;
  private final Set<Reader> open = ConcurrentHashMap.newKeySet();

  ReadPoints(Mvcc mvcc) {
    this.mvcc = mvcc;
  }

  /** Registers a read at the current read point; REQUIRES: {@link #close} when it ends. */
  Reader open() {
    Reader r = new Reader();
    open.add(r);
    r.readPoint = mvcc.readPoint();
    return r;
  }

  void close(Reader r) {
    open.remove(r);
  }

  /** No open read, now or later, sees fewer writes than this sequence id. */
  long smallest() {
    long min = mvcc.readPoint();
    for (Reader r : open) {
      min = Math.min(min, r.readPoint);
    }
    return min;
  }

  int openCount() {
    return open.size();
  }
}
