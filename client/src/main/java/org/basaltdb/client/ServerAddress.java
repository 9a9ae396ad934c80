package org.basaltdb.client;

import java.util.Objects;

/** A server's Thrift endpoint (THBaseService or admin port). */
record ServerAddress(String host, int port) {
  ServerAddress {
    Objects.requireNonNull(host, "host");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port + " for host " + host);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
