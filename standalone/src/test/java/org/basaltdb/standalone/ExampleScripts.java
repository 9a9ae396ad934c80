package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the client examples under {@code examples/} as child processes, as a user would. A
 * missing tool fails the test with what to install: CI installs them (see {@code .ci/run}), and
 * a client test that silently skipped would prove nothing.
 */
final class ExampleScripts {
  private static final long TIMEOUT_SECONDS = 120;

  private ExampleScripts() {}

  /** What a finished script printed (stdout and stderr together) and its exit status. */
  record Run(int exitCode, String output) {}

  /** The repository's {@code examples/} directory (tests run in the module's directory). */
  static Path examples() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path e = p.resolve("examples");
      if (Files.isDirectory(e.resolve("python")) && Files.isDirectory(e.resolve("node"))) {
        return e;
      }
    }
    return fail("no examples/ directory above " + Path.of("").toAbsolutePath());
  }

  /** The first of {@code candidates} that exists and is executable, else the test fails. */
  static String program(String install, String... candidates) {
    for (String c : candidates) {
      if (c.contains("/")) {
        if (Files.isExecutable(Path.of(c))) {
          return c;
        }
      } else {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
          if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, c))) {
            return Path.of(dir, c).toString();
          }
        }
      }
    }
    return fail(String.join(" or ", candidates) + " not found; " + install);
  }

  static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    // The scripts print a few dozen lines: reading to the end cannot fill a pipe and stall.
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), command + " did not finish");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
