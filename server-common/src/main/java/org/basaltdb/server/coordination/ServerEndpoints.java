package org.basaltdb.server.coordination;

/**
 * Where a region server listens: its host, the HBase-compatible client port, the internal RPC
 * port (region opens and forwarded requests) and the admin port. Kept as the data of the
 * server's ZooKeeper node, written {@code host=h;thrift=9090;rpc=16030;admin=16020}.
 */
public record ServerEndpoints(String host, int thriftPort, int rpcPort, int adminPort) {

  public String encode() {
    return "host=" + host + ";thrift=" + thriftPort + ";rpc=" + rpcPort + ";admin=" + adminPort;
  }

  /** Parses {@link #encode}'s form; unknown keys are ignored, missing ports are 0. */
  public static ServerEndpoints decode(String s) {
    String host = null;
    int thrift = 0;
    int rpc = 0;
    int admin = 0;
    for (String part : s.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = part.substring(0, eq).trim();
      String v = part.substring(eq + 1).trim();
      switch (k) {
        case "host" -> host = v;
        case "thrift" -> thrift = Integer.parseInt(v);
        case "rpc" -> rpc = Integer.parseInt(v);
        case "admin" -> admin = Integer.parseInt(v);
        default -> { }
      }
    }
    if (host == null) {
      throw new IllegalArgumentException("region server endpoints without a host: '" + s + "'");
    }
    return new ServerEndpoints(host, thrift, rpc, admin);
  }

  /** The host of a server name ({@code host,port,startcode}). */
  public static String hostOf(String serverName) {
    int comma = serverName.indexOf(',');
    return comma < 0 ? serverName : serverName.substring(0, comma);
  }
}
