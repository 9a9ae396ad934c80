package org.basaltdb.server.info;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import org.basaltdb.server.rpc.ThriftServer;

/** A Thrift server's connections, workers and refusals as meters, labelled with its service. */
public final class ThriftMeters {
  private ThriftMeters() {}

  /** Adds {@code server}'s meters to {@code info}; a null {@code info} is ignored. */
  public static void register(InfoServer info, ThriftServer server) {
    if (info == null) {
      return;
    }
    String service = server.what();
    Gauge.builder("basalt.thrift.connections.open", server, ThriftServer::openConnections)
        .description("Thrift connections open now, idle or being served")
        .tag("service", service).register(info.registry());
    FunctionCounter.builder("basalt.thrift.connections.accepted", server,
        ThriftServer::acceptedConnections).description("Thrift connections accepted")
        .tag("service", service).register(info.registry());
    FunctionCounter.builder("basalt.thrift.connections.rejected", server,
        ThriftServer::refusedConnections)
        .description("Thrift connections refused because thrift.connections.max were open")
        .tag("service", service).register(info.registry());
    Gauge.builder("basalt.thrift.workers.active", server, ThriftServer::activeWorkers)
        .description("Thrift worker threads serving a connection now")
        .tag("service", service).register(info.registry());
    for (ThriftServer.Limit limit : ThriftServer.Limit.values()) {
      FunctionCounter.builder("basalt.thrift.requests.rejected", server,
          s -> s.refusedOverLimit(limit))
          .description("Thrift requests refused, their connection closed, for breaking a limit:"
              + " message (thrift.max.message.size), frame (the same, framed transport), field"
              + " (thrift.max.string.length, thrift.max.container.length)")
          .tags("service", service, "limit", limit.label()).register(info.registry());
    }
  }
}
