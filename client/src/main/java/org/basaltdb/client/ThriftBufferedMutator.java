package org.basaltdb.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;

/** A {@link BufferedMutator} that sends runs of puts and runs of deletes through a table. */
final class ThriftBufferedMutator implements BufferedMutator {
  private final Table table;
  private final long bufferSize;

  // GUARDED_BY(this)
  private List<Mutation> buffer = new ArrayList<>();
  private long buffered;
  private boolean closed;

  ThriftBufferedMutator(Table table, long bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("write buffer size must be positive: " + bufferSize);
    }
    this.table = table;
    this.bufferSize = bufferSize;
  }

  TableName getName() {
    return table.getName();
  }

  @Override
  public void mutate(Mutation m) throws IOException {
    mutate(List.of(m));
  }

  @Override
  public synchronized void mutate(List<? extends Mutation> mutations) throws IOException {
    if (closed) {
      throw new IllegalStateException("the BufferedMutator is closed");
    }
    for (Mutation m : mutations) {
      if (!(m instanceof Put) && !(m instanceof Delete)) {
        throw new IllegalArgumentException("a BufferedMutator takes only Put and Delete");
      }
      buffer.add(m);
      buffered += 32 + m.row().length;
      for (Cell c : m.cells()) {
        buffered += c.serializedSize();
      }
    }
    if (buffered >= bufferSize) {
      flush();
    }
  }

  /**
   * Sends the buffer as runs of consecutive puts or deletes, each run in one call per server.
   * Holding the lock while sending makes concurrent writers wait: that is the back-pressure.
   */
  @Override
  public synchronized void flush() throws IOException {
    List<Mutation> send = buffer;
    buffer = new ArrayList<>();
    buffered = 0;
    int from = 0;
    while (from < send.size()) {
      boolean puts = send.get(from) instanceof Put;
      int to = from;
      while (to < send.size() && send.get(to) instanceof Put == puts) {
        to++;
      }
      try {
        if (puts) {
          table.put(cast(send.subList(from, to)));
        } else {
          table.delete(cast(send.subList(from, to)));
        }
      } catch (IOException e) {
        throw new IOException("flush of " + getName() + " failed; " + (send.size() - from)
            + " of " + send.size() + " mutations may not have been applied: " + e.getMessage(),
            e);
      }
      from = to;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Mutation> List<T> cast(List<Mutation> run) {
    return (List<T>) (List<?>) run;
  }

  @Override
  public long getWriteBufferSize() {
    return bufferSize;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      flush();
    }
  }
}
