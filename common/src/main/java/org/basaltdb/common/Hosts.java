package org.basaltdb.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** This machine's name as servers advertise it, and free ports for servers configured with 0. */
public final class Hosts {
  private Hosts() {}

  /** {@code configured} when set, else this machine's canonical host name (loopback if unknown). */
  public static String advertised(String configured) {
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return InetAddress.getLoopbackAddress().getHostName();
    }
  }

  /** {@code port} unless it is 0, in which case a port free right now. */
  public static int portOrFree(int port) throws IOException {
    if (port != 0) {
      return port;
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
