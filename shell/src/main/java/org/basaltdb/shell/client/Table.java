package org.basaltdb.shell.client;

import java.io.Closeable;
import java.io.IOException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Append;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;

/** The data operations of one table the shell uses; see {@link Connection}. */
public interface Table extends Closeable {
  TableName getName();

  Result get(Get get) throws IOException;

  void put(Put put) throws IOException;

  void delete(Delete delete) throws IOException;

  ResultScanner getScanner(Scan scan) throws IOException;

  Result increment(Increment inc) throws IOException;

  Result append(Append app) throws IOException;
}
