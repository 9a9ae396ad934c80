package org.basaltdb.shell.command;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Region names as commands take them: the encoded name (32 hex digits), or the full name
 * {@code table,startKey,regionId.ENCODED.} that {@code list_regions} and {@code locate_region}
 * print, from which the encoded name is taken.
 */
final class RegionNames {
  static final Pattern ENCODED = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern FULL = Pattern.compile(".*,.*\\.([0-9a-f]{32})\\.");

  private RegionNames() {}

  /** The encoded region name in argument {@code i}. */
  static String encoded(Args a, int i) {
    return encoded(Args.text(a.get(i), "region name"));
  }

  static String encoded(String name) {
    if (ENCODED.matcher(name).matches()) {
      return name;
    }
    Matcher m = FULL.matcher(name);
    if (m.matches()) {
      return m.group(1);
    }
    throw new UsageException("'" + name + "' is not a region name: give the encoded name (32 hex"
        + " digits) or the full name ending in .ENCODED. (list_regions shows both)");
  }
}
