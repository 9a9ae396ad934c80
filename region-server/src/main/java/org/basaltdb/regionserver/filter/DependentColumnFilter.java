package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Keeps, in each row, only the cells whose timestamp equals that of a version of a reference
 * column {@code family:qualifier} (optionally only reference versions whose value passes "value
 * OP comparator"). With {@code dropDependentColumn} the reference column itself is left out.
 * Rows without a (passing) reference version come back empty and disappear. As in HBase.
 */
public final class DependentColumnFilter extends Filter {
  private final byte[] family;
  private final byte[] qualifier;
  private final boolean dropDependentColumn;
  private final CompareOperator op;
  private final ByteArrayComparable comparator;
  private final Set<Long> stamps = new HashSet<>();

  public DependentColumnFilter(byte[] family, byte[] qualifier) {
    this(family, qualifier, false);
  }

  public DependentColumnFilter(byte[] family, byte[] qualifier, boolean dropDependentColumn) {
    this(family, qualifier, dropDependentColumn, CompareOperator.NO_OP, null);
  }

  /** {@code comparator} may be null: then every reference version counts. */
  public DependentColumnFilter(byte[] family, byte[] qualifier, boolean dropDependentColumn,
      CompareOperator op, ByteArrayComparable comparator) {
    this.family = Objects.requireNonNull(family, "family");
    this.qualifier = Objects.requireNonNull(qualifier, "qualifier");
    this.dropDependentColumn = dropDependentColumn;
    this.op = Objects.requireNonNull(op, "op");
    this.comparator = comparator;
  }

  @Override
  public void reset() {
    stamps.clear();
  }

  @Override
  public ReturnCode filterCell(Cell c) {
    if (!Bytes.equals(c.qualifier(), qualifier) || !Bytes.equals(c.family(), family)) {
      return ReturnCode.INCLUDE; // kept for now; filterRowCells decides
    }
    if (comparator != null
        && (op == CompareOperator.NO_OP || !op.passes(comparator.compareTo(c.value())))) {
      return ReturnCode.SKIP;
    }
    stamps.add(c.timestamp());
    return dropDependentColumn ? ReturnCode.SKIP : ReturnCode.INCLUDE;
  }

  @Override
  public void filterRowCells(List<Cell> cells) {
    cells.removeIf(c -> !stamps.contains(c.timestamp()));
  }

  @Override
  public boolean hasFilterRow() {
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DependentColumnFilter(")
        .append(FilterStrings.quoted(family))
        .append(", ").append(FilterStrings.quoted(qualifier)).append(", ")
        .append(dropDependentColumn);
    if (comparator != null) {
      sb.append(", ").append(op.symbol()).append(", '").append(comparator).append('\'');
    }
    return sb.append(')').toString();
  }
}
