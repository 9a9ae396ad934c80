package org.basaltdb.client;

import java.util.List;
import org.basaltdb.common.ConfigKey;

/**
 * The Java client's configuration keys (also listed in {@code docs/configuration.md}). Every
 * key is {@code basalt.client.} followed by what it sets; a setting that must match a server's
 * is named after the server's key ({@code basalt.client.admin.port} is the servers'
 * {@code admin.port}). Older names still work as deprecated aliases.
 */
public final class ClientConfig {
  private ClientConfig() {}

  public static final ConfigKey<String> HOST = ConfigKey.ofString("basalt.client.host",
      "localhost", "The servers the client starts from, host[:port][,host[:port]...]: DDL and "
          + "region lookups go to one of them (the next when it fails); reads and writes go "
          + "straight to each region's server.");

  public static final ConfigKey<Integer> PORT = ConfigKey.ofInt("basalt.client.thrift.port",
      9090, "Port of the HBase-compatible Thrift service (the servers' thrift.port).")
      .withDeprecatedNames("basalt.client.port");

  public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.ofInt(
      "basalt.client.admin.port", 16020,
      "Port of the servers' own admin service (flush, compact, status; their admin.port).")
      .withDeprecatedNames("basalt.admin.port");

  public static final ConfigKey<Long> OPERATION_TIMEOUT = ConfigKey.ofMillis(
      "basalt.client.operation.timeout", 60_000, "How long one operation may take, retries "
          + "included; it is also the longest wait for one answer from a server.");

  public static final ConfigKey<Long> RETRY_PAUSE = ConfigKey.ofMillis(
      "basalt.client.retries.pause", 100,
      "The first pause before retrying a moved or busy region; it doubles, up to 32 times this.");

  public static final ConfigKey<Boolean> FRAMED = ConfigKey.ofBoolean(
      "basalt.client.thrift.framed", false,
      "Framed transport; must match the servers' thrift.framed.")
      .withDeprecatedNames("basalt.client.framed");

  public static final ConfigKey<Boolean> COMPACT = ConfigKey.ofBoolean(
      "basalt.client.thrift.compact", false,
      "Compact protocol; must match the servers' thrift.compact.")
      .withDeprecatedNames("basalt.client.compact");

  public static final ConfigKey<Long> CONNECT_TIMEOUT = ConfigKey.ofMillis(
      "basalt.client.connect.timeout", 10_000, "How long opening a connection may take.");

  public static final ConfigKey<Integer> SCANNER_CACHING = ConfigKey.ofInt(
      "basalt.client.scanner.caching", 100,
      "Rows a scanner fetches per round trip when its Scan sets no caching.");

  public static final ConfigKey<Long> WRITE_BUFFER_SIZE = ConfigKey.ofBytes(
      "basalt.client.write.buffer", 2L << 20,
      "A BufferedMutator sends its mutations once they hold this many bytes.");

  public static final ConfigKey<Integer> POOL_IDLE_PER_SERVER = ConfigKey.ofInt(
      "basalt.client.pool.idle.per.server", 16, "Idle connections kept open to each server "
          + "(more are opened under load, and closed once returned).");

  public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, ADMIN_PORT, OPERATION_TIMEOUT,
      RETRY_PAUSE, FRAMED, COMPACT, CONNECT_TIMEOUT, SCANNER_CACHING, WRITE_BUFFER_SIZE,
      POOL_IDLE_PER_SERVER);
}
