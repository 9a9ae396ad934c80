package org.basaltdb.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.basaltdb.standalone.Standalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/basalt chaos register} against a real standalone while the monkey splits, merges,
 * flushes and compacts the rows' regions: every row's history must be linearizable. (The
 * checker's power to find violations is shown in {@link RegisterCheckerTest}.)
 */
class RegisterWorkloadTest {
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
    System.arraycopy(new String[] {"--thrift-port", String.valueOf(basalt.thriftPort()),
        "--admin-port", String.valueOf(basalt.adminPort())}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    int status = ChaosTool.run(ChaosTool.parse(all), out);
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    return status + "\n" + text;
  }

  @Test
  void rowsCalledUnderAdminFaultsAreLinearizable() throws Exception {
    String out = run("register", "--register-table", "reg", "--regions", "4",
        "--register-threads", "6", "--register-keys", "8", "--duration", "6", "--seed", "42",
        "--period-ms", "500", "--actions", "split,merge,flush,major-compact,balance");
    assertTrue(out.startsWith("0\n"), out);
    Matcher m = Pattern.compile("register: ([\\d,]+) calls on 8 keys by 6 threads").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 100, "too few calls: " + out);
    assertTrue(out.contains(": 0 violations, 0 inconclusive"), out);
    assertTrue(out.contains("chaos monkey: seed 42"), out);
  }

  @Test
  void linkedListsAndRowsAtOnce() throws Exception {
    String out = run("run", "--table", "ll2", "--register-table", "reg2", "--regions", "2",
        "--writers", "2", "--width", "20", "--nodes", "2000", "--register-threads", "3",
        "--register-keys", "4", "--seed", "7", "--period-ms", "400", "--actions",
        "split,flush");
    assertTrue(out.startsWith("0\n"), out);
    assertTrue(out.contains("generator: 2,000 nodes acknowledged"), out);
    assertTrue(out.contains("UNDEFINED=0"), out);
    assertTrue(out.contains(": 0 violations, 0 inconclusive"), out);
  }

  @Test
  void badRegisterArgumentsAreNamed() {
    assertEquals("register needs --duration S", assertThrows(IllegalArgumentException.class,
        () -> ChaosTool.parse(new String[] {"register", "--nodes", "5"})).getMessage());
    assertEquals("--register-keys must be 1 to 256, not 300", assertThrows(
        IllegalArgumentException.class, () -> ChaosTool.parse(new String[] {"register",
            "--duration", "5", "--register-keys", "300"})).getMessage());
  }
}
