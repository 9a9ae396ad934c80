package org.basaltdb.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linked-list generator and verifier against a real standalone, with the monkey's admin
 * actions meanwhile; and the verifier catching a node deleted behind its back.
 */
class LinkedListTest {
  @TempDir
  static Path dir;

  static Standalone basalt;

  @BeforeAll
  static void start() throws Exception {
    basalt = Standalone.start(Standalone.embeddedConfiguration(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    basalt.close();
  }

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] all = new String[args.length + 4];
    System.arraycopy(new String[] {"--thrift-port", String.valueOf(basalt.thriftPort()), "--admin-port",
        String.valueOf(basalt.adminPort())}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    int status = ChaosTool.run(ChaosTool.parse(all), out);
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    return status + "\n" + text;
  }

  @Test
  void listsWrittenUnderAdminFaultsVerifyThenALostNodeIsUndefined() throws Exception {
    String out = run("run", "--table", "ll", "--regions", "4", "--writers", "3", "--width", "50",
        "--nodes", "6000", "--seed", "42", "--period-ms", "100", "--actions",
        "split,merge,flush,major-compact,balance");
    assertTrue(out.startsWith("0\n"), out);
    assertTrue(out.contains("generator: 6,000 nodes acknowledged"), out);
    // 3 writers x 50 lists: the newest node of each list is the only unreferenced one.
    assertTrue(out.contains("REFERENCED=5850 UNREFERENCED=150 UNDEFINED=0"), out);
    assertTrue(out.contains("chaos monkey: seed 42"), out);

    // Delete one node that another references: the verifier must call it UNDEFINED.
    TableName t = TableName.valueOf("ll");
    try (Connection c = ConnectionFactory.createConnection("127.0.0.1", basalt.thriftPort());
        Table table = c.getTable(t); ResultScanner s = table.getScanner(new Scan())) {
      byte[] victim = null;
      for (Result r; victim == null && (r = s.next()) != null; ) {
        victim = r.value(LinkedList.FAMILY, LinkedList.PREV);
      }
      table.delete(new Delete(victim));
      String after = run("verify", "--table", "ll");
      assertTrue(after.startsWith("1\n"), after);
      assertTrue(after.contains("UNDEFINED=1"), after);
      assertTrue(after.contains(LinkedList.hex(LinkedList.id(victim)) + " <- "), after);
    }
  }

  @Test
  void middleKeys() {
    assertArrayEquals(new byte[] {(byte) 0x80}, AdminActions.middle(new byte[0], new byte[0]));
    assertArrayEquals(new byte[] {0x30}, AdminActions.middle(new byte[] {0x20},
        new byte[] {0x40}));
    assertArrayEquals(new byte[] {0x20, (byte) 0x80}, AdminActions.middle(new byte[] {0x20},
        new byte[] {0x21}));
    assertNull(AdminActions.middle(LinkedList.key(5), LinkedList.key(6)));
  }

  @Test
  void badArgumentsAreNamed() {
    assertEquals("generate needs --nodes N or --duration S", assertThrows(
        IllegalArgumentException.class, () -> ChaosTool.parse(new String[] {"generate"}))
        .getMessage());
    assertEquals("unknown chaos action 'kill'; known: " + AdminActions.NAMES, assertThrows(
        IllegalArgumentException.class, () -> AdminActions.byName(null, (TableName) null, List.of("kill")))
        .getMessage());
    assertEquals("--nodes needs a number, not 'many'", assertThrows(
        IllegalArgumentException.class, () -> ChaosTool.parse(new String[] {"run", "--nodes",
            "many"})).getMessage());
  }

  @Test
  void theThriftPortIsSpelledAsEverywhereElseTheOldSpellingStillWorks() {
    assertEquals(9191, ChaosTool.parse(new String[] {"verify", "--thrift-port", "9191"}).port);
    assertEquals(9292, ChaosTool.parse(new String[] {"verify", "--port", "9292"}).port);
    assertNull(ChaosTool.parse(new String[] {"run", "--help"}), "--help: the usage, nothing run");
  }
}
