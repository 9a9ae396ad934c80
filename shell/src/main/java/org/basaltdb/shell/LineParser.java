package org.basaltdb.shell;

import java.util.ArrayList;
import java.util.List;
import org.basaltdb.shell.lang.Parser;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;

/**
 * JLine's view of the input: asks for more lines while a string, bracket or argument list is
 * unfinished (JLine shows the secondary prompt), and splits the text at the cursor into words
 * for completion, a word being the partial string or name being typed (with its opening quote).
 */
final class LineParser implements org.jline.reader.Parser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && Parser.isIncomplete(line)) {
      throw new EOFError(-1, -1, "input is unfinished", "more");
    }
    return Words.of(line, cursor);
  }

  /** Words of the statement under the cursor; the last is the one being completed. */
  record Words(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
      implements CompletingParsedLine {
    /** Candidates come quoted already (see ShellCompleter); nothing to escape. */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor;
    }

    @Override
    public int rawWordLength() {
      return word().length();
    }

    @Override
    public String word() {
      return words.get(wordIndex);
    }

    static Words of(String line, int cursor) {
      List<String> words = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      char quote = 0;
      for (int i = 0; i < cursor; i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          cur.append(c);
          if (c == '\\' && i + 1 < cursor) {
            cur.append(line.charAt(++i));
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          cur.append(c);
        } else if (c == ';' || c == '\n') {
          words.clear();
          cur.setLength(0);
        } else if (Character.isWhitespace(c) || "(),[]{}=>".indexOf(c) >= 0) {
          if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
          }
          if (c == ',') {
            words.add(",");
          }
        } else {
          cur.append(c);
        }
      }
      words.add(cur.toString());
      return new Words(line, cursor, List.copyOf(words), words.size() - 1, cur.length());
    }

    @Override
    public String line() {
      return line;
    }

    @Override
    public int cursor() {
      return cursor;
    }

    @Override
    public List<String> words() {
      return words;
    }

    @Override
    public int wordIndex() {
      return wordIndex;
    }

    @Override
    public int wordCursor() {
      return wordCursor;
    }
  }
}
