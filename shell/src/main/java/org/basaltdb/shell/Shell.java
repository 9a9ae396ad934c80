package org.basaltdb.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.basaltdb.shell.command.Args;
import org.basaltdb.shell.command.CancelledException;
import org.basaltdb.shell.command.CommandSpec;
import org.basaltdb.shell.command.ExitRequest;
import org.basaltdb.shell.command.Session;
import org.basaltdb.shell.command.UnknownCommandException;
import org.basaltdb.shell.command.UsageException;
import org.basaltdb.shell.lang.ParseException;
import org.basaltdb.shell.lang.Parser;
import org.basaltdb.shell.lang.Statement;

/**
 * Runs shell input: parses it, runs each statement, and turns every failure into one
 * {@code ERROR: ...} line (plus usage for wrong arguments), then prints {@code Took X seconds}
 * after each successful command. Interactive and non-interactive modes both go through here.
 */
public final class Shell {
  /** How a run ended. */
  public enum Outcome { OK, ERROR, EXIT }

  private final Session session;

  public Shell(Session session) {
    this.session = session;
  }

  public Session session() {
    return session;
  }

  /**
   * Runs every statement of {@code input}. With {@code stopOnError} (non-interactive mode) the
   * first failure ends the run; otherwise the following statements still run.
   */
  public Outcome run(String input, boolean stopOnError) {
    PrintWriter out = session.out();
    List<Statement> statements;
    try {
      statements = Parser.parse(input);
    } catch (ParseException e) {
      out.println("ERROR: " + e.getMessage());
      out.flush();
      return Outcome.ERROR;
    }
    Outcome result = Outcome.OK;
    for (Statement st : statements) {
      Outcome o = runOne(st);
      out.flush();
      if (o == Outcome.EXIT) {
        return o;
      }
      if (o == Outcome.ERROR) {
        result = o;
        if (stopOnError) {
          return o;
        }
      }
    }
    return result;
  }

  private Outcome runOne(Statement st) {
    PrintWriter out = session.out();
    CommandSpec c = session.registry().lookup(st.command()).orElse(null);
    if (c == null) {
      out.println("ERROR: " + new UnknownCommandException(st.command(),
          session.registry().suggest(st.command())).getMessage());
      return Outcome.ERROR;
    }
    long start = session.nanoTime();
    session.begin();
    try {
      c.handler().run(session, new Args(st.args()));
      out.println(OutputTime.took(session.nanoTime() - start));
      return Outcome.OK;
    } catch (ExitRequest e) {
      return Outcome.EXIT;
    } catch (UsageException e) {
      out.println("ERROR: " + e.getMessage());
      out.println();
      out.println("Usage: " + c.usage());
      if (!c.examples().isEmpty()) {
        out.println("Example: " + c.examples().get(0));
      }
      out.println("(help '" + c.name() + "' shows more)");
      return Outcome.ERROR;
    } catch (CancelledException e) {
      out.println("Cancelled.");
      return Outcome.ERROR;
    } catch (IOException | RuntimeException e) {
      // Server errors, illegal arguments caught by the request types, client failures: one line,
      // and the shell goes on.
      out.println("ERROR: " + oneLine(e));
      return Outcome.ERROR;
    } finally {
      session.end();
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
