package org.basaltdb.regionserver.thrift;

import java.net.ServerSocket;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.TProcessor;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.server.rpc.ThriftServer;
import org.basaltdb.thrift.generated.admin.BasaltAdmin;

/**
 * A region server's Thrift endpoints on the shared {@link ThriftServer}: the HBase-compatible
 * client service, HBase's Thrift1 service, Basalt's admin service and the internal RPC port.
 * The two that serve {@code THBaseService} close its idle scanners every quarter of
 * {@code scanner.timeout} (at least every second).
 */
public final class ThriftServers {
  private ThriftServers() {}

  /** The HBase-compatible client service, on {@code listening} ({@link ThriftServer#listen}). */
  public static ThriftServer forClients(Configuration conf, ThriftHandler handler,
      ServerSocket listening) throws TTransportException {
    return forClients(conf, handler, listening, RequestMetrics.OFF);
  }

  /** The client service, recording every request in {@code metrics}. */
  public static ThriftServer forClients(Configuration conf, ThriftHandler handler,
      ServerSocket listening, RequestMetrics metrics) throws TTransportException {
    return ThriftServer.forService(conf, new DirectReplies(handler, metrics), listening,
        handler::close, RequestMetrics.Service.THRIFT2.label).every(expiryPeriod(conf), handler::expireScanners);
  }

  /**
   * HBase's older Thrift1 service ({@code Hbase}), on {@code listening}; the same transport,
   * protocol and limits as the client service. Its scanners live in the Thrift2 handler it
   * serves through, whose server expires them.
   */
  public static ThriftServer forThrift1(Configuration conf, Thrift1Handler handler,
      ServerSocket listening) throws TTransportException {
    return forThrift1(conf, handler, listening, RequestMetrics.OFF);
  }

  /** The Thrift1 service, recording every request in {@code metrics}. */
  public static ThriftServer forThrift1(Configuration conf, Thrift1Handler handler,
      ServerSocket listening, RequestMetrics metrics) throws TTransportException {
    return ThriftServer.forService(conf, new Thrift1Replies(handler, metrics), listening,
        () -> { }, RequestMetrics.Service.THRIFT1.label);
  }

  /** Basalt's admin service, on {@code listening}. */
  public static ThriftServer forAdmin(Configuration conf, AdminHandler handler,
      ServerSocket listening) throws TTransportException {
    return ThriftServer.forService(conf, new BasaltAdmin.Processor<>(handler), listening,
        () -> { }, "Thrift BasaltAdmin");
  }

  /**
   * The internal RPC port: {@code services} multiplexed, {@code scannersOf} the handler whose
   * scanners (forwarded scans) expire.
   */
  public static ThriftServer forInternal(Configuration conf, ServerSocket listening,
      Map<String, TProcessor> services, ThriftHandler scannersOf, String what)
      throws TTransportException {
    return ThriftServer.forInternal(conf, listening, services, scannersOf::close, what)
        .every(expiryPeriod(conf), scannersOf::expireScanners);
  }

  private static long expiryPeriod(Configuration conf) {
    return Math.max(1000, RegionServerConfig.SCANNER_TIMEOUT.get(conf) / 4);
  }
}
