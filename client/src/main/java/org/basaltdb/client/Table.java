package org.basaltdb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;

/**
 * Reads and writes one table, with HBase's semantics. Each call goes to the server holding the
 * row's region and is retried, with fresh region locations, while the region is moving or the
 * server is busy or unreachable, until basalt.client.operation.timeout; then it throws a
 * {@link RetriesExhaustedException}. A missing table is a {@link TableNotFoundException}, any
 * other refusal a {@link DoNotRetryIOException} with the server's message; a request the client
 * cannot express is an {@link IllegalArgumentException}.
 *
 * <p>Thread safety: safe for concurrent use; it holds no connection of its own, and closing it
 * releases nothing.
 */
public interface Table extends Closeable {
  TableName getName();

  /** The row's selected cells; {@link Result#EMPTY} when there are none. */
  Result get(Get get) throws IOException;

  /** {@link #get(Get)} for each Get, in order, in one call per server. */
  List<Result> get(List<Get> gets) throws IOException;

  /** Whether the row has a cell the Get selects. */
  boolean exists(Get get) throws IOException;

  /** {@link #exists(Get)} for each Get, in order, in one call per server. */
  List<Boolean> exists(List<Get> gets) throws IOException;

  void put(Put put) throws IOException;

  /** Sends the puts in one call per server; not atomic across rows. */
  void put(List<Put> puts) throws IOException;

  void delete(Delete delete) throws IOException;

  /** Sends the deletes in one call per server; not atomic across rows. */
  void delete(List<Delete> deletes) throws IOException;

  ResultScanner getScanner(Scan scan) throws IOException;

  /** Applies the increment; the result holds the new values (empty if returnResults is off). */
  Result increment(Increment inc) throws IOException;

  /** Applies the append; the result holds the new values (empty if returnResults is off). */
  Result append(Append app) throws IOException;

  /** Applies the check's action if its condition holds; says whether it did. */
  boolean checkAndMutate(CheckAndMutate cam) throws IOException;

  /** Applies the puts and deletes of one row atomically, in order. */
  void mutateRow(RowMutations rm) throws IOException;

  /**
   * Put, Delete, Get, Increment, Append, RowMutations (and CheckAndMutate) in any mix; gets,
   * puts and deletes go in one call per server. No order holds between actions.
   * {@code results[i]} gets a Result (null for Put, Delete and RowMutations; a Boolean for a
   * CheckAndMutate) or the Throwable of action i; if any action failed this method throws after
   * every action has run.
   */
  void batch(List<?> actions, Object[] results) throws IOException;
}
