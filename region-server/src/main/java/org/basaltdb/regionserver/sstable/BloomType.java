package org.basaltdb.regionserver.sstable;

/**
 * Which keys an SSTable's bloom filter holds. The codes are written to disk (file info): never
 * renumber them.
 *
 * <ul>
 *   <li>{@code NONE}: no bloom block; every "might contain" answers true.</li>
 *   <li>{@code ROW}: one key per row.</li>
 *   <li>{@code ROWCOL}: one key per (row, qualifier), plus one key per row, so both
 *       {@link SSTableReader#mightContainRow} and {@link SSTableReader#mightContainRowCol} are
 *       useful. Family delete markers have an empty qualifier, so their (row, "") key is in the
 *       filter; {@code mightContainRowCol(r, f, q)} answers true if either (r, q) or (r, "") may
 *       be present, so a Get of one column always sees the row's family delete markers.</li>
 * </ul>
 */
public enum BloomType {
  NONE(0),
  ROW(1),
  ROWCOL(2);

  /** The persisted code. */
  public final int code;

  BloomType(int code) {
    this.code = code;
  }

  /** The bloom type with this persisted code, or null if the code is unknown. */
  static BloomType ofCode(int code) {
    for (BloomType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
