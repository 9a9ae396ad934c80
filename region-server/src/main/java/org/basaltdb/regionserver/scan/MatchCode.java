package org.basaltdb.regionserver.scan;

/** What the scanner does with the cell a matcher just saw. */
public enum MatchCode {
  INCLUDE,
  SKIP,
  /** Skip the rest of this column's versions. */
  SEEK_NEXT_COL,
  /** Skip the rest of this row. */
  SEEK_NEXT_ROW,
  INCLUDE_AND_SEEK_NEXT_COL,
  INCLUDE_AND_SEEK_NEXT_ROW,
  /** Skip to the filter's hint. */
  SEEK_NEXT_USING_HINT,
  /** No further cell of the scan can match. */
  DONE_SCAN;

  public boolean includes() {
    return this == INCLUDE || this == INCLUDE_AND_SEEK_NEXT_COL
        || this == INCLUDE_AND_SEEK_NEXT_ROW;
  }
}
