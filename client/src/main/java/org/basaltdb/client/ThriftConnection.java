package org.basaltdb.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;

/**
 * A {@link Connection} over THBaseService, and BasaltAdmin for flush, compact, status and the
 * cluster operations.
 */
final class ThriftConnection implements Connection {
  private final ChannelPool pool;
  private final Caller caller;
  private final ServerAddress bootstrap;
  private final int adminPort;
  private final LocationCache locations;
  private final int scannerCaching;
  private final long writeBufferSize;
  private volatile boolean closed;

  /** Opens one connection to the bootstrap server, so a wrong address fails here. */
  ThriftConnection(Configuration conf, Clock clock) throws IOException {
    try {
      this.bootstrap = new ServerAddress(ClientConfig.HOST.get(conf),
          ClientConfig.PORT.get(conf));
      this.adminPort = ClientConfig.ADMIN_PORT.get(conf);
      long timeout = ClientConfig.OPERATION_TIMEOUT.get(conf);
      this.pool = new ChannelPool(ClientConfig.FRAMED.get(conf), ClientConfig.COMPACT.get(conf),
          Math.toIntExact(ClientConfig.CONNECT_TIMEOUT.get(conf)), Math.toIntExact(timeout),
          ClientConfig.POOL_IDLE_PER_SERVER.get(conf));
      this.caller = new Caller(pool, clock, timeout, ClientConfig.RETRY_PAUSE.get(conf));
      this.scannerCaching = ClientConfig.SCANNER_CACHING.get(conf);
      this.writeBufferSize = ClientConfig.WRITE_BUFFER_SIZE.get(conf);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("bad client configuration: " + e.getMessage(), e);
    }
    this.locations = new LocationCache(caller, bootstrap);
    try {
      pool.release(pool.borrow(bootstrap));
    } catch (TTransportException e) {
      pool.close();
      throw new IOException("cannot connect to Basalt at " + bootstrap + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Table getTable(TableName name) {
    checkOpen();
    return new ThriftTable(this, name);
  }

  @Override
  public Admin getAdmin() {
    checkOpen();
    return new ThriftAdmin(this);
  }

  @Override
  public BufferedMutator getBufferedMutator(TableName name) {
    checkOpen();
    return new ThriftBufferedMutator(new ThriftTable(this, name), writeBufferSize);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the connection is closed");
    }
  }

  Caller caller() {
    return caller;
  }

  LocationCache locations() {
    return locations;
  }

  int scannerCaching() {
    return scannerCaching;
  }

  /** The admin service of the server on {@code host}. */
  ServerAddress adminAddress(String host) {
    return new ServerAddress(host, adminPort);
  }

  ServerAddress bootstrap() {
    return bootstrap;
  }

  /** A DDL or catalog call to the bootstrap server, retried while it fails transiently. */
  <T> T onBootstrap(String what, TableName table, boolean idempotent, Caller.Call<T> call)
      throws IOException {
    return caller.withRetries(what, table, null, () -> {},
        () -> caller.once(bootstrap, idempotent, call));
  }
}
