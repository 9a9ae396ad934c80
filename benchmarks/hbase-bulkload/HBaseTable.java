import java.util.Arrays;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * bin/bench-bulkload's helper on the HBase 2.6.1 side (its client, from hbase-site.xml on the
 * class path):
 *
 * <pre>
 *   HBaseTable create TABLE FAMILY SPLIT...   (re)creates TABLE with those split keys
 *   HBaseTable count TABLE                    prints ROWS=N (a scan of first cells)
 * </pre>
 */
public final class HBaseTable {
  public static void main(String[] args) throws Exception {
    try (Connection c = ConnectionFactory.createConnection(HBaseConfiguration.create());
        Admin admin = c.getAdmin()) {
      TableName t = TableName.valueOf(args[1]);
      switch (args[0]) {
        case "create" -> {
          if (admin.tableExists(t)) {
            admin.disableTable(t);
            admin.deleteTable(t);
          }
          byte[][] splits = Arrays.stream(args, 3, args.length).map(Bytes::toBytes)
              .toArray(byte[][]::new);
          admin.createTable(TableDescriptorBuilder.newBuilder(t)
              .setColumnFamily(ColumnFamilyDescriptorBuilder.of(args[2])).build(), splits);
        }
        case "count" -> {
          long n = 0;
          Scan scan = new Scan().setFilter(new FirstKeyOnlyFilter()).setCaching(1000);
          try (Table table = c.getTable(t); ResultScanner s = table.getScanner(scan)) {
            for (Result r : s) {
              n++;
            }
          }
          System.out.println("ROWS=" + n);
        }
        default -> throw new IllegalArgumentException("create or count, not " + args[0]);
      }
    }
  }
}
