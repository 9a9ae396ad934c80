package org.basaltdb.server.info;

import java.util.List;

/**
 * The status pages' HTML: one page shape (a title, a line of links, sections), tables and
 * escaping. Plain HTML with a little CSS, readable without JavaScript; every value passes
 * through {@link #escape}.
 */
public final class Html {
  private Html() {}

  private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;color:#222}"
      + "table{border-collapse:collapse;margin-bottom:1.5em}"
      + "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;font-size:.9em}"
      + "th{background:#eee}td.n{text-align:right;font-family:monospace}"
      + "nav a{margin-right:1em}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.2em}"
      + "td.heat{text-align:right;font-family:monospace;min-width:6em}";

  /** A whole page: {@code title}, the navigation links, then {@code body} (already HTML). */
  public static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title><style>" + STYLE + "</style></head><body>\n<nav><a href=\"/\">status</a>"
        + "<a href=\"/metrics\">metrics</a><a href=\"/ready\">ready</a>"
        + "<a href=\"/conf\">configuration</a><a href=\"/stacks\">threads</a></nav>\n<h1>"
        + escape(title) + "</h1>\n" + body + "</body></html>\n";
  }

  /**
   * A table: {@code headers}, then {@code rows} of cells already HTML (use {@link #escape},
   * {@link #num} or {@link #link}); an empty table shows {@code empty}.
   */
  public static String table(List<String> headers, List<List<String>> rows, String empty) {
    if (rows.isEmpty()) {
      return "<p>" + escape(empty) + "</p>\n";
    }
    StringBuilder b = new StringBuilder("<table>");
    if (headers.stream().anyMatch(h -> !h.isEmpty())) { // none: a table of names and values
      b.append("<tr>");
      for (String h : headers) {
        b.append("<th>").append(escape(h)).append("</th>");
      }
      b.append("</tr>\n");
    }
    for (List<String> row : rows) {
      b.append("<tr>");
      for (String cell : row) {
        b.append(cell.startsWith("<td") ? cell : "<td>" + cell + "</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** A right-aligned number cell. */
  public static String num(long n) {
    return "<td class=\"n\">" + String.format(java.util.Locale.ROOT, "%,d", n) + "</td>";
  }

  /** A right-aligned cell of {@code value} with {@code decimals} places. */
  public static String num(double value, int decimals) {
    return "<td class=\"n\">" + String.format(java.util.Locale.ROOT, "%,." + decimals + "f",
        value) + "</td>";
  }

  /**
   * A heat-map cell: {@code value} (per second, one decimal) on a red whose strength is
   * {@code value / max} (white for none), so the hottest rows of a table stand out. The share
   * is also in the cell's {@code data-heat} attribute, from 0 to 1.
   */
  public static String heat(double value, double max) {
    double share = max <= 0 ? 0 : Math.max(0, Math.min(1, value / max));
    return String.format(java.util.Locale.ROOT, "<td class=\"heat\" data-heat=\"%.2f\""
        + " style=\"background:rgba(214,39,40,%.2f)\">%,.1f</td>", share, share * 0.85, value);
  }

  /** A link to {@code href} showing {@code text}. */
  public static String link(String href, String text) {
    return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
  }

  /** {@code s} with HTML's special characters escaped. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
