package org.basaltdb.server.coordination;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.basaltdb.common.Clock;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a region server may still act as the holder of its ZooKeeper session, measured on
 * its own monotonic clock, so that a server paused past its session (a zombie) refuses to serve
 * the moment it runs again, before it has heard that its session is gone.
 *
 * <p>The argument: a renewal ({@link Coordination#confirmRegistration}) sent at monotonic time
 * {@code t} and answered on the session that owns the server's node proves the session was
 * alive when ZooKeeper read it, after {@code t}; ZooKeeper then expires the session no earlier
 * than {@code t + timeout} (it restarts a session's timer on every request), and the master
 * reopens the server's regions elsewhere only after that. So while {@code now - t} is below
 * {@code fraction × timeout}, no other server holds any region of this one; the rest of the
 * timeout is margin for the two clocks' rates. {@link #check} compares the two on every
 * request; a pause of any length between a renewal and a check only makes the check fail.
 *
 * <p>Renewals are sent every quarter of the lease without waiting for earlier ones, each with
 * its own send time. A renewal that finds the node gone or owned by another session calls the
 * {@code lost} handler once: the session has ended and the server must stop.
 *
 * <p>What it cannot see: a pause of the whole machine that stops its monotonic clock too
 * (suspend to RAM); a master that declares the server dead without waiting for its session.
 *
 * <p>Thread safety: {@link #check} and {@link #valid} from any thread.
 */
public final class SessionLease implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLease.class);
  /** Renewals per lease: three can be lost or late before a busy server stops serving. */
  private static final int RENEWALS_PER_LEASE = 4;

  private final Coordination coordination;
  private final String serverName;
  private final double fraction;
  private final Clock clock;
  private final Consumer<String> lost;
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactoryBuilder().setNameFormat("basalt-session-lease").setDaemon(true).build());
  private final CompletableFuture<Void> first = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  /** Set when a check has found the lease lapsed and not yet found it renewed: for the log. */
  private final AtomicBoolean lapsed = new AtomicBoolean();
  /** Monotonic send time of the latest answered renewal; guarded by this. */
  private long confirmedAt;
  /** The lease's length in nanoseconds; 0 until the first renewal answers. Guarded by this. */
  private long lengthNanos;

  /**
   * A lease for the session that registered {@code serverName}, serving while the last
   * confirmed contact is younger than {@code fraction} of the negotiated session timeout.
   */
  public SessionLease(Coordination coordination, String serverName, double fraction,
      Clock clock, Consumer<String> lost) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("the session lease fraction must be above 0 and below"
          + " 1, not " + fraction);
    }
    this.coordination = coordination;
    this.serverName = serverName;
    this.fraction = fraction;
    this.clock = clock;
    this.lost = lost;
  }

  /**
   * Starts renewing, and waits up to {@code waitMillis} for the first renewal to be answered.
   * Call after the server's node is created.
   */
  public void start(long sessionTimeoutMillis, long waitMillis) throws IOException {
    long period = Math.max(1, (long) (sessionTimeoutMillis * fraction / RENEWALS_PER_LEASE));
    renewer.scheduleAtFixedRate(this::renew, 0, period, TimeUnit.MILLISECONDS);
    try {
      first.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for ZooKeeper");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("ZooKeeper did not confirm the session of " + serverName
          + " within " + waitMillis + " ms");
    }
  }

  /** Sends one renewal; the schedule calls it (and tests, at moments they choose). */
  void renew() {
    long sent = clock.nanoTime();
    coordination.confirmRegistration(serverName, new Coordination.Confirmation() {
      @Override
      public void confirmed(long sessionTimeoutMillis) {
        synchronized (SessionLease.this) {
          confirmedAt = lengthNanos == 0 ? sent : Math.max(confirmedAt, sent);
          lengthNanos = (long) (TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMillis) * fraction);
        }
        first.complete(null);
        if (lapsed.compareAndSet(true, false)) {
          LOG.info("{}: ZooKeeper confirmed the session again; serving", serverName);
        }
      }

      @Override
      public void gone(String why) {
        end(why);
      }

      @Override
      public void unknown(String why) {
        LOG.debug("{}: a session renewal was not answered: {}", serverName, why);
      }
    });
  }

  private void end(String why) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    String reason = "the ZooKeeper session of " + serverName + " has ended: " + why;
    renewer.shutdown();
    lost.accept(reason);
    first.completeExceptionally(new IOException(reason));
  }

  /** Whether the server may serve now. */
  public boolean valid() {
    return remainingNanos() > 0;
  }

  private synchronized long remainingNanos() {
    if (ended.get() || lengthNanos == 0) {
      return 0;
    }
    return confirmedAt + lengthNanos - clock.nanoTime();
  }

  /**
   * Throws the error clients take for a region that moved (they locate it again) when the lease
   * has run out: call before serving a request, and after a read, before its reply.
   */
  public void check() throws NotServingRegionException {
    if (valid()) {
      return;
    }
    String why;
    synchronized (this) {
      why = ended.get() ? "its ZooKeeper session has ended"
          : lengthNanos == 0 ? "ZooKeeper has not confirmed its session yet"
          : "ZooKeeper last confirmed its session "
              + TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - confirmedAt)
              + " ms ago, and it serves for " + TimeUnit.NANOSECONDS.toMillis(lengthNanos)
              + " ms after a confirmation";
    }
    if (lapsed.compareAndSet(false, true)) {
      LOG.warn("{} stops serving: {}", serverName, why);
    }
    throw new NotServingRegionException("region server " + serverName + " serves nothing now: "
        + why);
  }

  @Override
  public void close() {
    ended.set(true);
    renewer.shutdownNow();
  }
}
