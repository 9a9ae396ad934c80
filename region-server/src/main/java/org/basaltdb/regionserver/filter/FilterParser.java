package org.basaltdb.regionserver.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses HBase's filter language (the strings the shell and Thrift take) into a {@link Filter}.
 *
 * <pre>
 * expression := or
 * or         := and ("OR" and)*            // a chain of n becomes one MUST_PASS_ONE list
 * and        := unary ("AND" unary)*       // a chain of n becomes one MUST_PASS_ALL list
 * unary      := "SKIP" unary | "WHILE" unary | "(" or ")" | call
 * call       := Name "(" [argument ("," argument)*] ")"
 * argument   := 'quoted string'            // '' stands for one quote; the text is UTF-8 bytes
 *             | integer | true | false     // booleans in any case
 *             | &lt; | &lt;= | = | != | &gt; | &gt;=
 * </pre>
 *
 * So SKIP and WHILE bind tightest, then AND, then OR: {@code A AND B OR C} is
 * {@code (A AND B) OR C} and {@code SKIP A AND B} is {@code (SKIP A) AND B}. Keywords and
 * filter names are case-sensitive, as in HBase; whitespace between tokens is ignored.
 * Comparator arguments are quoted {@code 'binary:…'}, {@code 'binaryprefix:…'},
 * {@code 'regexstring:…'} or {@code 'substring:…'}. The filters, their arguments and
 * {@link #filterNames()} are in {@link FilterFactories}.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message starts with
 * {@code filter string position N:} (N counts characters from 0) and says what was expected.
 */
public final class FilterParser {
  private final String text;
  private final List<Token> tokens;
  private int next;

  private FilterParser(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** Parses a filter string; throws IllegalArgumentException on any error. */
  public static Filter parse(String filterString) {
    FilterParser p = new FilterParser(filterString);
    Filter f = p.parseOr();
    Token t = p.peek();
    if (t.kind != Kind.END) {
      throw error(t.pos, "expected AND, OR or end of string, got " + t.describe());
    }
    return f;
  }

  /** The filter names the language knows, sorted (the shell's {@code show_filters}). */
  public static List<String> filterNames() {
    return FilterFactories.names();
  }

  static IllegalArgumentException error(int pos, String message) {
    return new IllegalArgumentException("filter string position " + pos + ": " + message);
  }

  // ---- grammar ----

  private Filter parseOr() {
    List<Filter> parts = new ArrayList<>();
    parts.add(parseAnd());
    while (peek().isWord("OR")) {
      next++;
      parts.add(parseAnd());
    }
    return parts.size() == 1 ? parts.get(0) : new FilterList(FilterList.Operator.MUST_PASS_ONE,
        parts);
  }

  private Filter parseAnd() {
    List<Filter> parts = new ArrayList<>();
    parts.add(parseUnary());
    while (peek().isWord("AND")) {
      next++;
      parts.add(parseUnary());
    }
    return parts.size() == 1 ? parts.get(0) : new FilterList(FilterList.Operator.MUST_PASS_ALL,
        parts);
  }

  private Filter parseUnary() {
    Token t = peek();
    if (t.isWord("SKIP")) {
      next++;
      return new SkipFilter(parseUnary());
    }
    if (t.isWord("WHILE")) {
      next++;
      return new WhileMatchFilter(parseUnary());
    }
    if (t.kind == Kind.LPAREN) {
      next++;
      Filter inner = parseOr();
      Token close = peek();
      if (close.kind != Kind.RPAREN) {
        throw error(close.pos, "expected AND, OR or ')' to close the '(' at position " + t.pos
            + ", got " + close.describe());
      }
      next++;
      return inner;
    }
    if (t.kind == Kind.WORD && !isKeyword(t.text)) {
      return parseCall();
    }
    throw error(t.pos, "expected a filter name, '(', SKIP or WHILE, got " + t.describe());
  }

  private Filter parseCall() {
    Token name = tokens.get(next++);
    if (!FilterFactories.isKnown(name.text)) {
      throw error(name.pos, "unknown filter '" + name.text + "'; known filters: "
          + String.join(", ", filterNames()));
    }
    Token open = peek();
    if (open.kind != Kind.LPAREN) {
      throw error(open.pos, "expected '(' after filter name " + name.text + ", got "
          + open.describe());
    }
    next++;
    List<FilterArguments.Arg> args = new ArrayList<>();
    if (peek().kind == Kind.RPAREN) {
      next++;
    } else {
      while (true) {
        Token a = peek();
        if (a.kind != Kind.STRING && a.kind != Kind.WORD && a.kind != Kind.OPERATOR) {
          throw error(a.pos, "expected an argument of " + name.text + ", got " + a.describe());
        }
        next++;
        args.add(new FilterArguments.Arg(a.kind == Kind.STRING, a.text, a.bytes, a.pos));
        Token sep = peek();
        if (sep.kind == Kind.RPAREN) {
          next++;
          break;
        }
        if (sep.kind != Kind.COMMA) {
          throw error(sep.pos, "expected ',' or ')' after argument, got " + sep.describe());
        }
        next++;
      }
    }
    return FilterFactories.create(name.text, new FilterArguments(name.text, name.pos, args));
  }

  private static boolean isKeyword(String w) {
    return w.equals("AND") || w.equals("OR") || w.equals("SKIP") || w.equals("WHILE");
  }

  private Token peek() {
    return tokens.get(next);
  }

  // ---- tokens ----

  private enum Kind { LPAREN, RPAREN, COMMA, STRING, OPERATOR, WORD, END }

  private static final class Token {
    final Kind kind;
    final String text;
    final byte[] bytes;
    final int pos;

    Token(Kind kind, String text, byte[] bytes, int pos) {
      this.kind = kind;
      this.text = text;
      this.bytes = bytes;
      this.pos = pos;
    }

    boolean isWord(String w) {
      return kind == Kind.WORD && text.equals(w);
    }

    String describe() {
      switch (kind) {
        case END:
          return "end of string";
        case STRING:
          return "quoted string '" + text.replace("'", "''") + "'";
        default:
          return "'" + text + "'";
      }
    }
  }

  /** Characters that end a bare word (besides whitespace). */
  private static boolean isDelimiter(char c) {
    return c == '(' || c == ')' || c == ',' || c == '\'' || c == '<' || c == '>' || c == '='
        || c == '!' || Character.isWhitespace(c);
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        Kind k = c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA;
        out.add(new Token(k, String.valueOf(c), null, i));
        i++;
      } else if (c == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw error(i, "unterminated quoted string (a quote inside a string is written '')");
          }
          char d = s.charAt(j);
          if (d == '\'') {
            if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
              sb.append('\'');
              j += 2;
              continue;
            }
            break;
          }
          sb.append(d);
          j++;
        }
        String v = sb.toString();
        out.add(new Token(Kind.STRING, v, v.getBytes(StandardCharsets.UTF_8), i));
        i = j + 1;
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        boolean twoChars = i + 1 < s.length() && s.charAt(i + 1) == '=' && c != '=';
        if (c == '!' && !twoChars) {
          throw error(i, "expected '!=', got '!'");
        }
        String op = twoChars ? s.substring(i, i + 2) : String.valueOf(c);
        out.add(new Token(Kind.OPERATOR, op, null, i));
        i += op.length();
      } else {
        int j = i;
        while (j < s.length() && !isDelimiter(s.charAt(j))) {
          j++;
        }
        out.add(new Token(Kind.WORD, s.substring(i, j), null, i));
        i = j;
      }
    }
    out.add(new Token(Kind.END, "", null, s.length()));
    return out;
  }
}
