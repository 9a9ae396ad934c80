/*
 * BasaltAdmin: Basalt's own administrative service, served by every region server on its
 * admin port (admin.port, default 16020), separate from the HBase-compatible THBaseService.
 * It carries what HBase's Thrift2 protocol has no method for: flushing and compacting tables
 * and regions, and the server's status.
 *
 * Field ids are part of the wire format: never renumber them; add new fields with new ids.
 */
namespace java org.basaltdb.thrift.admin

/** Any failure; the message says what and where. canRetry: trying again later may succeed. */
exception TAdminError {
  1: required string message
  2: optional bool canRetry = false
}

/** One region server's state. */
struct TServerStatus {
  1: required string serverName   // host,port,startcode
  2: required string version
  3: required i64 startTime        // ms since the epoch
  4: required i32 regions
  5: required i64 memstoreBytes
  6: required i32 storeFiles
  7: required i64 storeFileBytes
  8: required i64 blockCacheBytes
  9: required double blockCacheHitRatio
}

/** One open region. */
struct TRegionStatus {
  1: required string encodedName
  2: required string table         // namespace:qualifier
  3: required binary startKey
  4: required binary endKey
  5: required i64 memstoreBytes
  6: required i32 storeFiles
  7: required i64 storeFileBytes
}

service BasaltAdmin {
  /** Flushes every open region of the table on this server. */
  void flushTable(1: required string table) throws (1: TAdminError e)

  /** Compacts every open region of the table: minor, or major when major is true. */
  void compactTable(1: required string table, 2: required bool major) throws (1: TAdminError e)

  /** Flushes one region, named by its encoded name. */
  void flushRegion(1: required string encodedName) throws (1: TAdminError e)

  /** Compacts one region, named by its encoded name. */
  void compactRegion(1: required string encodedName, 2: required bool major)
      throws (1: TAdminError e)

  /**
   * Splits regions of a table (the master does it): the region holding splitKey at that key; or,
   * without a key, the region named encodedRegion (every region of the table when that is unset
   * too) at its middle row.
   */
  void split(1: required string table, 2: optional binary splitKey, 3: optional string encodedRegion)
      throws (1: TAdminError e)

  TServerStatus status() throws (1: TAdminError e)

  /** The open regions of a table, or of every table when table is empty. */
  list<TRegionStatus> regions(1: required string table) throws (1: TAdminError e)
}
