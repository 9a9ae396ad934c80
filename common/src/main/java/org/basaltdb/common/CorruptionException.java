package org.basaltdb.common;

import java.io.IOException;

/**
 * Persisted bytes that fail a check (checksum, magic, bounds, version). The message always names
 * the file and the byte offset, so an operator can find the damage.
 */
public class CorruptionException extends IOException {
  private final String file;
  private final long offset;

  public CorruptionException(String file, long offset, String what) {
    super(file + " at offset " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  public CorruptionException(String file, long offset, String what, Throwable cause) {
    super(file + " at offset " + offset + ": " + what, cause);
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
