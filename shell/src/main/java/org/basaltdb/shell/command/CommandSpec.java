package org.basaltdb.shell.command;

import java.io.IOException;
import java.util.List;

/**
 * One shell command: its name, group, a one-line summary, the usage line printed when its
 * arguments are wrong, examples for {@code help 'name'}, and what it does.
 */
public record CommandSpec(String name, String group, String summary, String usage,
    List<String> examples, Handler handler) {
  public CommandSpec {
    examples = List.copyOf(examples);
  }

  /** Runs a command against the session with its evaluated arguments. */
  @FunctionalInterface
  public interface Handler {
    void run(Session session, Args args) throws IOException;
  }

  /** The text {@code help 'name'} prints. */
  public String help() {
    StringBuilder sb = new StringBuilder(summary).append("\n\nUsage: ").append(usage)
        .append("\n\nExamples:\n");
    for (String e : examples) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }
}
