package org.basaltdb.regionserver.filter;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Matches cell bytes against a Java regular expression ({@code regexstring:}): 0 when the pattern
 * is found anywhere in the bytes ({@link java.util.regex.Matcher#find()}), 1 otherwise.
 *
 * <p>As in HBase, the pattern is compiled with {@link Pattern#DOTALL} and cell bytes are decoded
 * as ISO-8859-1 by default (one char per byte, so any bytes decode); pass UTF-8 to match
 * non-ASCII text.
 */
public final class RegexStringComparator extends ByteArrayComparable {
  private final Pattern pattern;
  private final Charset charset;

  public RegexStringComparator(String expr) {
    this(expr, Pattern.DOTALL, StandardCharsets.ISO_8859_1);
  }

  public RegexStringComparator(String expr, int flags, Charset charset) {
    super(expr.getBytes(StandardCharsets.UTF_8));
    this.pattern = Pattern.compile(expr, flags);
    this.charset = charset;
  }

  @Override
  public int compareTo(byte[] cellBytes) {
    return pattern.matcher(new String(cellBytes, charset)).find() ? 0 : 1;
  }

  @Override
  public boolean isMatchOnly() {
    return true;
  }

  @Override
  protected String typeName() {
    return "regexstring";
  }
}
