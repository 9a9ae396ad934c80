package org.basaltdb.shell.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;

/**
 * What commands run against: the output, a connection opened on first use (so {@code version}
 * and {@code help} start instantly and work without a server), and the cancel flag Ctrl-C sets.
 *
 * <p>Thread safety: commands run on one thread; {@link #cancel()} may be called from a signal
 * handler thread.
 */
public final class Session {
  /** Opens the connection on first use. */
  @FunctionalInterface
  public interface Connector {
    Connection connect() throws IOException;
  }

  private final PrintWriter out;
  private final Connector connector;
  private final LongSupplier nanoClock;
  private final Registry registry;
  private Connection connection;
  private volatile boolean cancelled;
  private volatile Thread running;

  public Session(PrintWriter out, Connector connector, LongSupplier nanoClock, Registry registry) {
    this.out = out;
    this.connector = connector;
    this.nanoClock = nanoClock;
    this.registry = registry;
  }

  public PrintWriter out() {
    return out;
  }

  public Registry registry() {
    return registry;
  }

  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  public synchronized Connection connection() throws IOException {
    if (connection == null) {
      connection = connector.connect();
    }
    return connection;
  }

  public Admin admin() throws IOException {
    return connection().getAdmin();
  }

  /** Marks the start of a command on the current thread and clears an old cancel. */
  public void begin() {
    cancelled = false;
    running = Thread.currentThread();
  }

  public void end() {
    running = null;
    Thread.interrupted(); // a cancel that arrived after the last check must not leak
  }

  /** Asks the running command to stop; returns false if none is running. */
  public boolean cancel() {
    Thread t = running;
    if (t == null) {
      return false;
    }
    cancelled = true;
    t.interrupt();
    return true;
  }

  /** Long loops (scan, count, deleteall) call this between rows. */
  public void checkCancelled() {
    if (cancelled) {
      throw new CancelledException();
    }
  }

  public synchronized void close() throws IOException {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
