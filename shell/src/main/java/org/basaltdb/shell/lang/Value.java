package org.basaltdb.shell.lang;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.basaltdb.common.Bytes;

/**
 * A value of the shell language: what an argument evaluates to. Strings are bytes (a double-quoted
 * {@code "\xFF"} is one byte, not a character); constants such as {@code VERSIONS} evaluate to
 * their own name, as in the HBase shell.
 */
public sealed interface Value {
  /** How the value reads in an error message or usage line. */
  String show();

  /** The kind, for "expected a string, got an array" messages. */
  String kind();

  /** A quoted string or a constant: raw bytes; {@link #text()} decodes them as UTF-8. */
  record Str(byte[] bytes) implements Value {
    public static Str of(String s) {
      return new Str(s.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String show() {
      return "'" + Bytes.toStringBinary(bytes) + "'";
    }

    @Override
    public String kind() {
      return "string";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Str s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return show();
    }
  }

  /** An integer literal. */
  record Int(long value) implements Value {
    @Override
    public String show() {
      return Long.toString(value);
    }

    @Override
    public String kind() {
      return "integer";
    }
  }

  /** A literal with a fraction, e.g. {@code 0.5}. */
  record Real(double value) implements Value {
    @Override
    public String show() {
      return Double.toString(value);
    }

    @Override
    public String kind() {
      return "number";
    }
  }

  record Bool(boolean value) implements Value {
    @Override
    public String show() {
      return Boolean.toString(value);
    }

    @Override
    public String kind() {
      return "boolean";
    }
  }

  /** Ruby's {@code nil}. */
  record Nil() implements Value {
    @Override
    public String show() {
      return "nil";
    }

    @Override
    public String kind() {
      return "nil";
    }
  }

  /** {@code ['a', 'b']}. */
  record Arr(List<Value> items) implements Value {
    public Arr {
      items = List.copyOf(items);
    }

    @Override
    public String show() {
      return items.stream().map(Value::show).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String kind() {
      return "array";
    }
  }

  /**
   * {@code {NAME => 'f', VERSIONS => 3}}, or the trailing {@code KEY => value} pairs of an
   * argument list. Keys are strings (a constant's name or a quoted string); order is kept.
   */
  record Hash(Map<String, Value> entries) implements Value {
    public Hash {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String show() {
      return entries.entrySet().stream().map(e -> e.getKey() + " => " + e.getValue().show())
          .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public String kind() {
      return "hash";
    }
  }
}
