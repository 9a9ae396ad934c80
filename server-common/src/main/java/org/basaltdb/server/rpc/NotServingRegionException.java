package org.basaltdb.server.rpc;

import java.io.IOException;

/** No region of this server holds the row (it moved, is closed, or the table is disabled). */
public class NotServingRegionException extends IOException {
  public NotServingRegionException(String message) {
    super(message);
  }
}
