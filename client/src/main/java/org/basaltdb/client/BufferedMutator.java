package org.basaltdb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.basaltdb.common.ops.Mutation;

/**
 * Collects puts and deletes for one table and sends them in batches (one call per server) once
 * they hold {@link #getWriteBufferSize()} bytes, on {@link #flush()} and on {@link #close()}.
 * Mutations are sent in the order given, so a put after a delete of the same cell is not
 * overtaken by it.
 *
 * <p>A mutation is durable only once a flush that covers it returns. When sending fails, the
 * flush throws and the mutations not yet sent are dropped; the exception says how many.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public interface BufferedMutator extends Closeable {
  /** Buffers a {@link org.basaltdb.common.ops.Put} or {@link org.basaltdb.common.ops.Delete}. */
  void mutate(Mutation mutation) throws IOException;

  void mutate(List<? extends Mutation> mutations) throws IOException;

  /** Sends everything buffered and waits for it to be applied. */
  void flush() throws IOException;

  long getWriteBufferSize();

  /** Flushes, then refuses further mutations. */
  @Override
  void close() throws IOException;
}
