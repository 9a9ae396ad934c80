package org.basaltdb.shell.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

  /**
   * Up to three known names closest to a mistyped one: within an edit distance of a third of its
   * length (at least 1, at most 3), or starting with it; nearest first.
   */
  public List<String> suggest(String typo) {
    int limit = Math.max(1, Math.min(3, typo.length() / 3));
    record Near(String name, int d) {}
    List<Near> near = new ArrayList<>();
    for (String n : byName.keySet()) {
      int d = editDistance(typo, n);
      if (d <= limit || (typo.length() >= 3 && n.startsWith(typo))) {
        near.add(new Near(n, d));
      }
    }
    near.sort(Comparator.comparingInt(Near::d).thenComparing(Near::name));
    return near.stream().limit(3).map(Near::name).toList();
  }

  /** Levenshtein distance, counting a swap of two neighbours as one edit. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
