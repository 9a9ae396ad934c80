package org.basaltdb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.shell.command.Registry;
import org.basaltdb.shell.command.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands' argument handling and output, against {@link FakeCluster}. */
class CommandsTest {
  FakeCluster fake;
  StringWriter buf;
  Shell shell;

  @BeforeEach
  void setUp() {
    fake = new FakeCluster();
    buf = new StringWriter();
    shell = new Shell(new Session(new PrintWriter(buf), () -> fake, () -> 0, Registry.standard()));
  }

  /** Runs a script as -e does and returns what it printed. */
  String run(String script) {
    buf.getBuffer().setLength(0);
    shell.run(script, true);
    return buf.toString();
  }

  static String lines(String... ls) {
    return String.join("\n", ls) + "\n";
  }

  static final String TOOK = "Took 0.0000 seconds";

  @Test
  void createPutScanGet() {
    assertEquals(lines("Created table t1", TOOK), run("create 't1', 'f1', {NAME => 'f2'}"));
    assertEquals(lines(TOOK, TOOK, TOOK), run("put 't1', 'r1', 'f1:a', 'v1'\n"
        + "put 't1', \"r\\x002\", 'f1:b', \"\\xFFx\"; put 't1', 'r1', 'f2:c', 'w', 5"));
    assertEquals(lines(
        "ROW                             COLUMN+CELL",
        " r\\x002                         column=f1:b, timestamp=1001, value=\\xFFx",
        " r1                             column=f1:a, timestamp=1000, value=v1",
        " r1                             column=f2:c, timestamp=5, value=w",
        "2 row(s)", TOOK), run("scan 't1'"));
    assertEquals(lines(
        "COLUMN                          CELL",
        " f1:a                           timestamp=1000, value=v1",
        " f2:c                           timestamp=5, value=w",
        "2 row(s)", TOOK), run("get 't1', 'r1'"));
    assertEquals(lines(
        "COLUMN                          CELL",
        " f2:c                           timestamp=5, value=w",
        "1 row(s)", TOOK), run("get 't1', 'r1', {COLUMN => 'f2'}"));
    assertEquals(lines(
        "COLUMN                          CELL",
        " f1:a                           timestamp=1000, value=v1",
        "1 row(s)", TOOK), run("get 't1', 'r1', 'f1:a'"));
    assertEquals(lines("COLUMN                          CELL", " f2:c                           "
        + "timestamp=5, value=w", "1 row(s)", TOOK), run("get 't1', 'r1', {TIMERANGE => [0, 6]}"));
  }

  @Test
  void scanOptions() {
    run("create 't', {NAME => 'f', VERSIONS => 3}");
    for (String r : new String[] {"a1", "a2", "b1", "b2", "c1"}) {
      run("put 't', '" + r + "', 'f:q', '" + r + "'");
    }
    run("put 't', 'a1', 'f:q', 'again'");
    String scan = run("scan 't', {STARTROW => 'a2', STOPROW => 'c1', COLUMNS => ['f:q']}");
    assertTrue(scan.contains(" a2 ") && scan.contains(" b2 ") && !scan.contains(" c1 "), scan);
    assertTrue(scan.endsWith("3 row(s)\n" + TOOK + "\n"), scan);
    assertTrue(run("scan 't', {ROWPREFIXFILTER => 'b'}").contains("2 row(s)"));
    assertTrue(run("scan 't', {LIMIT => 1, REVERSED => true}").contains(" c1 "));
    String v = run("scan 't', {VERSIONS => 2, STOPROW => 'a2'}");
    assertTrue(v.contains("value=again") && v.contains("value=a1") && v.contains("1 row(s)"), v);
  }

  @Test
  void describeShowsFamilyOptions() {
    run("create 'ns', {NAME => 'f', VERSIONS => 5, TTL => 3600, BLOOMFILTER => 'ROWCOL',"
        + " COMPRESSION => 'LZ4', BLOCKSIZE => 16384, IN_MEMORY => true,"
        + " KEEP_DELETED_CELLS => true, MIN_VERSIONS => 1}");
    assertEquals(lines("Table ns is ENABLED", "ns", "COLUMN FAMILIES DESCRIPTION",
        "{NAME => 'f', VERSIONS => '5', MIN_VERSIONS => '1', TTL => '3600 SECONDS',"
            + " KEEP_DELETED_CELLS => 'TRUE', BLOOMFILTER => 'ROWCOL', COMPRESSION => 'LZ4',"
            + " BLOCKSIZE => '16384', IN_MEMORY => 'true', BLOCKCACHE => 'true'}",
        "", "1 row(s)", TOOK), run("desc 'ns'"));
  }

  @Test
  void alterAddsModifiesAndDeletesFamilies() {
    run("create 't', 'f'");
    assertEquals(lines("Updating all regions with the new schema...", "Done.", TOOK),
        run("alter 't', NAME => 'f', VERSIONS => 5"));
    assertEquals(5, fake.tables.values().iterator().next().desc.families().iterator().next()
        .maxVersions());
    run("alter 't', 'g', {NAME => 'h', TTL => 60}");
    assertEquals(3, fake.tables.values().iterator().next().desc.families().size());
    run("alter 't', 'delete' => 'g'");
    run("alter 't', NAME => 'h', METHOD => 'delete'");
    assertEquals(1, fake.tables.values().iterator().next().desc.families().size());
    assertTrue(run("alter 't', NAME => 'f', METHOD => 'drop'").startsWith(
        "Updating all regions with the new schema...\nERROR: METHOD must be 'delete'"));
  }

  @Test
  void tableLifecycle() {
    run("create 't1', 'f', SPLITS => ['g', 'p']");
    run("create 'other', 'f'");
    assertEquals(lines("TABLE", "other", "t1", "2 row(s)", TOOK), run("list"));
    assertEquals(lines("TABLE", "t1", "1 row(s)", TOOK), run("list 't.*'"));
    assertEquals(lines("Table t1 does exist", TOOK), run("exists 't1'"));
    assertEquals(lines("Table nope does not exist", TOOK), run("exists 'nope'"));
    assertEquals(lines("Total number of splits = 3", "g", "p", TOOK), run("get_splits 't1'"));
    assertTrue(run("locate_region 't1', 'h'").contains("STARTKEY => 'g', ENDKEY => 'p'"));
    assertTrue(run("list_regions 't1'").contains("3 rows"));
    assertEquals(lines("ERROR: Table t1 is enabled; disable it first"), run("drop 't1'"));
    assertEquals(lines(TOOK, "true", TOOK, "false", TOOK), run("disable 't1'; is_disabled 't1';"
        + " is_enabled 't1'"));
    assertEquals(lines(TOOK, "Table t1 does not exist", TOOK), run("drop 't1'; exists 't1'"));
    run("put 'other', 'r', 'f:q', 'v'");
    assertEquals(lines("Truncating 'other' table (it may take a while):", "Disabling table...",
        "Truncating table...", TOOK, "0 row(s)", TOOK),
        run("truncate 'other'; count 'other'"));
  }

  @Test
  void deletesCountersAppendsAndCount() {
    run("create 't', 'f'");
    run("put 't', 'r', 'f:a', '1'; put 't', 'r', 'f:b', '2'; put 't', 's', 'f:a', '3'");
    run("delete 't', 'r', 'f:a'");
    assertTrue(run("get 't', 'r'").contains("1 row(s)"));
    run("deleteall 't', 'r'");
    assertTrue(run("get 't', 'r'").contains("0 row(s)"));
    assertEquals(lines("COUNTER VALUE = 1", TOOK, "COUNTER VALUE = 11", TOOK,
        "COUNTER VALUE = 11", TOOK),
        run("incr 't', 'c', 'f:n'; incr 't', 'c', 'f:n', 10; get_counter 't', 'c', 'f:n'"));
    assertEquals(lines("No counter found at specified coordinates", TOOK),
        run("get_counter 't', 'c', 'f:none'"));
    assertEquals(lines("CURRENT VALUE = 3-x", TOOK), run("append 't', 's', 'f:a', '-x'"));
    for (int i = 0; i < 25; i++) {
      run("put 't', 'k" + i + "', 'f:a', 'v'");
    }
    assertEquals(lines("Current count: 10, row: k16", "Current count: 20, row: k3",
        "27 row(s)", TOOK), run("count 't', INTERVAL => 10, CACHE => 100"));
    run("deleteall 't', {ROWPREFIXFILTER => 'k'}");
    assertTrue(run("count 't'").startsWith("2 row(s)"));
  }

  @Test
  void namespaces() {
    assertEquals(lines(TOOK), run("create_namespace 'ns1', {'owner' => 'me'}"));
    assertEquals(lines("DESCRIPTION", "{NAME => 'ns1', owner => 'me'}", TOOK),
        run("describe_namespace 'ns1'"));
    run("alter_namespace 'ns1', {METHOD => 'set', 'k' => 'v'}");
    assertEquals(lines("DESCRIPTION", "{NAME => 'ns1', k => 'v', owner => 'me'}", TOOK),
        run("describe_namespace 'ns1'"));
    run("alter_namespace 'ns1', {METHOD => 'unset', NAME => 'owner'}");
    assertTrue(run("describe_namespace 'ns1'").contains("{NAME => 'ns1', k => 'v'}"));
    run("create 'ns1:t', 'f'");
    assertEquals(lines("TABLE", "t", "1 row(s)", TOOK), run("list_namespace_tables 'ns1'"));
    assertEquals(lines("NAMESPACE", "basalt", "default", "ns1", "3 row(s)", TOOK),
        run("list_namespace"));
    run("disable 'ns1:t'; drop 'ns1:t'; drop_namespace 'ns1'");
    assertEquals(lines("NAMESPACE", "basalt", "default", "2 row(s)", TOOK),
        run("list_namespace"));
  }

  @Test
  void generalAndTools() {
    assertTrue(run("version").matches("(?s)[^,]+, Basalt shell .*\nTook 0.0000 seconds\n"));
    assertTrue(run("whoami").contains("(auth:SIMPLE)"));
    assertEquals(lines("1 active master, 0 backup masters, 1 servers, 0 dead, 0.0000 average load",
        TOOK), run("status"));
    String filters = run("show_filters");
    assertEquals(18 + 1, filters.split("\n").length);
    assertTrue(filters.startsWith("KeyOnlyFilter\nFirstKeyOnlyFilter\n"));
    run("create 't', 'f'");
    assertEquals(lines(TOOK, TOOK, TOOK), run("flush 't'; compact 't'; major_compact 't'"));
    assertEquals(lines("NONE", TOOK), run("compaction_state 't'"));
    assertEquals(lines("ERROR: Table nosuch does not exist"), run("compaction_state 'nosuch'"));
    assertEquals(lines(TOOK, TOOK), run("split 't'; split 't', 'm'"));
    assertEquals(lines("ERROR: no table has a region named 0123456789abcdef0123456789abcdef"),
        run("split '0123456789abcdef0123456789abcdef'"));
  }

  /** The encoded names of a table's regions in the fake, in key order. */
  List<String> regionsOf(String table) throws Exception {
    List<String> out = new ArrayList<>();
    for (RegionLocation l : fake.getRegions(TableName.valueOf(table))) {
      out.add(l.region().encodedName());
    }
    return out;
  }

  @Test
  void statusInItsThreeShapes() throws Exception {
    run("create 'a', 'f', SPLITS => ['m']; create 'b', 'f'");
    List<String> regions = new ArrayList<>(regionsOf("a"));
    regions.addAll(regionsOf("b"));
    fake.backupMasters = List.of("fakehost2,16000,2");
    fake.deadServers = List.of("gone,9090,7");
    fake.regionsInTransition = 1;
    String summary = lines(
        "1 active master, 1 backup masters, 1 servers, 1 dead, 3.0000 average load", TOOK);
    assertEquals(summary, run("status"));
    assertEquals(summary, run("status 'summary'"));
    assertEquals(lines(
        "active master:  fakehost,16000,1",
        "1 backup masters",
        "    fakehost2,16000,2",
        "1 live servers",
        "    fakehost,9090,1",
        "        numberOfOnlineRegions=3",
        "1 dead servers",
        "    gone,9090,7",
        "Aggregate load: 0, regions: 3", TOOK), run("status 'simple'"));
    assertEquals(lines(
        "cluster id: fake-cluster",
        "1 regionsInTransition",
        "active master:  fakehost,16000,1",
        "1 backup masters",
        "    fakehost2,16000,2",
        "1 live servers",
        "    fakehost,9090,1",
        "        numberOfOnlineRegions=3",
        "        " + regions.get(0),
        "        " + regions.get(1),
        "        " + regions.get(2),
        "1 dead servers",
        "    gone,9090,7",
        "Aggregate load: 0, regions: 3", TOOK), run("status 'detailed'"));
    assertTrue(run("status 'full'").startsWith("ERROR: unknown status format 'full'; use"
        + " 'summary', 'simple' or 'detailed'\n\nUsage: status ['summary'"));
  }

  @Test
  void balancerCommands() {
    assertEquals(lines("true", TOOK), run("balancer"));
    assertEquals(lines("Previous balancer state : true", TOOK), run("balance_switch false"));
    assertEquals(lines("false", TOOK, "false", TOOK), run("balancer; balancer_enabled"));
    assertEquals(lines("Previous balancer state : false", TOOK, "true", TOOK),
        run("balance_switch 'true'; balancer_enabled"));
    assertTrue(run("balance_switch 'on'").startsWith(
        "ERROR: balancer state must be true or false, got 'on'\n\nUsage: balance_switch"));
    assertTrue(run("balancer 'force'").startsWith("ERROR: wrong number of arguments"));
  }

  @Test
  void hbckPrintsEachProblemThenHowMany() {
    assertEquals(lines("0 inconsistencies", TOOK), run("hbck"));
    fake.inconsistencies = List.of("table t: region abc is open on no server");
    assertEquals(lines("table t: region abc is open on no server", "1 inconsistency", TOOK),
        run("hbck"));
  }

  @Test
  void listDeadServers() {
    assertEquals(lines("SERVERNAME", "0 row(s)", TOOK), run("list_deadservers"));
    fake.deadServers = List.of("h1,9090,5", "h2,9090,6");
    assertEquals(lines("SERVERNAME", "h1,9090,5", "h2,9090,6", "2 row(s)", TOOK),
        run("list_deadservers"));
  }

  @Test
  void moveAssignUnassignTakeEncodedOrFullRegionNames() throws Exception {
    run("create 't', 'f', SPLITS => ['m']");
    List<String> r = regionsOf("t");
    String full = "t,m,1." + r.get(1) + ".";
    assertEquals(lines(TOOK, TOOK, TOOK, TOOK),
        run("unassign '" + r.get(0) + "'; assign '" + r.get(0) + "'; unassign '" + full
            + "'; move '" + r.get(0) + "', 'fakehost,9090,1'"));
    assertEquals(List.of("unassign " + r.get(0), "assign " + r.get(0), "unassign " + r.get(1),
        "move " + r.get(0) + " to fakehost,9090,1"), fake.calls);
    assertEquals(java.util.Set.of(r.get(1)), fake.closed);
    String status = run("status 'detailed'");
    assertTrue(status.contains("numberOfOnlineRegions=1\n        " + r.get(0)
        + "\n0 dead servers"), status);
    assertEquals(lines("ERROR: cannot move region " + r.get(0) + ": no live server nohost,1,1"),
        run("move '" + r.get(0) + "', 'nohost,1,1'"));
    assertEquals(lines("ERROR: cannot move region " + r.get(0) + ": no other live server"),
        run("move '" + r.get(0) + "'"));
    assertTrue(run("assign 't'").startsWith("ERROR: 't' is not a region name: give the encoded"
        + " name (32 hex digits) or the full name ending in .ENCODED. (list_regions shows both)"
        + "\n\nUsage: assign 'ENCODED_REGIONNAME'"));
    assertEquals(lines("ERROR: region 0123456789abcdef0123456789abcdef does not exist"),
        run("unassign '0123456789abcdef0123456789abcdef'"));
  }

  @Test
  void mergeRegionTakesTwoNamesOrAnArrayOfTwo() throws Exception {
    run("create 't', 'f', SPLITS => ['g', 'p']");
    List<String> r = regionsOf("t");
    assertEquals(lines(TOOK), run("merge_region '" + r.get(0) + "', '" + r.get(1) + "'"));
    assertEquals(lines("Total number of splits = 2", "p", TOOK), run("get_splits 't'"));
    List<String> after = regionsOf("t");
    assertEquals(lines(TOOK), run("merge_region ['" + after.get(0) + "', '" + after.get(1)
        + "']"));
    assertEquals(1, regionsOf("t").size());
    assertTrue(run("merge_region ['" + r.get(0) + "']").startsWith(
        "ERROR: merge_region takes two regions, got 1\n\nUsage: merge_region"));
    assertTrue(run("merge_region 'a', 'b', true").startsWith(
        "ERROR: wrong number of arguments (given 3, expected 2)"));
    run("create 'u', 'f', SPLITS => ['g', 'p']");
    List<String> u = regionsOf("u");
    assertEquals(lines("ERROR: regions " + u.get(0) + " and " + u.get(2) + " are not adjacent"),
        run("merge_region '" + u.get(0) + "', '" + u.get(2) + "'"));
  }

  @Test
  void help() {
    String all = run("help");
    assertTrue(all.contains("  Group name: ddl\n  Commands: alter, create, describe,"), all);
    assertTrue(all.contains("Group name: namespace"));
    String ddl = run("help 'ddl'");
    assertTrue(ddl.startsWith("Command group: ddl\n"));
    assertTrue(ddl.contains("create: Creates a table"));
    String scan = run("help 'scan'");
    assertTrue(scan.contains("Usage: scan 'table' [, {COLUMNS"), scan);
    assertTrue(scan.contains("Examples:\n  scan 't1'\n"), scan);
    assertTrue(run("help 'sacn'").contains("Did you mean 'scan'?"));
    assertTrue(all.contains("  Group name: tools\n  Commands: assign, balance_switch, balancer,"
        + " balancer_enabled, compact, compaction_state, flush, hbck, list_deadservers, major_compact, merge_region,"
        + " move, split, unassign\n"), all);
    String move = run("help 'move'");
    assertTrue(move.contains("Usage: move 'ENCODED_REGIONNAME' [, 'SERVER_NAME']"), move);
  }

  @Test
  void errors() {
    assertEquals(lines("ERROR: Unknown command 'craete'. Did you mean 'create'? Type 'help' for"
        + " the list of commands."), run("craete 't', 'f'"));
    assertEquals(lines("ERROR: Unknown command 'lst'. Did you mean 'list'? Type 'help' for the"
        + " list of commands."), run("lst"));
    assertEquals(lines("ERROR: wrong number of arguments (given 2, expected 4 to 5)", "",
        "Usage: put 'table', 'row', 'family:qualifier', 'value' [, timestamp]",
        "Example: put 't1', 'r1', 'f1:c1', 'value'", "(help 'put' shows more)"),
        run("put 't', 'r'"));
    assertTrue(run("create 't', {NAME => 'f', VERSION => 3}").startsWith("ERROR: syntax error at"
        + " line 1, column 27: unknown word 'VERSION' (did you mean VERSIONS? quote strings:"));
    assertTrue(run("create 't', {NAME => 'f', 'VERSION' => 3}").startsWith(
        "ERROR: unknown option VERSION for create; known: BLOCKCACHE, BLOCKSIZE,"));
    assertTrue(run("scan 't', {'LIMT' => 3}").startsWith("ERROR: unknown option LIMT for scan"));
    assertTrue(run("get 't', 'r', {VERSIONS => 'x'}").startsWith(
        "ERROR: VERSIONS must be an integer, got string 'x'"));
    assertEquals(lines("ERROR: Table nope does not exist"), run("scan 'nope'"));
    assertEquals(lines("ERROR: syntax error at line 1, column 10: expected ',' or end of command"
        + " but found string 'r'"), run("get 'ta' 'r'"));
    assertTrue(run("create 'bad name', 'f'").startsWith("ERROR: illegal table name 'bad name'"));
    assertTrue(run("create 't', {NAME => 'f', COMPRESSION => 'GZ'}").startsWith(
        "ERROR: COMPRESSION must be one of"));
    // the first error stops a non-interactive run; the rest does not run
    assertEquals(lines("ERROR: Table nope does not exist"), run("scan 'nope'; create 'x', 'f'"));
    assertTrue(fake.tables.isEmpty());
  }

  @Test
  void interactiveRunsContinueAfterErrors() {
    buf.getBuffer().setLength(0);
    assertEquals(Shell.Outcome.ERROR, shell.run("scan 'nope'; create 'x', 'f'", false));
    assertEquals(lines("ERROR: Table nope does not exist", "Created table x", TOOK),
        buf.toString());
    assertEquals(Shell.Outcome.EXIT, shell.run("list; exit; list", true));
  }

  @Test
  void ctrlCCancelsALongScan() throws Exception {
    run("create 't', 'f'");
    fake.blockAfter = 0;
    Thread t = new Thread(() -> run("count 't', INTERVAL => 1000000"));
    t.start();
    assertTrue(fake.slowScanStarted.await(60, java.util.concurrent.TimeUnit.SECONDS),
        "the count started");
    assertTrue(shell.session().cancel());
    t.join(60_000);
    assertTrue(!t.isAlive(), "the cancelled count returned");
    assertTrue(buf.toString().contains("Cancelled."), buf.toString());
    fake.blockAfter = -1;
    assertTrue(run("count 't'").startsWith("0 row(s)"));
  }
}
