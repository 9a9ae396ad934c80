package org.basaltdb.client;

import java.util.Objects;

/** A server's Thrift endpoint. */
record ServerAddress(String host, int port) {
  ServerAddress {
    Objects.requireNonNull(host, "host");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port + " for host " + host);
    }
  }

  /** Parses {@code host:port}. */
  static ServerAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    try {
      return new ServerAddress(hostPort.substring(0, colon),
          Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'", e);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
