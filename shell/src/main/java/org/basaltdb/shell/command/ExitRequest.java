package org.basaltdb.shell.command;

/** Thrown by {@code exit}; the shell loop stops. Carries no stack trace. */
public final class ExitRequest extends RuntimeException {
  ExitRequest() {
    super("exit", null, false, false);
  }
}
