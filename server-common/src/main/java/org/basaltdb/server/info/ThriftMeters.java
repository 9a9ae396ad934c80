package org.basaltdb.server.info;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import org.basaltdb.server.rpc.ThriftServer;

/** A Thrift server's connections as meters, labelled with the service it serves. */
public final class ThriftMeters {
  private ThriftMeters() {}

  /**
   * Adds {@code server}'s open, accepted and refused connections and its busy workers to
   * {@code info}; null is ignored.
   */
  public static void register(InfoServer info, ThriftServer server) {
    if (info == null) {
      return;
    }
    Gauge.builder("basalt.thrift.connections.open", server, ThriftServer::openConnections)
        .description("Thrift connections open now, idle or being served")
        .tag("service", server.what()).register(info.registry());
    FunctionCounter.builder("basalt.thrift.connections.accepted", server,
        ThriftServer::acceptedConnections).description("Thrift connections accepted")
        .tag("service", server.what()).register(info.registry());
    FunctionCounter.builder("basalt.thrift.connections.refused", server,
        ThriftServer::refusedConnections)
        .description("Thrift connections refused because thrift.connections.max were open")
        .tag("service", server.what()).register(info.registry());
    Gauge.builder("basalt.thrift.workers.busy", server, ThriftServer::busyWorkers)
        .description("Thrift worker threads serving a connection now")
        .tag("service", server.what()).register(info.registry());
  }
}
