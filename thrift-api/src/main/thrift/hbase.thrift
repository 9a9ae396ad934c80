// Basalt's client-facing service: THBaseService, wire-compatible with Apache HBase 2.x's
// Thrift2 gateway (checked against hbase-thrift 2.6.1).
//
// What must never change here, because an unmodified HBase Thrift2 client depends on it:
//   * the service name, every method name, and each argument's field id and type;
//   * every struct's field ids, types and requiredness, every enum's numeric values;
//   * the exception structs and the ids under which methods throw them.
// Names of structs, enums and fields do not travel on the binary or compact protocol, but we
// keep HBase's spellings (including the odd ones: bloomnFilterType, existence_only, TCompareOp)
// so code written against HBase's generated classes reads the same against ours.
//
// Basalt-specific notes sit next to the things they concern. Fields Basalt does not act on are
// still declared, so a client that sends them is understood and never confused.
//
// Regenerate the Java code with thrift-api/regenerate.sh; never edit the generated files.

namespace java org.basaltdb.thrift.generated
namespace py basalt.thrift

// ---------------------------------------------------------------------------------------------
// Cells, columns and results
// ---------------------------------------------------------------------------------------------

/** Timestamps from minStamp (inclusive) to maxStamp (exclusive). */
struct TTimeRange {
  1: required i64 minStamp,
  2: required i64 maxStamp
}

/**
 * A family, or a family and a qualifier, optionally at one timestamp. Without a qualifier the
 * whole family is meant.
 */
struct TColumn {
  1: required binary family,
  2: optional binary qualifier,
  3: optional i64 timestamp
}

/**
 * One cell. In results, type carries the cell's KeyValue type code (4 = put); tags are never
 * returned by Basalt.
 */
struct TColumnValue {
  1: required binary family,
  2: required binary qualifier,
  3: required binary value,
  4: optional i64 timestamp,
  5: optional binary tags,
  6: optional i8 type
}

/** A counter and the amount to add to it (1 unless given). */
struct TColumnIncrement {
  1: required binary family,
  2: required binary qualifier,
  3: optional i64 amount = 1
}

/** The cells of one row. A row with no matching cells comes back with no row and no cells. */
struct TResult {
  1: optional binary row,
  2: required list<TColumnValue> columnValues,
  3: optional bool stale = false
  4: optional bool partial = false
}

/**
 * What a TColumn with a qualifier deletes: DELETE_COLUMN one version (the newest, or the one at
 * the column's timestamp), DELETE_COLUMNS every version up to the timestamp. DELETE_FAMILY and
 * DELETE_FAMILY_VERSION act on whole families.
 */
enum TDeleteType {
  DELETE_COLUMN = 0,
  DELETE_COLUMNS = 1,
  DELETE_FAMILY = 2,
  DELETE_FAMILY_VERSION = 3
}

/** When a write is acknowledged; the same codes as Basalt's Durability. */
enum TDurability {
  USE_DEFAULT = 0,
  SKIP_WAL = 1,
  ASYNC_WAL = 2,
  SYNC_WAL = 3,
  FSYNC_WAL = 4
}

/** Visibility labels. Accepted and ignored: Basalt has no cell-level security. */
struct TAuthorization {
 1: optional list<string> labels
}

/** A visibility expression. Accepted and ignored, as TAuthorization. */
struct TCellVisibility {
 1: optional string expression
}

/** Read consistency. Basalt has no read replicas, so every read is STRONG. */
enum TConsistency {
  STRONG = 1,
  TIMELINE = 2
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/**
 * Reads one row: every column, or those listed (a TColumn without a qualifier is a whole
 * family). timestamp, when set, wins over timeRange. filterString is HBase filter language in
 * UTF-8. Timestamps inside TColumns are not used for reads.
 */
struct TGet {
  1: required binary row,
  2: optional list<TColumn> columns,

  3: optional i64 timestamp,
  4: optional TTimeRange timeRange,

  5: optional i32 maxVersions,
  6: optional binary filterString,
  7: optional map<binary, binary> attributes
  8: optional TAuthorization authorizations
  9: optional TConsistency consistency
  10: optional i32 targetReplicaId
  11: optional bool cacheBlocks
  12: optional i32 storeLimit
  13: optional i32 storeOffset
  14: optional bool existence_only
  // A serialized HBase protobuf filter; Basalt only reads filterString.
  15: optional binary filterBytes
}

/**
 * Writes cells to one row. A cell without its own timestamp takes the put's timestamp, and
 * without that the server's clock. Field 4 is unused, as in HBase.
 */
struct TPut {
  1: required binary row,
  2: required list<TColumnValue> columnValues
  3: optional i64 timestamp,
  5: optional map<binary, binary> attributes,
  6: optional TDurability durability,
  7: optional TCellVisibility cellVisibility
}

/**
 * Deletes from one row. With no columns the whole row goes (every version at or before
 * timestamp, if given). Otherwise each TColumn is deleted as deleteType says, a TColumn
 * without a qualifier meaning its whole family; a TColumn's own timestamp wins over the
 * delete's. Field 5 is unused, as in HBase.
 */
struct TDelete {
  1: required binary row,
  2: optional list<TColumn> columns,
  3: optional i64 timestamp,
  4: optional TDeleteType deleteType = 1,
  6: optional map<binary, binary> attributes,
  7: optional TDurability durability
}

/** Adds to 8-byte counters of one row, atomically. Field 3 is unused, as in HBase. */
struct TIncrement {
  1: required binary row,
  2: required list<TColumnIncrement> columns,
  4: optional map<binary, binary> attributes,
  5: optional TDurability durability
  6: optional TCellVisibility cellVisibility
  7: optional bool returnResults
}

/** Appends bytes to columns of one row, atomically. */
struct TAppend {
  1: required binary row,
  2: required list<TColumnValue> columns,
  3: optional map<binary, binary> attributes,
  4: optional TDurability durability
  5: optional TCellVisibility cellVisibility
  6: optional bool returnResults
}

/** An HBase I/O hint for scans; Basalt accepts and ignores it. */
enum TReadType {
  DEFAULT = 1,
  STREAM = 2,
  PREAD = 3
}

/**
 * Reads a range of rows, startRow inclusive and stopRow exclusive (empty or absent: unbounded).
 * A reversed scan starts at startRow, the greater key, and goes down. batchSize caps the cells
 * of one result (wide rows come in parts); limit caps the rows. Per-family time ranges
 * (colFamTimeRangeMap) are not supported by Basalt and are refused.
 */
struct TScan {
  1: optional binary startRow,
  2: optional binary stopRow,
  3: optional list<TColumn> columns
  4: optional i32 caching,
  5: optional i32 maxVersions=1,
  6: optional TTimeRange timeRange,
  7: optional binary filterString,
  8: optional i32 batchSize,
  9: optional map<binary, binary> attributes
  10: optional TAuthorization authorizations
  11: optional bool reversed
  12: optional bool cacheBlocks
  13: optional map<binary,TTimeRange> colFamTimeRangeMap
  14: optional TReadType readType
  15: optional i32 limit
  16: optional TConsistency consistency
  17: optional i32 targetReplicaId
  18: optional binary filterBytes
}

/** One step of a TRowMutations: a put or a delete. */
union TMutation {
  1: TPut put
  2: TDelete deleteSingle
}

/** Puts and deletes applied to one row atomically, in order. */
struct TRowMutations {
  1: required binary row
  2: required list<TMutation> mutations
}

// ---------------------------------------------------------------------------------------------
// Region locations
// ---------------------------------------------------------------------------------------------

/** A region: its table, its key range [startKey, endKey) and its id. */
struct THRegionInfo {
  1: required i64 regionId
  2: required binary tableName
  3: optional binary startKey
  4: optional binary endKey
  5: optional bool offline
  6: optional bool split
  7: optional i32 replicaId
}

/** A server: host, port and the start code telling restarts apart. */
struct TServerName {
  1: required string hostName
  2: optional i32 port
  3: optional i64 startCode
}

/** Where a region is served. */
struct THRegionLocation {
  1: required TServerName serverName
  2: required THRegionInfo regionInfo
}

/** How checkAndMutate compares: "expected value OP stored value". */
enum TCompareOp {
  LESS = 0,
  LESS_OR_EQUAL = 1,
  EQUAL = 2,
  NOT_EQUAL = 3,
  GREATER_OR_EQUAL = 4,
  GREATER = 5,
  NO_OP = 6
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Bloom filter kinds. Basalt builds NONE, ROW and ROWCOL. */
enum TBloomFilterType {
  NONE = 0,
  ROW = 1,
  ROWCOL = 2,
  ROWPREFIX_FIXED_LENGTH = 3,
}

/** Block compression codecs. Basalt supports NONE, SNAPPY, LZ4 and ZSTD. */
enum TCompressionAlgorithm {
  LZO = 0,
  GZ = 1,
  NONE = 2,
  SNAPPY = 3,
  LZ4 = 4,
  BZIP2 = 5,
  ZSTD = 6
}

/** HBase's data block encodings. Basalt has its own block format and only accepts NONE. */
enum TDataBlockEncoding {
  NONE = 0,
  // 1, 5 and 6 are HBase codes with no Thrift name; never reuse them.
  PREFIX = 2,
  DIFF  = 3,
  FAST_DIFF = 4,
  ROW_INDEX_V1 = 7
}

/** Whether deleted cells survive major compaction: never, always (within VERSIONS/TTL), until TTL. */
enum TKeepDeletedCells {
  FALSE = 0,
  TRUE = 1,
  TTL = 2
}

/** namespace:qualifier; no namespace means "default". */
struct TTableName {
  1: optional binary ns
  2: required binary qualifier
}

/**
 * A column family's options, named as HBase names them. Options left unset take Basalt's
 * (HBase's) defaults; options Basalt has no use for (dfsReplication, scope, cache*OnWrite,
 * compressTags, evictBlocksOnClose) are accepted and not kept.
 */
struct TColumnFamilyDescriptor {
  1: required binary name
  2: optional map<binary, binary> attributes
  3: optional map<string, string> configuration
  4: optional i32 blockSize
  5: optional TBloomFilterType bloomnFilterType
  6: optional TCompressionAlgorithm compressionType
  7: optional i16 dfsReplication
  8: optional TDataBlockEncoding dataBlockEncoding
  9: optional TKeepDeletedCells keepDeletedCells
  10: optional i32 maxVersions
  11: optional i32 minVersions
  12: optional i32 scope
  13: optional i32 timeToLive
  14: optional bool blockCacheEnabled
  15: optional bool cacheBloomsOnWrite
  16: optional bool cacheDataOnWrite
  17: optional bool cacheIndexesOnWrite
  18: optional bool compressTags
  19: optional bool evictBlocksOnClose
  20: optional bool inMemory
}

/** A table: its name, its families and its default durability. */
struct TTableDescriptor {
 1: required TTableName tableName
 2: optional list<TColumnFamilyDescriptor> columns
 3: optional map<binary, binary> attributes
 4: optional TDurability durability
}

/** A namespace and its free-form configuration. */
struct TNamespaceDescriptor {
1: required string name
2: optional map<string, string> configuration
}

// ---------------------------------------------------------------------------------------------
// Slow-log queries (HBase operational tooling; Basalt answers them with TIOError)
// ---------------------------------------------------------------------------------------------

enum TLogType {
  SLOW_LOG = 1,
  LARGE_LOG = 2
}

enum TFilterByOperator {
  AND = 0,
  OR = 1
}

struct TLogQueryFilter {
  1: optional string regionName
  2: optional string clientAddress
  3: optional string tableName
  4: optional string userName
  5: optional i32 limit = 10
  6: optional TLogType logType = 1
  7: optional TFilterByOperator filterByOperator = TFilterByOperator.OR
}

struct TOnlineLogRecord {
  1: required i64 startTime
  2: required i32 processingTime
  3: required i32 queueTime
  4: required i64 responseSize
  5: required string clientAddress
  6: required string serverClass
  7: required string methodName
  8: required string callDetails
  9: required string param
  10: required string userName
  11: required i32 multiGetsCount
  12: required i32 multiMutationsCount
  13: required i32 multiServiceCalls
  14: optional string regionName
  15: optional i64 blockBytesScanned
  16: optional i64 fsReadTime
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * The request could not be done: an unknown table or family, a server-side failure, or a method
 * Basalt does not support yet (the message says which). canRetry hints whether trying again
 * may succeed.
 */
exception TIOError {
  1: optional string message
  2: optional bool canRetry
}

/** The request itself was wrong: a bad argument, or an unknown scanner id. */
exception TIllegalArgument {
  1: optional string message
}

/** Which HBase Thrift protocol a server speaks; Basalt speaks TWO. */
enum TThriftServerType {
  ONE = 1,
  TWO = 2
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

// Arguments are not marked optional: Thrift ignores that keyword in argument lists (the
// generated code is the same either way).
// Every method that takes "binary table" expects the table name as UTF-8 "ns:name" or "name".
service THBaseService {

  /** Whether the TGet matches at least one cell. */
  bool exists(1: required binary table, 2: required TGet tget) throws (1: TIOError io)

  /** exists for each TGet, in order. */
  list<bool> existsAll(1: required binary table, 2: required list<TGet> tgets)
      throws (1: TIOError io)

  /** One row; a TResult with no row and no cells when nothing matches. */
  TResult get(1: required binary table, 2: required TGet tget) throws (1: TIOError io)

  /** One TResult per TGet, in the same order. */
  list<TResult> getMultiple(1: required binary table, 2: required list<TGet> tgets)
      throws (1: TIOError io)

  void put(1: required binary table, 2: required TPut tput) throws (1: TIOError io)

  /**
   * Applies tput if family:qualifier of row currently equals value; an absent value means
   * "only if the column has no value".
   */
  bool checkAndPut(
    1: required binary table,
    2: required binary row,
    3: required binary family,
    4: required binary qualifier,
    5: binary value,
    6: required TPut tput
  ) throws (1: TIOError io)

  void putMultiple(1: required binary table, 2: required list<TPut> tputs)
      throws (1: TIOError io)

  /** A delete; named so because "delete" is reserved in some Thrift target languages. */
  void deleteSingle(1: required binary table, 2: required TDelete tdelete)
      throws (1: TIOError io)

  /** Applies every delete; returns an empty list on success (kept for old clients). */
  list<TDelete> deleteMultiple(1: required binary table, 2: required list<TDelete> tdeletes)
      throws (1: TIOError io)

  /** As checkAndPut, applying tdelete. */
  bool checkAndDelete(
    1: required binary table,
    2: required binary row,
    3: required binary family,
    4: required binary qualifier,
    5: binary value,
    6: required TDelete tdelete
  ) throws (1: TIOError io)

  /** The counters' new values (no cells when returnResults is false). */
  TResult increment(1: required binary table, 2: required TIncrement tincrement)
      throws (1: TIOError io)

  /** The appended columns' new values (no cells when returnResults is false). */
  TResult append(1: required binary table, 2: required TAppend tappend)
      throws (1: TIOError io)

  /** Opens a server-side scanner; it expires when left idle. */
  i32 openScanner(1: required binary table, 2: required TScan tscan) throws (1: TIOError io)

  /** Up to numRows results; an empty list once the scanner is exhausted. */
  list<TResult> getScannerRows(1: required i32 scannerId, 2: i32 numRows = 1)
      throws (1: TIOError io, 2: TIllegalArgument ia)

  void closeScanner(1: required i32 scannerId) throws (1: TIOError io, 2: TIllegalArgument ia)

  /** Applies every mutation of the row atomically. */
  void mutateRow(1: required binary table, 2: required TRowMutations trowMutations)
      throws (1: TIOError io)

  /** Opens a scanner, reads up to numRows results and closes it. */
  list<TResult> getScannerResults(
    1: required binary table,
    2: required TScan tscan,
    3: i32 numRows = 1
  ) throws (1: TIOError io)

  /** The region holding row; reload bypasses any cached location. */
  THRegionLocation getRegionLocation(1: required binary table, 2: required binary row,
      3: bool reload) throws (1: TIOError io)

  list<THRegionLocation> getAllRegionLocations(1: required binary table)
      throws (1: TIOError io)

  /** Applies rowMutations if "value compareOp stored" holds (absent value: column is absent). */
  bool checkAndMutate(
    1: required binary table,
    2: required binary row,
    3: required binary family,
    4: required binary qualifier,
    5: required TCompareOp compareOp,
    6: binary value,
    7: required TRowMutations rowMutations
  ) throws (1: TIOError io)

  // ---- tables ----

  TTableDescriptor getTableDescriptor(1: required TTableName table) throws (1: TIOError io)

  list<TTableDescriptor> getTableDescriptors(1: required list<TTableName> tables)
      throws (1: TIOError io)

  bool tableExists(1: TTableName tableName) throws (1: TIOError io)

  /** Tables whose "ns:name" matches regex (all when absent). */
  list<TTableDescriptor> getTableDescriptorsByPattern(1: string regex,
      2: required bool includeSysTables) throws (1: TIOError io)

  list<TTableDescriptor> getTableDescriptorsByNamespace(1: required string name)
      throws (1: TIOError io)

  list<TTableName> getTableNamesByPattern(1: string regex,
      2: required bool includeSysTables) throws (1: TIOError io)

  list<TTableName> getTableNamesByNamespace(1: required string name) throws (1: TIOError io)

  /** Creates a table pre-split at splitKeys (n keys: n + 1 regions); returns when done. */
  void createTable(1: required TTableDescriptor desc, 2: list<binary> splitKeys)
      throws (1: TIOError io)

  void deleteTable(1: required TTableName tableName) throws (1: TIOError io)

  void truncateTable(1: required TTableName tableName, 2: required bool preserveSplits)
      throws (1: TIOError io)

  void enableTable(1: required TTableName tableName) throws (1: TIOError io)

  void disableTable(1: required TTableName tableName) throws (1: TIOError io)

  bool isTableEnabled(1: required TTableName tableName) throws (1: TIOError io)

  bool isTableDisabled(1: required TTableName tableName) throws (1: TIOError io)

  bool isTableAvailable(1: required TTableName tableName) throws (1: TIOError io)

  /** Deprecated in HBase 2.2; kept so old clients still find it. */
  bool isTableAvailableWithSplit(1: required TTableName tableName,
      2: list<binary> splitKeys) throws (1: TIOError io)

  void addColumnFamily(1: required TTableName tableName,
      2: required TColumnFamilyDescriptor column) throws (1: TIOError io)

  void deleteColumnFamily(1: required TTableName tableName, 2: required binary column)
      throws (1: TIOError io)

  void modifyColumnFamily(1: required TTableName tableName,
      2: required TColumnFamilyDescriptor column) throws (1: TIOError io)

  void modifyTable(1: required TTableDescriptor desc) throws (1: TIOError io)

  // ---- namespaces ----

  void createNamespace(1: required TNamespaceDescriptor namespaceDesc) throws (1: TIOError io)

  void modifyNamespace(1: required TNamespaceDescriptor namespaceDesc) throws (1: TIOError io)

  /** Removes an empty namespace. */
  void deleteNamespace(1: required string name) throws (1: TIOError io)

  TNamespaceDescriptor getNamespaceDescriptor(1: required string name) throws (1: TIOError io)

  list<TNamespaceDescriptor> listNamespaceDescriptors() throws (1: TIOError io)

  list<string> listNamespaces() throws (1: TIOError io)

  // ---- server ----

  TThriftServerType getThriftServerType()

  list<TOnlineLogRecord> getSlowLogResponses(1: set<TServerName> serverNames,
      2: TLogQueryFilter logQueryFilter) throws (1: TIOError io)

  list<bool> clearSlowLogResponses(1: set<TServerName> serverNames) throws (1: TIOError io)

  string getClusterId()
}
