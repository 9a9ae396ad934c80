package org.basaltdb.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.thrift.TException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.CheckAndMutate;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.RowMutations;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.ThriftSchema;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TRowMutations;

/** A {@link Table} over THBaseService, each call sent to the server holding the row. */
final class ThriftTable implements Table {
  private final ThriftConnection conn;
  private final Caller caller;
  private final LocationCache locations;
  private final TableName name;
  private final ByteBuffer tableBytes;

  ThriftTable(ThriftConnection conn, TableName name) {
    this.conn = conn;
    this.caller = conn.caller();
    this.locations = conn.locations();
    this.name = name;
    this.tableBytes = ThriftSchema.tableNameToThriftBytes(name);
  }

  @Override
  public TableName getName() {
    return name;
  }

  /** Nothing to release: a table holds no connection. */
  @Override
  public void close() {}

  // ------------------------------------------------------------------ reads

  @Override
  public boolean exists(Get get) throws IOException {
    TGet tget = ThriftModel.toThrift(get);
    return onRow("exists", get.row(), true, c -> c.exists(tableBytes, tget));
  }

  @Override
  public List<Boolean> exists(List<Get> gets) throws IOException {
    return multi("exists", gets, Get::row, ThriftModel::toThrift, true,
        (c, part) -> c.existsAll(tableBytes, part));
  }

  @Override
  public Result get(Get get) throws IOException {
    TGet tget = ThriftModel.toThrift(get);
    TResult r = onRow("get", get.row(), true, c -> c.get(tableBytes, tget));
    return ThriftModel.fromThrift(r);
  }

  @Override
  public List<Result> get(List<Get> gets) throws IOException {
    return multi("get", gets, Get::row, ThriftModel::toThrift, true,
        (c, part) -> ThriftModel.resultsFromThrift(c.getMultiple(tableBytes, part)));
  }

  @Override
  public ResultScanner getScanner(Scan scan) throws IOException {
    return new ThriftScanner(conn, name, scan);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(Put put) throws IOException {
    TPut tput = ThriftModel.toThrift(put);
    onRow("put", put.row(), true, c -> {
      c.put(tableBytes, tput);
      return null;
    });
  }

  @Override
  public void put(List<Put> puts) throws IOException {
    this.<Put, TPut, Void>multi("put", puts, Put::row, ThriftModel::toThrift, true,
        (c, part) -> {
          c.putMultiple(tableBytes, part);
          return null;
        });
  }

  @Override
  public void delete(Delete delete) throws IOException {
    TDelete tdelete = ThriftModel.toThrift(delete);
    onRow("delete", delete.row(), true, c -> {
      c.deleteSingle(tableBytes, tdelete);
      return null;
    });
  }

  @Override
  public void delete(List<Delete> deletes) throws IOException {
    this.<Delete, TDelete, Void>multi("delete", deletes, Delete::row, ThriftModel::toThrift,
        true, (c, part) -> {
          List<TDelete> failed = c.deleteMultiple(tableBytes, part);
          if (failed != null && !failed.isEmpty()) {
            throw new DoNotRetryIOException(failed.size() + " of " + part.size()
                + " deletes were not applied");
          }
          return null;
        });
  }

  @Override
  public Result increment(Increment increment) throws IOException {
    var t = ThriftModel.toThrift(increment);
    TResult r = onRow("increment", increment.row(), false, c -> c.increment(tableBytes, t));
    return ThriftModel.fromThrift(r);
  }

  @Override
  public Result append(Append append) throws IOException {
    var t = ThriftModel.toThrift(append);
    TResult r = onRow("append", append.row(), false, c -> c.append(tableBytes, t));
    return ThriftModel.fromThrift(r);
  }

  /**
   * Sent as THBaseService's checkAndMutate, which takes any operator; a single mutation travels
   * as a one-element TRowMutations. The wire has no time range for the check, and spells "the
   * cell is absent" as an empty value.
   */
  @Override
  public boolean checkAndMutate(CheckAndMutate cam) throws IOException {
    if (!cam.timeRange().isAll()) {
      throw new IllegalArgumentException(
          "CheckAndMutate.timeRange cannot be sent over THBaseService");
    }
    RowMutations rm = cam.action() instanceof RowMutations r
        ? r : new RowMutations(cam.row()).add((Mutation) cam.action());
    TRowMutations trm = ThriftModel.toThrift(rm);
    ByteBuffer row = ByteBuffer.wrap(cam.row());
    ByteBuffer family = ByteBuffer.wrap(cam.family());
    ByteBuffer qualifier = ByteBuffer.wrap(cam.qualifier());
    ByteBuffer operand = ByteBuffer.wrap(cam.operand() == null ? Bytes.EMPTY : cam.operand());
    var op = ThriftModel.toThrift(cam.op());
    return onRow("checkAndMutate", cam.row(), false,
        c -> c.checkAndMutate(tableBytes, row, family, qualifier, op, operand, trm));
  }

  @Override
  public void mutateRow(RowMutations mutations) throws IOException {
    TRowMutations trm = ThriftModel.toThrift(mutations);
    onRow("mutateRow", mutations.row(), true, c -> {
      c.mutateRow(tableBytes, trm);
      return null;
    });
  }

  // ------------------------------------------------------------------ batch

  @Override
  @SuppressWarnings("unchecked")
  public void batch(List<?> actions, Object[] results) throws IOException {
    if (results.length < actions.size()) {
      throw new IllegalArgumentException("results holds " + results.length + " slots for "
          + actions.size() + " actions");
    }
    Map<Class<?>, List<Integer>> byKind = new LinkedHashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      Object a = actions.get(i);
      if (!(a instanceof Get || a instanceof Put || a instanceof Delete || a instanceof Increment
          || a instanceof Append || a instanceof RowMutations || a instanceof CheckAndMutate)) {
        throw new IllegalArgumentException("batch action " + i + " is not a Get, Put, Delete, "
            + "Increment, Append, RowMutations or CheckAndMutate: " + a);
      }
      byKind.computeIfAbsent(a.getClass(), k -> new ArrayList<>()).add(i);
    }
    IOException first = null; // the exception thrown names the first failure
    int failures = 0;
    for (Map.Entry<Class<?>, List<Integer>> e : byKind.entrySet()) {
      List<Integer> idx = e.getValue();
      Class<?> kind = e.getKey();
      if (kind == Get.class || kind == Put.class || kind == Delete.class) {
        List<Object> part = new ArrayList<>(idx.size());
        idx.forEach(i -> part.add(actions.get(i)));
        try { // one batched call per server for the whole kind
          List<Result> out = kind == Get.class ? get((List<Get>) (List<?>) part) : null;
          if (kind == Put.class) {
            put((List<Put>) (List<?>) part);
          } else if (kind == Delete.class) {
            delete((List<Delete>) (List<?>) part);
          }
          for (int j = 0; j < idx.size(); j++) {
            results[idx.get(j)] = out == null ? null : out.get(j);
          }
        } catch (IOException ex) {
          first = first == null ? ex : first;
          failures += idx.size();
          idx.forEach(i -> results[i] = ex);
        }
        continue;
      }
      for (int i : idx) {
        Object a = actions.get(i);
        try {
          if (a instanceof Increment inc) {
            results[i] = increment(inc);
          } else if (a instanceof Append app) {
            results[i] = append(app);
          } else if (a instanceof CheckAndMutate cam) {
            results[i] = checkAndMutate(cam);
          } else {
            mutateRow((RowMutations) a);
            results[i] = null;
          }
        } catch (IOException ex) {
          first = first == null ? ex : first;
          failures++;
          results[i] = ex;
        }
      }
    }
    if (first != null) {
      throw new IOException(failures + " of " + actions.size() + " batch actions failed; "
          + "the first: " + first.getMessage(), first);
    }
  }

  // ------------------------------------------------------------------ routing

  private void invalidate() {
    locations.invalidate(name);
  }

  /** A call to the server holding {@code row}, retried with fresh locations. */
  private <T> T onRow(String what, byte[] row, boolean idempotent, Caller.Call<T> call)
      throws IOException {
    return caller.withRetries(what, name, row, this::invalidate,
        () -> caller.once(locations.locate(name, row).server(), idempotent, call));
  }

  /** A call on the wire form of a group of actions that live on one server. */
  interface GroupCall<W, R> {
    /** Results in the order of {@code part}, or null when the call has none. */
    List<R> call(THBaseService.Client client, List<W> part) throws TException, IOException;
  }

  /**
   * Sends {@code actions} in one call per server, one server after another. A group that meets a transient failure is regrouped with fresh locations and sent
   * again; groups that succeeded are not. Results come back in the order of {@code actions}.
   */
  private <A, W, R> List<R> multi(String what, List<A> actions, Function<A, byte[]> rowOf,
      Function<A, W> toWire, boolean idempotent, GroupCall<W, R> call) throws IOException {
    List<W> wire = new ArrayList<>(actions.size()); // converted first: bad input fails here
    actions.forEach(a -> wire.add(toWire.apply(a)));
    List<R> out = new ArrayList<>(Collections.nCopies(actions.size(), null));
    List<Integer> pending = new ArrayList<>(actions.size());
    for (int i = 0; i < actions.size(); i++) {
      pending.add(i);
    }
    return caller.withRetries(what + " of " + actions.size() + " rows", name, null,
        this::invalidate, () -> {
          Map<ServerAddress, List<Integer>> groups = new LinkedHashMap<>();
          for (int i : pending) {
            ServerAddress s = locations.locate(name, rowOf.apply(actions.get(i))).server();
            groups.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
          }
          List<Integer> failed = new ArrayList<>();
          RetryableException retry = null;
          for (Map.Entry<ServerAddress, List<Integer>> g : groups.entrySet()) {
            List<Integer> idx = g.getValue();
            List<W> part = new ArrayList<>(idx.size());
            idx.forEach(i -> part.add(wire.get(i)));
            try {
              List<R> rs = caller.once(g.getKey(), idempotent, c -> call.call(c, part));
              if (rs != null) {
                if (rs.size() != idx.size()) {
                  throw new IOException(g.getKey() + " answered " + rs.size() + " results for "
                      + idx.size() + " requests");
                }
                for (int j = 0; j < idx.size(); j++) {
                  out.set(idx.get(j), rs.get(j));
                }
              }
            } catch (RetryableException e) {
              retry = e;
              failed.addAll(idx);
            }
          }
          pending.clear();
          pending.addAll(failed);
          if (retry != null) {
            throw retry;
          }
          return out;
        });
  }
}
