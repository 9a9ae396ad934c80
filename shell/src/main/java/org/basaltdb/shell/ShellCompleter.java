package org.basaltdb.shell;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.shell.command.Session;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names at the start of a statement; table names (or namespaces, for
 * the namespace commands) as the first argument; the table's column families afterwards, as
 * {@code 'f:} for data commands and {@code 'f'} for the others. Names are offered quoted.
 * Server errors only mean no candidates.
 */
final class ShellCompleter implements Completer {
  private static final Set<String> NAMESPACE_FIRST = Set.of("drop_namespace",
      "describe_namespace", "list_namespace_tables", "alter_namespace");
  private static final Set<String> NO_TABLE = Set.of("help", "version", "whoami", "exit", "quit",
      "status", "show_filters", "list", "list_namespace", "create_namespace", "create", "move",
      "balancer", "balance_switch", "balancer_enabled", "merge_region", "assign", "unassign",
      "list_deadservers");
  private static final Set<String> DATA = Set.of("put", "get", "scan", "delete", "deleteall",
      "incr", "get_counter", "append", "count");

  private final Session session;

  ShellCompleter(Session session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
    List<String> words = line.words();
    String word = line.word();
    if (line.wordIndex() == 0) {
      for (String n : session.registry().names()) {
        out.add(new Candidate(n, n, null, null, null, null, true));
      }
      return;
    }
    String command = words.get(0);
    int arg = (int) words.subList(0, line.wordIndex()).stream().filter(","::equals).count();
    char q = word.startsWith("\"") ? '"' : '\'';
    try {
      if (arg == 0 && NAMESPACE_FIRST.contains(command)) {
        for (NamespaceDescriptor ns : session.admin().listNamespaceDescriptors()) {
          out.add(quoted(ns.name(), q, true));
        }
      } else if (arg == 0 && !NO_TABLE.contains(command)) {
        for (TableName t : session.admin().listTableNames(Pattern.compile(".*"), false)) {
          out.add(quoted(t.toString(), q, true));
        }
      } else if (arg > 0 && !NO_TABLE.contains(command) && !NAMESPACE_FIRST.contains(command)
          && words.size() > 1) {
        String table = unquote(words.get(1));
        for (ColumnFamilyDescriptor f : session.admin().getDescriptor(TableName.valueOf(table))
            .families()) {
          out.add(DATA.contains(command)
              ? new Candidate(q + f.nameAsString() + ":", f.nameAsString() + ":", null, null, null,
                  null, false)
              : quoted(f.nameAsString(), q, true));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no server, no such table, not a table name: nothing to offer
    }
  }

  private static Candidate quoted(String s, char q, boolean complete) {
    return new Candidate(q + s + q, s, null, null, null, null, complete);
  }

  private static String unquote(String w) {
    if (w.length() >= 2 && (w.charAt(0) == '\'' || w.charAt(0) == '"')
        && w.charAt(w.length() - 1) == w.charAt(0)) {
      return w.substring(1, w.length() - 1);
    }
    return w;
  }
}
