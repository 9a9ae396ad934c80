package org.basaltdb.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.DoNotRetryIOException;
import org.basaltdb.client.RegionMetrics;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.client.TableNotFoundException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Basalt table in a MapReduce job, as HBase's {@code TableInputFormat}: the table is
 * {@code hbase.mapreduce.inputtable}, the scan {@code hbase.mapreduce.scan} or the
 * {@code hbase.mapreduce.scan.*} keys ({@link ScanKeys}); each map task reads one
 * {@link TableSplit} (by default one per region the scan overlaps, see {@link SplitCalculator})
 * through the Java client with a {@link TableRecordReader}. Keys are rows, values their cells.
 *
 * <p>Everything that can be checked before the job runs is checked in {@link #getSplits}, which
 * runs at submission: the table is named and exists, the scan decodes, its families exist and it
 * is not reversed. Each failure is an IOException saying what is wrong and which key set it.
 */
public class TableInputFormat extends InputFormat<ImmutableBytesWritable, Result>
    implements Configurable {
  private static final Logger LOG = LoggerFactory.getLogger(TableInputFormat.class);

  /** HBase's constant names for its keys, so that code setting them ports unchanged. */
  public static final String INPUT_TABLE = MapReduceConfig.INPUT_TABLE.name();

  public static final String SCAN = MapReduceConfig.SCAN.name();
  public static final String SCAN_ROW_START = MapReduceConfig.SCAN_ROW_START.name();
  public static final String SCAN_ROW_STOP = MapReduceConfig.SCAN_ROW_STOP.name();
  public static final String SCAN_COLUMN_FAMILY = MapReduceConfig.SCAN_COLUMN_FAMILY.name();
  public static final String SCAN_COLUMNS = MapReduceConfig.SCAN_COLUMNS.name();
  public static final String SCAN_TIMESTAMP = MapReduceConfig.SCAN_TIMESTAMP.name();
  public static final String SCAN_TIMERANGE_START = MapReduceConfig.SCAN_TIMERANGE_START.name();
  public static final String SCAN_TIMERANGE_END = MapReduceConfig.SCAN_TIMERANGE_END.name();
  public static final String SCAN_MAXVERSIONS = MapReduceConfig.SCAN_MAXVERSIONS.name();
  public static final String SCAN_CACHEBLOCKS = MapReduceConfig.SCAN_CACHEBLOCKS.name();
  public static final String SCAN_CACHEDROWS = MapReduceConfig.SCAN_CACHEDROWS.name();
  public static final String SCAN_BATCHSIZE = MapReduceConfig.SCAN_BATCHSIZE.name();
  /** HBase's {@code TableInputFormatBase} constants. */
  public static final String NUM_MAPPERS_PER_REGION = MapReduceConfig.MAPPERS_PER_REGION.name();
  public static final String MAPREDUCE_INPUT_AUTOBALANCE = MapReduceConfig.AUTOBALANCE.name();
  public static final String MAX_AVERAGE_REGION_SIZE =
      MapReduceConfig.AVERAGE_REGION_SIZE.name();

  private Configuration conf;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** The input table, checked to be named. */
  static TableName inputTable(Configuration conf) throws IOException {
    String name = MapReduceConfig.inputTable(conf);
    if (name == null || name.isEmpty()) {
      throw new IOException("no input table: set " + MapReduceConfig.INPUT_TABLE.name()
          + " (or " + MapReduceConfig.BASALT_INPUT_TABLE.name() + ")");
    }
    try {
      return TableName.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad input table name '" + name + "' in "
          + MapReduceConfig.INPUT_TABLE.name() + ": " + e.getMessage(), e);
    }
  }

  /** The job's scan, checked to be one a split can run. */
  static Scan checkedScan(Configuration conf) throws IOException {
    Scan scan = ScanKeys.scanFrom(conf);
    if (scan.isReversed()) {
      throw new IOException("a reversed scan cannot be read by TableInputFormat ("
          + MapReduceConfig.SCAN.name() + ")");
    }
    return scan;
  }

  /** Where the scan starts and stops as [start, stop) bounds. */
  static byte[] effectiveStart(Scan scan) {
    return scan.includeStartRow() || scan.startRow().length == 0 ? scan.startRow()
        : Bytes.successor(scan.startRow());
  }

  static byte[] effectiveStop(Scan scan) {
    return !scan.includeStopRow() || scan.stopRow().length == 0 ? scan.stopRow()
        : Bytes.successor(scan.stopRow());
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    Configuration c = context.getConfiguration();
    TableName table = inputTable(c);
    Scan scan = checkedScan(c);
    List<SplitCalculator.Region> regions = new ArrayList<>();
    boolean allSized;
    try (Connection conn = ConnectionFactory.createConnection(c);
        Admin admin = conn.getAdmin()) {
      TableDescriptor desc;
      try {
        desc = admin.getDescriptor(table);
      } catch (TableNotFoundException e) {
        throw new IOException("input table " + table + " does not exist ("
            + MapReduceConfig.INPUT_TABLE.name() + ")", e);
      }
      for (byte[] family : scan.families().keySet()) {
        if (!desc.hasFamily(family)) {
          throw new IOException("column family '" + Bytes.toStringBinary(family)
              + "' does not exist in table " + table + " (asked for by the job's scan)");
        }
      }
      Map<String, Long> sizes = regionSizes(admin, table, c);
      java.util.TreeSet<String> unsized = new java.util.TreeSet<>();
      for (RegionLocation l : admin.getRegions(table)) {
        String name = l.region().encodedName();
        Long size = sizes.get(name);
        if (size == null) {
          unsized.add(host(l.server()));
        }
        regions.add(new SplitCalculator.Region(l.region().startKey(), l.region().endKey(), name,
            host(l.server()), size == null ? 0L : size));
      }
      allSized = unsized.isEmpty();
      if (!allSized && MapReduceConfig.REGION_SIZES.get(c)) {
        LOG.warn("no size for the regions of table {} on {}: their admin port ({}={}) did not "
            + "answer; those splits have size 0, so the framework cannot start the biggest "
            + "first{}", table, unsized, ClientConfig.ADMIN_PORT.name(),
            ClientConfig.ADMIN_PORT.get(c), MapReduceConfig.AUTOBALANCE.get(c)
                ? ", and autobalance is off (it needs every size)" : "");
      }
      if (scan.filter() != null) {
        probeFilter(conn, table, c);
      }
    }
    List<TableSplit> splits = SplitCalculator.perRegion(table.toString(), regions,
        effectiveStart(scan), effectiveStop(scan));
    if (c.get(MapReduceConfig.MAPPERS_PER_REGION.name()) != null) {
      int n = MapReduceConfig.MAPPERS_PER_REGION.get(c);
      if (n < 1) {
        throw new IOException(MapReduceConfig.MAPPERS_PER_REGION.name()
            + " must be at least 1, got " + n);
      }
      splits = SplitCalculator.nPerRegion(splits, n);
    } else if (MapReduceConfig.AUTOBALANCE.get(c) && allSized) {
      splits = SplitCalculator.autoBalance(splits, MapReduceConfig.AVERAGE_REGION_SIZE.get(c));
    }
    LOG.info("{} splits for table {} ({} regions)", splits.size(), table, regions.size());
    return new ArrayList<>(splits);
  }

  /**
   * Each region's store-file bytes, by encoded name, from the region servers' admin ports; the
   * regions of a server whose admin port does not answer are missing (the caller says so), and so
   * is every region when {@link MapReduceConfig#REGION_SIZES} is off or the call fails as a whole.
   * Sizes only order and balance the splits, so a job never fails for want of them.
   */
  static Map<String, Long> regionSizes(Admin admin, TableName table, Configuration c) {
    Map<String, Long> sizes = new HashMap<>();
    if (!MapReduceConfig.REGION_SIZES.get(c)) {
      LOG.info("region sizes not asked for ({}=false): every split of {} has size 0",
          MapReduceConfig.REGION_SIZES.name(), table);
      return sizes;
    }
    try {
      for (RegionMetrics m : admin.getRegionMetrics(table)) {
        sizes.put(m.encodedName(), m.storeFileBytes());
      }
    } catch (IOException e) {
      LOG.warn("could not read the region sizes of table {} from the admin ports ({}={}): {}",
          table, ClientConfig.ADMIN_PORT.name(), ClientConfig.ADMIN_PORT.get(c), e.toString());
    }
    return sizes;
  }

  /**
   * Opens and closes a one-row scanner with the job's scan, so that a filter the server cannot
   * parse fails the submission rather than every map task.
   */
  private static void probeFilter(Connection conn, TableName table, Configuration c)
      throws IOException {
    Scan probe = ScanKeys.scanFrom(c).setLimit(1).setCaching(1);
    try (Table t = conn.getTable(table); ResultScanner s = t.getScanner(probe)) {
      s.next();
    } catch (DoNotRetryIOException e) {
      throw new IOException("the job's scan is refused by the server (its filter '"
          + probe.filter() + "'?): " + e.getMessage(), e);
    }
  }

  /** The host of a server named {@code host,port,startcode}; empty when unknown. */
  static String host(String serverName) {
    if (serverName == null || serverName.isEmpty()) {
      return "";
    }
    int comma = serverName.indexOf(',');
    return comma < 0 ? serverName : serverName.substring(0, comma);
  }

  @Override
  public RecordReader<ImmutableBytesWritable, Result> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return new TableRecordReader();
  }
}
