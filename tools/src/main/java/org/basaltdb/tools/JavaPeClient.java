package org.basaltdb.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * {@link PeClient} over Basalt's Java client (module {@code client}): the YCSB-style binding a
 * Java application would write. As HBase's YCSB binding does, every {@code pe} thread shares one
 * {@link Connection} (its pool of server connections, its region locations) and holds its own
 * {@link Table}; each call goes straight to the server holding the row.
 */
public final class JavaPeClient implements PeClient {

  /** One shared connection, opened with the first client and closed with the last. */
  public static final class Factory implements PeClient.Factory {
    private final Configuration conf;
    private final String describe;
    private Connection conn; // GUARDED_BY(this)
    private int open; // GUARDED_BY(this)

    public Factory(String host, int port, boolean framed, boolean compact, int timeoutMs) {
      conf = new Configuration(false);
      ClientConfig.HOST.set(conf, host);
      ClientConfig.PORT.set(conf, port);
      ClientConfig.FRAMED.set(conf, framed);
      ClientConfig.COMPACT.set(conf, compact);
      ClientConfig.OPERATION_TIMEOUT.set(conf, (long) timeoutMs);
      describe = "java client " + host + ":" + port + " " + (compact ? "compact" : "binary")
          + (framed ? " framed" : " unframed");
    }

    @Override
    public synchronized PeClient open() throws IOException {
      if (conn == null) {
        conn = ConnectionFactory.createConnection(conf);
      }
      open++;
      return new JavaPeClient(this, conn);
    }

    private synchronized void closed() throws IOException {
      if (--open == 0) {
        Connection c = conn;
        conn = null;
        c.close();
      }
    }

    @Override
    public String describe() {
      return describe;
    }
  }

  private final Factory factory;
  private final Connection conn;
  private Table table; // the last table used: pe uses one
  private boolean closed;

  private JavaPeClient(Factory factory, Connection conn) {
    this.factory = factory;
    this.conn = conn;
  }

  private Table table(String name) {
    if (table == null || !table.getName().equals(TableName.valueOf(name))) {
      table = conn.getTable(TableName.valueOf(name));
    }
    return table;
  }

  @Override
  public boolean createTableIfMissing(String table, byte[] family, List<byte[]> splitKeys)
      throws IOException {
    TableName name = TableName.valueOf(table);
    try (var admin = conn.getAdmin()) {
      if (admin.tableExists(name)) {
        return false;
      }
      admin.createTable(TableDescriptor.of(name, ColumnFamilyDescriptor.builder(family).build()),
          splitKeys.toArray(new byte[0][]));
      return true;
    }
  }

  @Override
  public void put(String table, byte[] row, byte[] family, byte[][] qualifiers, byte[][] values)
      throws IOException {
    Put p = new Put(row);
    for (int i = 0; i < qualifiers.length; i++) {
      p.addColumn(family, qualifiers[i], values[i]);
    }
    table(table).put(p);
  }

  @Override
  public int get(String table, byte[] row, byte[] family) throws IOException {
    return table(table).get(new Get(row).addFamily(family)).size();
  }

  @Override
  public int scan(String table, byte[] startRow, byte[] family, int rows) throws IOException {
    Scan s = new Scan().withStartRow(startRow).addFamily(family).setLimit(rows)
        .setCaching(rows);
    int n = 0;
    try (ResultScanner scanner = table(table).getScanner(s)) {
      for (Result r : scanner) {
        n++;
      }
    }
    return n;
  }

  @Override
  public long increment(String table, byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException {
    Result r = table(table).increment(new Increment(row).addColumn(family, qualifier, amount));
    byte[] v = r.value(family, qualifier);
    if (v == null) {
      throw new IOException("increment returned no cell");
    }
    return ByteBuffer.wrap(v).getLong();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      factory.closed();
    }
  }
}
