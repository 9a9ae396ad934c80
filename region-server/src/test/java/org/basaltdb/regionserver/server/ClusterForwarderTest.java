package org.basaltdb.regionserver.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.basaltdb.server.rpc.RpcClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call forwarded to a region server that accepts connections and never answers (a paused
 * process, or a vanished host whose packets still complete the handshake) ends once that
 * server's ZooKeeper node goes away, not at the RPC timeout; later calls to it fail at once
 * as not live. A real ZooKeeper server; the silent server is a socket nobody answers on.
 */
class ClusterForwarderTest {
  private static final String SILENT = "127.0.0.1,1,1";

  @TempDir
  Path dir;
  private ZooKeeperServer zk;
  private ServerCnxnFactory factory;
  private Coordination mine;
  private Coordination silentsSession;
  private RpcClients clients;

  @BeforeEach
  void start() throws Exception {
    zk = new ZooKeeperServer(dir.toFile(), dir.toFile(), 2000);
    factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 20);
    factory.startup(zk);
    mine = new Coordination("127.0.0.1:" + factory.getLocalPort(), 10_000, "/basalt");
    silentsSession = new Coordination("127.0.0.1:" + factory.getLocalPort(), 10_000, "/basalt");
    clients = new RpcClients(600_000); // far past the test's own waits
  }

  @AfterEach
  void stop() {
    if (clients != null) {
      clients.close();
    }
    if (silentsSession != null) {
      silentsSession.close();
    }
    if (mine != null) {
      mine.close();
    }
    if (factory != null) {
      factory.shutdown();
    }
    if (zk != null) {
      zk.shutdown();
    }
  }

  @Test
  void aCallWaitingOnAServerEndsWhenItsSessionEnds() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      silentsSession.registerRegionServer(SILENT,
          new ServerEndpoints("127.0.0.1", 1, silent.getLocalPort(), 3));
      // No master is asked: only calls by server name are made here.
      ClusterForwarder forwarder = new ClusterForwarder("127.0.0.1,2,2", null, mine, clients);
      forwarder.watchServers();
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
        try {
          return forwarder.call(SILENT, owner -> owner.getClusterId());
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (Socket peer = accepted.get(30, TimeUnit.SECONDS)) {
        peer.setSoTimeout(30_000);
        assertTrue(peer.getInputStream().read() >= 0, "the request reached the server");
        assertFalse(call.isDone(), "the call waits for an answer");

        silentsSession.close(); // its session ends, its node goes
        silentsSession = null;
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> call.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof IOException, e.toString());

        // Not called again: it is not live.
        assertThrows(RpcClients.UnreachableException.class,
            () -> forwarder.call(SILENT, owner -> owner.getClusterId()));
      }
    }
  }
}
