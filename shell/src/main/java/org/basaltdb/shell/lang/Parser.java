package org.basaltdb.shell.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.basaltdb.shell.lang.Lexer.Kind;
import org.basaltdb.shell.lang.Lexer.Token;

/**
 * Parses HBase shell syntax into {@link Statement}s.
 *
 * <pre>
 * program   := sep* (statement (sep+ statement)*)? sep*        sep := ';' | newline
 * statement := command ( '(' arguments? ')' | arguments )?
 * arguments := argument (',' argument)*       -- trailing KEY => value pairs form one hash
 * argument  := value | value '=>' value
 * value     := string | number | '[' (value (',' value)* ','?)? ']'
 *            | '{' (value '=>' value (',' value '=>' value)* ','?)? '}'
 *            | CONSTANT | true | false | nil
 * </pre>
 *
 * Newlines are ignored inside brackets and after ',' or '=>', so input may span lines; input
 * that ends there (or inside a string) raises {@link ParseException.Incomplete}.
 */
public final class Parser {
  /** Bare words that evaluate to their own name, as the HBase shell's Ruby constants do. */
  public static final Set<String> CONSTANTS = Set.of("NAME", "VERSIONS", "TTL", "BLOOMFILTER",
      "COMPRESSION", "BLOCKSIZE", "BLOCKCACHE", "IN_MEMORY", "KEEP_DELETED_CELLS", "MIN_VERSIONS",
      "SPLITS", "COLUMNS", "COLUMN", "STARTROW", "STOPROW", "ROWPREFIXFILTER", "LIMIT", "FILTER",
      "TIMESTAMP", "TIMERANGE", "REVERSED", "RAW", "CACHE", "CACHE_BLOCKS", "BATCH", "INTERVAL",
      "METHOD", "CONFIGURATION", "DURABILITY");

  private final List<Token> tokens;
  private int i;
  private int depth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses a whole input: one or more statements separated by ';' or newlines. */
  public static List<Statement> parse(String input) throws ParseException {
    return new Parser(Lexer.tokenize(input)).program();
  }

  /** True if the input is unfinished: more lines would be needed to complete it. */
  public static boolean isIncomplete(String input) {
    try {
      parse(input);
      return false;
    } catch (ParseException.Incomplete e) {
      return true;
    } catch (ParseException e) {
      return false;
    }
  }

  private Token peek() {
    if (depth > 0) {
      skipNewlines();
    }
    return tokens.get(i);
  }

  private Token next() {
    Token t = peek();
    i++;
    return t;
  }

  private void skipNewlines() {
    while (tokens.get(i).kind() == Kind.NEWLINE) {
      i++;
    }
  }

  private boolean atSeparator(Token t) {
    return t.kind() == Kind.SEMI || t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF;
  }

  private List<Statement> program() throws ParseException {
    List<Statement> out = new ArrayList<>();
    while (true) {
      while (peek().kind() == Kind.SEMI || peek().kind() == Kind.NEWLINE) {
        i++;
      }
      if (peek().kind() == Kind.EOF) {
        return out;
      }
      out.add(statement());
      Token t = peek();
      if (!atSeparator(t)) {
        throw error("expected ',' or end of command but found " + t.describe(), t);
      }
    }
  }

  private Statement statement() throws ParseException {
    Token name = next();
    if (name.kind() != Kind.WORD || !name.text().matches("[a-z_][a-z0-9_]*")) {
      throw error("expected a command name but found " + name.describe(), name);
    }
    List<Value> args = new ArrayList<>();
    Token t = tokens.get(i);
    if (t.kind() == Kind.LPAREN) {
      i++;
      depth++;
      if (peek().kind() != Kind.RPAREN) {
        args = arguments();
      }
      expect(Kind.RPAREN, "')'");
      depth--;
    } else if (!atSeparator(t)) {
      args = arguments();
    }
    return new Statement(name.text(), args, name.line(), name.column());
  }

  private List<Value> arguments() throws ParseException {
    List<Value> args = new ArrayList<>();
    Map<String, Value> pairs = null;
    while (true) {
      Token start = peek();
      Value v = value();
      if (peek().kind() == Kind.ARROW) {
        i++;
        skipNewlines();
        if (pairs == null) {
          pairs = new LinkedHashMap<>();
        }
        putPair(pairs, v, start, value());
      } else if (pairs != null) {
        throw error("a plain argument cannot follow KEY => value pairs", start);
      } else {
        args.add(v);
      }
      if (peek().kind() != Kind.COMMA) {
        break;
      }
      i++;
      skipNewlines();
    }
    if (pairs != null) {
      args.add(new Value.Hash(pairs));
    }
    return args;
  }

  private void putPair(Map<String, Value> m, Value key, Token at, Value v) throws ParseException {
    if (!(key instanceof Value.Str s)) {
      throw error("a hash key must be a string or a constant, not " + key.kind() + " "
          + key.show(), at);
    }
    if (m.put(s.text(), v) != null) {
      throw error("duplicate key " + s.text(), at);
    }
  }

  private Value value() throws ParseException {
    Token t = next();
    switch (t.kind()) {
      case STRING:
        return new Value.Str(t.bytes());
      case INT:
        try {
          return new Value.Int(Long.parseLong(t.text().replace("_", "")));
        } catch (NumberFormatException e) {
          throw error("number out of range: " + t.text(), t);
        }
      case REAL:
        return new Value.Real(Double.parseDouble(t.text()));
      case LBRACKET:
        return array();
      case LBRACE:
        return hash();
      case WORD:
        return word(t);
      case EOF: // only reached after ',', '=>' or an open bracket
        throw new ParseException.Incomplete("input ends where a value was expected", t.line(),
            t.column());
      default:
        throw error("expected a value but found " + t.describe(), t);
    }
  }

  private Value word(Token t) throws ParseException {
    switch (t.text()) {
      case "true":
        return new Value.Bool(true);
      case "false":
        return new Value.Bool(false);
      case "nil":
        return new Value.Nil();
      default:
        if (CONSTANTS.contains(t.text())) {
          return Value.Str.of(t.text());
        }
        List<String> near = EditDistance.nearest(t.text(), CONSTANTS);
        throw error("unknown word '" + t.text() + "' ("
            + (near.isEmpty() ? "" : "did you mean " + near.get(0) + "? ")
            + "quote strings: '" + t.text() + "')", t);
    }
  }

  private Value array() throws ParseException {
    depth++;
    List<Value> items = new ArrayList<>();
    while (peek().kind() != Kind.RBRACKET) {
      items.add(value());
      if (peek().kind() != Kind.COMMA) {
        break;
      }
      i++;
    }
    expect(Kind.RBRACKET, "',' or ']'");
    depth--;
    return new Value.Arr(items);
  }

  private Value hash() throws ParseException {
    depth++;
    Map<String, Value> m = new LinkedHashMap<>();
    while (peek().kind() != Kind.RBRACE) {
      Token start = peek();
      Value k = value();
      expect(Kind.ARROW, "'=>'");
      putPair(m, k, start, value());
      if (peek().kind() != Kind.COMMA) {
        break;
      }
      i++;
    }
    expect(Kind.RBRACE, "',' or '}'");
    depth--;
    return new Value.Hash(m);
  }

  private void expect(Kind k, String what) throws ParseException {
    Token t = next();
    if (t.kind() != k) {
      if (t.kind() == Kind.EOF) {
        throw new ParseException.Incomplete("expected " + what + " but input ended", t.line(),
            t.column());
      }
      throw error("expected " + what + " but found " + t.describe(), t);
    }
  }

  private static ParseException error(String what, Token t) {
    return new ParseException(what, t.line(), t.column());
  }
}
