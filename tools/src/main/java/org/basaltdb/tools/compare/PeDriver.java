package org.basaltdb.tools.compare;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.basaltdb.tools.PeClient;
import org.basaltdb.tools.PeLines;
import org.basaltdb.tools.PerformanceEvaluation;
import org.basaltdb.tools.PerformanceEvaluation.Command;
import org.basaltdb.tools.PerformanceEvaluation.Options;
import org.basaltdb.tools.PerformanceEvaluation.Result;

/**
 * Runs {@code pe} commands against one server for {@link YcsbCompare}: in this JVM through a
 * {@link PeClient.Factory} (raw Thrift2, or Basalt's Java client), or in a child JVM on another
 * class path (HBase's native client, which cannot share Basalt's), spoken to in
 * {@link PeLines}' protocol.
 */
interface PeDriver extends Closeable {

  Result run(Options o, Command c) throws Exception;

  /** The process the client runs in, for its CPU time: this JVM unless a child's. */
  default long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  default void close() throws IOException {}

  /** {@code pe} in this JVM, a fresh factory (and so a fresh connection) per run. */
  static PeDriver inProcess(Supplier<PeClient.Factory> factory) {
    return (o, c) -> PerformanceEvaluation.run(o, c, factory.get());
  }

  /**
   * HBase's native client in a child JVM ({@code org.basaltdb.compat.hbase.HBaseNativePe} on
   * compat-hbase's class path) pointed at the cluster whose ZooKeeper listens on {@code zkPort};
   * its stderr goes to {@code log}. One JVM for every run, so its JIT stays warm as this one's
   * does.
   */
  static PeDriver hbaseNative(Path home, String heap, int zkPort, Path workDir, Path log)
      throws IOException {
    Path classes = home.resolve("compat-hbase/target/classes");
    String cp = ServerUnderTest.classPath(classes,
        home.resolve("compat-hbase/target/classpath.txt"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xms" + heap, "-Xmx" + heap,
        "-Dlog4j2.configurationFile=" + classes.resolve("log4j2-gateway.xml"), "-cp", cp,
        "org.basaltdb.compat.hbase.HBaseNativePe", "--zk-port", Integer.toString(zkPort),
        "--serve"));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = ServerUnderTest.Child.start(cmd, workDir, log, lines);
    try {
      ServerUnderTest.Child.await(p, lines, Pattern.compile("^" + PeLines.READY + "$"), 60, log);
    } catch (IOException e) {
      p.destroy();
      throw e;
    }
    return new ChildDriver(p, lines, log);
  }

  /** A child JVM serving {@link PeLines}. */
  final class ChildDriver implements PeDriver {
    private static final Pattern ANSWER =
        Pattern.compile("^(" + PeLines.RESULT + "|" + PeLines.ERR + ")(.*)$");
    private final Process process;
    private final BlockingQueue<String> lines;
    private final Path log;
    private final Writer commands;

    ChildDriver(Process process, BlockingQueue<String> lines, Path log) {
      this.process = process;
      this.lines = lines;
      this.log = log;
      commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public synchronized Result run(Options o, Command c) throws Exception {
      commands.write(String.join(" ", PeLines.args(o, c)) + "\n");
      commands.flush();
      // A run lasts its duration, or as long as its operations take: a day is "never".
      Matcher m = ServerUnderTest.Child.await(process, lines, ANSWER, 86_400, log);
      if (m.group(1).equals(PeLines.ERR)) {
        throw new IOException("pe in the child JVM failed: " + m.group(2) + "; see " + log);
      }
      return PeLines.decode(m.group(2));
    }

    @Override
    public void close() throws IOException {
      try {
        commands.close(); // end of input: the child leaves
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      } catch (IOException e) {
        process.destroyForcibly();
      }
    }
  }
}
