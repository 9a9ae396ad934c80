package org.basaltdb.mapreduce.bulkload;

import org.basaltdb.common.ConfigKey;

/**
 * The bulk-load tools' configuration keys, completebulkload's and importtsv's (also in
 * {@code docs/configuration.md}).
 */
public final class BulkLoadConfig {
  private BulkLoadConfig() {}

  public static final ConfigKey<Integer> MAX_PASSES = ConfigKey.ofInt(
      "basalt.bulkload.retries.number", 10,
      "Passes completebulkload makes at most: each re-reads the region boundaries, splits the "
          + "files that no longer fit and loads what is left (regions that moved or split during "
          + "a pass are retried in the next).");

  public static final ConfigKey<Boolean> IGNORE_UNMATCHED_FAMILIES = ConfigKey.ofBoolean(
      "ignore.unmatched.families", false,
      "completebulkload: skip family directories the table does not have instead of failing "
          + "(HBase's key; the --ignore-unmatched-families option sets it).");

  public static final ConfigKey<Boolean> DRY_RUN = ConfigKey.ofBoolean(
      "basalt.bulkload.dry.run", false,
      "completebulkload: print the plan (file to region, files to split, bytes per region) "
          + "and change nothing (the --dry-run option sets it).");

  public static final ConfigKey<Long> MAX_FILE_SIZE = ConfigKey.ofBytes(
      "hbase.hregion.max.filesize", 10L << 30,
      "SSTableOutputFormat starts a new file once the current one of a family has this many "
          + "bytes, at the next row (HBase's key).");

  public static final ConfigKey<Long> TIMESTAMP = ConfigKey.ofLong(
      "basalt.bulkload.timestamp", 0,
      "The timestamp SSTableOutputFormat gives cells that have none; configureIncrementalLoad "
          + "sets it to the job's start time.");

  public static final ConfigKey<String> TABLE = ConfigKey.ofString(
      "hbase.mapreduce.hfileoutputformat.table.name", null,
      "The table configureIncrementalLoad set the job up for (HBase's key).");

  public static final ConfigKey<String> FAMILY_COMPRESSION = ConfigKey.ofString(
      "hbase.hfileoutputformat.families.compression", null,
      "SSTableOutputFormat: each family's compression, family=codec&... (URL-encoded); set by "
          + "configureIncrementalLoad from the schema (HBase's key).");

  public static final ConfigKey<String> FAMILY_BLOOM_TYPE = ConfigKey.ofString(
      "hbase.hfileoutputformat.families.bloomtype", null,
      "SSTableOutputFormat: each family's bloom type, family=type&...; set by "
          + "configureIncrementalLoad (HBase's key).");

  public static final ConfigKey<String> FAMILY_BLOCK_SIZE = ConfigKey.ofString(
      "hbase.mapreduce.hfileoutputformat.blocksize", null,
      "SSTableOutputFormat: each family's block size, family=bytes&...; set by "
          + "configureIncrementalLoad (HBase's key).");

  public static final ConfigKey<String> PARTITIONER_START_KEYS = ConfigKey.ofString(
      "basalt.bulkload.partitioner.start.keys", null,
      "RegionPartitioner: the start keys of the table's regions after the first (Base64, "
          + "comma-separated); set by configureIncrementalLoad.");

  // importtsv (HBase's keys)

  public static final ConfigKey<String> IMPORTTSV_COLUMNS = ConfigKey.ofString(
      "importtsv.columns", null,
      "importtsv: the input's columns, HBASE_ROW_KEY (exactly once), FAMILY:QUALIFIER, and "
          + "optionally HBASE_TS_KEY.");

  public static final ConfigKey<String> IMPORTTSV_SEPARATOR = ConfigKey.ofString(
      "importtsv.separator", "\t", "importtsv: the one-byte field separator.");

  public static final ConfigKey<String> IMPORTTSV_BULK_OUTPUT = ConfigKey.ofString(
      "importtsv.bulk.output", null,
      "importtsv: write SSTables for completebulkload into this directory instead of putting "
          + "rows into the table.");

  public static final ConfigKey<Boolean> IMPORTTSV_SKIP_BAD_LINES = ConfigKey.ofBoolean(
      "importtsv.skip.bad.lines", true,
      "importtsv: count and skip bad lines; false fails the job at the first one.");

  public static final ConfigKey<Long> IMPORTTSV_TIMESTAMP = ConfigKey.ofLong(
      "importtsv.timestamp", 0,
      "importtsv: the timestamp of cells whose line has no HBASE_TS_KEY (default: the job's "
          + "start time).");

  public static final ConfigKey<Boolean> IMPORTTSV_DRY_RUN = ConfigKey.ofBoolean(
      "importtsv.dry.run", false,
      "importtsv: parse and count every line, write nothing, create no table.");

  public static final ConfigKey<String> IMPORTTSV_CREATE_TABLE = ConfigKey.ofString(
      "create.table", null,
      "importtsv: 'yes' creates a missing table with the families of importtsv.columns (split "
          + "nowhere); 'no' refuses. Unset: yes with importtsv.bulk.output, no without (HBase's "
          + "behaviour).");

  public static final ConfigKey<String> IMPORTTSV_MAP_SIDE_SORT = ConfigKey.ofString(
      "basalt.importtsv.map.side.sort", "auto",
      "importtsv with importtsv.bulk.output: 'true' has each mapper sort its lines (no "
          + "shuffle; its sorted runs are merged per region or written as SSTables, see "
          + "basalt.importtsv.map.side.merge); 'false' sorts through the shuffle with one reducer "
          + "per region (HBase's way, one file per family and region); 'auto' is true on the "
          + "local job runner, false on YARN.");

  public static final ConfigKey<Boolean> IMPORTTSV_MAP_SIDE_MERGE = ConfigKey.ofBoolean(
      "basalt.importtsv.map.side.merge", true,
      "importtsv's map-side sort: 'true' has the mappers write their sorted runs to temporary "
          + "files under the output's _runs directory and one reducer per region merge them into "
          + "one file per family and region (the runs are deleted at once, mostly before they "
          + "reach the disk); 'false' has each mapper write SSTables itself, one per family, "
          + "region and sorted run, which the regions compact after the load.");

  public static final ConfigKey<Long> IMPORTTSV_MAP_SORT_BUFFER = ConfigKey.ofBytes(
      "basalt.importtsv.map.sort.buffer", 0,
      "importtsv's map-side sort: the parsed lines a mapper holds before it sorts and writes "
          + "them as one run; 0 is a third of the task heap divided by the map tasks that run "
          + "at once. On the local runner importtsv also sizes the input splits to fit it.");

  public static final ConfigKey<Boolean> IMPORTTSV_BULK_LOAD = ConfigKey.ofBoolean(
      "basalt.importtsv.bulk.load", false,
      "importtsv with importtsv.bulk.output: once the job succeeded, load its SSTables into the "
          + "table as 'basalt completebulkload DIR TABLE' would, in the same process (saves a "
          + "second JVM start and connection; HBase's two commands still work).");

  public static final ConfigKey<Integer> IMPORTTSV_BAD_LINES_LOGGED = ConfigKey.ofInt(
      "importtsv.log.bad.lines", 10, "importtsv: how many bad lines each mapper logs.");
}
