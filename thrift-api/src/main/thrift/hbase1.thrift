// Basalt's Thrift1 service: HBase's older `Hbase` service, wire-compatible with Apache HBase
// 2.x's Thrift1 gateway (checked against hbase-thrift 2.6.1's Hbase.thrift). happybase and most
// PHP, Ruby and Perl HBase clients speak it.
//
// What must never change here, because an unmodified HBase Thrift1 client depends on it:
//   * the service name, every method name, and each argument's field id and type (note that
//     checkAndPut has no field 4, as in HBase);
//   * every struct's field ids, types and defaults, every enum's numeric values;
//   * the exception structs and the ids under which methods throw them.
// Names of structs and fields do not travel on the binary or compact protocol, but we keep
// HBase's spellings (including `ammount` in TIncrement) so code written against HBase's generated
// classes reads the same against ours.
//
// Columns are written `family:qualifier`; a column without a colon means the whole family. A
// timestamp on a read means "older than" (an exclusive upper bound). Semantics are documented in
// docs/thrift1.md; the server is org.basaltdb.regionserver.thrift.Thrift1Handler.
//
// Regenerate the Java code with thrift-api/regenerate.sh; never edit the generated files.

namespace java org.basaltdb.thrift.generated.thrift1
namespace py basalt.thrift1

/** Bytes, named Text where HBase expects a name or a key. */
typedef binary Text
typedef binary Bytes
typedef i32    ScannerID

/** One version of a cell: its value and timestamp. */
struct TCell {
  1: Bytes value,
  2: i64 timestamp
}

/**
 * A column family. `name` ends in ':' (HBase's convention for this API); the other fields are
 * HBase's family options, with HBase's defaults.
 */
struct ColumnDescriptor {
  1: Text name,
  2: i32 maxVersions = 3,
  3: string compression = "NONE",
  4: bool inMemory = 0,
  5: string bloomFilterType = "NONE",
  6: i32 bloomFilterVectorSize = 0,
  7: i32 bloomFilterNbHashes = 0,
  8: bool blockCacheEnabled = 0,
  9: i32 timeToLive = 0x7fffffff
}

/** A region: its key range, id, name and the host and port of the server holding it. */
struct TRegionInfo {
  1: Text startKey,
  2: Text endKey,
  3: i64 id,
  4: Text name,
  5: i8 version,       // HBase writes `byte`, the same wire type
  6: Text serverName,
  7: i32 port
}

/** A put of `value` into `column`, or (isDelete) a delete of every version of `column`. */
struct Mutation {
  1: bool isDelete = 0,
  2: Text column,
  3: Text value,
  4: bool writeToWAL = 1
}

/** The mutations of one row. */
struct BatchMutation {
  1: Text row,
  2: list<Mutation> mutations
}

/** Adds `ammount` (HBase's spelling) to an 8-byte big-endian counter. */
struct TIncrement {
  1: Text table,
  2: Text row,
  3: Text column,
  4: i64 ammount
}

/** A column name and its latest cell, in a result with sorted columns. */
struct TColumn {
  1: Text columnName,
  2: TCell cell
}

/** A row: its cells by column name, or (when the scan asked for sorted columns) as a list. */
struct TRowResult {
  1: Text row,
  2: optional map<Text, TCell> columns,
  3: optional list<TColumn> sortedColumns
}

/** A scan: every field optional; timestamp means cells older than it. */
struct TScan {
  1: optional Text startRow,
  2: optional Text stopRow,
  3: optional i64 timestamp,
  4: optional list<Text> columns,
  5: optional i32 caching,
  6: optional Text filterString,
  7: optional i32 batchSize,
  8: optional bool sortColumns,
  9: optional bool reversed,
  10: optional bool cacheBlocks
}

/** Appends values[i] to columns[i] of one row. */
struct TAppend {
  1: Text table,
  2: Text row,
  3: list<Text> columns,
  4: list<Text> values
}

/** A server-side failure; canRetry says whether the same call may succeed later. */
exception IOError {
  1: string message,
  2: bool canRetry
}

/** A bad argument: an unknown scanner id, a malformed column. */
exception IllegalArgument {
  1: string message
}

/** createTable of a table that exists. */
exception AlreadyExists {
  1: string message
}

enum TThriftServerType {
  ONE = 1,
  TWO = 2
}

service Hbase {
  // ------------------------------------------------------------------ tables

  void enableTable(1: Bytes tableName) throws (1: IOError io)

  void disableTable(1: Bytes tableName) throws (1: IOError io)

  bool isTableEnabled(1: Bytes tableName) throws (1: IOError io)

  /** Compacts a table (or the region named). */
  void compact(1: Bytes tableNameOrRegionName) throws (1: IOError io)

  void majorCompact(1: Bytes tableNameOrRegionName) throws (1: IOError io)

  list<Text> getTableNames() throws (1: IOError io)

  map<Text, bool> getTableNamesWithIsTableEnabled() throws (1: IOError io)

  /** The families of a table, keyed by name (ending in ':'). */
  map<Text, ColumnDescriptor> getColumnDescriptors(1: Text tableName) throws (1: IOError io)

  /** The regions of a table; empty if the table does not exist. */
  list<TRegionInfo> getTableRegions(1: Text tableName) throws (1: IOError io)

  void createTable(1: Text tableName, 2: list<ColumnDescriptor> columnFamilies)
    throws (1: IOError io, 2: IllegalArgument ia, 3: AlreadyExists exist)

  void deleteTable(1: Text tableName) throws (1: IOError io)

  // ------------------------------------------------------------------ reads

  /** The latest cell of a column (or of each column of a family). */
  list<TCell> get(1: Text tableName, 2: Text row, 3: Text column,
      4: map<Text, Text> attributes) throws (1: IOError io)

  /** Up to numVersions cells of a column, newest first. */
  list<TCell> getVer(1: Text tableName, 2: Text row, 3: Text column, 4: i32 numVersions,
      5: map<Text, Text> attributes) throws (1: IOError io)

  /** As getVer, only cells older than timestamp. */
  list<TCell> getVerTs(1: Text tableName, 2: Text row, 3: Text column, 4: i64 timestamp,
      5: i32 numVersions, 6: map<Text, Text> attributes) throws (1: IOError io)

  /** The row (empty list if it has no cells). */
  list<TRowResult> getRow(1: Text tableName, 2: Text row, 3: map<Text, Text> attributes)
    throws (1: IOError io)

  list<TRowResult> getRowWithColumns(1: Text tableName, 2: Text row, 3: list<Text> columns,
      4: map<Text, Text> attributes) throws (1: IOError io)

  list<TRowResult> getRowTs(1: Text tableName, 2: Text row, 3: i64 timestamp,
      4: map<Text, Text> attributes) throws (1: IOError io)

  list<TRowResult> getRowWithColumnsTs(1: Text tableName, 2: Text row, 3: list<Text> columns,
      4: i64 timestamp, 5: map<Text, Text> attributes) throws (1: IOError io)

  /** The rows that have cells, in the order asked. */
  list<TRowResult> getRows(1: Text tableName, 2: list<Text> rows,
      3: map<Text, Text> attributes) throws (1: IOError io)

  list<TRowResult> getRowsWithColumns(1: Text tableName, 2: list<Text> rows,
      3: list<Text> columns, 4: map<Text, Text> attributes) throws (1: IOError io)

  list<TRowResult> getRowsTs(1: Text tableName, 2: list<Text> rows, 3: i64 timestamp,
      4: map<Text, Text> attributes) throws (1: IOError io)

  list<TRowResult> getRowsWithColumnsTs(1: Text tableName, 2: list<Text> rows,
      3: list<Text> columns, 4: i64 timestamp, 5: map<Text, Text> attributes)
    throws (1: IOError io)

  // ------------------------------------------------------------------ writes

  /** Applies a row's mutations: its deletes first, then its puts. */
  void mutateRow(1: Text tableName, 2: Text row, 3: list<Mutation> mutations,
      4: map<Text, Text> attributes) throws (1: IOError io, 2: IllegalArgument ia)

  /** As mutateRow, puts at timestamp and deletes of cells at or before it. */
  void mutateRowTs(1: Text tableName, 2: Text row, 3: list<Mutation> mutations,
      4: i64 timestamp, 5: map<Text, Text> attributes)
    throws (1: IOError io, 2: IllegalArgument ia)

  void mutateRows(1: Text tableName, 2: list<BatchMutation> rowBatches,
      3: map<Text, Text> attributes) throws (1: IOError io, 2: IllegalArgument ia)

  void mutateRowsTs(1: Text tableName, 2: list<BatchMutation> rowBatches, 3: i64 timestamp,
      4: map<Text, Text> attributes) throws (1: IOError io, 2: IllegalArgument ia)

  /** Adds value to an 8-byte big-endian counter and returns the new value. */
  i64 atomicIncrement(1: Text tableName, 2: Text row, 3: Text column, 4: i64 value)
    throws (1: IOError io, 2: IllegalArgument ia)

  /** Deletes every version of a column. */
  void deleteAll(1: Text tableName, 2: Text row, 3: Text column,
      4: map<Text, Text> attributes) throws (1: IOError io)

  void deleteAllTs(1: Text tableName, 2: Text row, 3: Text column, 4: i64 timestamp,
      5: map<Text, Text> attributes) throws (1: IOError io)

  void deleteAllRow(1: Text tableName, 2: Text row, 3: map<Text, Text> attributes)
    throws (1: IOError io)

  void increment(1: TIncrement increment) throws (1: IOError io)

  void incrementRows(1: list<TIncrement> increments) throws (1: IOError io)

  void deleteAllRowTs(1: Text tableName, 2: Text row, 3: i64 timestamp,
      4: map<Text, Text> attributes) throws (1: IOError io)

  // ------------------------------------------------------------------ scanners

  ScannerID scannerOpenWithScan(1: Text tableName, 2: TScan scan,
      3: map<Text, Text> attributes) throws (1: IOError io)

  ScannerID scannerOpen(1: Text tableName, 2: Text startRow, 3: list<Text> columns,
      4: map<Text, Text> attributes) throws (1: IOError io)

  ScannerID scannerOpenWithStop(1: Text tableName, 2: Text startRow, 3: Text stopRow,
      4: list<Text> columns, 5: map<Text, Text> attributes) throws (1: IOError io)

  ScannerID scannerOpenWithPrefix(1: Text tableName, 2: Text startAndPrefix,
      3: list<Text> columns, 4: map<Text, Text> attributes) throws (1: IOError io)

  ScannerID scannerOpenTs(1: Text tableName, 2: Text startRow, 3: list<Text> columns,
      4: i64 timestamp, 5: map<Text, Text> attributes) throws (1: IOError io)

  ScannerID scannerOpenWithStopTs(1: Text tableName, 2: Text startRow, 3: Text stopRow,
      4: list<Text> columns, 5: i64 timestamp, 6: map<Text, Text> attributes)
    throws (1: IOError io)

  /** The next row; an empty list at the end of the scan. */
  list<TRowResult> scannerGet(1: ScannerID id) throws (1: IOError io, 2: IllegalArgument ia)

  /** Up to nbRows next rows; an empty list at the end of the scan. */
  list<TRowResult> scannerGetList(1: ScannerID id, 2: i32 nbRows)
    throws (1: IOError io, 2: IllegalArgument ia)

  void scannerClose(1: ScannerID id) throws (1: IOError io, 2: IllegalArgument ia)

  // ------------------------------------------------------------------ the rest

  /** The region holding a meta row key (`table,row,` or `table,row,id`). */
  TRegionInfo getRegionInfo(1: Text row) throws (1: IOError io)

  /** Appends to columns and returns the new cells. */
  list<TCell> append(1: TAppend append) throws (1: IOError io)

  /** Puts mput if column holds value (if value is unset: if column has no cell). */
  bool checkAndPut(1: Text tableName, 2: Text row, 3: Text column, 5: Text value,
      6: Mutation mput, 7: map<Text, Text> attributes)
    throws (1: IOError io, 2: IllegalArgument ia)

  /** ONE. */
  TThriftServerType getThriftServerType()

  string getClusterId()
}
