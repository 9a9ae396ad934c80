package org.basaltdb.server.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts a connection and never answers (a paused process: the kernel completes
 * the handshake, nobody reads): a call to it waits, and {@link RpcClients#cutOff} ends that wait
 * at once with an error naming the address, rather than after the RPC timeout.
 */
class RpcClientsCutOffTest {
  @Test
  void cuttingOffASilentServerEndsTheCallWaitingOnIt() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        RpcClients clients = new RpcClients(600_000)) {
      String host = InetAddress.getLoopbackAddress().getHostAddress();
      int port = silent.getLocalPort();
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
        try {
          clients.call(host, port, ch -> ch.regionServer().onlineRegions());
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (Socket peer = accepted.get(30, TimeUnit.SECONDS)) {
        // The request arrives and is never answered: wait until its bytes are here.
        peer.setSoTimeout(30_000);
        assertTrue(peer.getInputStream().read() >= 0, "the request reached the server");
        assertFalse(call.isDone(), "the call waits for an answer");

        clients.cutOff(host, port);
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> call.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
        assertTrue(e.getCause().getMessage().contains(host + ":" + port), e.toString());
      }
    }
  }
}
