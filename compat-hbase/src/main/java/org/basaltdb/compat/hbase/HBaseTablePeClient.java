package org.basaltdb.compat.hbase;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.basaltdb.tools.PeClient;

/**
 * {@link PeClient} over Apache HBase's native Java client ({@code Connection} and {@code Table}):
 * HBase's side of {@code bench-ycsb --java-client}, the counterpart of Basalt's
 * {@code JavaPeClient}. It does what YCSB's {@code hbase2} binding does by default: one
 * {@link Connection} shared by every thread, a {@link Table} per thread, each put sent on its
 * own (no {@code BufferedMutator}: YCSB's client-side buffering is off unless asked for), a read
 * is a {@link Get} of the whole family, a scan asks for its rows in one batch
 * ({@code setCaching}) and stops after them ({@code setLimit}, as Basalt's side does).
 *
 * <p>Thread safety: one instance per {@code pe} thread; the factory is safe to share.
 */
public final class HBaseTablePeClient implements PeClient {

  /** One shared connection, opened with the first client and closed with the last. */
  public static final class Factory implements PeClient.Factory {
    private final Configuration conf;
    private final String describe;
    private Connection conn; // GUARDED_BY(this)
    private int open; // GUARDED_BY(this)

    /** A client of the cluster whose ZooKeeper is {@code conf}'s quorum and client port. */
    public Factory(Configuration conf) {
      this.conf = conf;
      describe = "hbase native client zk " + conf.get("hbase.zookeeper.quorum") + ":"
          + conf.get("hbase.zookeeper.property.clientPort");
    }

    @Override
    public synchronized PeClient open() throws IOException {
      if (conn == null) {
        conn = ConnectionFactory.createConnection(conf);
      }
      open++;
      return new HBaseTablePeClient(this, conn);
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

  private HBaseTablePeClient(Factory factory, Connection conn) {
    this.factory = factory;
    this.conn = conn;
  }

  private Table table(String name) throws IOException {
    TableName t = TableName.valueOf(name);
    if (table == null || !table.getName().equals(t)) {
      if (table != null) {
        table.close();
      }
      table = conn.getTable(t);
    }
    return table;
  }

  @Override
  public boolean createTableIfMissing(String table, byte[] family, List<byte[]> splitKeys)
      throws IOException {
    TableName name = TableName.valueOf(table);
    try (Admin admin = conn.getAdmin()) {
      if (admin.tableExists(name)) {
        return false;
      }
      var descriptor = TableDescriptorBuilder.newBuilder(name)
          .setColumnFamily(ColumnFamilyDescriptorBuilder.of(family)).build();
      if (splitKeys.isEmpty()) {
        admin.createTable(descriptor);
      } else {
        admin.createTable(descriptor, splitKeys.toArray(new byte[0][]));
      }
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
      for (Result r = scanner.next(); r != null; r = scanner.next()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public long increment(String table, byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException {
    return table(table).incrementColumnValue(row, family, qualifier, amount);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        if (table != null) {
          table.close();
        }
      } finally {
        factory.closed();
      }
    }
  }
}
