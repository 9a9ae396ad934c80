package org.basaltdb.tools.chaos;

/**
 * One call on a single-key register, as {@link RegisterWorkload} made it and
 * {@link RegisterChecker} checks it. Values are unique per write (no value is written twice), so
 * a read names the write it saw; {@link #ABSENT} is "no value".
 *
 * <p>{@code invokedNanos} is taken just before the call and {@code completedNanos} just after it
 * returned, on one clock. A write or compare-and-set that failed or timed out has an unknown
 * outcome ({@link #UNKNOWN}): it may or may not have taken effect, at any time after its
 * invocation, later than the error included; its completion is {@link Long#MAX_VALUE}.
 */
public record RegisterOp(int thread, Kind kind, long value, long expected, Outcome outcome,
    long invokedNanos, long completedNanos) {
  /** The register's value before any write: the row has no cell. */
  public static final long ABSENT = 0;

  public enum Kind { READ, WRITE, CAS }

  /**
   * What the call answered: OK (a read's value is {@code value}; a write or a compare-and-set
   * that took effect), FAILED (a compare-and-set whose check did not hold: no effect), UNKNOWN.
   */
  public enum Outcome { OK, FAILED, UNKNOWN }

  public RegisterOp {
    if (kind == Kind.READ && outcome == Outcome.UNKNOWN) {
      throw new IllegalArgumentException("a read that failed has no effect: leave it out");
    }
    if (kind == Kind.WRITE && outcome == Outcome.FAILED) {
      throw new IllegalArgumentException("a write either took effect or has an unknown outcome");
    }
    if (outcome == Outcome.UNKNOWN) {
      completedNanos = Long.MAX_VALUE;
    } else if (completedNanos < invokedNanos) {
      throw new IllegalArgumentException("completed before invoked: " + completedNanos + " < "
          + invokedNanos);
    }
  }

  public static RegisterOp read(int thread, long seen, long invoked, long completed) {
    return new RegisterOp(thread, Kind.READ, seen, ABSENT, Outcome.OK, invoked, completed);
  }

  public static RegisterOp write(int thread, long value, long invoked, long completed) {
    return new RegisterOp(thread, Kind.WRITE, value, ABSENT, Outcome.OK, invoked, completed);
  }

  /** A compare-and-set from {@code expected} to {@code value} that answered {@code done}. */
  public static RegisterOp cas(int thread, long expected, long value, boolean done, long invoked,
      long completed) {
    return new RegisterOp(thread, Kind.CAS, value, expected,
        done ? Outcome.OK : Outcome.FAILED, invoked, completed);
  }

  /** A write or compare-and-set whose call failed or timed out. */
  public RegisterOp unknown() {
    return new RegisterOp(thread, kind, value, expected, Outcome.UNKNOWN, invokedNanos,
        Long.MAX_VALUE);
  }

  public boolean unknownOutcome() {
    return outcome == Outcome.UNKNOWN;
  }

  /** E.g. {@code t3 cas(0x1f -> 0x2a) = ok} or {@code t1 read = 0x2a}, values in hex. */
  public String describe() {
    String what = switch (kind) {
      case READ -> "read = " + hex(value);
      case WRITE -> "write(" + hex(value) + ")";
      case CAS -> "cas(" + hex(expected) + " -> " + hex(value) + ")";
    };
    String result = kind == Kind.READ ? "" : switch (outcome) {
      case OK -> " = ok";
      case FAILED -> " = failed";
      case UNKNOWN -> " = unknown (the call failed or timed out)";
    };
    return "t" + thread + " " + what + result;
  }

  static String hex(long v) {
    return v == ABSENT ? "absent" : "0x" + Long.toHexString(v);
  }
}
