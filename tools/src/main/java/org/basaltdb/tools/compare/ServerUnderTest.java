package org.basaltdb.tools.compare;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server a comparison measures: its Thrift2 port (and HBase's ZooKeeper port, for its
 * native client), and its backlog on demand. Basalt runs as {@code bin/basalt standalone} does
 * (a child JVM on the standalone module's class path), HBase 2.6.1 as the compat-hbase gateway
 * (a child JVM on HBase's own class path: a mini-cluster with its Thrift2 handler), or either is a server already running ({@link #external}).
 */
abstract class ServerUnderTest implements Closeable {
  final String name;
  final int thriftPort;

  ServerUnderTest(String name, int thriftPort) {
    this.name = name;
    this.thriftPort = thriftPort;
  }

  /** The backlog now; throws if the server cannot say. */
  abstract Backlog backlog() throws IOException;

  /** The server's process id, or -1 when this harness did not start it. */
  long pid() {
    return -1;
  }

  /** The server's GC log ({@link ProcessCost#gcLogFlag}), or null. */
  Path gcLog() {
    return null;
  }

  /** The ZooKeeper port of the server's cluster, for a native client to find it; -1: none. */
  int zkPort() {
    return -1;
  }

  @Override
  public void close() throws IOException {}

  /** A Basalt server already running, with its HTTP info port (for {@code /metrics}). */
  static ServerUnderTest external(String name, int thriftPort, int infoPort) {
    return new ServerUnderTest(name, thriftPort) {
      private final BasaltMetrics metrics = new BasaltMetrics(infoPort);

      @Override
      Backlog backlog() throws IOException {
        return metrics.read();
      }
    };
  }

  /** Reads a Basalt server's backlog from its Prometheus {@code /metrics}. */
  static final class BasaltMetrics {
    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    BasaltMetrics(int infoPort) {
      uri = URI.create("http://127.0.0.1:" + infoPort + "/metrics");
    }

    Backlog read() throws IOException {
      String body;
      try {
        body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted reading " + uri, e);
      }
      return new Backlog(gauge(body, "basalt_compaction_queue"), gauge(body, "basalt_flush_queue"),
          gauge(body, "basalt_store_files"));
    }

    static long gauge(String metrics, String name) throws IOException {
      for (String line : metrics.split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          String v = line.substring(line.lastIndexOf(' ') + 1);
          return (long) Double.parseDouble(v);
        }
      }
      throw new IOException("no " + name + " in the server's /metrics");
    }
  }

  /** A child JVM whose stdout lines are collected; its stderr goes to a log file. */
  abstract static class Child extends ServerUnderTest {
    final Process process;
    final BlockingQueue<String> lines;
    private final Path gcLog;

    Child(String name, int thriftPort, Process process, BlockingQueue<String> lines, Path gcLog) {
      super(name, thriftPort);
      this.process = process;
      this.lines = lines;
      this.gcLog = gcLog;
    }

    @Override
    long pid() {
      return process.pid();
    }

    @Override
    Path gcLog() {
      return gcLog;
    }

    static Process start(List<String> cmd, Path workDir, Path log, BlockingQueue<String> lines)
        throws IOException {
      Files.createDirectories(workDir);
      Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the child ended; whoever waits for a line times out and says so
        }
      }, "child-stdout-" + log.getFileName());
      reader.setDaemon(true);
      reader.start();
      return p;
    }

    /** The first stdout line matching {@code p}, within {@code seconds}. */
    static Matcher await(Process process, BlockingQueue<String> lines, Pattern p, int seconds,
        Path log) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      try {
        while (true) {
          long left = deadline - System.nanoTime();
          String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
          if (line == null) {
            throw new IOException("no line matching '" + p + "' within " + seconds + " s"
                + (process.isAlive() ? "" : " (the process exited)") + "; see " + log);
          }
          Matcher m = p.matcher(line);
          if (m.find()) {
            return m;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The JVM flags both servers get: the same heap and collector, and a log of GC pauses. */
  static List<String> jvm(String heap, Path gcLog) {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", ProcessCost.gcLogFlag(gcLog)));
  }

  /** Class path of a module built by bin/basalt or Maven: its jar or classes, and classpath.txt. */
  static String classPath(Path first, Path cpFile) throws IOException {
    if (!Files.exists(first) || !Files.exists(cpFile)) {
      throw new IOException(first + " and " + cpFile + " must exist; build them first (bin/"
          + "bench-ycsb does)");
    }
    return first + File.pathSeparator + Files.readString(cpFile).trim();
  }

  /** {@code bin/basalt standalone} in a child JVM, every port picked free. */
  static ServerUnderTest basalt(Path home, Path workDir, String heap, long flushSize,
      long blockCache) throws IOException {
    Path conf = workDir.resolve("basalt-site.xml");
    Files.createDirectories(workDir);
    Files.writeString(conf, """
        <?xml version="1.0"?>
        <configuration>
          <property><name>region.memstore.flush.size</name><value>%d</value></property>
          <property><name>blockcache.size</name><value>%d</value></property>
        </configuration>
        """.formatted(flushSize, blockCache));
    Path target = home.resolve("standalone/target");
    String cp = classPath(target.resolve("basalt-standalone-0.1.0-SNAPSHOT.jar"),
        target.resolve("classpath.txt"));
    Path gcLog = workDir.resolve("gc.log");
    List<String> cmd = jvm(heap, gcLog);
    cmd.addAll(List.of("-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.xml"),
        "-cp", cp, "org.basaltdb.standalone.Main", "standalone",
        "--data-dir", workDir.resolve("data").toString(), "--conf", conf.toString(),
        "--thrift-port", "0", "--thrift1-port", "0", "--admin-port", "0", "--zk-port", "0",
        "--info-port", "0"));
    Path log = workDir.resolve("basalt.log");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = Child.start(cmd, workDir, log, lines);
    Matcher m;
    try {
      m = Child.await(p, lines, Pattern.compile(
          "ready in .*Thrift on port (\\d+).*HTTP info on port (\\d+)"), 120, log);
    } catch (IOException e) {
      p.destroy();
      throw e;
    }
    int thrift = Integer.parseInt(m.group(1));
    BasaltMetrics metrics = new BasaltMetrics(Integer.parseInt(m.group(2)));
    return new Child("Basalt", thrift, p, lines, gcLog) {
      @Override
      Backlog backlog() throws IOException {
        return metrics.read();
      }
    };
  }

  /** Apache HBase 2.6.1: the compat-hbase gateway in benchmark mode, in a child JVM. */
  static ServerUnderTest hbase(Path home, Path workDir, String heap, long flushSize,
      long blockCache) throws IOException {
    Path target = home.resolve("compat-hbase/target");
    Path classes = target.resolve("classes");
    String cp = classPath(classes, target.resolve("classpath.txt"));
    Path gcLog = workDir.resolve("gc.log");
    List<String> cmd = jvm(heap, gcLog);
    cmd.addAll(List.of("-Dlog4j2.configurationFile=" + classes.resolve("log4j2-gateway.xml"),
        "-Dtest.build.data.basedirectory=" + workDir.resolve("data") + File.separator,
        "-cp", cp, "org.basaltdb.compat.hbase.HBaseGateway", "--bench",
        "--flush-size", Long.toString(flushSize), "--block-cache", Long.toString(blockCache)));
    Path log = workDir.resolve("hbase.log");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = Child.start(cmd, workDir, log, lines);
    Matcher m;
    try {
      m = Child.await(p, lines, Pattern.compile("^GW READY (\\d+) (\\d+) (\\d+)"), 240, log);
    } catch (IOException e) {
      p.destroy();
      throw e;
    }
    Writer commands = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    Pattern stats = Pattern.compile(
        "^GW OK compactionQueue=(\\d+) flushQueue=(\\d+) storeFiles=(\\d+)");
    int zkPort = Integer.parseInt(m.group(3));
    return new Child("HBase", Integer.parseInt(m.group(1)), p, lines, gcLog) {
      @Override
      int zkPort() {
        return zkPort;
      }

      @Override
      synchronized Backlog backlog() throws IOException {
        commands.write("stats\n");
        commands.flush();
        Matcher s = Child.await(p, lines, stats, 30, log);
        return new Backlog(Long.parseLong(s.group(1)), Long.parseLong(s.group(2)),
            Long.parseLong(s.group(3)));
      }

      @Override
      public void close() throws IOException {
        try {
          commands.close(); // end of stdin: the gateway stops its cluster
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            super.close();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          super.close();
        } catch (IOException e) {
          super.close();
        }
      }
    };
  }
}
