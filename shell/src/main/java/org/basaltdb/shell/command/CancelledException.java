package org.basaltdb.shell.command;

/** The user pressed Ctrl-C while a command ran; the command stops, the shell goes on. */
public final class CancelledException extends RuntimeException {
  public CancelledException() {
    super("cancelled");
  }
}
