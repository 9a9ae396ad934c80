package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * The arguments of one filter call in a filter string, with typed accessors whose errors name
 * the argument's position. Used by {@link FilterFactories}.
 */
final class FilterArguments {
  /** One argument: a quoted string (with its UTF-8 bytes) or a bare word/operator. */
  static final class Arg {
    final boolean quoted;
    final String text;
    final byte[] bytes;
    final int pos;

    Arg(boolean quoted, String text, byte[] bytes, int pos) {
      this.quoted = quoted;
      this.text = text;
      this.bytes = bytes;
      this.pos = pos;
    }

    String describe() {
      return quoted ? "quoted string '" + text.replace("'", "''") + "'" : "'" + text + "'";
    }
  }

  private final String filterName;
  private final int namePos;
  private final List<Arg> args;

  FilterArguments(String filterName, int namePos, List<Arg> args) {
    this.filterName = filterName;
    this.namePos = namePos;
    this.args = args;
  }

  int size() {
    return args.size();
  }

  String filterName() {
    return filterName;
  }

  /** Fails unless there are exactly one of {@code allowed} arguments. */
  void expectCount(int... allowed) {
    for (int n : allowed) {
      if (args.size() == n) {
        return;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < allowed.length; i++) {
      sb.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i]);
    }
    String plural = allowed.length == 1 && allowed[0] == 1 ? "argument" : "arguments";
    throw FilterParser.error(namePos, filterName + " expects " + sb + " " + plural + ", got "
        + args.size());
  }

  IllegalArgumentException error(int i, String message) {
    return FilterParser.error(args.get(i).pos, filterName + " argument " + (i + 1) + " "
        + message);
  }

  IllegalArgumentException errorAtName(String message) {
    return FilterParser.error(namePos, filterName + ": " + message);
  }

  byte[] bytes(int i) {
    Arg a = args.get(i);
    if (!a.quoted) {
      throw error(i, "must be a quoted string, got " + a.describe());
    }
    return a.bytes;
  }

  long longValue(int i, long min) {
    Arg a = args.get(i);
    long v;
    try {
      if (a.quoted) {
        throw new NumberFormatException();
      }
      v = Long.parseLong(a.text);
    } catch (NumberFormatException e) {
      throw error(i, "must be an integer, got " + a.describe());
    }
    if (v < min) {
      throw error(i, "must be >= " + min + ", got " + v);
    }
    return v;
  }

  int intValue(int i, int min) {
    long v = longValue(i, min);
    if (v > Integer.MAX_VALUE) {
      throw error(i, "must fit in an int, got " + v);
    }
    return (int) v;
  }

  boolean bool(int i) {
    Arg a = args.get(i);
    String t = a.text.toLowerCase(Locale.ROOT);
    if (a.quoted || !(t.equals("true") || t.equals("false"))) {
      throw error(i, "must be true or false, got " + a.describe());
    }
    return t.equals("true");
  }

  CompareOperator operator(int i) {
    Arg a = args.get(i);
    CompareOperator op = a.quoted ? null : CompareOperator.ofSymbol(a.text);
    if (op == null) {
      throw error(i, "must be a comparison operator (<, <=, =, !=, >, >=), got "
          + a.describe());
    }
    return op;
  }

  /** A quoted {@code type:value} comparator; match-only types need {@code op} = or !=. */
  ByteArrayComparable comparator(int i, CompareOperator op) {
    Arg a = args.get(i);
    int colon = a.quoted ? a.text.indexOf(':') : -1;
    String type = colon < 0 ? null : a.text.substring(0, colon);
    String expected = "must be a quoted comparator 'type:value' with type binary, "
        + "binaryprefix, regexstring or substring, got " + a.describe();
    if (type == null) {
      throw error(i, expected);
    }
    String value = a.text.substring(colon + 1);
    ByteArrayComparable c;
    switch (type) {
      case "binary":
        c = new BinaryComparator(value.getBytes(StandardCharsets.UTF_8));
        break;
      case "binaryprefix":
        c = new BinaryPrefixComparator(value.getBytes(StandardCharsets.UTF_8));
        break;
      case "regexstring":
        try {
          c = new RegexStringComparator(value);
        } catch (PatternSyntaxException e) {
          throw error(i, "has an invalid regular expression: " + e.getDescription());
        }
        break;
      case "substring":
        c = new SubstringComparator(value);
        break;
      default:
        throw error(i, expected);
    }
    if (c.isMatchOnly() && op != CompareOperator.EQUAL && op != CompareOperator.NOT_EQUAL) {
      throw error(i, "is a " + type + " comparator, which only supports = and !=, got operator "
          + op.symbol());
    }
    return c;
  }
}
