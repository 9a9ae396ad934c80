package org.basaltdb.regionserver.filter;

import org.basaltdb.regionserver.filter.Filter.ReturnCode;

/**
 * Merging of sub-filter answers for {@link FilterList}, with HBase 2.x's results.
 *
 * <p>Every return code is a pair: does it include the cell, and how far does it move on (stay,
 * next column, next row, or seek to a hint). AND takes the larger step and includes only if
 * both include; a seek from either side wins. OR takes the smaller step and includes if either
 * includes; a seek survives only against another seek, since the hint's distance is unknown.
 * This reproduces the two 7x7 tables in HBase's FilterListWithAND / FilterListWithOR.
 */
final class ReturnCodes {
  private static final int STAY = 0;
  private static final int NEXT_COLUMN = 1;
  private static final int NEXT_ROW = 2;
  private static final int SEEK = 3;

  private ReturnCodes() {}

  static boolean isInclude(ReturnCode rc) {
    return rc == ReturnCode.INCLUDE || rc == ReturnCode.INCLUDE_AND_NEXT_COL
        || rc == ReturnCode.INCLUDE_AND_SEEK_NEXT_ROW;
  }

  private static int step(ReturnCode rc) {
    switch (rc) {
      case INCLUDE_AND_NEXT_COL:
      case NEXT_COL:
        return NEXT_COLUMN;
      case INCLUDE_AND_SEEK_NEXT_ROW:
      case NEXT_ROW:
        return NEXT_ROW;
      case SEEK_NEXT_USING_HINT:
        return SEEK;
      default:
        return STAY;
    }
  }

  private static ReturnCode of(boolean include, int step) {
    switch (step) {
      case NEXT_COLUMN:
        return include ? ReturnCode.INCLUDE_AND_NEXT_COL : ReturnCode.NEXT_COL;
      case NEXT_ROW:
        return include ? ReturnCode.INCLUDE_AND_SEEK_NEXT_ROW : ReturnCode.NEXT_ROW;
      case SEEK:
        return ReturnCode.SEEK_NEXT_USING_HINT; // never combined with include
      default:
        return include ? ReturnCode.INCLUDE : ReturnCode.SKIP;
    }
  }

  /** MUST_PASS_ALL: the maximal step. */
  static ReturnCode and(ReturnCode a, ReturnCode b) {
    if (a == ReturnCode.SEEK_NEXT_USING_HINT || b == ReturnCode.SEEK_NEXT_USING_HINT) {
      return ReturnCode.SEEK_NEXT_USING_HINT;
    }
    return of(isInclude(a) && isInclude(b), Math.max(step(a), step(b)));
  }

  /** MUST_PASS_ONE: the minimal step. */
  static ReturnCode or(ReturnCode a, ReturnCode b) {
    int sa = step(a);
    int sb = step(b);
    int s;
    if (sa == SEEK && sb == SEEK) {
      s = SEEK;
    } else if (sa == SEEK || sb == SEEK) {
      s = STAY;
    } else {
      s = Math.min(sa, sb);
    }
    boolean include = isInclude(a) || isInclude(b);
    return of(include, include && s == SEEK ? STAY : s);
  }
}
