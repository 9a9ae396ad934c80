package org.basaltdb.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive loop on a JLine terminal: prompt, completion, persistent history, multi-line
 * input, and Ctrl-C handling. At the prompt Ctrl-C clears the line; while a command runs it
 * cancels the command (scan and count stop at the next row) and the shell stays.
 */
final class Repl {
  private final Terminal terminal;
  private final Shell shell;
  private final LineReader reader;

  Repl(Terminal terminal, Shell shell, Path historyFile) {
    this.terminal = terminal;
    this.shell = shell;
    this.reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("basalt")
        .parser(new LineParser())
        .completer(new ShellCompleter(shell.session()))
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.HISTORY_SIZE, 1000)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "basalt:...:1> ")
        // '!' is common in values; history expansion would rewrite it.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.AUTO_FRESH_LINE, true)
        .build();
  }

  LineReader reader() {
    return reader;
  }

  /** Reads and runs commands until exit or end of input. */
  void run() throws IOException {
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT,
        sig -> shell.session().cancel());
    try {
      for (int n = 1; ; n++) {
        String line;
        try {
          line = reader.readLine(String.format(Locale.ROOT, "basalt:%03d:0> ", n));
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          return;
        }
        if (line.isBlank()) {
          continue;
        }
        if (shell.run(line, false) == Shell.Outcome.EXIT) {
          return;
        }
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      reader.getHistory().save();
      terminal.flush();
    }
  }
}
