package org.basaltdb.master;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds dead region servers before their ZooKeeper sessions end: every period it opens (and
 * closes) a TCP connection to each registered server's RPC port. A process that died on a host
 * that is still up leaves no listener, so the host refuses the connection at once; a slow or
 * paused server still has its listening socket, whose backlog the kernel completes, so it is
 * never taken for dead (nor is an unreachable host: its connect times out rather than being
 * refused, and its session decides). After {@value #REFUSALS} refusals in a row,
 * {@value #CONFIRM_MILLIS} ms apart, the probe ends the server's registration
 * ({@link Coordination#endRegistration}), and the master recovers it as for an expired
 * session: its log fenced and split, its regions reopened. Recovery then starts within about
 * a probe period of {@code kill -9} instead of after {@code zookeeper.session.timeout}.
 *
 * <p>Even a wrong verdict loses nothing: a server whose registration ended while it still runs
 * finds its log fenced at its next sync and aborts.
 *
 * <p>Thread safety: {@link #probeAll} runs on the master's probe thread only.
 */
final class ServerProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ServerProbe.class);
  /**
   * Consecutive refusals that make a server dead: one more look rules out a port in flux. A
   * registered server's RPC port listens from before it registers until it stops, and a refusal
   * comes from the host's kernel, never from a slow or paused process, so the second look needs
   * no long pause.
   */
  static final int REFUSALS = 2;
  /** The pause before that look: short, as recovery waits for it (it was 200 ms). */
  private static final long CONFIRM_MILLIS = 50;

  private final Coordination coordination;
  private final int connectTimeoutMillis;

  ServerProbe(Coordination coordination, int connectTimeoutMillis) {
    this.coordination = coordination;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** One round over the registered servers; never throws (it runs again next period). */
  void probeAll() {
    try {
      probeRound();
    } catch (RuntimeException e) {
      LOG.warn("probing the region servers failed; trying again next period", e);
    }
  }

  private void probeRound() {
    Map<String, ServerEndpoints> live;
    try {
      live = coordination.liveRegionServers();
    } catch (IOException e) {
      LOG.debug("cannot list the region servers to probe them: {}", e.getMessage());
      return;
    }
    for (Map.Entry<String, ServerEndpoints> e : live.entrySet()) {
      String server = e.getKey();
      if (!refuses(e.getValue()) || !refusesAgain(e.getValue())) {
        continue;
      }
      LOG.warn("region server {} refused {} connections in a row on its RPC port {}:{}: its "
          + "process is gone; ending its registration to recover it now rather than when its "
          + "session expires", server, REFUSALS, e.getValue().host(), e.getValue().rpcPort());
      try {
        coordination.endRegistration(server);
      } catch (IOException ex) {
        LOG.warn("could not end the registration of {}: {}", server, ex.getMessage());
      }
    }
  }

  /** The confirming look, {@value #CONFIRM_MILLIS} ms after a first refusal. */
  private boolean refusesAgain(ServerEndpoints endpoints) {
    for (int i = 1; i < REFUSALS; i++) {
      try {
        Thread.sleep(CONFIRM_MILLIS); // a second look a moment later, not a synchronisation
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (!refuses(endpoints)) {
        return false;
      }
    }
    return true;
  }

  /** True only when the host actively refused a connection to the server's RPC port. */
  private boolean refuses(ServerEndpoints endpoints) {
    if (endpoints.rpcPort() <= 0) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(endpoints.host(), endpoints.rpcPort()),
          connectTimeoutMillis);
      return false;
    } catch (ConnectException e) {
      return e.getMessage() != null && e.getMessage().contains("refused");
    } catch (IOException | RuntimeException e) {
      return false; // a timeout or an unreachable host: the session decides
    }
  }
}
