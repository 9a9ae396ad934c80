package org.basaltdb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.shell.command.Registry;
import org.basaltdb.shell.command.Session;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell driven through a JLine terminal fed with keystrokes: Tab completes a
 * command, a table and a column family; an unfinished line continues on the next; Ctrl-P
 * recalls history, and history persists to the file.
 */
class InteractiveTest {
  @TempDir
  Path dir;

  @Test
  void completionMultiLineAndHistory() throws Exception {
    FakeCluster fake = new FakeCluster();
    String keys = "crea\t 'users', 'info'\n"  // Tab: "create" (create_namespace too: no space)
        + "put 'us\t, 'r1', 'in\tname', 'Ann'\n"     // Tab: table, then 'family:
        + "get 'users',\n'r1'\n"                     // unfinished after ',': continues
        + "\u0010\n";                                // Ctrl-P: the get again
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Path history = dir.resolve("history");
    try (Terminal t = new DumbTerminal("test", "ansi",
        new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen,
        StandardCharsets.UTF_8)) {
      t.setSize(new Size(120, 40));
      Session session = new Session(t.writer(), () -> fake, () -> 0, Registry.standard());
      new Repl(t, new Shell(session), history).run();
    }
    String out = screen.toString(StandardCharsets.UTF_8);
    assertTrue(fake.tables.containsKey(TableName.valueOf("users")), out);
    var row = fake.tables.get(TableName.valueOf("users")).rows.get(Bytes.toBytes("r1"));
    assertEquals("Ann", Bytes.toString(row.get(0).value()), out);
    assertEquals("info", Bytes.toString(row.get(0).family()));
    assertEquals("name", Bytes.toString(row.get(0).qualifier()));
    int first = out.indexOf("timestamp=1000, value=Ann");
    assertTrue(first > 0 && out.indexOf("timestamp=1000, value=Ann", first + 1) > first, out);
    assertTrue(out.contains("basalt:001:0> "), out);

    List<String> saved = Files.readAllLines(history);
    assertTrue(saved.stream().anyMatch(l -> l.endsWith("create 'users', 'info'")), saved.toString());
    assertTrue(saved.stream().anyMatch(l -> l.endsWith("put 'users' , 'r1', 'info:name', 'Ann'")),
        saved.toString());
  }

  @Test
  void ctrlCCancelsTheRunningCommandNotTheShell() throws Exception {
    FakeCluster fake = new FakeCluster();
    fake.createTable(org.basaltdb.common.schema.TableDescriptor.of(TableName.valueOf("t"),
        org.basaltdb.common.schema.ColumnFamilyDescriptor.of("f")), new byte[0][]);
    fake.blockAfter = 0; // the scan behind count never ends
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (Terminal t = new DumbTerminal("test", "ansi", in, screen, StandardCharsets.UTF_8)) {
      t.setSize(new Size(120, 40));
      Session session = new Session(t.writer(), () -> fake, () -> 0, Registry.standard());
      Thread repl = new Thread(() -> {
        try {
          new Repl(t, new Shell(session), dir.resolve("h")).run();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      repl.start();
      keys.write("count 't', INTERVAL => 1000000\n".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      assertTrue(fake.slowScanStarted.await(60, java.util.concurrent.TimeUnit.SECONDS),
          "the count started");
      t.raise(Terminal.Signal.INT);
      keys.write("exists 't'\n".getBytes(StandardCharsets.UTF_8));
      keys.close();
      repl.join(60_000);
      assertTrue(!repl.isAlive(), "the shell ended at the end of its input");
    }
    String out = screen.toString(StandardCharsets.UTF_8);
    int cancelled = out.indexOf("Cancelled.");
    assertTrue(cancelled > 0, out);
    assertTrue(out.indexOf("Table t does exist", cancelled) > 0, out);
  }
}
