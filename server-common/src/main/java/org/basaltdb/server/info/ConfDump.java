package org.basaltdb.server.info;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The effective configuration as {@code /conf} shows it: every key this process has set, sorted,
 * {@code key=value} a line, with the value of any key that names a secret replaced by
 * {@value #MASK}. Keys a process reads but nobody set take their documented defaults
 * (docs/configuration.md) and are not listed.
 */
final class ConfDump {
  static final String MASK = "********";
  /** Key names whose values are secrets (Hadoop's and Basalt's spellings). */
  private static final Pattern SECRET = Pattern.compile(
      "(?i).*(password|passwd|secret|credential|token|keytab|private[._-]?key|\\.key$).*");

  private ConfDump() {}

  static String of(Configuration conf) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      sorted.put(e.getKey(), isSecret(e.getKey()) ? MASK : e.getValue());
    }
    StringBuilder b = new StringBuilder();
    sorted.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }

  static boolean isSecret(String key) {
    return SECRET.matcher(key).matches();
  }
}
