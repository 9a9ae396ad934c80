package org.basaltdb.common.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.basaltdb.common.TableName;

/**
 * A namespace: its name and free-form configuration (HBase keeps quotas and the like there).
 * Immutable; the configuration is copied and sorted by key.
 */
public record NamespaceDescriptor(String name, Map<String, String> configuration) {
  /** The same rule as a namespace inside a {@link TableName}. */
  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  // After LEGAL: static fields initialize in order.
  public static final NamespaceDescriptor DEFAULT = of(TableName.DEFAULT_NAMESPACE);
  public static final NamespaceDescriptor SYSTEM = of(TableName.SYSTEM_NAMESPACE);

  public NamespaceDescriptor {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("namespace name must not be empty");
    }
    if (!LEGAL.matcher(name).matches()) {
      throw new IllegalArgumentException("illegal namespace name '" + name
          + "': use letters, digits, '_', '-' and '.', not starting with '-' or '.'");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    if (configuration != null) {
      configuration.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "configuration key"),
          Objects.requireNonNull(v, () -> "configuration value of " + k)));
    }
    configuration = Collections.unmodifiableSortedMap(copy);
  }

  public static NamespaceDescriptor of(String name) {
    return new NamespaceDescriptor(name, Map.of());
  }
}
