package org.basaltdb.common.ops;

import java.util.Arrays;
import java.util.Objects;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;

/**
 * Applies a mutation to a row only if a condition on one of its cells holds, atomically under the
 * row lock.
 *
 * <p>The condition compares the latest visible value of {@code family:qualifier}. Following
 * HBase, the comparison reads {@code operand OP stored}: {@code LESS} with operand {@code 5}
 * passes when the stored value is greater than 5. A null operand means "the cell is absent":
 * the check passes when the column has no visible value (with {@code EQUAL}), or when it has one
 * (with {@code NOT_EQUAL}).
 */
public final class CheckAndMutate {
  private final byte[] row;
  private final byte[] family;
  private final byte[] qualifier;
  private final CompareOperator op;
  private final byte[] operand;
  private final TimeRange timeRange;
  private final Object action;

  private CheckAndMutate(byte[] row, byte[] family, byte[] qualifier, CompareOperator op,
      byte[] operand, TimeRange timeRange, Object action) {
    this.row = Objects.requireNonNull(row);
    this.family = Objects.requireNonNull(family);
    this.qualifier = Objects.requireNonNull(qualifier);
    this.op = Objects.requireNonNull(op);
    this.operand = operand;
    this.timeRange = timeRange;
    this.action = action;
    if (action instanceof Mutation m && !Arrays.equals(m.row(), row)
        || action instanceof RowMutations rm && !Arrays.equals(rm.row(), row)) {
      throw new IllegalArgumentException("checkAndMutate's action must be on the checked row");
    }
  }

  public static CheckAndMutate of(byte[] row, byte[] family, byte[] qualifier,
      CompareOperator op, byte[] operand, Mutation action) {
    return new CheckAndMutate(row, family, qualifier, op, operand, TimeRange.ALL, action);
  }

  public static CheckAndMutate of(byte[] row, byte[] family, byte[] qualifier,
      CompareOperator op, byte[] operand, RowMutations action) {
    return new CheckAndMutate(row, family, qualifier, op, operand, TimeRange.ALL, action);
  }

  public CheckAndMutate withTimeRange(TimeRange tr) {
    return new CheckAndMutate(row, family, qualifier, op, operand, tr, action);
  }

  public byte[] row() {
    return row;
  }

  public byte[] family() {
    return family;
  }

  public byte[] qualifier() {
    return qualifier;
  }

  public CompareOperator op() {
    return op;
  }

  /** Null: check that the cell is absent. */
  public byte[] operand() {
    return operand;
  }

  public TimeRange timeRange() {
    return timeRange;
  }

  /** A {@link Put}, a {@link Delete} or a {@link RowMutations}. */
  public Object action() {
    return action;
  }

  /**
   * Whether the condition holds given the column's latest visible cell ({@code null}: none).
   * HBase's rule: an empty or null operand means "absent"; otherwise {@code operand OP stored}.
   */
  public boolean holdsFor(Cell current) {
    if (operand == null || operand.length == 0) {
      if (current == null) {
        return op != CompareOperator.NOT_EQUAL;
      }
      return (current.value().length == 0) == (op != CompareOperator.NOT_EQUAL);
    }
    if (current == null) {
      return false;
    }
    return op.matches(Bytes.compare(operand, current.value()));
  }
}
