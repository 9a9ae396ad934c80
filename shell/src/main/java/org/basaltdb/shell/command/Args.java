package org.basaltdb.shell.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.basaltdb.common.TableName;
import org.basaltdb.shell.lang.Value;

/**
 * A command's evaluated arguments with typed accessors. Every accessor that finds the wrong kind
 * of value throws {@link UsageException}, so the shell answers with the command's usage line.
 */
public final class Args {
  private final List<Value> values;

  public Args(List<Value> values) {
    this.values = List.copyOf(values);
  }

  public int size() {
    return values.size();
  }

  public Value get(int i) {
    return values.get(i);
  }

  public List<Value> all() {
    return values;
  }

  /** Checks the count: {@code max < 0} means no upper bound. */
  public Args count(int min, int max) {
    int n = values.size();
    if (n < min || (max >= 0 && n > max)) {
      String expected = min == max ? Integer.toString(min)
          : max < 0 ? "at least " + min : min + " to " + max;
      throw new UsageException("wrong number of arguments (given " + n + ", expected " + expected
          + ")");
    }
    return this;
  }

  public boolean has(int i) {
    return i < values.size();
  }

  /** The last argument if it is a hash, else an empty one. */
  public Value.Hash options() {
    return !values.isEmpty() && values.get(values.size() - 1) instanceof Value.Hash h ? h
        : new Value.Hash(Map.of());
  }

  /** The arguments before a trailing hash. */
  public List<Value> positional() {
    return !values.isEmpty() && values.get(values.size() - 1) instanceof Value.Hash
        ? values.subList(0, values.size() - 1) : values;
  }

  public String string(int i, String what) {
    return text(values.get(i), what);
  }

  public byte[] bytes(int i, String what) {
    return bytes(values.get(i), what);
  }

  public TableName table(int i) {
    return tableName(string(i, "table name"));
  }

  public static TableName tableName(String s) {
    try {
      return TableName.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  // ---- conversions of single values, shared by the option parsers ----

  public static String text(Value v, String what) {
    if (v instanceof Value.Str s) {
      return s.text();
    }
    throw new UsageException(what + " must be a string, got " + v.kind() + " " + v.show());
  }

  /** A string's bytes; a number stands for its decimal digits, as the HBase shell's to_s. */
  public static byte[] bytes(Value v, String what) {
    if (v instanceof Value.Str s) {
      return s.bytes();
    }
    if (v instanceof Value.Int || v instanceof Value.Real) {
      return v.show().getBytes(StandardCharsets.UTF_8);
    }
    throw new UsageException(what + " must be a string, got " + v.kind() + " " + v.show());
  }

  /** An integer, or a string of digits ({@code VERSIONS => '3'} works in HBase too). */
  public static long number(Value v, String what) {
    if (v instanceof Value.Int n) {
      return n.value();
    }
    if (v instanceof Value.Str s) {
      try {
        return Long.parseLong(s.text().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new UsageException(what + " must be an integer, got " + v.kind() + " " + v.show());
  }

  public static int intValue(Value v, String what) {
    long n = number(v, what);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw new UsageException(what + " is out of range: " + n);
    }
    return (int) n;
  }

  public static boolean bool(Value v, String what) {
    if (v instanceof Value.Bool b) {
      return b.value();
    }
    if (v instanceof Value.Str s && (s.text().equalsIgnoreCase("true")
        || s.text().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s.text());
    }
    throw new UsageException(what + " must be true or false, got " + v.show());
  }

  /** A string or an array of strings, as {@code COLUMNS => 'f'} and {@code ['f:a', 'g']}. */
  public static List<byte[]> byteList(Value v, String what) {
    List<byte[]> out = new ArrayList<>();
    if (v instanceof Value.Arr a) {
      for (Value x : a.items()) {
        out.add(bytes(x, what));
      }
    } else {
      out.add(bytes(v, what));
    }
    return out;
  }

  /** Rejects keys outside {@code allowed}, naming the ones that are. */
  public static void checkKeys(Value.Hash h, Set<String> allowed, String where) {
    for (String k : h.entries().keySet()) {
      if (!allowed.contains(k)) {
        throw new UsageException("unknown option " + k + " for " + where + "; known: "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }
}
