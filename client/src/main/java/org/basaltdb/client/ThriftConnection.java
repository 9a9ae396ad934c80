package org.basaltdb.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Connection} over THBaseService, and BasaltAdmin for flush, compact, status and the
 * cluster operations.
 */
final class ThriftConnection implements Connection {
  private final ChannelPool pool;
  private final Caller caller;
  /** Servers to start from; the current one answers DDL and region lookups until it fails. */
  private final List<ServerAddress> bootstraps;
  private final AtomicInteger current = new AtomicInteger();
  private final int adminPort;
  private final LocationCache locations;
  private final int scannerCaching;
  private final long writeBufferSize;
  private volatile boolean closed;

  /** Opens one connection to the bootstrap server, so a wrong address fails here. */
  ThriftConnection(Configuration conf, Clock clock) throws IOException {
    try {
      this.bootstraps = parseHosts(ClientConfig.HOST.get(conf), ClientConfig.PORT.get(conf));
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
    this.locations = new LocationCache(caller, this);
    TTransportException last = null;
    for (int i = 0; i < bootstraps.size(); i++) {
      try {
        pool.release(pool.borrow(bootstraps.get(i)));
        current.set(i);
        return;
      } catch (TTransportException e) {
        last = e;
      }
    }
    pool.close();
    throw new IOException("cannot connect to Basalt at " + (bootstraps.size() == 1
        ? bootstraps.get(0) : "any of " + bootstraps) + ": " + last.getMessage(), last);
  }

  /** {@code host[:port][,host[:port]...]}; a host without a port uses {@code defaultPort}. */
  static List<ServerAddress> parseHosts(String hosts, int defaultPort) {
    List<ServerAddress> out = new ArrayList<>();
    for (String h : hosts.split(",")) {
      String s = h.trim();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      if (colon > 0 && s.indexOf(':') == colon) {
        out.add(new ServerAddress(s.substring(0, colon),
            Integer.parseInt(s.substring(colon + 1))));
      } else {
        out.add(new ServerAddress(s, defaultPort));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no server to connect to in '" + hosts + "'");
    }
    return List.copyOf(out);
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

  /** The server DDL and region lookups go to now. */
  ServerAddress bootstrap() {
    return bootstraps.get(current.get());
  }

  /**
   * One call to the current bootstrap server; if it cannot be reached (or its connection
   * breaks), the next configured server becomes current and the failure is retryable.
   */
  <T> T onceOnBootstrap(boolean idempotent, Caller.Call<T> call) throws IOException {
    int i = current.get();
    try {
      return caller.once(bootstraps.get(i), idempotent, call);
    } catch (RetryableException e) {
      current.compareAndSet(i, (i + 1) % bootstraps.size());
      throw e;
    } catch (DoNotRetryIOException e) {
      throw e; // the server answered
    } catch (IOException e) {
      // The connection broke mid-call (a non-idempotent call is not retried: it may have been
      // applied); the next call starts from the next server.
      current.compareAndSet(i, (i + 1) % bootstraps.size());
      throw e;
    }
  }

  /** A DDL or catalog call to a bootstrap server, retried while it fails transiently. */
  <T> T onBootstrap(String what, TableName table, boolean idempotent, Caller.Call<T> call)
      throws IOException {
    return caller.withRetries(what, table, null, () -> {},
        () -> onceOnBootstrap(idempotent, call));
  }
}
