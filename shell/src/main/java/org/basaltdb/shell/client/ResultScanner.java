package org.basaltdb.shell.client;

import java.io.Closeable;
import java.io.IOException;
import org.basaltdb.common.ops.Result;

/** Rows of a scan, one at a time; see {@link Connection}. */
public interface ResultScanner extends Closeable {
  /** The next row, or null at the end. */
  Result next() throws IOException;
}
