package org.basaltdb.mapreduce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Every MapReduce tool {@code bin/basalt} starts answers {@code --help} and {@code -h} with its
 * usage and status 0, without a cluster or a job.
 */
class ToolsHelpTest {
  @Test
  void everyToolAnswersHelp() throws Exception {
    for (String command : Tools.COMMANDS.keySet()) {
      for (String flag : new String[] {"--help", "-h"}) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
          status = Tools.run(new Configuration(false), new String[] {command, flag},
              new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
          System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, command + " " + flag + ": " + err);
        assertTrue(text.startsWith("usage: basalt " + command), command + " " + flag + ": "
            + text);
      }
    }
  }
}
