package org.basaltdb.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.Clock;

/** Makes {@link Connection}s. */
public final class ConnectionFactory {
  private ConnectionFactory() {}

  /**
   * A connection to the cluster whose server {@link ClientConfig#HOST}:{@link ClientConfig#PORT}
   * answers; the keys are in {@link ClientConfig}.
   *
   * @throws IOException when that server cannot be reached
   */
  public static Connection createConnection(Configuration conf) throws IOException {
    return new ThriftConnection(conf, Clock.SYSTEM);
  }

  /** A connection to the server at {@code host:thriftPort}, other keys at their defaults. */
  public static Connection createConnection(String host, int thriftPort) throws IOException {
    Configuration conf = new Configuration(false);
    ClientConfig.HOST.set(conf, host);
    ClientConfig.PORT.set(conf, thriftPort);
    return createConnection(conf);
  }
}
