package org.basaltdb.regionserver.compaction;

import java.io.InterruptedIOException;

/**
 * A compaction gave up part way because its region is closing: its partial output is deleted
 * and its inputs stay live, so nothing is lost; the region's next open compacts again. A close
 * that waited for a paced compaction of a large store instead took longer than the master's
 * call to it (the chaos run's balancer call that did not answer within 60 s).
 */
public final class CompactionStoppedException extends InterruptedIOException {
  public CompactionStoppedException(String message) {
    super(message);
  }
}
