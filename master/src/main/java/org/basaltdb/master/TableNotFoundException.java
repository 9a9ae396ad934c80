package org.basaltdb.master;

import java.io.IOException;

/** The table (or namespace) named in a request does not exist. */
public class TableNotFoundException extends IOException {
  public TableNotFoundException(String message) {
    super(message);
  }
}
