package org.basaltdb.shell;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Version;
import org.basaltdb.shell.command.Registry;
import org.basaltdb.shell.command.Session;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code bin/basalt shell}: the interactive shell, or a non-interactive run of {@code -e}
 * commands, a script file, or standard input ({@code -n}). Non-interactive runs stop at the first
 * error and exit with status 1.
 */
public final class Main {
  static final String USAGE = """
      Usage: basalt shell [options] [script]
        -e, --execute "cmd; cmd"   run the commands and exit
        -n, --noninteractive       read commands from standard input and exit
        --host HOST                a server's Thrift host (default localhost)
        --thrift-port PORT         its Thrift port (default 9090; --port is the old spelling)
        --admin-port PORT          its admin port (default 16020)
        --history FILE             history file (default ~/.basalt_history)
        -h, --help                 this text
      With a script file: run it and exit. Otherwise: the interactive shell.
      Non-interactive runs stop at the first error with exit status 1.""";

  private Main() {}

  public static void main(String[] argv) throws IOException {
    // The client logs through SLF4J; the shell ships no binding (errors reach the user as ERROR
    // lines), so silence SLF4J's "no providers" notice. A binding on the class path still works.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(run(argv));
  }

  /** Runs the shell with {@code argv}; returns the exit status. */
  static int run(String[] argv) throws IOException {
    String execute = null;
    String script = null;
    boolean stdin = false;
    String host = "localhost";
    int port = 9090;
    int adminPort = 16020;
    Path history = Paths.get(System.getProperty("user.home"), ".basalt_history");
    List<String> args = new ArrayList<>(List.of(argv));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
        true);
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "-e", "--execute" -> execute = value(args, ++i, a);
          case "-n", "--noninteractive" -> stdin = true;
          case "--host" -> host = value(args, ++i, a);
          // --thrift-port as the servers spell it; --port, the shell's first spelling, still works
          case "--thrift-port", "--port" -> port = Integer.parseInt(value(args, ++i, a));
          case "--admin-port" -> adminPort = Integer.parseInt(value(args, ++i, a));
          case "--history" -> history = Paths.get(value(args, ++i, a));
          case "-h", "--help" -> {
            System.out.println(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("-") || script != null) {
              throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            script = a;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("basalt shell: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    String h = host;
    int p = port;
    int ap = adminPort;
    // The client (and Hadoop's Configuration) load only when a command first needs the server.
    Session.Connector connector = () -> ClientConnections.connector(
        ClientConnections.configuration(h, p, ap)).connect();
    if (execute != null || script != null || stdin || System.console() == null) {
      String input = execute != null ? execute
          : script != null ? Files.readString(Paths.get(script), StandardCharsets.UTF_8)
          : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out,
          StandardCharsets.UTF_8));
      return runScript(input, out, connector, execute != null || script != null || stdin);
    }
    try (Terminal terminal = TerminalBuilder.builder().name("basalt").system(true).build()) {
      if (terminal.getWidth() == 0) {
        terminal.setSize(new Size(80, 24)); // a pseudo-terminal that reports no size
      }
      Session session = new Session(terminal.writer(), connector, System::nanoTime,
          Registry.standard());
      try {
        terminal.writer().println("Basalt Shell; type 'help' for the commands, 'exit' to leave."
            + " Version " + Version.VERSION);
        new Repl(terminal, new Shell(session), history).run();
      } finally {
        session.close();
      }
    }
    return 0;
  }

  /** Runs {@code input}; with {@code stopOnError} the first error ends the run with status 1. */
  static int runScript(String input, PrintWriter out, Session.Connector connector,
      boolean stopOnError) throws IOException {
    Session session = new Session(out, connector, System::nanoTime, Registry.standard());
    try {
      Shell.Outcome o = new Shell(session).run(input, stopOnError);
      return o == Shell.Outcome.ERROR ? 1 : 0;
    } finally {
      out.flush();
      session.close();
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
