package org.basaltdb.shell;

import java.util.Locale;

/** {@code Took X seconds}, as the HBase shell prints after each command. */
final class OutputTime {
  private OutputTime() {}

  static String took(long nanos) {
    return String.format(Locale.ROOT, "Took %.4f seconds", nanos / 1e9);
  }
}
