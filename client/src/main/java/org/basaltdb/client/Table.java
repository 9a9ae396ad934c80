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
import org.basaltdb.common.schema.TableDescriptor;

/**
 * Reads and writes one table, with HBase's semantics. Each call goes to the server holding the
 * row's region and is retried (with fresh region locations) while the region is moving or the
 * server is busy, up to {@link ClientConfig#RETRIES} times; then it throws a
 * {@link RetriesExhaustedException}. Other failures are {@link IOException}s with the server's
 * message; a request the client cannot express is an {@link IllegalArgumentException}.
 *
 * <p>Thread safety: safe for concurrent use; it holds no connection of its own.
 */
public interface Table extends Closeable {
  TableName getName();

  TableDescriptor getDescriptor() throws IOException;

  /** Whether the row has a cell the Get selects. */
  boolean exists(Get get) throws IOException;

  /** {@link #exists(Get)} for each Get, in order. */
  boolean[] exists(List<Get> gets) throws IOException;

  /** The row's selected cells; {@link Result#EMPTY} when there are none. */
  Result get(Get get) throws IOException;

  /** {@link #get(Get)} for each Get, in order. */
  Result[] get(List<Get> gets) throws IOException;

  ResultScanner getScanner(Scan scan) throws IOException;

  ResultScanner getScanner(byte[] family) throws IOException;

  ResultScanner getScanner(byte[] family, byte[] qualifier) throws IOException;

  void put(Put put) throws IOException;

  /** Sends the puts grouped by server; not atomic across rows. */
  void put(List<Put> puts) throws IOException;

  void delete(Delete delete) throws IOException;

  /** Sends the deletes grouped by server; not atomic across rows. */
  void delete(List<Delete> deletes) throws IOException;

  /** Applies the increment; the result holds the new values (empty if returnResults is off). */
  Result increment(Increment increment) throws IOException;

  /** Adds {@code amount} to one 8-byte counter and returns its new value. */
  long incrementColumnValue(byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException;

  /** Applies the append; the result holds the new values (empty if returnResults is off). */
  Result append(Append append) throws IOException;

  /** Applies the check's action if its condition holds; says whether it did. */
  boolean checkAndMutate(CheckAndMutate checkAndMutate) throws IOException;

  /** Applies the puts and deletes of one row atomically, in order. */
  void mutateRow(RowMutations mutations) throws IOException;

  /**
   * Runs a mix of {@link Get}, {@link Put}, {@link Delete}, {@link Increment}, {@link Append},
   * {@link RowMutations} and {@link CheckAndMutate}, gets, puts and deletes batched per server.
   * No order holds between actions. {@code results[i]} receives action i's outcome: a
   * {@link Result} (for puts, deletes and row mutations {@link Result#EMPTY}), a {@link Boolean}
   * for a CheckAndMutate, or the exception that failed it, in which case this method throws once
   * every action has run.
   */
  void batch(List<?> actions, Object[] results) throws IOException;

  /** Nothing to release: a table holds no connection. */
  @Override
  default void close() {}
}
