package org.basaltdb.compat.hbase;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift.TBoundedThreadPoolServer;
import org.apache.hadoop.hbase.thrift.ThriftServer;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.server.TServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;

/**
 * HBase 2.6.1's Thrift1 gateway ({@link ThriftServer}: its {@code Hbase} handler, metrics proxy
 * and bounded thread-pool server, unframed binary protocol), on a free loopback port. The one
 * thing changed is where it listens: HBase binds the configured port, and asking for port 0
 * would leave the real one unknown, so the server socket is made here, bound to port 0, and its
 * port handed out by {@link #start}. Choosing a "free" port first and passing it would race with
 * every other process on the machine.
 */
final class Thrift1Gateway extends ThriftServer {
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private Thrift1Gateway(Configuration conf) {
    super(conf);
  }

  /** Starts the gateway in a daemon thread; returns its port once it is bound. */
  static int start(Configuration clusterConf) throws Exception {
    Configuration conf = new Configuration(clusterConf);
    conf.setInt("hbase.thrift.info.port", -1); // no web UI
    Thrift1Gateway server = new Thrift1Gateway(conf);
    Thread serving = new Thread(() -> {
      try {
        server.run(new String[] {"-threadpool"});
      } catch (Exception e) {
        server.port.completeExceptionally(e);
      }
    }, "thrift1");
    serving.setDaemon(true);
    serving.start();
    return server.port.get(120, TimeUnit.SECONDS);
  }

  @Override
  protected TServer getTThreadPoolServer(TProtocolFactory protocolFactory, TProcessor processor,
      TTransportFactory transportFactory, InetSocketAddress ignored) throws Exception {
    TServerSocket socket =
        new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    TBoundedThreadPoolServer.Args args = new TBoundedThreadPoolServer.Args(socket, conf);
    args.processor(processor).transportFactory(transportFactory).protocolFactory(protocolFactory);
    TServer server = new TBoundedThreadPoolServer(args, metrics);
    port.complete(socket.getServerSocket().getLocalPort());
    return server;
  }
}
