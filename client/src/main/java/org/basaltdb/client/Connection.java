package org.basaltdb.client;

import java.io.Closeable;
import org.basaltdb.common.TableName;

/**
 * A client's link to a Basalt cluster: the pool of Thrift connections to its servers, the cache
 * of region locations and the retry policy, shared by every {@link Table}, {@link Admin} and
 * {@link BufferedMutator} made from it. Create one per application with
 * {@link ConnectionFactory}, share it between threads, close it at the end; closing it closes
 * its pooled connections, and what was made from it stops working.
 *
 * <p>Thread safety: safe for concurrent use. Tables and admins are cheap; make one per use.
 */
public interface Connection extends Closeable {
  /** A handle on a table; nothing is checked or sent until it is used. */
  Table getTable(TableName name);

  Admin getAdmin();

  /** Buffers puts and deletes and sends them in batches of 2 MiB (basalt.client.write.buffer). */
  BufferedMutator getBufferedMutator(TableName name);

  boolean isClosed();
}
