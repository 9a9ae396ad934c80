package org.basaltdb.common;

import java.util.regex.Pattern;

/**
 * A table's name: {@code namespace:qualifier}, with {@code default} as the namespace when none is
 * given, as in HBase.
 */
public record TableName(String namespace, String qualifier) implements Comparable<TableName> {
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String SYSTEM_NAMESPACE = "basalt";

  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  public TableName {
    check(namespace, "namespace");
    check(qualifier, "table");
  }

  /** Parses {@code "ns:name"} or {@code "name"} (namespace {@code default}). */
  public static TableName valueOf(String name) {
    int colon = name.indexOf(':');
    return colon < 0
        ? new TableName(DEFAULT_NAMESPACE, name)
        : new TableName(name.substring(0, colon), name.substring(colon + 1));
  }

  private static void check(String part, String what) {
    if (part == null || part.isEmpty()) {
      throw new IllegalArgumentException(what + " name must not be empty");
    }
    if (!LEGAL.matcher(part).matches()) {
      throw new IllegalArgumentException("illegal " + what + " name '" + part
          + "': use letters, digits, '_', '-' and '.', not starting with '-' or '.'");
    }
  }

  @Override
  public String toString() {
    return DEFAULT_NAMESPACE.equals(namespace) ? qualifier : namespace + ":" + qualifier;
  }

  @Override
  public int compareTo(TableName o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : qualifier.compareTo(o.qualifier);
  }
}
