package org.basaltdb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: -e, a script file, -n on standard input, exit statuses. */
class MainTest {
  @TempDir
  Path dir;

  PrintStream oldOut;
  InputStream oldIn;
  ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setIn(oldIn);
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8).replaceAll("Took \\d+\\.\\d{4}", "Took T");
  }

  @Test
  void executeRunsCommandsWithoutAServer() throws Exception {
    assertEquals(0, Main.run(new String[] {"-e", "show_filters; whoami"}));
    assertTrue(printed().startsWith("KeyOnlyFilter\n"), printed());
  }

  @Test
  void thriftPortIsSpelledAsTheServersSpellItAndPortStillWorks() throws Exception {
    for (String flag : new String[] {"--thrift-port", "--port"}) {
      out.reset();
      // port 1: nothing listens, so `list` fails, naming the port the flag gave
      assertEquals(1, Main.run(new String[] {flag, "1", "-e", "list"}), flag);
      assertTrue(printed().contains(":1"), flag + ": " + printed());
    }
  }

  @Test
  void firstErrorStopsWithStatus1() throws Exception {
    // port 1: nothing listens, so the first server command fails
    assertEquals(1, Main.run(new String[] {"--port", "1", "-e", "version; list; version"}));
    String[] lines = printed().split("\n");
    assertEquals(3, lines.length, printed());
    assertTrue(lines[2].startsWith("ERROR: "), printed());
  }

  @Test
  void scriptFileAndStdin() throws Exception {
    Path script = dir.resolve("s.basalt");
    Files.writeString(script, "# a comment\nversion\nnosuch 'x'\nversion\n");
    assertEquals(1, Main.run(new String[] {script.toString()}));
    assertTrue(printed().contains("ERROR: Unknown command 'nosuch'."), printed());
    out.reset();
    System.setIn(new ByteArrayInputStream("whoami\nexit\nnosuch\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, Main.run(new String[] {"-n"}));
    assertTrue(printed().contains("(auth:SIMPLE)\nTook T seconds\n"), printed());
  }

  @Test
  void badOptionsExitWith2() throws Exception {
    assertEquals(2, Main.run(new String[] {"--port"}));
    assertEquals(2, Main.run(new String[] {"-x"}));
    assertEquals(0, Main.run(new String[] {"--help"}));
    assertTrue(printed().contains("Usage: basalt shell"));
  }
}
