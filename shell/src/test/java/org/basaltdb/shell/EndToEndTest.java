package org.basaltdb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
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
    connector = ClientConnection.connector(ClientConnection.configuration("localhost",
        basalt.thriftPort(), basalt.adminPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    basalt.close();
  }

  record Run(int status, String out) {}

  static Run run(String script) throws IOException {
    StringWriter buf = new StringWriter();
    int status = Main.runScript(script, new PrintWriter(buf), connector, true);
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
    Run r = run("""
        create 'e2e', {NAME => 'f', VERSIONS => 3}, 'g', SPLITS => ['m']
        put 'e2e', 'a', 'f:q', 'v1'
        put 'e2e', 'a', 'f:q', 'v2'
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
  void toolsAndStatus() throws Exception {
    Run r = run("""
        create 'tools', 'f'
        put 'tools', 'r', 'f:q', 'v'
        flush 'tools'
        compact 'tools'
        major_compact 'tools'
        truncate_preserve 'tools'
        count 'tools'
        status
        version
        """);
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("Truncating table...\n" + TOOK + "\n0 row(s)\n"), r.out());
    assertTrue(r.out().matches("(?s).*\n1 active master, 0 backup masters, 1 servers, 0 dead,"
        + " \\d+\\.0000 average load\n.*"), r.out());
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
}
