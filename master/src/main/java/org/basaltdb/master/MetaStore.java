package org.basaltdb.master;

import java.io.IOException;
import java.util.List;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;

/**
 * Reads and writes of the meta region, wherever it is open: in this process, or on a region
 * server reached over its internal RPC. A batch is applied atomically.
 */
public interface MetaStore {
  Result get(Get g) throws IOException;

  List<Result> scanAll(Scan s) throws IOException;

  void mutate(List<? extends Mutation> batch) throws IOException;

  default void put(Put p) throws IOException {
    mutate(List.of(p));
  }

  default void delete(Delete d) throws IOException {
    mutate(List.of(d));
  }
}
