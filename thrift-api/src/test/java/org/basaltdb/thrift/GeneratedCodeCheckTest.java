package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed generated code (Java, and the examples' Python and Node.js) agrees with the IDL:
 * runs {@code regenerate.sh --check}. Fails, saying what to install, when the pinned Thrift
 * compiler is missing ({@code .ci/run} installs it).
 */
class GeneratedCodeCheckTest {
  @Test
  void committedCodeMatchesTheIdl() throws Exception {
    assertTrue(onPath("thrift"), "the thrift compiler is not on the PATH, so the committed "
        + "generated code cannot be checked against the IDL: apt-get install thrift-compiler");
    Path script = Path.of("regenerate.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString(), "--check")
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "regenerate.sh --check timed out");
    assertTrue(p.exitValue() != 2, "regenerate.sh could not run the pinned compiler (Debian's"
        + " thrift-compiler 0.17.0): " + output);
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
