package org.basaltdb.shell.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.basaltdb.client.ClusterStatus;
import org.basaltdb.common.Version;
import org.basaltdb.shell.lang.Value;

/** general: status, version, whoami, help, exit. */
final class GeneralCommands {
  static final String GROUP = "general";

  private GeneralCommands() {}

  static void register(Registry r) {
    r.add(new CommandSpec("status", GROUP,
        "Shows the cluster's status: 'summary' (default); 'simple' adds the masters and each"
            + " server with its region count; 'detailed' also each server's regions.",
        "status ['summary' | 'simple' | 'detailed']",
        List.of("status", "status 'simple'", "status 'detailed'"), GeneralCommands::status));
    r.add(new CommandSpec("version", GROUP, "Shows the Basalt version.", "version",
        List.of("version"), (s, a) -> {
          a.count(0, 0);
          s.out().println(Version.VERSION + ", Basalt shell (HBase shell syntax), Java "
              + System.getProperty("java.version"));
        }));
    r.add(new CommandSpec("whoami", GROUP, "Shows the current user.", "whoami",
        List.of("whoami"), (s, a) -> {
          a.count(0, 0);
          s.out().println(System.getProperty("user.name") + " (auth:SIMPLE)");
        }));
    r.add(new CommandSpec("help", GROUP,
        "Lists every command; help 'group' describes a group's commands; help 'command' shows a"
            + " command's usage and examples.",
        "help ['group' | 'command']",
        List.of("help", "help 'ddl'", "help 'scan'"), GeneralCommands::help));
    r.add(new CommandSpec("exit", GROUP, "Leaves the shell (also: quit, Ctrl-D).", "exit",
        List.of("exit"), (s, a) -> {
          throw new ExitRequest();
        }), "quit");
  }


  /**
   * The cluster as the master sees it, in the shapes of HBase's {@code status}: one summary line;
   * 'simple' adds the masters and each server with its region count; 'detailed' also each
   * server's regions (encoded names) and the regions in transition.
   */
  private static void status(Session s, Args a) throws IOException {
    a.count(0, 1);
    String format = a.has(0) ? a.string(0, "format") : "summary";
    if (!List.of("summary", "simple", "detailed").contains(format)) {
      throw new UsageException("unknown status format '" + format
          + "'; use 'summary', 'simple' or 'detailed'");
    }
    ClusterStatus st = s.admin().getClusterStatus();
    PrintWriter out = s.out();
    int masters = st.activeMaster() == null || st.activeMaster().isEmpty() ? 0 : 1;
    if (format.equals("summary")) {
      out.printf(Locale.ROOT, "%d active master, %d backup masters, %d servers, %d dead,"
              + " %.4f average load%n", masters, st.backupMasters().size(),
          st.liveServers().size(), st.deadServers().size(), st.averageLoad());
      return;
    }
    boolean detailed = format.equals("detailed");
    if (detailed) {
      out.println("cluster id: " + st.clusterId());
      out.println(st.regionsInTransition() + " regionsInTransition");
    }
    out.println("active master:  " + (masters == 0 ? "(none)" : st.activeMaster()));
    out.println(st.backupMasters().size() + " backup masters");
    st.backupMasters().forEach(m -> out.println("    " + m));
    out.println(st.liveServers().size() + " live servers");
    for (ClusterStatus.LiveServer server : st.liveServers()) {
      out.println("    " + server.serverName());
      out.println("        numberOfOnlineRegions=" + server.regionCount());
      if (detailed) {
        server.regions().forEach(r -> out.println("        " + r));
      }
    }
    out.println(st.deadServers().size() + " dead servers");
    st.deadServers().forEach(d -> out.println("    " + d));
    out.println("Aggregate load: 0, regions: " + st.regionCount());
  }

  private static void help(Session s, Args a) {
    a.count(0, 1);
    Registry r = s.registry();
    PrintWriter out = s.out();
    if (!a.has(0)) {
      out.println("Basalt Shell, version " + Version.VERSION);
      out.println("Type 'help \"COMMAND\"' (e.g. 'help \"get\"') for help on a command,");
      out.println("or 'help \"COMMAND_GROUP\"' (e.g. 'help \"ddl\"') for help on a group.");
      out.println();
      out.println("COMMAND GROUPS:");
      r.groups().forEach((g, cmds) -> {
        out.println("  Group name: " + g);
        out.println("  Commands: " + String.join(", ",
            cmds.stream().map(CommandSpec::name).sorted().toList()));
        out.println();
      });
      out.println("SHELL USAGE:");
      out.println("Quote all names: table, row and column names are strings:");
      out.println("  put 't1', 'r1', 'f1:c1', 'value'");
      out.println("Options go in a hash: {KEY => value, ...}; e.g.");
      out.println("  scan 't1', {COLUMNS => ['f1:a', 'f2'], LIMIT => 10}");
      out.println("Double-quoted strings take escapes such as \"\\x00\\xFF\\n\".");
      out.println("Tab completes commands, tables and column families; Ctrl-C stops a running"
          + " command.");
      return;
    }
    Value v = a.get(0);
    String name = Args.text(v, "command or group");
    List<CommandSpec> group = r.groups().get(name);
    if (group != null) {
      out.println("Command group: " + name);
      out.println();
      for (CommandSpec c : group) {
        out.println(c.name() + ": " + c.help());
      }
      return;
    }
    CommandSpec c = r.lookup(name).orElseThrow(() -> new UnknownCommandException(name,
        r.suggest(name)));
    out.print(c.help());
  }
}
