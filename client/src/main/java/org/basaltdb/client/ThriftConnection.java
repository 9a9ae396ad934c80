package org.basaltdb.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.TableName;

/** A {@link Connection} over THBaseService. */
final class ThriftConnection implements Connection {
  private final Configuration conf;
  private final ChannelPool pool;
  private final Caller caller;
  private final ServerAddress bootstrap;
  private final LocationCache locations;
  private final int scannerCaching;
  private final long writeBufferSize;
  private volatile boolean closed;

  ThriftConnection(Configuration conf) {
    this.conf = new Configuration(conf);
    this.bootstrap = ServerAddress.parse(ClientConfig.ADDRESS.get(conf));
    this.pool = new ChannelPool(ClientConfig.FRAMED.get(conf), ClientConfig.COMPACT.get(conf),
        Math.toIntExact(ClientConfig.CONNECT_TIMEOUT.get(conf)),
        Math.toIntExact(ClientConfig.SOCKET_TIMEOUT.get(conf)),
        ClientConfig.POOL_IDLE_PER_SERVER.get(conf));
    this.caller = new Caller(pool, ClientConfig.RETRIES.get(conf),
        ClientConfig.RETRY_PAUSE.get(conf));
    this.locations = new LocationCache(caller, bootstrap);
    this.scannerCaching = ClientConfig.SCANNER_CACHING.get(conf);
    this.writeBufferSize = ClientConfig.WRITE_BUFFER_SIZE.get(conf);
  }

  @Override
  public Configuration getConfiguration() {
    return conf;
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
    return getBufferedMutator(name, writeBufferSize);
  }

  @Override
  public BufferedMutator getBufferedMutator(TableName name, long bufferSize) {
    checkOpen();
    return new ThriftBufferedMutator(new ThriftTable(this, name), bufferSize);
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

  /** A DDL or catalog call to the bootstrap server, retried while it fails transiently. */
  <T> T onBootstrap(String what, boolean idempotent, Caller.Call<T> call) throws IOException {
    return caller.withRetries(what, () -> {}, () -> caller.once(bootstrap, idempotent, call));
  }

  int scannerCaching() {
    return scannerCaching;
  }
}
