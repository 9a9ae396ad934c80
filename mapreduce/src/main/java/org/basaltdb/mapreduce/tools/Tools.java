package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.basaltdb.mapreduce.BasaltConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/basalt}'s entry point for the MapReduce tools: {@code Tools COMMAND ARGS...} runs
 * the command's {@link Tool} through Hadoop's {@link ToolRunner}, so every tool takes Hadoop's
 * generic options ({@code -D key=value}, {@code -conf FILE}, {@code -libjars}, ...) before its
 * own, over a configuration from {@link BasaltConfiguration#load()}. A tool's own usage errors
 * exit with 2 (see {@link UsageException}); a job refused at submission or failed, with 1; each
 * with one line saying why.
 *
 * <p>To add a tool, add a line to {@link #COMMANDS}.
 */
public final class Tools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

  /** Command name → its tool, in the order {@code --help} lists them. */
  static final Map<String, Supplier<Tool>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("rowcounter", RowCounter::new);
    COMMANDS.put("copytable", CopyTable::new);
    COMMANDS.put("completebulkload", org.basaltdb.mapreduce.bulkload.BulkLoadTool::new);
    COMMANDS.put("importtsv", org.basaltdb.mapreduce.bulkload.ImportTsv::new);
  }

  private Tools() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(BasaltConfiguration.load(), args, System.err));
  }

  /** Runs {@code args[0]} with the rest; returns the exit status. */
  public static int run(Configuration conf, String[] args, PrintStream err) throws Exception {
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      err.println((args.length == 0 ? "no command given" : "unknown command " + args[0])
          + "; the MapReduce tools are: " + String.join(", ", COMMANDS.keySet()));
      return 2;
    }
    return runTool(conf, COMMANDS.get(args[0]).get(), args[0],
        Arrays.copyOfRange(args, 1, args.length), err);
  }

  /**
   * Runs {@code tool} through {@link ToolRunner}, which parses the generic options into
   * {@code conf}; then the client's port keys are filled from the servers' ({@link
   * BasaltConfiguration#fillClientKeys}), so a {@code -conf FILE} naming the client's keys wins
   * over basalt-site.xml's server keys, and on the local job runner {@code file:} becomes {@link
   * NioLocalFileSystem} ({@link ToolSupport#localFileSystem}). A {@link UsageException} prints "basalt NAME: message"
   * and returns 2, an IOException (a job refused, a cluster out of reach) returns 1, so users see
   * a line, not a stack trace.
   */
  public static int runTool(Configuration conf, Tool tool, String name, String[] args,
      PrintStream err) throws Exception {
    try {
      return ToolRunner.run(conf, new FillClientKeys(tool), args);
    } catch (UsageException e) {
      err.println("basalt " + name + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      // A job refused at submission (no such table, a bad scan) or a cluster out of reach: the
      // message says which; the stack trace is in the log at debug level.
      LOG.debug("basalt {} failed", name, e);
      err.println("basalt " + name + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * Fills the client's keys and the local runner's filesystem once the generic options are in,
   * then runs the tool.
   */
  private static final class FillClientKeys extends Configured implements Tool {
    private final Tool tool;

    FillClientKeys(Tool tool) {
      this.tool = tool;
    }

    @Override
    public int run(String[] args) throws Exception {
      BasaltConfiguration.fillClientKeys(getConf());
      ToolSupport.localFileSystem(getConf());
      tool.setConf(getConf());
      return tool.run(args);
    }
  }
}
