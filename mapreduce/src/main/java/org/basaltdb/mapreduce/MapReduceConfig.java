package org.basaltdb.mapreduce;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.ConfigKey;

/**
 * The keys of the MapReduce module (also listed in {@code docs/configuration.md}). Where HBase
 * has a key for the same thing, the key is HBase's own, so a job configured for HBase's
 * {@code TableInputFormat} keeps its settings; Basalt's own names for the tables are accepted
 * beside them.
 */
public final class MapReduceConfig {
  private MapReduceConfig() {}

  // ---------------------------------------------------------------- input

  public static final ConfigKey<String> INPUT_TABLE = ConfigKey.ofString(
      "hbase.mapreduce.inputtable", null, "The table a TableInputFormat reads (HBase's key).");

  public static final ConfigKey<String> BASALT_INPUT_TABLE = ConfigKey.ofString(
      "basalt.mapreduce.input.table", null,
      "Basalt's name for hbase.mapreduce.inputtable; used when that key is not set.");

  public static final ConfigKey<String> SCAN = ConfigKey.ofString("hbase.mapreduce.scan", null,
      "The whole scan, in Basalt's scan encoding (docs/formats/scan-encoding.md; made by "
          + "TableMapReduceUtil.convertScanToString). When set, the scan.* keys are ignored.");

  public static final ConfigKey<String> SCAN_ROW_START = ConfigKey.ofString(
      "hbase.mapreduce.scan.row.start", null,
      "First row to read, in the shell's binary form (\\xNN escapes).");

  public static final ConfigKey<String> SCAN_ROW_STOP = ConfigKey.ofString(
      "hbase.mapreduce.scan.row.stop", null,
      "Row to stop before, in the shell's binary form (\\xNN escapes).");

  public static final ConfigKey<String> SCAN_COLUMN_FAMILY = ConfigKey.ofString(
      "hbase.mapreduce.scan.column.family", null, "One column family to read.");

  public static final ConfigKey<String> SCAN_COLUMNS = ConfigKey.ofString(
      "hbase.mapreduce.scan.columns", null,
      "Space-separated columns to read: FAMILY (the whole family) or FAMILY:QUALIFIER.");

  public static final ConfigKey<String> SCAN_TIMESTAMP = ConfigKey.ofString(
      "hbase.mapreduce.scan.timestamp", null, "Read only cells with this timestamp (ms).");

  public static final ConfigKey<String> SCAN_TIMERANGE_START = ConfigKey.ofString(
      "hbase.mapreduce.scan.timerange.start", null,
      "Read cells with timestamps from this one (inclusive); needs timerange.end.");

  public static final ConfigKey<String> SCAN_TIMERANGE_END = ConfigKey.ofString(
      "hbase.mapreduce.scan.timerange.end", null,
      "Read cells with timestamps before this one; needs timerange.start.");

  public static final ConfigKey<String> SCAN_MAXVERSIONS = ConfigKey.ofString(
      "hbase.mapreduce.scan.maxversions", null, "Versions of each column to read (default 1).");

  public static final ConfigKey<String> SCAN_CACHEBLOCKS = ConfigKey.ofString(
      "hbase.mapreduce.scan.cacheblocks", null,
      "Whether the scan fills the block cache (true or false; default false for a job).");

  public static final ConfigKey<String> SCAN_CACHEDROWS = ConfigKey.ofString(
      "hbase.mapreduce.scan.cachedrows", null, "Rows fetched per round trip.");

  public static final ConfigKey<String> SCAN_BATCHSIZE = ConfigKey.ofString(
      "hbase.mapreduce.scan.batchsize", null,
      "The most cells per result: a wider row reaches the mapper in several parts.");

  public static final ConfigKey<Integer> MAPPERS_PER_REGION = ConfigKey.ofInt(
      "hbase.mapreduce.tableinput.mappers.per.region", 1,
      "Cut each region's part of the scan into this many splits of equal key range "
          + "(turns autobalance off).");

  public static final ConfigKey<Boolean> AUTOBALANCE = ConfigKey.ofBoolean(
      "hbase.mapreduce.tif.input.autobalance", false,
      "Balance splits by region size: neighbouring small regions share one split, and a region "
          + "over twice the target size is cut into several.");

  public static final ConfigKey<Long> AVERAGE_REGION_SIZE = ConfigKey.ofBytes(
      "hbase.mapreduce.tif.ave.regionsize", 8L << 30,
      "With autobalance: the most bytes one split aims at (the target is the smaller of this "
          + "and the average region size).");

  public static final ConfigKey<Integer> READER_MAX_RESTARTS = ConfigKey.ofInt(
      "basalt.mapreduce.reader.restarts", 5,
      "How many times in a row a record reader reopens its scanner after a failure (expired "
          + "scanner, dead server) without reading a row in between, before the task fails.");

  public static final ConfigKey<String> MAPRED_COLUMNS = ConfigKey.ofString(
      "hbase.mapred.tablecolumns", null, "The old mapred API's columns (space-separated "
          + "FAMILY[:QUALIFIER]), read by mapred.TableInputFormat when no scan key is set.");

  // ---------------------------------------------------------------- output

  public static final ConfigKey<String> OUTPUT_TABLE = ConfigKey.ofString(
      "hbase.mapred.outputtable", null, "The table a TableOutputFormat writes (HBase's key).");

  public static final ConfigKey<String> BASALT_OUTPUT_TABLE = ConfigKey.ofString(
      "basalt.mapreduce.output.table", null,
      "Basalt's name for hbase.mapred.outputtable; used when that key is not set.");

  public static final ConfigKey<Boolean> REGION_SIZES = ConfigKey.ofBoolean(
      "hbase.regionsizecalculator.enable", true,
      "Ask the region servers' admin ports for each region's size when planning splits (HBase's "
          + "key); false: every split has size 0 and autobalance is off, for clients that reach "
          + "only the Thrift port.");

  public static final List<ConfigKey<?>> ALL = List.of(INPUT_TABLE, BASALT_INPUT_TABLE, SCAN,
      SCAN_ROW_START, SCAN_ROW_STOP, SCAN_COLUMN_FAMILY, SCAN_COLUMNS, SCAN_TIMESTAMP,
      SCAN_TIMERANGE_START, SCAN_TIMERANGE_END, SCAN_MAXVERSIONS, SCAN_CACHEBLOCKS,
      SCAN_CACHEDROWS, SCAN_BATCHSIZE, MAPPERS_PER_REGION, AUTOBALANCE, AVERAGE_REGION_SIZE,
      READER_MAX_RESTARTS, MAPRED_COLUMNS, OUTPUT_TABLE, BASALT_OUTPUT_TABLE, REGION_SIZES);

  /** The input table named by HBase's key or Basalt's; null when neither is set. */
  public static String inputTable(Configuration conf) {
    String t = INPUT_TABLE.get(conf);
    return t != null ? t : BASALT_INPUT_TABLE.get(conf);
  }

  /** The output table named by HBase's key or Basalt's; null when neither is set. */
  public static String outputTable(Configuration conf) {
    String t = OUTPUT_TABLE.get(conf);
    return t != null ? t : BASALT_OUTPUT_TABLE.get(conf);
  }
}
