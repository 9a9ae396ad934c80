package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * examples/node/basalt_example.js against a standalone Basalt started here: npm's thrift package
 * with client code generated from Basalt's Thrift2 IDL, over the default transport and over
 * framed compact.
 */
class NodeClientTest {
  static final String INSTALL = "install Node.js (apt-get install -y nodejs npm) and run"
      + " `npm ci` in examples/node (.ci/run does both)";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "framed={0} compact={1}")
  @CsvSource({"false,false", "true,true"})
  void exampleRunsAgainstStandalone(boolean framed, boolean compact) throws Exception {
    String node = ExampleScripts.program(INSTALL, "node", "nodejs");
    Path examples = ExampleScripts.examples();
    if (!Files.isDirectory(examples.resolve("node/node_modules/thrift"))) {
      fail("npm's thrift package is not installed in " + examples.resolve("node") + ": "
          + INSTALL);
    }
    Configuration conf = Standalone.embeddedConfiguration(dir);
    ServerConfig.THRIFT_FRAMED.set(conf, framed);
    ServerConfig.THRIFT_COMPACT.set(conf, compact);
    try (Standalone basalt = Standalone.start(conf)) {
      List<String> cmd = new ArrayList<>(List.of(node, "node/basalt_example.js",
          "--port", String.valueOf(basalt.thriftPort())));
      if (framed) {
        cmd.add("--framed");
      }
      if (compact) {
        cmd.add("--compact");
      }
      ExampleScripts.Run run = ExampleScripts.run(examples, cmd);
      assertEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("scan: [\"row0\",\"row1\",\"row2\"]"), run.output());
      assertTrue(run.output().contains("increment (8-byte big-endian): \"7\""), run.output());
      assertTrue(run.output().contains("ok: Thrift2 round trip from Node.js"), run.output());
    }
  }
}
