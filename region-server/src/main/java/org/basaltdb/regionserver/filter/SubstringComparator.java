package org.basaltdb.regionserver.filter;

import java.util.Locale;
import org.basaltdb.common.Bytes;

/**
 * Case-insensitive substring match ({@code substring:}): 0 when the cell bytes, decoded as UTF-8
 * and lower-cased, contain the lower-cased substring; 1 otherwise. As in HBase.
 */
public final class SubstringComparator extends ByteArrayComparable {
  private final String lowerSubstring;

  public SubstringComparator(String substring) {
    super(Bytes.toBytes(substring.toLowerCase(Locale.ROOT)));
    this.lowerSubstring = substring.toLowerCase(Locale.ROOT);
  }

  @Override
  public int compareTo(byte[] cellBytes) {
    return Bytes.toString(cellBytes).toLowerCase(Locale.ROOT).contains(lowerSubstring) ? 0 : 1;
  }

  @Override
  public boolean isMatchOnly() {
    return true;
  }

  @Override
  protected String typeName() {
    return "substring";
  }
}
