package org.basaltdb.shell.command;

/** Arguments that do not fit the command; the shell prints the message, usage and example. */
public final class UsageException extends IllegalArgumentException {
  public UsageException(String message) {
    super(message);
  }
}
