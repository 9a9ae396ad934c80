package org.basaltdb.shell.lang;

import java.util.List;

/** One command as typed: its name, its evaluated arguments, and where it starts. */
public record Statement(String command, List<Value> args, int line, int column) {
  public Statement {
    args = List.copyOf(args);
  }
}
