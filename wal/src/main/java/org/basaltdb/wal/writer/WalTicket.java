package org.basaltdb.wal.writer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.wal.Wal;

/**
 * One appended edit's handle. The thread writing the log completes it after the sync that covers
 * the edit, or fails it; {@link #await()} waits for that, up to the sync timeout, writing the
 * log itself when nobody else is (see {@link RingWriter}).
 *
 * <p>Thread safety: {@link #complete} and {@link #fail} may race; the first one wins. The waiter
 * is published before it checks the state, and the completer sets the state before it reads
 * the waiter (both volatile), so a completion never misses a parked waiter.
 */
final class WalTicket implements Wal.Ticket {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(WalTicket.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int PENDING = 0;
  private static final int DONE = 1;
  private static final int FAILED = 2;

  private final RingWriter log;
  private final long sequenceId;
  private final List<Cell> cells;
  private final Durability durability;
  private final long timeoutMillis;
  private volatile int state;
  /** Written before the state turns FAILED, so a reader that sees FAILED sees it. */
  private IOException failure;
  /** The thread parked in {@link #awaitDone}, if any. */
  private volatile Thread waiter;

  WalTicket(RingWriter log, long sequenceId, List<Cell> cells, Durability durability,
      long timeoutMillis) {
    this.log = log;
    this.sequenceId = sequenceId;
    this.cells = cells;
    this.durability = durability;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public long sequenceId() {
    return sequenceId;
  }

  @Override
  public List<Cell> cells() {
    return cells;
  }

  Durability durability() {
    return durability;
  }

  void complete() {
    if (STATE.compareAndSet(this, PENDING, DONE)) {
      wake();
    }
  }

  void fail(IOException e) {
    if (state == PENDING) {
      failure = e;
      if (STATE.compareAndSet(this, PENDING, FAILED)) {
        wake();
      }
    }
  }

  private void wake() {
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  boolean isDone() {
    return state != PENDING;
  }

  Thread waiter() {
    return waiter;
  }

  void setWaiter(Thread t) {
    waiter = t;
  }

  @Override
  public void await() throws IOException {
    if (durability == Durability.SKIP_WAL) {
      return;
    }
    if (durability == Durability.ASYNC_WAL) {
      log.writeWithoutWaiting();
      return;
    }
    awaitDone();
  }

  /** Waits for completion whatever the durability (roll and close requests use this). */
  void awaitDone() throws IOException {
    if (state == PENDING) {
      log.await(this, timeoutMillis);
    }
    if (state == FAILED) {
      throw new IOException(failure.getMessage(), failure);
    }
  }
}
