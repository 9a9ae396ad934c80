package org.basaltdb.compat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Apache HBase 2.6.1 in a child JVM ({@code org.basaltdb.compat.hbase.HBaseGateway} of the
 * compat-hbase module, on that module's own classpath): a mini-cluster behind HBase's Thrift2
 * handler and its Thrift1 gateway ({@code ThriftServer}), each on a free port. Its stdout lines prefixed {@code GW } are the gateway's answers; its stderr goes to
 * {@code target/hbase-gateway.log}.
 */
final class HBaseChild implements AutoCloseable {
  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(64);
  final int thriftPort;
  final int thrift1Port;

  HBaseChild(Path workDir) throws Exception {
    String dir = System.getProperty("compat.hbase.dir", "../compat-hbase/target");
    Path classes = Path.of(dir, "classes");
    Path cpFile = Path.of(dir, "classpath.txt");
    if (!Files.isDirectory(classes) || !Files.exists(cpFile)) {
      throw new IllegalStateException("compat-hbase is not built: " + classes + " and " + cpFile
          + " must exist; run the tests through Maven (mvn -pl compat-tests -am test)");
    }
    String cp = classes + File.pathSeparator + Files.readString(cpFile).trim();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-XX:+UseParallelGC", "-Dlog4j2.configurationFile=" + classes.resolve("log4j2-gateway.xml"),
        "-Dtest.build.data.basedirectory=" + workDir.resolve("hbase") + File.separator,
        "-cp", cp, "org.basaltdb.compat.hbase.HBaseGateway"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/hbase-gateway.log")));
    process = pb.start();
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("GW ")) {
            answers.put(line.substring(3));
          }
        }
      } catch (IOException | InterruptedException e) {
        // the child ended; a waiting caller times out and says so
      }
    }, "hbase-gateway-stdout");
    reader.setDaemon(true);
    reader.start();
    String ready = answer(Math.max(180, Integer.getInteger("compat.hbase.startSeconds", 180)));
    if (!ready.startsWith("READY ")) {
      throw new IllegalStateException("HBase gateway did not start: " + ready);
    }
    String[] ports = ready.substring(6).trim().split(" ");
    thriftPort = Integer.parseInt(ports[0]);
    thrift1Port = Integer.parseInt(ports[1]);
  }

  private String answer(int seconds) throws Exception {
    String a = answers.poll(seconds, TimeUnit.SECONDS);
    if (a == null) {
      throw new IllegalStateException("no answer from the HBase gateway in " + seconds + " s"
          + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
          + "; see target/hbase-gateway.log");
    }
    return a;
  }

  /** Runs a gateway command (flush or compact a table); fails on its error. */
  void command(String line) throws Exception {
    commands.write(line + "\n");
    commands.flush();
    String a = answer(120);
    if (!a.equals("OK")) {
      throw new IllegalStateException("HBase gateway: '" + line + "' failed: " + a);
    }
  }

  @Override
  public void close() throws Exception {
    commands.close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
