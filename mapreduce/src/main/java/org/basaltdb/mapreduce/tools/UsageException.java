package org.basaltdb.mapreduce.tools;

/**
 * A tool was started wrongly (a missing argument, an unknown option, a table that does not
 * exist): {@link Tools} prints the message alone, with the usage, and exits with 2.
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
