package org.basaltdb.regionserver.thrift;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.basaltdb.common.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open scanners by id. A scanner not used for {@code timeoutMillis} is closed by
 * {@link #expire()}, so a client that disappears does not pin files and memory forever.
 */
final class ScannerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ScannerRegistry.class);

  static final class Entry {
    final TableScanner scanner;
    /**
     * What the protocol front end that opened the scanner keeps with it (Thrift1: whether rows
     * are returned with sorted columns); null for Thrift2.
     */
    final Object attachment;
    volatile long lastUsed;

    Entry(TableScanner scanner, Object attachment, long now) {
      this.scanner = scanner;
      this.attachment = attachment;
      this.lastUsed = now;
    }
  }

  private final Map<Integer, Entry> open = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Clock clock;
  private final long timeoutMillis;

  ScannerRegistry(Clock clock, long timeoutMillis) {
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
  }

  int add(TableScanner s, Object attachment) {
    int id;
    do {
      id = ids.incrementAndGet() & Integer.MAX_VALUE;
    } while (id == 0
        || open.putIfAbsent(id, new Entry(s, attachment, clock.currentTimeMillis())) != null);
    return id;
  }

  /** The scanner, marked as used now; null if there is none with that id. */
  Entry get(int id) {
    Entry e = open.get(id);
    if (e != null) {
      e.lastUsed = clock.currentTimeMillis();
    }
    return e;
  }

  boolean close(int id) {
    Entry e = open.remove(id);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      e.scanner.close();
    }
    return true;
  }

  int size() {
    return open.size();
  }

  /** Closes scanners idle for longer than the timeout; returns how many. */
  int expire() {
    long cutoff = clock.currentTimeMillis() - timeoutMillis;
    int n = 0;
    for (Iterator<Map.Entry<Integer, Entry>> it = open.entrySet().iterator(); it.hasNext();) {
      Map.Entry<Integer, Entry> e = it.next();
      if (e.getValue().lastUsed < cutoff) {
        it.remove();
        synchronized (e.getValue()) {
          e.getValue().scanner.close();
        }
        n++;
      }
    }
    if (n > 0) {
      LOG.info("closed {} scanner(s) idle for more than {} ms", n, timeoutMillis);
    }
    return n;
  }

  void closeAll() {
    for (Integer id : open.keySet()) {
      close(id);
    }
  }
}
