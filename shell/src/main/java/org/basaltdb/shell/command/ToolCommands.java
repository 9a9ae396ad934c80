package org.basaltdb.shell.command;

import java.util.List;

/** tools available on a single server: flush, compact, major_compact (split: not yet). */
final class ToolCommands {
  static final String GROUP = "tools";

  private ToolCommands() {}

  static void register(Registry r) {
    r.add(new CommandSpec("flush", GROUP, "Flushes a table's memstores to SSTables.",
        "flush 'table'", List.of("flush 't1'"),
        (s, a) -> s.admin().flush(a.count(1, 1).table(0))));
    r.add(new CommandSpec("compact", GROUP, "Asks for a minor compaction of a table.",
        "compact 'table'", List.of("compact 't1'"),
        (s, a) -> s.admin().compact(a.count(1, 1).table(0))));
    r.add(new CommandSpec("major_compact", GROUP,
        "Asks for a major compaction of a table: every store rewritten into one SSTable.",
        "major_compact 'table'", List.of("major_compact 't1'"),
        (s, a) -> s.admin().majorCompact(a.count(1, 1).table(0))));
    r.add(new CommandSpec("split", GROUP,
        "Splits a table or region (not supported yet: the client has no split call).",
        "split 'table' | 'region' [, 'splitKey']", List.of("split 't1'", "split 't1', 'm'"),
        (s, a) -> {
          a.count(1, 2);
          throw new UnsupportedOperationException(
              "split is not supported yet: the Basalt client has no split operation");
        }));
  }
}
