package org.basaltdb.wal;

/** What a log reader does when it finds damage before the end of the log. */
public enum CorruptionPolicy {
  /** Throw a {@link org.basaltdb.common.CorruptionException} naming file and offset. */
  FAIL,
  /**
   * Stop reading the damaged file at the damage, report what was skipped, and go on with the next
   * file. Edits after the damage in that file are lost: an operator's choice, never the default.
   */
  SKIP_TO_NEXT_FILE;

  /** Parses the configuration spelling: {@code fail} or {@code skip-to-next-file}. */
  public static CorruptionPolicy parse(String s) {
    switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "fail":
        return FAIL;
      case "skip-to-next-file":
        return SKIP_TO_NEXT_FILE;
      default:
        throw new IllegalArgumentException(
            "wal.corruption.policy must be 'fail' or 'skip-to-next-file', not '" + s + "'");
    }
  }
}
