package org.basaltdb.compat;

import java.util.Random;

/** Random filter strings in HBase's filter language, over the key space {@link Ops} writes. */
final class Filters {
  private static final String[] OPS = {"<", "<=", "=", "!=", ">", ">="};
  private static final String[] PREFIXES = {"a", "aa", "ab", "b", "c"};

  private Filters() {}

  static String random(Random rnd) {
    return random(rnd, 0);
  }

  private static String random(Random rnd, int depth) {
    int p = rnd.nextInt(100);
    if (depth < 2 && p < 18) {
      String a = random(rnd, depth + 1);
      String b = random(rnd, depth + 1);
      return "(" + a + ")" + (rnd.nextBoolean() ? " AND " : " OR ") + "(" + b + ")";
    }
    if (depth < 2 && p < 24) {
      return (rnd.nextBoolean() ? "SKIP " : "WHILE ") + simple(rnd);
    }
    return simple(rnd);
  }

  private static String op(Random rnd) {
    return rnd.nextInt(3) == 0 ? "=" : OPS[rnd.nextInt(OPS.length)];
  }

  private static String value(Random rnd) {
    return "v" + rnd.nextInt(20);
  }

  private static String comparator(Random rnd, String op, String binaryValue) {
    int p = rnd.nextInt(10);
    boolean eq = op.equals("=") || op.equals("!=");
    if (p < 2 && eq) {
      return "'substring:" + rnd.nextInt(10) + "'";
    }
    if (p < 3 && eq) {
      return "'regexstring:^v1.*'";
    }
    if (p < 4) {
      return "'binaryprefix:" + binaryValue.substring(0, Math.min(2, binaryValue.length())) + "'";
    }
    return "'binary:" + binaryValue + "'";
  }

  private static String simple(Random rnd) {
    String op = op(rnd);
    String f = Ops.FAMILIES[rnd.nextInt(Ops.FAMILIES.length)];
    String q = Ops.QUALIFIERS[rnd.nextInt(Ops.QUALIFIERS.length)];
    switch (rnd.nextInt(19)) {
      case 0:
      case 1:
        return "ValueFilter(" + op + ", " + comparator(rnd, op, value(rnd)) + ")";
      case 2:
        return "RowFilter(" + op + ", " + comparator(rnd, op, "r" + rnd.nextInt(10)) + ")";
      case 3:
        return "QualifierFilter(" + op + ", " + comparator(rnd, op, q) + ")";
      case 4:
        return "FamilyFilter(" + op + ", " + comparator(rnd, op, f) + ")";
      case 5:
        return "ColumnPrefixFilter('" + q + "')";
      case 6:
        return "MultipleColumnPrefixFilter('" + PREFIXES[rnd.nextInt(PREFIXES.length)] + "', '"
            + PREFIXES[rnd.nextInt(PREFIXES.length)] + "')"; // the same twice: an error
      case 7:
        return "ColumnRangeFilter('" + q + "', " + rnd.nextBoolean() + ", '"
            + Ops.QUALIFIERS[rnd.nextInt(Ops.QUALIFIERS.length)] + "', " + rnd.nextBoolean() + ")";
      case 8:
        return "PrefixFilter('r" + rnd.nextInt(10) + "')";
      case 9:
        return rnd.nextBoolean() ? "KeyOnlyFilter()" : "FirstKeyOnlyFilter()";
      case 10:
        return "ColumnCountGetFilter(" + (1 + rnd.nextInt(3)) + ")";
      case 11:
        return "ColumnPaginationFilter(" + (1 + rnd.nextInt(3)) + ", " + rnd.nextInt(3) + ")";
      case 12:
        return "PageFilter(" + (1 + rnd.nextInt(4)) + ")";
      case 13:
        return "TimestampsFilter(" + (1 + rnd.nextInt(12)) + ", " + (1 + rnd.nextInt(12)) + ")";
      case 14:
      case 15:
        return (rnd.nextBoolean() ? "SingleColumnValueFilter" : "SingleColumnValueExcludeFilter")
            + "('" + f + "', '" + q + "', " + op + ", " + comparator(rnd, op, value(rnd)) + ", "
            + rnd.nextBoolean() + ", " + rnd.nextBoolean() + ")";
      case 16:
        return "InclusiveStopFilter('r" + rnd.nextInt(10) + "')";
      case 17:
        return rnd.nextBoolean() ? "DependentColumnFilter('" + f + "', '" + q + "', "
            + rnd.nextBoolean() + ")"
            : "DependentColumnFilter('" + f + "', '" + q + "', " + rnd.nextBoolean() + ", " + op
                + ", " + comparator(rnd, op, value(rnd)) + ")";
      default:
        return "QualifierFilter(" + op + ", 'binary:" + q + "')";
    }
  }
}
