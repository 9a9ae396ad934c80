package org.basaltdb.client;

import java.util.List;
import org.basaltdb.common.ConfigKey;

/** The Java client's configuration keys (also listed in {@code docs/configuration.md}). */
public final class ClientConfig {
  private ClientConfig() {}

  public static final ConfigKey<String> ADDRESS = ConfigKey.ofString("client.address",
      "localhost:9090", "host:port of any server's Thrift endpoint: where DDL and region "
          + "lookups go. Reads and writes then go straight to each region's server.");

  public static final ConfigKey<Boolean> FRAMED = ConfigKey.ofBoolean("client.thrift.framed",
      false, "Use the framed transport; must match the server's thrift.framed.");

  public static final ConfigKey<Boolean> COMPACT = ConfigKey.ofBoolean("client.thrift.compact",
      false, "Use the compact protocol; must match the server's thrift.compact.");

  public static final ConfigKey<Long> CONNECT_TIMEOUT = ConfigKey.ofMillis(
      "client.connect.timeout", 10_000, "How long opening a connection to a server may take.");

  public static final ConfigKey<Long> SOCKET_TIMEOUT = ConfigKey.ofMillis(
      "client.socket.timeout", 60_000,
      "How long one call may wait for its answer before the connection is dropped.");

  public static final ConfigKey<Integer> RETRIES = ConfigKey.ofInt("client.retries", 10,
      "Attempts after the first when a region moved, a server is too busy or unreachable.");

  public static final ConfigKey<Long> RETRY_PAUSE = ConfigKey.ofMillis("client.retry.pause",
      100, "The first pause between attempts; it doubles each time, up to 32 times this.");

  public static final ConfigKey<Integer> SCANNER_CACHING = ConfigKey.ofInt(
      "client.scanner.caching", 100,
      "Rows fetched per round trip by a scanner whose Scan sets no caching of its own.");

  public static final ConfigKey<Long> WRITE_BUFFER_SIZE = ConfigKey.ofBytes(
      "client.write.buffer", 2L << 20,
      "A BufferedMutator sends its mutations once they hold this many bytes of cells.");

  public static final ConfigKey<Integer> POOL_IDLE_PER_SERVER = ConfigKey.ofInt(
      "client.pool.idle.per.server", 16,
      "Idle connections kept open to each server; more are opened under load and closed after.");

  public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.ofInt("basalt.admin.port",
      16020, "The port of a server's internal admin service (flush, compact, status).");

  public static final List<ConfigKey<?>> ALL = List.of(ADDRESS, FRAMED, COMPACT, CONNECT_TIMEOUT,
      SOCKET_TIMEOUT, RETRIES, RETRY_PAUSE, SCANNER_CACHING, WRITE_BUFFER_SIZE,
      POOL_IDLE_PER_SERVER, ADMIN_PORT);
}
