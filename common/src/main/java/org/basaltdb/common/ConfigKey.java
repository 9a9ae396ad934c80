package org.basaltdb.common;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;

/**
 * One typed configuration key: its name, type, default and a line of meaning. Each module
 * declares its keys as constants in one class (for example {@code RegionServerConfig}), and
 * {@code docs/configuration.md} lists them all. Values live in a Hadoop {@link Configuration},
 * which reads {@code basalt-site.xml}.
 *
 * <p>A key renamed to fit the naming scheme keeps its old names as deprecated aliases
 * ({@link #withDeprecatedNames}): a value set under the current name wins; otherwise the first
 * old name that is set is read. docs/configuration.md lists the old names beside the new.
 *
 * <p>Sizes accept Hadoop's suffixes ({@code 64k}, {@code 128m}, {@code 10g}); durations are
 * milliseconds or take a suffix ({@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}).
 */
public final class ConfigKey<T> {
  private final String name;
  private final T defaultValue;
  private final String description;
  private final BiFunction<Configuration, ConfigKey<T>, T> reader;
  private final List<String> deprecatedNames;

  private ConfigKey(String name, T defaultValue, String description,
      BiFunction<Configuration, ConfigKey<T>, T> reader) {
    this(name, defaultValue, description, reader, List.of());
  }

  private ConfigKey(String name, T defaultValue, String description,
      BiFunction<Configuration, ConfigKey<T>, T> reader, List<String> deprecatedNames) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description);
    this.reader = reader;
    this.deprecatedNames = List.copyOf(deprecatedNames);
  }

  /** This key, also read under {@code oldNames} (in that order) when its own name is not set. */
  public ConfigKey<T> withDeprecatedNames(String... oldNames) {
    return new ConfigKey<>(name, defaultValue, description, reader, List.of(oldNames));
  }

  /** The names this key was known by before, still read; empty for most keys. */
  public List<String> deprecatedNames() {
    return deprecatedNames;
  }

  /** Whether {@code conf} sets this key, under its name or a deprecated one. */
  public boolean isSet(Configuration conf) {
    return source(conf) != null;
  }

  /** The key whose name {@code conf} sets: this, or this under a deprecated name; or null. */
  private ConfigKey<T> source(Configuration conf) {
    if (conf.get(name) != null) {
      return this;
    }
    for (String old : deprecatedNames) {
      if (conf.get(old) != null) {
        return new ConfigKey<>(old, defaultValue, description, reader);
      }
    }
    return null;
  }

  public static ConfigKey<Integer> ofInt(String name, int def, String description) {
    return new ConfigKey<>(name, def, description, (c, k) -> c.getInt(k.name, k.defaultValue));
  }

  public static ConfigKey<Long> ofLong(String name, long def, String description) {
    return new ConfigKey<>(name, def, description, (c, k) -> c.getLong(k.name, k.defaultValue));
  }

  /** A size in bytes; the value may carry a suffix k, m, g, t. */
  public static ConfigKey<Long> ofBytes(String name, long def, String description) {
    return new ConfigKey<>(name, def, description,
        (c, k) -> c.getLongBytes(k.name, k.defaultValue));
  }

  /** A duration in milliseconds; the value may carry a suffix ms, s, m, h, d. */
  public static ConfigKey<Long> ofMillis(String name, long def, String description) {
    return new ConfigKey<>(name, def, description, (c, k) -> {
      String v = c.getTrimmed(k.name);
      return v == null ? k.defaultValue : parseMillis(k.name, v);
    });
  }

  public static ConfigKey<Double> ofDouble(String name, double def, String description) {
    return new ConfigKey<>(name, def, description, (c, k) -> c.getDouble(k.name, k.defaultValue));
  }

  public static ConfigKey<Boolean> ofBoolean(String name, boolean def, String description) {
    return new ConfigKey<>(name, def, description,
        (c, k) -> c.getBoolean(k.name, k.defaultValue));
  }

  public static ConfigKey<String> ofString(String name, String def, String description) {
    return new ConfigKey<>(name, def, description, (c, k) -> c.getTrimmed(k.name, k.defaultValue));
  }

  /** The configured value, or the default; a malformed value is an IllegalArgumentException. */
  public T get(Configuration conf) {
    ConfigKey<T> source = source(conf);
    if (source == null) {
      source = this;
    }
    try {
      return reader.apply(conf, source);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("configuration key " + source.name
          + " has a malformed value '" + conf.get(source.name) + "'", e);
    }
  }

  public void set(Configuration conf, T value) {
    conf.set(name, String.valueOf(value));
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  static long parseMillis(String key, String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    long unit;
    if (s.endsWith("ms")) {
      unit = 1;
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      unit = 1000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unit = 60_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unit = 3_600_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("d")) {
      unit = 86_400_000;
      s = s.substring(0, s.length() - 1);
    } else {
      unit = 1;
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.trim()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "configuration key " + key + " has a malformed duration '" + v + "'", e);
    }
  }

  @Override
  public String toString() {
    return name + " (default " + defaultValue + "): " + description;
  }
}
