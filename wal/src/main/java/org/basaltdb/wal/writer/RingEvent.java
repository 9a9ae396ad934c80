package org.basaltdb.wal.writer;

/**
 * One slot of the ring buffer. Producers fill a claimed slot and publish it; the consumer reads
 * it and clears it. Slots are reused, so nothing may keep a reference to one.
 */
final class RingEvent {
  enum Kind {
    /** An edit to write. */
    APPEND,
    /** A timer tick: sync async edits, check the roll period. */
    TICK,
    /** Roll to a new file, then complete {@link #ticket}. */
    ROLL,
    /** Sync, write the trailer, close; then complete {@link #ticket}. */
    CLOSE,
    /** A claimed slot whose append failed before publishing (bad input). */
    NOOP
  }

  Kind kind;
  String region;
  long sequenceId;
  byte[] record;
  WalTicket ticket;

  void clear() {
    kind = null;
    region = null;
    record = null;
    ticket = null;
  }
}
