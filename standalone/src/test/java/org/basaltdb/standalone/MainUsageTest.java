package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/basalt}'s usage lists every command the launcher runs, and every command answers
 * {@code --help} with its own usage instead of starting anything.
 */
class MainUsageTest {
  /** The commands bin/basalt's case statement sends somewhere other than Main. */
  private static List<String> launcherCommands() throws Exception {
    String script = Files.readString(Path.of("..", "bin", "basalt"), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  ([a-z|-]+)\\)").matcher(script);
    while (m.find()) {
      out.addAll(List.of(m.group(1).split("\\|")));
    }
    assertTrue(out.contains("shell"), "bin/basalt's case statement was not found: " + out);
    return out;
  }

  private static String stdout(String... args) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Main.main(args);
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageListsEveryCommand() throws Exception {
    String usage = Main.usage();
    List<String> commands = new ArrayList<>(launcherCommands());
    commands.addAll(List.of("standalone", "master", "regionserver", "zookeeper", "dump-sstable",
        "dump-wal", "version"));
    for (String c : commands) {
      assertTrue(usage.contains("\n  " + c + " ") || usage.contains("\n  " + c + "\n"),
          "the usage does not list " + c + ":\n" + usage);
    }
  }

  @Test
  void everyCommandAnswersHelp() throws Exception {
    for (String c : List.of("standalone", "master", "regionserver", "zookeeper", "dump-sstable",
        "dump-wal", "version")) {
      for (String flag : List.of("--help", "-h")) {
        String out = stdout(c, flag);
        assertTrue(out.startsWith("usage: basalt " + c), c + " " + flag + ": " + out);
      }
    }
    assertTrue(stdout("standalone", "--help").contains("--thrift-port"));
    assertTrue(stdout("zookeeper", "--help").contains("--zk-port"));
    assertTrue(stdout("help").startsWith("usage: basalt COMMAND"));
  }
}
