package org.basaltdb.common;

import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;

/**
 * One typed configuration key: its name, type, default and a line of meaning. Each module
 * declares its keys as constants in one class (for example {@code RegionServerConfig}), and
 * {@code docs/configuration.md} lists them all. Values live in a Hadoop {@link Configuration},
 * which reads {@code basalt-site.xml}.
 *
 * <p>Sizes accept Hadoop's suffixes ({@code 64k}, {@code 128m}, {@code 10g}); durations are
 * milliseconds or take a suffix ({@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}).
 */
public final class ConfigKey<T> {
  private final String name;
  private final T defaultValue;
  private final String description;
  private final BiFunction<Configuration, ConfigKey<T>, T> reader;

  private ConfigKey(String name, T defaultValue, String description,
      BiFunction<Configuration, ConfigKey<T>, T> reader) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description);
    this.reader = reader;
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
    try {
      return reader.apply(conf, this);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration key " + name + " has a malformed value '" + conf.get(name) + "'", e);
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
