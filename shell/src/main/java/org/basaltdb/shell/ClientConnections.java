package org.basaltdb.shell;

import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.shell.command.Session;

/**
 * How the shell opens its connection: the Basalt Java client's ({@code org.basaltdb.client}),
 * whose {@code Connection}, {@code Table} and {@code Admin} the commands use directly.
 */
final class ClientConnections {
  private ClientConnections() {}

  /** Opens a connection on first use with {@code conf} (host, ports: {@link ClientConfig}). */
  static Session.Connector connector(Configuration conf) {
    return () -> ConnectionFactory.createConnection(conf);
  }

  static Configuration configuration(String host, int port, int adminPort) {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, host);
    ClientConfig.PORT.set(conf, port);
    ClientConfig.ADMIN_PORT.set(conf, adminPort);
    return conf;
  }
}
