package org.basaltdb.shell.command;

import java.util.List;

/** A command name the registry does not know; the message suggests the nearest ones. */
public final class UnknownCommandException extends IllegalArgumentException {
  public UnknownCommandException(String name, List<String> suggestions) {
    super("Unknown command '" + name + "'."
        + (suggestions.isEmpty() ? "" : " Did you mean " + String.join(" or ",
            suggestions.stream().map(x -> "'" + x + "'").toList()) + "?")
        + " Type 'help' for the list of commands.");
  }
}
