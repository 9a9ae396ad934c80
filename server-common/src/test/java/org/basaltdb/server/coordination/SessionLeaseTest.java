package org.basaltdb.server.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.basaltdb.common.Await;
import org.basaltdb.common.Clock;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SessionLease} against a real ZooKeeper server, on a clock the test moves: moving it
 * past the lease is a pause as the lease sees one (the process stopped, its monotonic clock
 * went on).
 */
class SessionLeaseTest {
  private static final long SESSION_MS = 10_000;
  private static final String SERVER = "127.0.0.1,1,1";
  private static final long NO_SCHEDULE_MS = 1_000_000_000L;

  @TempDir
  Path dir;
  private ZooKeeperServer zk;
  private ServerCnxnFactory factory;
  private Coordination coordination;
  private SessionLease lease;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Clock clock = new Clock() {
    @Override
    public long currentTimeMillis() {
      return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }
  };
  private final List<String> lost = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    zk = new ZooKeeperServer(dir.toFile(), dir.toFile(), 2000);
    factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 20);
    factory.startup(zk);
    coordination = new Coordination("127.0.0.1:" + factory.getLocalPort(), (int) SESSION_MS,
        "/basalt");
    coordination.registerRegionServer(SERVER, new ServerEndpoints("127.0.0.1", 1, 2, 3));
    lease = new SessionLease(coordination, SERVER, 0.5, clock, lost::add);
    // A renewal period of days: only the first renewal runs by itself, the test sends the rest.
    // (The lease's length comes from the session ZooKeeper granted, 10 s.)
    lease.start(NO_SCHEDULE_MS, 30_000);
  }

  @AfterEach
  void stop() {
    if (lease != null) {
      lease.close();
    }
    if (coordination != null) {
      coordination.close();
    }
    if (factory != null) {
      factory.shutdown();
    }
    if (zk != null) {
      zk.shutdown();
    }
  }

  @Test
  void servesWithinTheLeaseRefusesPastItAndServesAgainOnceRenewed() throws Exception {
    assertEquals(SESSION_MS, coordination.negotiatedSessionTimeout());
    lease.check();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(SESSION_MS / 2) - 1);
    assertTrue(lease.valid(), "1 ns of the 5 s lease left");
    nanos.addAndGet(1);
    assertFalse(lease.valid(), "the lease is 5 s: half the granted session");
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(SESSION_MS)); // a pause past the session
    NotServingRegionException e = assertThrows(NotServingRegionException.class, lease::check);
    assertTrue(e.getMessage().contains("serves nothing now"), e.getMessage());
    assertTrue(e.getMessage().contains("last confirmed its session 15000 ms ago"),
        e.getMessage());
    assertTrue(e.getMessage().contains(SERVER), e.getMessage());
    // The session is alive after all (ZooKeeper's clock did not move): a renewal says so,
    // stamped with the moved clock, and the server serves again.
    lease.renew();
    Await.until("a renewal confirms the session", 60_000, lease::valid);
    lease.check();
    assertTrue(lost.isEmpty(), "lost: " + lost);
  }

  @Test
  void aRegistrationEndedByOthersEndsTheLeaseForGood() throws Exception {
    coordination.endRegistration(SERVER);
    lease.renew();
    Await.until("a renewal finds the node gone", 60_000, () -> !lost.isEmpty());
    assertTrue(lost.get(0).contains("is gone"), lost.get(0));
    assertFalse(lease.valid());
    NotServingRegionException e = assertThrows(NotServingRegionException.class, lease::check);
    assertTrue(e.getMessage().contains("session has ended"), e.getMessage());
    // Registered again by another session: still not this server's session.
    try (Coordination other = new Coordination("127.0.0.1:" + factory.getLocalPort(),
        (int) SESSION_MS, "/basalt")) {
      other.registerRegionServer(SERVER, new ServerEndpoints("127.0.0.1", 1, 2, 3));
      assertFalse(lease.valid());
      assertEquals(1, lost.size(), "lost is told once: " + lost);
    }
  }

  @Test
  void aNodeOfAnotherSessionIsNotThisServersSession() throws Exception {
    lease.close();
    coordination.endRegistration(SERVER);
    try (Coordination other = new Coordination("127.0.0.1:" + factory.getLocalPort(),
        (int) SESSION_MS, "/basalt")) {
      other.registerRegionServer(SERVER, new ServerEndpoints("127.0.0.1", 1, 2, 3));
      SessionLease mine = new SessionLease(coordination, SERVER, 0.5, clock, lost::add);
      try {
        java.io.IOException failed = assertThrows(java.io.IOException.class,
            () -> mine.start(NO_SCHEDULE_MS, 30_000));
        assertTrue(failed.getMessage().contains("belongs to session"), failed.getMessage());
        assertFalse(mine.valid());
        assertEquals(1, lost.size(), "lost: " + lost);
      } finally {
        mine.close();
      }
    }
  }

  @Test
  void refusesAFractionOutsideZeroToOne() {
    for (double f : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class,
          () -> new SessionLease(coordination, SERVER, f, clock, lost::add));
    }
  }
}
