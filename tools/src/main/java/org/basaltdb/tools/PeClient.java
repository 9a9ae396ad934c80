package org.basaltdb.tools;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * What {@code pe} needs from a client: one instance per client thread, never shared. The Thrift
 * implementation ({@link ThriftPeClient}) talks {@code THBaseService}, so it measures Basalt and
 * Apache HBase's Thrift2 gateway alike; a Java-client implementation plugs in through
 * {@link Factory} once the {@code client} module exists.
 */
public interface PeClient extends Closeable {

  /** Opens one client (one connection) per call; {@code pe} calls it once per thread. */
  interface Factory {
    PeClient open() throws IOException;

    /** How the clients connect, for the report line: "thrift 127.0.0.1:9090 binary". */
    String describe();
  }

  /**
   * Creates the table with one column family and the given split keys (none: one region) unless
   * it exists. Returns whether it created it.
   */
  boolean createTableIfMissing(String table, byte[] family, List<byte[]> splitKeys)
      throws IOException;

  /** Writes one row: {@code qualifiers[i] = values[i]} in {@code family}. */
  void put(String table, byte[] row, byte[] family, byte[][] qualifiers, byte[][] values)
      throws IOException;

  /** Reads every cell of {@code family} in the row; returns how many cells came back. */
  int get(String table, byte[] row, byte[] family) throws IOException;

  /** Reads up to {@code rows} rows of {@code family} from {@code startRow} on; returns how many. */
  int scan(String table, byte[] startRow, byte[] family, int rows) throws IOException;

  /** Adds {@code amount} to a counter cell; returns its new value. */
  long increment(String table, byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException;
}
