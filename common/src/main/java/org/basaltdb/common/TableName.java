package org.basaltdb.common;

/**
 * A table's name: {@code namespace:qualifier}, with {@code default} as the namespace when none is
 * given, as in HBase.
 */
public record TableName(String namespace, String qualifier) implements Comparable<TableName> {
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String SYSTEM_NAMESPACE = "basalt";

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
    if (!legal(part)) {
      throw new IllegalArgumentException("illegal " + what + " name '" + part
          + "': use letters, digits, '_', '-' and '.', not starting with '-' or '.'");
    }
  }

  /**
   * Whether {@code part} matches {@code [A-Za-z0-9_][A-Za-z0-9_.-]*}; a loop rather than a regular
   * expression, since every request names its table.
   */
  private static boolean legal(String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_';
      if (!word && (i == 0 || (c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  // equals and hashCode written out: a record's generated ones go through method handles, and
  // table names key the maps every request looks its region up in.
  @Override
  public boolean equals(Object o) {
    return o instanceof TableName t && t.qualifier.equals(qualifier)
        && t.namespace.equals(namespace);
  }

  @Override
  public int hashCode() {
    return namespace.hashCode() * 31 + qualifier.hashCode();
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
