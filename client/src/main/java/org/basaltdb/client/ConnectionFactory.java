package org.basaltdb.client;

import org.apache.hadoop.conf.Configuration;

/** Makes {@link Connection}s. */
public final class ConnectionFactory {
  private ConnectionFactory() {}

  /** A connection configured by {@code basalt-site.xml} on the class path, if any. */
  public static Connection createConnection() {
    Configuration conf = new Configuration();
    conf.addResource("basalt-site.xml");
    return createConnection(conf);
  }

  /**
   * A connection to the server at {@link ClientConfig#ADDRESS}. No network traffic happens
   * until the first operation.
   */
  public static Connection createConnection(Configuration conf) {
    return new ThriftConnection(conf);
  }
}
