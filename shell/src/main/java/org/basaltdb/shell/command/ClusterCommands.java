package org.basaltdb.shell.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.basaltdb.shell.lang.Value;

/**
 * tools that the master carries out across the cluster: move, balancer, balance_switch,
 * balancer_enabled, merge_region, assign, unassign, list_deadservers, hbck. Regions are named as
 * {@link RegionNames} takes them.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  static void register(Registry r) {
    String g = ToolCommands.GROUP;
    r.add(new CommandSpec("move", g,
        "Moves a region to the named server (host,port,startcode, as status 'simple' shows it),"
            + " or to another live server the master picks.",
        "move 'ENCODED_REGIONNAME' [, 'SERVER_NAME']",
        List.of("move '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f'",
            "move '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f', 'host1,9090,1700000000000'"),
        (s, a) -> {
          a.count(1, 2);
          String region = RegionNames.encoded(a, 0);
          String dest = a.has(1) ? a.string(1, "server name") : null;
          s.admin().move(region, dest);
        }));
    r.add(new CommandSpec("balancer", g,
        "Runs the balancer now; prints true if it ran, false if it is switched off.",
        "balancer", List.of("balancer"), (s, a) -> {
          a.count(0, 0);
          s.out().println(s.admin().balance());
        }));
    r.add(new CommandSpec("balance_switch", g,
        "Switches the balancer on or off and prints the setting it had before.",
        "balance_switch true | false", List.of("balance_switch false", "balance_switch true"),
        (s, a) -> {
          a.count(1, 1);
          boolean previous = s.admin().balancerSwitch(Args.bool(a.get(0), "balancer state"));
          s.out().println("Previous balancer state : " + previous);
        }));
    r.add(new CommandSpec("balancer_enabled", g,
        "Prints whether the balancer is switched on.", "balancer_enabled",
        List.of("balancer_enabled"), (s, a) -> {
          a.count(0, 0);
          s.out().println(s.admin().getClusterStatus().balancerOn());
        }));
    r.add(new CommandSpec("merge_region", g,
        "Merges two adjacent regions of a table into one.",
        "merge_region 'ENCODED_REGIONNAME', 'ENCODED_REGIONNAME' | ['ENCODED_REGIONNAME',"
            + " 'ENCODED_REGIONNAME']",
        List.of("merge_region '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f', "
            + "'0a1b2c3d4e5f60718293a4b5c6d7e8f9'"), ClusterCommands::merge));
    r.add(new CommandSpec("assign", g,
        "Opens a closed region on a server the master picks.", "assign 'ENCODED_REGIONNAME'",
        List.of("assign '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f'"),
        (s, a) -> s.admin().assign(RegionNames.encoded(a.count(1, 1), 0))));
    r.add(new CommandSpec("unassign", g,
        "Closes a region; it stays closed (its rows unreadable) until assign opens it again.",
        "unassign 'ENCODED_REGIONNAME'", List.of("unassign '5f2b0c1e9a8d4b7c6e5f4a3b2c1d0e9f'"),
        (s, a) -> s.admin().unassign(RegionNames.encoded(a.count(1, 1), 0))));
    r.add(new CommandSpec("list_deadservers", g,
        "Lists the servers whose crash the master has handled or is handling.",
        "list_deadservers", List.of("list_deadservers"), (s, a) -> {
          a.count(0, 0);
          List<String> dead = s.admin().getClusterStatus().deadServers();
          PrintWriter out = s.out();
          out.println("SERVERNAME");
          dead.forEach(out::println);
          out.println(Output.rows(dead.size()));
        }));
    r.add(new CommandSpec("hbck", g,
        "Runs the master's consistency check: every key covered by one region, every region "
            + "open on exactly one live server, no region directory meta does not know. Prints "
            + "each problem found, then how many.",
        "hbck", List.of("hbck"), (s, a) -> {
          a.count(0, 0);
          List<String> problems = s.admin().checkConsistency();
          PrintWriter out = s.out();
          problems.forEach(out::println);
          out.println(problems.size() + (problems.size() == 1 ? " inconsistency" :
              " inconsistencies"));
        }));
  }

  /** Two names, or HBase 2's one array of them; no force flag (only adjacent regions merge). */
  private static void merge(Session s, Args a) throws IOException {
    List<Value> names = a.size() == 1 && a.get(0) instanceof Value.Arr arr ? arr.items()
        : a.count(2, 2).all();
    if (names.size() != 2) {
      throw new UsageException("merge_region takes two regions, got " + names.size());
    }
    s.admin().mergeRegions(RegionNames.encoded(Args.text(names.get(0), "region name")),
        RegionNames.encoded(Args.text(names.get(1), "region name")));
  }
}
