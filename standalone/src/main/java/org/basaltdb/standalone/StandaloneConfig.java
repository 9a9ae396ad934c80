package org.basaltdb.standalone;

import java.util.List;
import org.basaltdb.common.ConfigKey;

/**
 * Configuration keys of standalone mode alone; it also reads every server key (server-common's
 * {@code ServerConfig}, region-server's and the master's). Listed in docs/configuration.md.
 */
public final class StandaloneConfig {
  private StandaloneConfig() {}

  public static final ConfigKey<Integer> ZK_PORT = ConfigKey.ofInt("standalone.zookeeper.port",
      2181, "The embedded ZooKeeper's port in standalone mode (0 picks a free one).");

  public static final List<ConfigKey<?>> ALL = List.of(ZK_PORT);
}
