package org.basaltdb.shell.client;

import java.io.Closeable;
import org.basaltdb.common.TableName;

/**
 * What the shell needs of a connection. The methods (here and in {@link Table}, {@link Admin},
 * {@link ResultScanner}) have the same signatures as {@code org.basaltdb.client}'s, so the real
 * client plugs in through a thin adapter and tests can use an in-memory fake.
 */
public interface Connection extends Closeable {
  Table getTable(TableName name);

  Admin getAdmin();
}
