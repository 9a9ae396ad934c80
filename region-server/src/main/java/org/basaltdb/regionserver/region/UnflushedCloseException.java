package org.basaltdb.regionserver.region;

import java.io.IOException;

/**
 * A region closed without writing its memstores to files (its flush failed, now or before the
 * close): some of its acknowledged edits are only in the WAL. The WAL keeps them, but only a
 * split of the log gives them to the region's next open, so the server that held the region
 * must abort, as HBase's does when a close cannot flush; the master (or the standalone's next
 * start) then splits its log and reopens the region with every edit.
 */
public final class UnflushedCloseException extends IOException {
  public UnflushedCloseException(String message, Throwable cause) {
    super(message, cause);
  }
}
