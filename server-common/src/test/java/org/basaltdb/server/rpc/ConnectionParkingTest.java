package org.basaltdb.server.rpc;

import static org.basaltdb.server.rpc.ConnectionLimitTest.client;
import static org.basaltdb.server.rpc.ConnectionLimitTest.exists;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.common.Await;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.thrift.generated.THBaseService;
import org.junit.jupiter.api.Test;

/**
 * A connection its worker hands back to the selector while the selector is dispatching another
 * one is served when its next request comes, on an otherwise idle server. Its wake-up was once
 * lost there (the selector's second look at its keys consumed it), and the connection waited for
 * the next event on that port: in CI, a createTable waited its whole 60 s rpc.timeout.
 */
class ConnectionParkingTest {
  /** Long enough that the second client's request reaches the selector before it runs out. */
  private static final int LINGER_MILLIS = 1_000;

  @Test
  void aConnectionParkedWhileAnotherIsDispatchedIsServedOnItsNextRequest() throws Exception {
    Configuration conf = new Configuration(false);
    ServerConfig.THRIFT_BIND.set(conf, "127.0.0.1");
    ServerSocket listening = ThriftServer.listen(conf, 0);
    ConnectionServer server = new ConnectionServer(listening.getChannel(),
        new THBaseService.Processor<>(ConnectionLimitTest.service(new AtomicInteger())),
        new ConnectionServer.Wire(new TConfiguration(), false, 1 << 20,
            new TBinaryProtocol.Factory()),
        new ConnectionServer.Limits(10, 2, 4, LINGER_MILLIS, 60_000), "test");
    try {
      server.start();
      THBaseService.Client a = client(listening.getLocalPort(), false, false);
      ((TSocket) a.getInputProtocol().getTransport()).setTimeout(10_000);
      assertTrue(exists(a, "yes")); // a's worker now waits LINGER_MILLIS for its next request

      // While the selector holds b, ready, a's worker gives a back: parked, selector woken.
      AtomicBoolean once = new AtomicBoolean();
      server.beforeDispatch(() -> {
        if (once.compareAndSet(false, true)) {
          Await.until("a's worker has parked it", 30_000,
              () -> server.parkedConnections() == 1 && server.busyWorkers() == 0);
        }
      });
      THBaseService.Client b = client(listening.getLocalPort(), false, false);
      assertTrue(exists(b, "yes"));
      b.getInputProtocol().getTransport().close(); // b's worker ends without the selector
      assertTrue(once.get());

      // Nothing else happens on the port: a's next request must be read all the same.
      assertTrue(exists(a, "yes"));
      a.getInputProtocol().getTransport().close();
    } finally {
      server.close();
    }
  }
}
