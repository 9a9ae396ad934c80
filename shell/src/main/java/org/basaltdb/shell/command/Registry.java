package org.basaltdb.shell.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.basaltdb.shell.lang.EditDistance;

/** Every command by name (aliases too), grouped as {@code help} lists them. */
public final class Registry {
  private final Map<String, CommandSpec> byName = new TreeMap<>();
  private final Map<String, List<CommandSpec>> byGroup = new LinkedHashMap<>();

  /** The full command set of the shell. */
  public static Registry standard() {
    Registry r = new Registry();
    GeneralCommands.register(r);
    DdlCommands.register(r);
    NamespaceCommands.register(r);
    DmlCommands.register(r);
    ToolCommands.register(r);
    ClusterCommands.register(r);
    return r;
  }

  public void add(CommandSpec c, String... aliases) {
    if (byName.putIfAbsent(c.name(), c) != null) {
      throw new IllegalStateException("command registered twice: " + c.name());
    }
    for (String a : aliases) {
      byName.put(a, c);
    }
    byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
  }

  public Optional<CommandSpec> lookup(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Command names and aliases, sorted. */
  public Collection<String> names() {
    return byName.keySet();
  }

  public Map<String, List<CommandSpec>> groups() {
    return byGroup;
  }

  /** Up to three known names closest to a mistyped one, nearest first. */
  public List<String> suggest(String typo) {
    return EditDistance.nearest(typo, byName.keySet());
  }
}
