package org.basaltdb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.shell.command.Session;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command scripts run as {@code bin/basalt shell -e} runs them, through the real Java client
 * against an in-process standalone Basalt, checking what they print. Timestamps and timings are
 * masked; everything else is compared exactly.
 */
class EndToEndTest {
  @TempDir
  static Path dir;

  static Standalone basalt;
  static Session.Connector connector;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    basalt = Standalone.start(conf);
    connector = ClientConnections.connector(ClientConnections.configuration("localhost",
        basalt.thriftPort(), basalt.adminPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    basalt.close();
  }

  record Run(int status, String out) {}

  /** Runs a script as -e does: the first error ends it. */
  static Run run(String script) throws IOException {
    return runWith(script, connector, true);
  }

  /** Runs a script as the interactive shell does: errors are printed and the run goes on. */
  static Run runOn(String script) throws IOException {
    return runWith(script, connector, false);
  }

  static Run runWith(String script, Session.Connector with, boolean stopOnError)
      throws IOException {
    StringWriter buf = new StringWriter();
    int status = Main.runScript(script, new PrintWriter(buf), with, stopOnError);
    String out = buf.toString().replaceAll("Took \\d+\\.\\d{4} seconds", "Took T seconds")
        .replaceAll("timestamp=\\d{13}", "timestamp=T");
    return new Run(status, out);
  }

  static String lines(String... ls) {
    return String.join("\n", ls) + "\n";
  }

  static final String TOOK = "Took T seconds";

  @Test
  void dataRoundTrip() throws Exception {
    // Two versions of a:f:q take explicit timestamps: two puts in the same millisecond would get
    // the same one from the server, the second replacing the first.
    Run r = run("""
        create 'e2e', {NAME => 'f', VERSIONS => 3}, 'g', SPLITS => ['m']
        put 'e2e', 'a', 'f:q', 'v1', 1600000000001
        put 'e2e', 'a', 'f:q', 'v2', 1600000000002
        put 'e2e', "z\\x00\\xFF", 'g:bin', "\\x01\\x02"
        put 'e2e', 'n', 'f:q', 'x', 42
        scan 'e2e'
        get 'e2e', 'a', {COLUMN => 'f:q', VERSIONS => 2}
        get 'e2e', 'n', {TIMESTAMP => 42}
        scan 'e2e', {STARTROW => 'b', LIMIT => 1}
        scan 'e2e', {FILTER => "PrefixFilter('z')"}
        """);
    assertEquals(0, r.status(), r.out());
    assertEquals(lines("Created table e2e", TOOK, TOOK, TOOK, TOOK, TOOK,
        "ROW                             COLUMN+CELL",
        " a                              column=f:q, timestamp=T, value=v2",
        " n                              column=f:q, timestamp=42, value=x",
        " z\\x00\\xFF                      column=g:bin, timestamp=T, value=\\x01\\x02",
        "3 row(s)", TOOK,
        "COLUMN                          CELL",
        " f:q                            timestamp=T, value=v2",
        " f:q                            timestamp=T, value=v1",
        "2 row(s)", TOOK,
        "COLUMN                          CELL",
        " f:q                            timestamp=42, value=x",
        "1 row(s)", TOOK,
        "ROW                             COLUMN+CELL",
        " n                              column=f:q, timestamp=42, value=x",
        "1 row(s)", TOOK,
        "ROW                             COLUMN+CELL",
        " z\\x00\\xFF                      column=g:bin, timestamp=T, value=\\x01\\x02",
        "1 row(s)", TOOK), r.out());

    r = run("""
        incr 'e2e', 'c', 'f:n', 5
        incr 'e2e', 'c', 'f:n'
        get_counter 'e2e', 'c', 'f:n'
        append 'e2e', 'a', 'f:q', '+'
        delete 'e2e', 'n', 'f:q'
        deleteall 'e2e', 'a'
        count 'e2e', INTERVAL => 1
        get_splits 'e2e'
        """);
    assertEquals(lines("COUNTER VALUE = 5", TOOK, "COUNTER VALUE = 6", TOOK,
        "COUNTER VALUE = 6", TOOK, "CURRENT VALUE = v2+", TOOK, TOOK, TOOK,
        "Current count: 1, row: c", "Current count: 2, row: z\\x00\\xFF", "2 row(s)", TOOK,
        "Total number of splits = 2", "m", TOOK), r.out());
  }

  @Test
  void ddlAndNamespaces() throws Exception {
    Run r = run("""
        create_namespace 'e2ens'
        create 'e2ens:t', 'f'
        alter 'e2ens:t', NAME => 'f', VERSIONS => 4, TTL => 3600
        alter 'e2ens:t', 'g'
        alter 'e2ens:t', 'delete' => 'g'
        describe 'e2ens:t'
        list 'e2ens:.*'
        list_namespace_tables 'e2ens'
        exists 'e2ens:t'
        disable 'e2ens:t'
        is_disabled 'e2ens:t'
        drop 'e2ens:t'
        drop_namespace 'e2ens'
        exists 'e2ens:t'
        """);
    assertEquals(0, r.status(), r.out());
    assertEquals(lines(TOOK, "Created table e2ens:t", TOOK,
        "Updating all regions with the new schema...", "Done.", TOOK,
        "Updating all regions with the new schema...", "Done.", TOOK,
        "Updating all regions with the new schema...", "Done.", TOOK,
        "Table e2ens:t is ENABLED", "e2ens:t", "COLUMN FAMILIES DESCRIPTION",
        "{NAME => 'f', VERSIONS => '4', MIN_VERSIONS => '0', TTL => '3600 SECONDS',"
            + " KEEP_DELETED_CELLS => 'FALSE', BLOOMFILTER => 'ROW', COMPRESSION => 'NONE',"
            + " BLOCKSIZE => '65536', IN_MEMORY => 'false', BLOCKCACHE => 'true'}",
        "", "1 row(s)", TOOK,
        "TABLE", "e2ens:t", "1 row(s)", TOOK,
        "TABLE", "t", "1 row(s)", TOOK,
        "Table e2ens:t does exist", TOOK, TOOK, "true", TOOK, TOOK, TOOK,
        "Table e2ens:t does not exist", TOOK), r.out());
  }

  @Test
  void tools() throws Exception {
    Run r = run("""
        create 'tools', 'f'
        put 'tools', 'r', 'f:q', 'v'
        flush 'tools'
        compact 'tools'
        major_compact 'tools'
        compaction_state 'tools'
        truncate_preserve 'tools'
        count 'tools'
        version
        """);
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("Truncating table...\n" + TOOK + "\n0 row(s)\n"), r.out());
    // Just queued: the major compaction is waiting or running, or (on a fast machine) done.
    assertTrue(r.out().matches("(?s).*\n(NONE|MAJOR|MAJOR_AND_MINOR)\n" + TOOK
        + "\nTruncating .*"), r.out());
    Run locate = run("locate_region 'tools', 'r'; list_regions 'tools'");
    assertTrue(locate.out().contains("STARTKEY => '', ENDKEY => ''}"), locate.out());
  }

  @Test
  void splitAtAKeyThenAtTheMiddle() throws Exception {
    Run r = run("""
        create 'splits', 'f'
        put 'splits', 'a', 'f:q', '1'
        put 'splits', 'h', 'f:q', '2'
        put 'splits', 'p', 'f:q', '3'
        put 'splits', 'x', 'f:q', '4'
        split 'splits', 'm'
        get_splits 'splits'
        split 'splits'
        count 'splits'
        """);
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("4 row(s)"), r.out());
    Run regions = run("list_regions 'splits'");
    assertTrue(regions.out().contains("\n4 rows\n"), "two splits of two regions: " + regions.out());
  }

  @Test
  void serverErrorsAreOneLineAndStopTheScript() throws Exception {
    Run r = run("scan 'no_such_table'\nlist");
    assertEquals(1, r.status());
    assertTrue(r.out().startsWith("ERROR: ") && r.out().split("\n").length == 1, r.out());
    assertTrue(r.out().contains("no_such_table"), r.out());
    Run bad = run("create 'dup', 'f'; create 'dup', 'f'");
    assertEquals(1, bad.status());
    assertTrue(bad.out().startsWith("Created table dup\n" + TOOK + "\nERROR: "), bad.out());
    assertEquals(3, bad.out().split("\n").length, bad.out());
    Run put = run("put 'dup', 'r', 'nofamily:q', 'v'");
    assertEquals(1, put.status());
    assertTrue(put.out().startsWith("ERROR: ") && put.out().split("\n").length == 1, put.out());
  }

  // ---------------------------------------------------------------- cluster operations

  /** The encoded names of a table's regions in key order, read from list_regions. */
  static List<String> regionsOf(String table) throws IOException {
    Run r = run("list_regions '" + table + "'");
    assertEquals(0, r.status(), r.out());
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\\.([0-9a-f]{32})\\. ").matcher(r.out());
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void balancerSwitchAndBalancerPrintHBasesAnswers() throws Exception {
    Run r = run("""
        balance_switch true
        balance_switch false
        balancer_enabled
        balance_switch true
        balancer
        balancer_enabled
        list_deadservers
        """);
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().matches("(?s)Previous balancer state : (true|false)\n" + TOOK + "\n.*"),
        r.out());
    assertTrue(r.out().endsWith(lines("Previous balancer state : true", TOOK, "false", TOOK,
        "Previous balancer state : false", TOOK, "true", TOOK, "true", TOOK,
        "SERVERNAME", "0 row(s)", TOOK)), r.out());
  }

  @Test
  void statusListsTheServerAndTheRegionsOfATable() throws Exception {
    assertEquals(0, run("create 'st', 'f', SPLITS => ['g', 'p']").status());
    List<String> regions = regionsOf("st");
    assertEquals(3, regions.size());
    String server = basalt.regionServer().serverName();

    Run summary = run("status; status 'summary'");
    assertEquals(0, summary.status(), summary.out());
    assertTrue(summary.out().matches("(1 active master, 0 backup masters, 1 servers, 0 dead,"
        + " \\d+\\.0000 average load\n" + TOOK + "\n){2}"), summary.out());

    Run simple = run("status 'simple'");
    assertTrue(simple.out().matches("(?s)active master:  \\S+\n0 backup masters\n"
        + "1 live servers\n    " + Pattern.quote(server) + "\n        numberOfOnlineRegions=\\d+\n"
        + "0 dead servers\nAggregate load: 0, regions: \\d+\n" + TOOK + "\n"), simple.out());

    Run detailed = run("status 'detailed'");
    assertEquals(0, detailed.status(), detailed.out());
    assertTrue(detailed.out().contains("\n0 regionsInTransition\n"), detailed.out());
    assertTrue(detailed.out().contains("\n1 live servers\n    " + server + "\n"),
        detailed.out());
    for (String r : regions) {
      assertTrue(detailed.out().contains("\n        " + r + "\n"), r + " in " + detailed.out());
    }
    assertTrue(detailed.out().endsWith("0 dead servers\nAggregate load: 0, regions: "
        + detailed.out().replaceAll("(?s).*numberOfOnlineRegions=(\\d+)\n.*", "$1") + "\n"
        + TOOK + "\n"), detailed.out());
  }

  @Test
  void moveToAnUnknownServerFailsClearlyAndTheShellGoesOn() throws Exception {
    assertEquals(0, run("create 'mv', 'f'").status());
    String region = regionsOf("mv").get(0);
    Run r = runOn("move '" + region + "', 'nohost.invalid,1,1'\n"
        + "put 'mv', 'r', 'f:q', 'v'\n"
        + "get 'mv', 'r'");
    assertEquals(1, r.status(), r.out());
    String[] out = r.out().split("\n", 2);
    assertTrue(out[0].startsWith("ERROR: ") && out[0].contains("nohost.invalid,1,1"), r.out());
    assertEquals(lines(TOOK, "COLUMN                          CELL",
        " f:q                            timestamp=T, value=v", "1 row(s)", TOOK), out[1]);
  }

  @Test
  void unassignClosesARegionUntilAssignOpensIt() throws Exception {
    Run made = run("""
        create 'ua', 'f', SPLITS => ['m']
        put 'ua', 'a', 'f:q', '1'
        put 'ua', 'x', 'f:q', '2'
        """);
    assertEquals(0, made.status(), made.out());
    String second = regionsOf("ua").get(1);
    Configuration conf = ClientConnections.configuration("localhost", basalt.thriftPort(),
        basalt.adminPort());
    ClientConfig.OPERATION_TIMEOUT.set(conf, 1_000L); // a get of a closed region gives up soon
    ClientConfig.RETRY_PAUSE.set(conf, 10L);
    Session.Connector impatient = ClientConnections.connector(conf);

    // Only the get of the closed region goes through the impatient connection: its 1 s is also
    // its read timeout, which a loaded machine can take to answer the unassign or an open region.
    Run unassigned = run("unassign '" + second + "'");
    assertEquals(lines(TOOK), unassigned.out());
    Run closed = runWith("get 'ua', 'x'", impatient, false);
    assertEquals(1, closed.status(), closed.out());
    assertTrue(closed.out().startsWith("ERROR: "), "the region holding x is closed: "
        + closed.out());
    Run rest = runOn("get 'ua', 'a'\nstatus 'detailed'");
    assertEquals(0, rest.status(), rest.out());
    assertTrue(rest.out().startsWith(lines("COLUMN                          CELL",
        " f:q                            timestamp=T, value=1", "1 row(s)", TOOK)), rest.out());
    assertFalse(rest.out().contains(second), "status lists the closed region: " + rest.out());

    Run reopened = run("assign '" + second + "'\nget 'ua', 'x'\ncount 'ua'");
    assertEquals(0, reopened.status(), reopened.out());
    assertEquals(lines(TOOK, "COLUMN                          CELL",
        " f:q                            timestamp=T, value=2", "1 row(s)", TOOK,
        "2 row(s)", TOOK), reopened.out());
  }

  @Test
  void mergeRegionJoinsAdjacentRegionsAndKeepsEveryRow() throws Exception {
    Run made = run("""
        create 'mg', 'f', SPLITS => ['g', 'p']
        put 'mg', 'a', 'f:q', '1'
        put 'mg', 'h', 'f:q', '2'
        put 'mg', 'q', 'f:q', '3'
        """);
    assertEquals(0, made.status(), made.out());
    List<String> regions = regionsOf("mg");
    assertEquals(3, regions.size());
    Run merged = run("merge_region '" + regions.get(0) + "', '" + regions.get(1) + "'\n"
        + "get_splits 'mg'\ncount 'mg'");
    assertEquals(0, merged.status(), merged.out());
    assertEquals(lines(TOOK, "Total number of splits = 2", "p", TOOK, "3 row(s)", TOOK),
        merged.out());
    List<String> after = regionsOf("mg");
    assertEquals(2, after.size());
    Run again = run("merge_region ['" + after.get(0) + "', '" + after.get(1) + "']\n"
        + "get_splits 'mg'\nget 'mg', 'h'\ncount 'mg'");
    assertEquals(0, again.status(), again.out());
    assertEquals(lines(TOOK, "Total number of splits = 1", TOOK,
        "COLUMN                          CELL",
        " f:q                            timestamp=T, value=2", "1 row(s)", TOOK,
        "3 row(s)", TOOK), again.out());
  }
}
