package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * examples/python/basalt_example.py against a standalone Basalt started here: a client generated
 * from Basalt's IDLs by Debian's thrift-compiler, on Debian's python3-thrift, makes a Thrift2
 * round trip and then exactly happybase's Thrift1 calls. Once per transport and protocol
 * happybase users meet (buffered binary is happybase's default; framed compact is what some
 * distributions configure).
 */
class PythonClientTest {
  /** Debian's interpreter first: python3-thrift installs into it, not into a pyenv python. */
  static final String INSTALL = "install Debian's python3 and python3-thrift"
      + " (apt-get install -y python3 python3-thrift)";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "framed={0} compact={1}")
  @CsvSource({"false,false", "true,true"})
  void exampleRunsAgainstStandalone(boolean framed, boolean compact) throws Exception {
    String python = ExampleScripts.program(INSTALL, "/usr/bin/python3", "python3");
    Configuration conf = Standalone.embeddedConfiguration(dir);
    ServerConfig.THRIFT_FRAMED.set(conf, framed);
    ServerConfig.THRIFT_COMPACT.set(conf, compact);
    try (Standalone basalt = Standalone.start(conf)) {
      Path examples = ExampleScripts.examples();
      List<String> cmd = new ArrayList<>(List.of(python, "python/basalt_example.py",
          "--port", String.valueOf(basalt.thriftPort()),
          "--thrift1-port", String.valueOf(basalt.thrift1Port())));
      if (framed) {
        cmd.add("--framed");
      }
      if (compact) {
        cmd.add("--compact");
      }
      ExampleScripts.Run run = ExampleScripts.run(examples, cmd);
      if (run.output().contains("python3-thrift")) {
        throw new AssertionError("the Python Thrift library is missing: " + INSTALL + "\n"
            + run.output());
      }
      assertEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("thrift2 scan: [b'row0', b'row1', b'row2']"),
          run.output());
      assertTrue(run.output().contains("thrift1 cells(r2, cf2:x): [b'new', b'old']"),
          run.output());
      assertTrue(run.output().contains("ok: Thrift2 round trip and happybase's Thrift1 calls"),
          run.output());
    }
  }

  @Test
  void exampleFailsClearlyWhenNothingListens() throws Exception {
    String python = ExampleScripts.program(INSTALL, "/usr/bin/python3", "python3");
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ExampleScripts.Run run = ExampleScripts.run(ExampleScripts.examples(), List.of(python,
        "python/basalt_example.py", "--port", String.valueOf(closed)));
    assertTrue(run.exitCode() != 0, run.output());
  }
}
