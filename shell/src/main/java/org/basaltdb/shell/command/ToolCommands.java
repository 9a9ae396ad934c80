package org.basaltdb.shell.command;

import java.util.List;
import org.basaltdb.common.TableName;

/** tools available on a single server: flush, compact, major_compact, compaction_state, split. */
final class ToolCommands {
  static final String GROUP = "tools";

  private static TableName tableOfRegion(org.basaltdb.client.Admin admin, String region)
      throws java.io.IOException {
    for (TableName t : admin.listTableNames(java.util.regex.Pattern.compile(".*"), false)) {
      for (var loc : admin.getRegions(t)) {
        if (loc.region().encodedName().equals(region)) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException("no table has a region named " + region);
  }

  private ToolCommands() {}

  static void register(Registry r) {
    r.add(new CommandSpec("flush", GROUP, "Flushes a table's memstores to SSTables.",
        "flush 'table'", List.of("flush 't1'"),
        (s, a) -> s.admin().flush(a.count(1, 1).table(0))));
    r.add(new CommandSpec("compact", GROUP, "Queues a minor compaction of a table and returns at once, as HBase's does.",
        "compact 'table'", List.of("compact 't1'"),
        (s, a) -> s.admin().compact(a.count(1, 1).table(0))));
    r.add(new CommandSpec("major_compact", GROUP,
        "Queues a major compaction of a table (every store rewritten into one SSTable) and "
            + "returns at once, as HBase's does.",
        "major_compact 'table'", List.of("major_compact 't1'"),
        (s, a) -> s.admin().majorCompact(a.count(1, 1).table(0))));
    r.add(new CommandSpec("compaction_state", GROUP,
        "Says what a table's compactions are doing: NONE, MINOR, MAJOR or MAJOR_AND_MINOR "
            + "(queued or running). Poll it after compact or major_compact to see them end.",
        "compaction_state 'table'", List.of("compaction_state 't1'", "compaction_state 'ns1:t1'"),
        (s, a) -> s.out().println(s.admin().getCompactionState(a.count(1, 1).table(0)))));
    r.add(new CommandSpec("split", GROUP,
        "Splits a table's regions at their middle rows, the region holding a key at that key, "
            + "or one region (by its encoded name) at a key or its middle row.",
        "split 'table' | 'region' [, 'splitKey']",
        List.of("split 't1'", "split 't1', 'm'", "split '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f'"),
        (s, a) -> {
          a.count(1, 2);
          byte[] key = a.size() > 1 ? a.bytes(1, "split key") : null;
          String name = a.string(0, "table or region");
          if (RegionNames.ENCODED.matcher(name).matches()) { // else it names a table
            TableName owner = tableOfRegion(s.admin(), name);
            s.admin().splitRegion(owner, name, key);
          } else if (key == null) {
            s.admin().split(a.table(0)); // every region at its middle row
          } else {
            s.admin().split(a.table(0), key);
          }
        }));
  }
}
