package org.basaltdb.client;

import java.io.Closeable;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.TableName;

/**
 * A client's link to a Basalt cluster: the pool of Thrift connections to its servers, the cache
 * of region locations and the retry policy, shared by every {@link Table}, {@link Admin} and
 * {@link BufferedMutator} made from it. Create one per application with
 * {@link ConnectionFactory#createConnection}, share it between threads, close it at the end.
 *
 * <p>Thread safety: safe for concurrent use. Tables and admins are cheap; make one per use.
 */
public interface Connection extends Closeable {
  Configuration getConfiguration();

  /** A handle on a table; nothing is checked or sent until it is used. */
  Table getTable(TableName name);

  Admin getAdmin();

  /** Buffers puts and deletes and sends them in batches of {@link ClientConfig#WRITE_BUFFER_SIZE}. */
  BufferedMutator getBufferedMutator(TableName name);

  BufferedMutator getBufferedMutator(TableName name, long writeBufferSize);

  boolean isClosed();

  /** Closes every pooled connection; tables and scanners made from it stop working. */
  @Override
  void close();
}
