package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.util.Objects;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps whole rows by the value of one column {@code family:qualifier} ("cell value OP
 * comparator"). A row without the column is kept unless {@code filterIfMissing} (default false).
 * With {@code latestVersionOnly} (default true) only the newest returned version is tested;
 * otherwise the row passes if any returned version does.
 *
 * <p>Cells are included as they stream past and the verdict comes in {@link #filterRow()}, so
 * {@link #hasFilterRow()} is true. When the tested family is not loaded by the scan, the column
 * is "missing". As in HBase.
 */
public class SingleColumnValueFilter extends Filter {
  private final byte[] family;
  private final byte[] qualifier;
  private final CompareOperator op;
  private final ByteArrayComparable comparator;
  private final boolean filterIfMissing;
  private final boolean latestVersionOnly;
  private boolean foundColumn;
  private boolean matchedColumn;

  public SingleColumnValueFilter(byte[] family, byte[] qualifier, CompareOperator op,
      ByteArrayComparable comparator) {
    this(family, qualifier, op, comparator, false, true);
  }

  public SingleColumnValueFilter(byte[] family, byte[] qualifier, CompareOperator op,
      ByteArrayComparable comparator, boolean filterIfMissing, boolean latestVersionOnly) {
    this.family = Objects.requireNonNull(family, "family");
    this.qualifier = Objects.requireNonNull(qualifier, "qualifier");
    this.op = Objects.requireNonNull(op, "op");
    this.comparator = Objects.requireNonNull(comparator, "comparator");
    this.filterIfMissing = filterIfMissing;
    this.latestVersionOnly = latestVersionOnly;
  }

  public byte[] family() {
    return family;
  }

  public byte[] qualifier() {
    return qualifier;
  }

  public boolean filterIfMissing() {
    return filterIfMissing;
  }

  public boolean latestVersionOnly() {
    return latestVersionOnly;
  }

  /** True when {@code c} is a version of the tested column. */
  protected boolean isTestedColumn(Cell c) {
    return Bytes.equals(c.qualifier(), qualifier) && Bytes.equals(c.family(), family);
  }

  @Override
  public void reset() {
    foundColumn = false;
    matchedColumn = false;
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (matchedColumn) {
      return ReturnCode.INCLUDE;
    }
    if (latestVersionOnly && foundColumn) {
      // As HBase: the row has failed; every later cell is told so, family by family. Alone the
      // row is dropped by filterRow anyway, but in an OR list this NEXT_ROW is merged with the
      // other filters' answers (and keeps cells out that they would SKIP or NEXT_COL).
      return ReturnCode.NEXT_ROW;
    }
    if (!isTestedColumn(c)) {
      return ReturnCode.INCLUDE;
    }
    foundColumn = true;
    if (op == CompareOperator.NO_OP || !op.passes(comparator.compareTo(c.value()))) {
      return latestVersionOnly ? ReturnCode.NEXT_ROW : ReturnCode.INCLUDE;
    }
    matchedColumn = true;
    return ReturnCode.INCLUDE;
  }

  @Override
  public boolean filterRow() {
    return foundColumn ? !matchedColumn : filterIfMissing;
  }

  @Override
  public boolean hasFilterRow() {
    return true;
  }

  /** Only the tested family is needed to decide a row, unless missing rows are kept. */
  @Override
  public boolean isFamilyEssential(byte[] name) {
    return !filterIfMissing || Bytes.equals(name, family);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + FilterStrings.quoted(family) + ", "
        + FilterStrings.quoted(qualifier) + ", " + op.symbol() + ", '" + comparator + "', "
        + filterIfMissing + ", " + latestVersionOnly + ")";
  }
}
