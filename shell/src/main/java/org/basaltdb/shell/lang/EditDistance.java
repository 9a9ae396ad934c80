package org.basaltdb.shell.lang;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Levenshtein distance with adjacent swaps, for "did you mean" suggestions. */
public final class EditDistance {
  private EditDistance() {}

  public static int between(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * Up to three of {@code known} closest to {@code typo}: within a third of its length (at least
   * 1, at most 3) or, for typos of three or more characters, starting with it; nearest first.
   */
  public static List<String> nearest(String typo, Collection<String> known) {
    int limit = Math.max(1, Math.min(3, typo.length() / 3));
    record Near(String name, int d) {}
    return known.stream().map(n -> new Near(n, between(typo, n)))
        .filter(n -> n.d() <= limit || (typo.length() >= 3 && n.name().startsWith(typo)))
        .sorted(Comparator.comparingInt(Near::d).thenComparing(Near::name))
        .limit(3).map(Near::name).toList();
  }
}
