package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed generated code agrees with the IDL: runs {@code regenerate.sh --check}. Skipped,
 * saying why, when the Thrift compiler is not on the PATH (CI machines need not have it).
 */
class GeneratedCodeCheckTest {
  @Test
  void committedCodeMatchesTheIdl() throws Exception {
    assumeTrue(onPath("thrift"), "the thrift compiler is not on the PATH, so the committed "
        + "generated code cannot be checked against the IDL (apt-get install thrift-compiler)");
    Path script = Path.of("regenerate.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString(), "--check")
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "regenerate.sh --check timed out");
    assumeTrue(p.exitValue() != 2, "regenerate.sh could not run the pinned compiler: " + output);
    assertEquals(0, p.exitValue(), "regenerate.sh --check failed:\n" + output);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
